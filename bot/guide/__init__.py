"""The guide: its sections, search, and what was recently posted where (pure)."""
