from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from daihoi.audit.services import audit_verify


class Command(BaseCommand):
    help = "Audit log tools. `daihoi audit verify` checks the hash chain of every entry."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "verify",
            help="Recompute the hash chain; exit 1 on any edited, deleted or reordered entry.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count, problems = audit_verify()
        if problems:
            for p in problems:
                self.stderr.write(f"#{p.seq}: {p.problem}")
            raise CommandError(f"Nhật ký KHÔNG toàn vẹn: {len(problems)} lỗi trên {count} mục.")
        self.stdout.write(f"Nhật ký toàn vẹn: {count} mục, chuỗi băm khớp.")
