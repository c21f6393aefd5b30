"""The end-to-end benchmark: `python -m bot.bench` (or `make bench`); `--quick` for CI.

It seeds a large logbook, starts the real bot as a subprocess against the sandbox imitation,
fires a storm of slash commands with many in flight, and reports latencies, throughput,
deadline misses, event-loop lag, start-up times and memory against the targets of issue 21.
"""
