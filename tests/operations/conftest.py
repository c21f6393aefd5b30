"""Fixtures for the operator's tools: the reliability suite's started bot (`lab`), on a database of
its own, and an empty database of each backend in turn (`database_url`)."""

from tests.postgres_helpers import database_url
from tests.reliability.conftest import lab

__all__ = ["database_url", "lab"]
