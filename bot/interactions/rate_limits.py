"""How long the bot waits out Discord's rate limits before it gives up: `MAX_RATELIMIT_WAIT`.

discord.py sleeps out a 429's `retry_after` holding the route's slot, and the command waits silently
meanwhile. The client's own routes (channels, DMs, pins) take a cap, `Client(max_ratelimit_timeout=)`,
past which discord.py raises `discord.RateLimited` (a global limit too) instead of sleeping.
`RateLimited` is not an `HTTPException`: where the bot lets a refusal of Discord's go, it lets that
go too (`UNSERVED`), and the error funnel answers it as it answers a 429.

Its webhook routes (every interaction's answer, followup and edit) take no cap in discord.py 2.7.
Giving them one means replacing its private webhook adapter on the path of every answer the bot
sends, for a wait Discord does not ask of interaction answers in practice (their limits are per
token, a few a second); it is left as discord.py has it.
"""

from __future__ import annotations

import discord

# 30 s: Discord's route limits reset within seconds (5 messages per 5 s in a channel), so a longer
# wait means a limit the bot cannot outwait for a user looking at "thinking…" (who gives up long
# before); and buttons are greyed out a minute before their token expires (`expirer.BUTTON_LIFETIME`),
# which a 30 s wait still fits in. It is also the least discord.py allows for its own routes.
MAX_RATELIMIT_WAIT = 30.0
# What discord.py raises when Discord did not do what the bot asked: its refusals, and a rate limit
# longer than the bot waits.
UNSERVED = (discord.HTTPException, discord.RateLimited)
