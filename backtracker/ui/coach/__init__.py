"""The back coach's screens: the back's week on the back diagram, in Progress and the Log."""
