from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from daihoi.roster.models import Organization
from daihoi.roster.selectors import organization_stats


class Command(BaseCommand):
    help = "Roster tools: `stats` prints cells, members (full and probationary) and agencies."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        stats = sub.add_parser(
            "stats",
            help="Per organization: cells, members (full and probationary) and agencies, "
            "each counted over the organization's subtree. Members who transferred out or "
            "died are not counted.",
        )
        stats.add_argument("--org", metavar="CODE", help="only this organization and below")
        stats.add_argument("--json", action="store_true", help="print JSON instead of a table")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "stats":
            self._stats(options["org"], as_json=options["json"])

    def _stats(self, code: str | None, *, as_json: bool) -> None:
        root = None
        if code:
            root = Organization.objects.filter(code=code).first()
            if root is None:
                raise CommandError(f"Không có tổ chức mã “{code}”.")
        rows = organization_stats(root)
        if root is not None:
            top = [r for r in rows if r.code == root.code]
        else:
            top = [r for r in rows if r.parent is None]
        totals = {
            key: sum(getattr(r, key) for r in top)
            for key in ("cells", "members", "full_members", "probationary", "agencies")
        }
        if as_json:
            payload = {
                "organization": root.code if root else None,
                **totals,
                "organizations": [r.as_dict() for r in rows],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        header = f"{'Tổ chức':<60} {'Chi bộ':>7} {'Đảng viên':>10} {'Chính thức':>11} {'Dự bị':>6} {'Cơ quan':>8}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for r in rows:
            name = ("  " * r.depth + r.name)[:60]
            self.stdout.write(
                f"{name:<60} {r.cells:>7} {r.members:>10} {r.full_members:>11} "
                f"{r.probationary:>6} {r.agencies:>8}"
            )
