"""What an operator runs the bot with: metrics, health checks, backups and machine-readable logs.

`metrics` holds one bot's Prometheus metrics (the tree, the database and the chart renderer
feed them); `bot_state` reads what the bot knows at scrape time (admission, loop lag, gateway);
`health` decides whether the bot is ready; `server` serves all of it over HTTP (METRICS_PORT);
`backup` copies and restores a SQLite database; `json_logs` writes LOG_FORMAT=json.
"""
