"""Fixtures for the operator's tools: the reliability suite's started bot (`lab`), on a database of its own."""

from tests.reliability.conftest import lab

__all__ = ["lab"]
