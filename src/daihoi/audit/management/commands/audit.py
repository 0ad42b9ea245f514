from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from daihoi.audit.chain import ChainHead, parse_head, vn_int
from daihoi.audit.services import Verification, audit_check


def document_text(path: Path) -> str:
    """The text of a printed document (PDF or DOCX) or of a text file."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    if suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    return path.read_text(encoding="utf-8")


def head_given(value: str) -> ChainHead:
    """``--against``: ``LENGTH:HASH`` or a file (PDF, DOCX, text) on which a head is printed."""
    head = parse_head(value)
    if head is not None:
        return head
    path = Path(value)
    if not path.is_file():
        raise CommandError(
            f"“{value}” không phải đầu chuỗi dạng SỐ_MỤC:MÃ (ví dụ 1234:3f2a9c01b7e4d2a8) và "
            "cũng không phải một tệp có sẵn.")
    try:
        text = document_text(path)
    except Exception as exc:  # any unreadable file (corrupt PDF, DOCX, encoding) alike
        raise CommandError(f"Không đọc được tệp {path}: {exc}") from exc
    head = parse_head(text)
    if head is None:
        raise CommandError(
            f"Không tìm thấy dòng “Nhật ký: … mục, mã kiểm tra …” trong tệp {path}.")
    return head


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
        against = head_given(options["against"]) if options.get("against") else None
        result = audit_check(against=against)
        report(self, result)
        if against is not None:
            self.stdout.write(
                f"Khớp với đầu chuỗi đã in: {vn_int(against.length)} mục, mã {against.hash}.")
