"""The settings dialog, generated from the Settings model's JSON schema."""
