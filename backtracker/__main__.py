"""`python -m backtracker` runs the same entry point as the `backtracker` command."""

import sys

from backtracker.app import main

sys.exit(main())
