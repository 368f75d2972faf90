"""The back coach (issue 15): weekly regions, balance, lower-back care, stalls and goals."""
