"""The Discord face of `/progress` and `/nudge`."""
