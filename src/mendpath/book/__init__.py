"""Rule books: build the typed book from its files, check shape and meaning, the bundled book."""
