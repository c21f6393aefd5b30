"""Opt-in reminders (pure): when a lifter's next reminder is due, in their time zone, and the
run that sends due reminders once across processes. No Discord here: the cog delivers."""
