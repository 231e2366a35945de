"""The pure core: conditions, answers, routing and reasoning over routes, the engine, and
what a finished interview shows. No terminal, no files: plain functions over plain data."""
