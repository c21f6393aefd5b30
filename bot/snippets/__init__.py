"""Pinned guide snippets: their states, reconciliation and refresh plans (pure)."""
