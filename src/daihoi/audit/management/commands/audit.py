from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from daihoi.audit.chain import vn_int
from daihoi.audit.printed import HeadNotFoundError, head_given
from daihoi.audit.services import Verification, audit_check


def report(command: BaseCommand, result: Verification) -> None:
    """Print the verification (stdout when intact; the problems to stderr and exit 1)."""
    if result.problems:
        for p in result.problems:
            command.stderr.write(f"#{p.seq}: {p.problem}")
        raise CommandError(
            f"Nhật ký KHÔNG toàn vẹn: {len(result.problems)} lỗi trên {vn_int(result.count)} mục.")
    command.stdout.write(f"Nhật ký toàn vẹn: {vn_int(result.count)} mục, chuỗi băm khớp.")
    if result.head is not None:
        command.stdout.write(f"Đầu chuỗi: {result.head.length}:{result.head.hash}")
    if result.legacy:
        command.stdout.write(
            f"{vn_int(result.legacy)} mục đầu được ghi trước khi nhật ký có khóa (cách băm cũ): "
            "chỉ kiểm tra được việc nối chuỗi.")


class Command(BaseCommand):
    help = (
        "Audit log tools. `daihoi audit verify` recomputes the keyed hash chain of every entry "
        "and compares it with the head file; `--against` also with a printed head."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser(
            "verify",
            help="Recompute the chain; exit 1 on any edited, deleted, reordered or recomputed "
                 "entry, an emptied or truncated log, or a head that does not match.",
        )
        verify.add_argument(
            "--against", metavar="FILE|HEAD",
            help="a head LENGTH:HASH (e.g. 1234:3f2a9c01b7e4d2a8), or a counting minutes / "
                 "resolution file (PDF, DOCX) on which it is printed",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            against = head_given(options["against"]) if options.get("against") else None
        except HeadNotFoundError as exc:
            raise CommandError(str(exc)) from exc
        result = audit_check(against=against)
        report(self, result)
        if against is not None:
            self.stdout.write(
                f"Khớp với đầu chuỗi đã in: {vn_int(against.length)} mục, mã {against.hash}.")
