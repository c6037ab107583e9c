import sys

from xerus_sim.fleet.cli import main

sys.exit(main())
