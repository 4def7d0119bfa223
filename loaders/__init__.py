"""Article loaders: read -> clean -> extract -> resolve (one module per stage)."""
