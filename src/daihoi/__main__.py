import sys

from daihoi.cli import main

sys.exit(main())
