"""``python -m daihoi.tally FILE [--format json|text]``."""

from __future__ import annotations

import sys

from daihoi.tally.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
