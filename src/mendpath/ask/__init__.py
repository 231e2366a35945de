"""Asking a person: the interview loop, terminal prompts (only questionary), saved progress."""
