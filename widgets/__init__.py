"""Qt widgets only: they read the store and emit intents; they never do network I/O."""
