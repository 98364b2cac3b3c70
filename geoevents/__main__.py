from geoevents._cli import main

main()
