"""Workspaces: the first-run key flow, re-entering a refused key, switching, adding, rotating."""
