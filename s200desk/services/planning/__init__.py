"""Planning by rhythm: weekly queue slots per profile and recurring series, both built on
ordinary scheduled posts (the API has neither)."""
