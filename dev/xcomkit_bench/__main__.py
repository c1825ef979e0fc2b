import sys

from xcomkit_bench.cli import main

sys.exit(main())
