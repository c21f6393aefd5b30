"""The shared Discord layer: the command tree and its error funnel, replies, buttons, admission, limits, JSON.

Nothing is imported here: the pure cores read `bot.interactions.limits` and
`bot.interactions.counts`, which must not load discord (import-linter holds them to it).
"""
