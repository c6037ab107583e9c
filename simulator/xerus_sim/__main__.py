import sys

from xerus_sim.cli import main

sys.exit(main())
