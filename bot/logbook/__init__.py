"""What a lifter logs: entries, units, sessions, validation and export (pure)."""
