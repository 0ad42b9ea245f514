from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from daihoi.backup.dumps import BackupError, backup_database


class Command(BaseCommand):
    help = (
        "Back up the database into a dated file and its SHA-256 checksum file (SQLite: the "
        "online backup API; PostgreSQL: pg_dump -Fc). Safe while the server runs. See "
        "docs/backup.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", metavar="DIR", type=Path, default=None,
                            help="folder for the backup (default: $DAIHOI_DATA_DIR/backups)")

    def handle(self, *args: Any, **options: Any) -> None:
        out = options["out"] or Path(settings.DATA_DIR) / "backups"
        try:
            done = backup_database(out_dir=out)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = f"{done.size / 1_048_576:.1f}".replace(".", ",")
        self.stdout.write(f"Đã sao lưu: {done.path} ({size} MB)")
        self.stdout.write(f"SHA-256: {done.sha256} (tệp {done.checksum_path.name})")
