"""`python -m targets`: the command line (see targets.cli)."""

import sys

from targets.cli import main

sys.exit(main(sys.argv[1:]))
