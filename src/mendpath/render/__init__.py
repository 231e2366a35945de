"""Output: each format renders the same result objects (rich only in `terminal`)."""
