"""``daihoi scan-inbox [--watch] [--interval SECONDS]``: take the complete files of the scan
folders (``<SCAN_INBOX>/<round code>/``) of every round being counted that has a scan desk, and
queue them for reading (see ``daihoi.scanning.inbox``)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from daihoi.scanning import inbox, selectors


class Command(BaseCommand):
    help = ("Scan-to-folder: move each complete file of the scan folders "
            "<SCAN_INBOX>/<round code>/ into storage and queue it for reading (one sweep; "
            "--watch: sweep again every --interval seconds).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--watch", action="store_true",
                            help="sweep again and again until stopped (Ctrl+C)")
        parser.add_argument("--interval", type=float, default=5.0,
                            help="seconds between two sweeps with --watch (default 5)")
        parser.add_argument("--settle", type=float, default=inbox.SETTLE_SECONDS,
                            help="a file unchanged this many seconds is complete (default 5)")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Thư mục quét: {selectors.inbox_root()}")
        while True:
            for result in inbox.sweep_all(settle=options["settle"]):
                for name in result.taken:
                    self.stdout.write(f"{result.folder.name}: nhận {name}")
                for name, why in result.refused:
                    self.stdout.write(f"{result.folder.name}: không nhận {name}: {why}")
            if not options["watch"]:
                return
            time.sleep(max(0.5, options["interval"]))
