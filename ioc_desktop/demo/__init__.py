"""The embedded demo backend: a simulated province on loopback, with real live video."""
