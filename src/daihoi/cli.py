"""The ``daihoi`` console script.

``daihoi tally ...`` runs the counting engine and ``daihoi scan ...`` the ballot reader without
setting up Django, so that they start fast; every other sub-command is a Django management
command (ours and Django's own).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "tally":
        # Imported here: ``daihoi tally`` runs the pure engine without loading Django.
        from daihoi.tally.cli import main as tally_main

        return tally_main(args[1:])
    if args and args[0] == "scan":
        # Likewise: the ballot reader is pure (OpenCV, zxing-cpp), no Django.
        from daihoi.ballotread.cli import main as scan_main

        return scan_main(args[1:])
    if args and args[0] == "scan-inbox":  # the command's module cannot carry the hyphen
        args[0] = "scan_inbox"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["daihoi", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
