"""Backups an office can restore: a backup taken while audited writes go on restores into a
fresh database whose audit log verifies; a changed, unchecked or foreign file and a database
that is not empty are refused."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from daihoi.audit.models import AuditEntry
from daihoi.audit.services import audit_record
from daihoi.backup.dumps import BackupError, backup_database, checksum_path, restore_database

RESTORE_DB = "daihoi_restore_test"


def _daihoi(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items()
            if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SECRET_KEY",
                         "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return subprocess.run([sys.executable, "-m", "daihoi", *args], env={**base, **env},
                          capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture
def fresh_database(tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty database of the kind the suite runs on."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump/pg_restore are not installed")
    import psycopg

    s = connection.settings_dict
    admin = (f"host={s['HOST'] or '127.0.0.1'} port={s['PORT'] or 5432} "
             f"user={s['USER']} dbname=postgres" + (f" password={s['PASSWORD']}"
                                                     if s["PASSWORD"] else ""))
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{RESTORE_DB}"')
        db.execute(f'CREATE DATABASE "{RESTORE_DB}"')
    auth = f"{s['USER']}:{s['PASSWORD']}@" if s["PASSWORD"] else f"{s['USER']}@"
    yield f"postgres://{auth}{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{RESTORE_DB}"
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{RESTORE_DB}" WITH (FORCE)')


class Writer(threading.Thread):
    """Audited writes, each committed, until stopped."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.written = 0
        self.progress = threading.Condition()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                with transaction.atomic():
                    audit_record(actor=None, action="test.write", data={"n": self.written})
                with self.progress:
                    self.written += 1
                    self.progress.notify_all()
        except BaseException as exc:  # reported by the test
            with self.progress:
                self.error = exc
                self.progress.notify_all()
        finally:
            connection.close()

    def wait_for(self, n: int) -> None:
        with self.progress:
            self.progress.wait_for(lambda: self.written >= n or self.error is not None)


@pytest.mark.django_db(transaction=True)
def test_a_backup_taken_during_writes_restores_into_a_fresh_database_and_verifies(
        tmp_path: Path, fresh_database: str, settings: Any) -> None:
    settings.AUDIT_HEAD_FILE = tmp_path / "audit-head.log"
    writer = Writer()
    writer.start()
    writer.wait_for(20)
    call_command("backup", "--out", str(tmp_path / "sao-luu"))
    after_backup = writer.written
    writer.wait_for(after_backup + 20)  # writes go on after the backup too
    writer.stop.set()
    writer.join()
    assert writer.error is None, writer.error
    total = AuditEntry.objects.count()
    backup, = [p for p in (tmp_path / "sao-luu").iterdir() if not p.name.endswith(".sha256")]

    env = {"DATABASE_URL": fresh_database, "DEBUG": "true",
           "AUDIT_HMAC_KEY": settings.AUDIT_HMAC_KEY, "DAIHOI_DATA_DIR": str(tmp_path),
           # the head file of the database the backup was taken from, which saw later writes
           "AUDIT_HEAD_FILE": str(settings.AUDIT_HEAD_FILE)}
    restored = _daihoi(env, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    length = int(re.search(r"Nhật ký toàn vẹn: ([\d.]+) mục", restored.stdout)[1]  # type: ignore[index]
                 .replace(".", ""))
    assert 20 <= length <= after_backup + 1 < total
    assert f"{total - length} mục ghi sau lần sao lưu này không có" in restored.stdout
    again = _daihoi(env, "audit", "verify")  # the head file now follows the restored database
    assert again.returncode == 0, again.stderr
    refused = _daihoi(env, "restore", str(backup))
    assert refused.returncode != 0
    assert "không trống" in refused.stderr


def test_a_backup_with_the_wrong_key_does_not_verify(tmp_path: Path, fresh_database: str,
                                                     transactional_db: Any) -> None:
    with transaction.atomic():
        audit_record(actor=None, action="test.write")
    done = backup_database(out_dir=tmp_path)
    env = {"DATABASE_URL": fresh_database, "DEBUG": "true", "AUDIT_HMAC_KEY": "another-key",
           "DAIHOI_DATA_DIR": str(tmp_path), "AUDIT_HEAD_FILE": str(tmp_path / "head.log")}
    restored = _daihoi(env, "restore", str(done.path))
    assert restored.returncode != 0
    assert "mã băm không khớp" in restored.stderr


@pytest.fixture
def backup(transactional_db: Any, tmp_path: Path) -> Path:
    with transaction.atomic():
        audit_record(actor=None, action="test.write")
    return backup_database(out_dir=tmp_path).path


def test_the_checksum_file_is_in_the_sha256sum_format(backup: Path) -> None:
    if shutil.which("sha256sum") is None:
        pytest.skip("no sha256sum")
    checked = subprocess.run(["sha256sum", "-c", checksum_path(backup).name], cwd=backup.parent,
                             capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout


def test_a_changed_backup_is_refused(backup: Path) -> None:
    with backup.open("r+b") as f:
        f.seek(200)
        byte = f.read(1)
        f.seek(200)
        f.write(bytes([byte[0] ^ 1]))
    with pytest.raises(BackupError, match="không khớp"):
        restore_database(path=backup)


def test_a_backup_without_its_checksum_file_is_refused(backup: Path) -> None:
    checksum_path(backup).unlink()
    with pytest.raises(BackupError, match="Thiếu tệp kiểm tra"):
        restore_database(path=backup)


def test_a_database_that_is_not_empty_is_refused(backup: Path) -> None:
    with pytest.raises(BackupError, match="không trống"):
        restore_database(path=backup)  # the test database has every table


def test_a_file_that_is_no_backup_is_refused(tmp_path: Path, db: Any) -> None:
    other = tmp_path / "ghi-chu.txt"
    other.write_text("không phải bản sao lưu", encoding="utf-8")
    checksum_path(other).write_text(
        hashlib.sha256(other.read_bytes()).hexdigest() + "  ghi-chu.txt\n",
        encoding="utf-8")
    with pytest.raises(BackupError, match="không phải bản sao lưu"):
        restore_database(path=other)


def test_a_missing_pg_dump_is_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    from daihoi.backup import dumps

    monkeypatch.setattr(dumps.shutil, "which", lambda name: None)
    with pytest.raises(BackupError, match="Không tìm thấy chương trình pg_dump"):
        dumps._pg_tool("pg_dump")


