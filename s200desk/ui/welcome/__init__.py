"""First run: paste an API key, have it checked against the profiles endpoint, keep it."""
