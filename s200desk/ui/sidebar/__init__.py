"""The profile sidebar: each profile, its platform and status; selection filters views."""
