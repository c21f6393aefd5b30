"""`python -m bot.bench [--quick] [--json PATH]`."""

from bot.bench.cli import main

raise SystemExit(main())
