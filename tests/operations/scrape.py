"""Read the operator's port as Prometheus would: fetch /metrics and parse it with prometheus_client."""

from __future__ import annotations

from dataclasses import dataclass

import aiohttp
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample


@dataclass(frozen=True)
class Scrape:
    """Every sample of one scrape."""

    samples: list[Sample]

    def value(self, name: str, **labels: str) -> float:
        """The sample `name` whose labels include `labels`, summed over the others (0 when absent)."""
        return sum(s.value for s in self.samples
                   if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()))

    def names(self) -> set[str]:
        return {s.name for s in self.samples}

    def labels_of(self, name: str, label: str) -> set[str]:
        return {s.labels[label] for s in self.samples if s.name == name and label in s.labels}


async def get(port: int, path: str) -> tuple[int, str, str]:
    """Status, content type and body of GET http://127.0.0.1:port/path."""
    async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{port}{path}") as response:
        return response.status, response.headers.get("Content-Type", ""), await response.text()


async def scrape(port: int) -> Scrape:
    status, content_type, body = await get(port, "/metrics")
    assert status == 200, body
    assert content_type.startswith("text/plain; version=")  # Prometheus's text format
    return Scrape([s for family in text_string_to_metric_families(body) for s in family.samples])
