"""The fit quiz: its data, rule table and engine (pure)."""
