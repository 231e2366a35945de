"""`python -m mendpath` runs the command line."""

import sys

from mendpath.cli import main

sys.exit(main())
