"""Progression nudges: the engine, its words and the guide passages they cite (pure)."""
