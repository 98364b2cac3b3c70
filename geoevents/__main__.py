"""Run the geoevents command line: ``python -m geoevents``."""

from geoevents._cli import main

main()
