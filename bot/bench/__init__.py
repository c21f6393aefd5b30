"""The end-to-end benchmark: `python -m bot.bench` (or `make bench`); `--quick` for CI.

It seeds a large logbook, starts the real bot as a subprocess against the sandbox imitation and
measures one thing per phase (issue 32): capacity (each of /ping, /log, /history, /nudge alone:
throughput, latency, the bot's CPU per command), steady load (a realistic mix at fixed arrival
rates: latency, deadline misses, time to a chart) and alone (start → ready, /progress one at a
time, memory). Every phase says how much CPU the load generator and the imitation used.
"""
