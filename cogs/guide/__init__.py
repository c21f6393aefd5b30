"""The `/hipthrust` extension: the guide as slash commands."""

from cogs.guide.cog import setup

__all__ = ["setup"]
