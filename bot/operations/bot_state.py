"""Gauges read from the running bot at every scrape: admission, event-loop lag, the gateway."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from bot.client import HipThrustBot
from bot.operations.health import shard_links
from bot.operations.metrics import PREFIX

# The loop-lag monitor keeps its last samples (one every 50 ms); these are read from them.
LAG_QUANTILES = (("0.5", "p50_ms"), ("0.99", "p99_ms"), ("1", "max_ms"))


class BotState(Collector):
    """What the bot knows right now, as gauges (nothing is stored between scrapes)."""

    def __init__(self, bot: HipThrustBot) -> None:
        self._bot = bot

    def collect(self) -> Iterator[GaugeMetricFamily]:
        admission = self._bot.admission
        yield GaugeMetricFamily(
            f"{PREFIX}_admission_waiting", "Commands waiting for an admission slot (see bot.interactions.admission)",
            value=admission.waiting,
        )  # fmt: skip
        yield GaugeMetricFamily(
            f"{PREFIX}_admission_admitted", "Commands holding an admission slot, before their first answer",
            value=admission.admitted,
        )  # fmt: skip
        yield GaugeMetricFamily(f"{PREFIX}_admission_limit", "Admission slots", value=admission.limit)
        summary = self._bot.loop_lag.summary()
        lag = GaugeMetricFamily(
            f"{PREFIX}_event_loop_lag_seconds",
            "How late the event loop wakes a timer, over its recent samples (quantile 1 is the maximum)",
            labels=["quantile"],
        )
        for quantile, key in LAG_QUANTILES:
            lag.add_metric([quantile], summary[key] / 1000)
        yield lag
        yield GaugeMetricFamily(
            f"{PREFIX}_event_loop_lag_samples", "Loop-lag samples behind the quantiles", value=summary["samples"]
        )
        connected = GaugeMetricFamily(
            f"{PREFIX}_gateway_connected", "1 while the shard's gateway websocket is open", labels=["shard"]
        )
        latency = GaugeMetricFamily(
            f"{PREFIX}_gateway_latency_seconds", "Heartbeat to heartbeat ACK, per shard", labels=["shard"]
        )
        for link in shard_links(self._bot):
            connected.add_metric([str(link.shard_id)], 1.0 if link.connected else 0.0)
            if link.latency is not None:
                latency.add_metric([str(link.shard_id)], link.latency)
        yield connected
        yield latency
