"""The `/fitquiz` extension."""

from cogs.quiz.cog import setup

__all__ = ["setup"]
