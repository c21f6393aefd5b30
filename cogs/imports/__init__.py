"""The Discord face of `/import`."""
