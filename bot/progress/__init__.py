"""Progress: estimated 1RM, the summary and the chart (pure)."""
