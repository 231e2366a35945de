"""The command line: `main` parses arguments (only argparse), `commands` runs them."""
