"""`python -m mendpath` runs the command line."""

import sys

from mendpath.cli.main import main

sys.exit(main())
