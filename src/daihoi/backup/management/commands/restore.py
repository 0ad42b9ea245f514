from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from daihoi.audit.chain import GENESIS, ChainHead, vn_int
from daihoi.audit.headfile import append_restore, read_head_file
from daihoi.audit.management.commands.audit import report
from daihoi.audit.services import audit_check
from daihoi.backup.dumps import BackupError, restore_database


class Command(BaseCommand):
    help = (
        "Restore a backup made by `daihoi backup` into a fresh, empty database (DATABASE_URL), "
        "after checking its SHA-256 file; then verify the audit log. Refuses a database that "
        "has tables. See docs/backup.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup (.sqlite3 or .pgdump)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            restore_database(path=path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã phục hồi {path.name} (mã SHA-256 khớp).")
        restored = audit_check(use_head_file=False)
        if not restored.intact:
            report(self, restored)  # raises: the keyed chain itself is broken
        head = restored.head or ChainHead(0, GENESIS)
        known = read_head_file().last
        if known is not None and known.length > head.length:
            self.stdout.write(
                f"Tệp đầu chuỗi của máy này ghi đến mục #{known.length}; bản sao lưu dừng ở "
                f"#{head.length}: {vn_int(known.length - head.length)} mục ghi sau lần sao lưu "
                "này không có trong bản phục hồi.")
        # From here on the head file describes the restored database.
        append_restore(head, path.name)
        report(self, audit_check())
