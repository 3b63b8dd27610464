"""Platform helpers (files)."""
