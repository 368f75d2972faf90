"""Entry script for the PyInstaller bundle: the same `main` as the `backtracker` command."""

from backtracker.app import main

raise SystemExit(main())
