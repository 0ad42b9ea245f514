"""Backups an office can restore (docs/backup.md).

``backup_database`` writes a dated copy of the database and a SHA-256 checksum file beside it:
on SQLite with the online backup API (one step, so the copy is one consistent snapshot while
the server keeps writing; WAL lets writers go on meanwhile), on PostgreSQL with ``pg_dump -Fc``
(one transaction snapshot). ``restore_database`` checks the checksum, refuses a target database
that is not empty, and loads the copy (sqlite3 backup API, ``pg_restore``). Verifying the audit
chain afterwards is the command's job (``daihoi restore``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connections

from daihoi import clock

SQLITE = "sqlite"
POSTGRES = "postgresql"
SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or a restore that cannot be done; the message is for the office (Vietnamese)."""


@dataclass(frozen=True)
class BackupFile:
    path: Path
    checksum_path: Path
    sha256: str
    size: int


def _settings() -> dict[str, Any]:
    return connections["default"].settings_dict


def database_kind() -> str:
    return SQLITE if connections["default"].vendor == "sqlite" else POSTGRES


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def checksum_path(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def _pg_env() -> dict[str, str]:
    """libpq's variables for the configured PostgreSQL database (no password on a command
    line)."""
    s = _settings()
    env = dict(os.environ)
    for var, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"),
                     ("PGPASSWORD", "PASSWORD"), ("PGDATABASE", "NAME")):
        if s.get(key):
            env[var] = str(s[key])
    return env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"Không tìm thấy chương trình {name} của PostgreSQL trên máy này. Cài gói "
            "postgresql-client cùng phiên bản với máy chủ cơ sở dữ liệu (ví dụ: "
            "apt install postgresql-client-15) rồi chạy lại.")
    return found


def _stem() -> str:
    name = str(_settings()["NAME"] or "daihoi")
    return Path(name).stem if database_kind() == SQLITE else name


def backup_database(*, out_dir: Path) -> BackupFile:
    """Write ``daihoi-<database>-<YYYYmmdd-HHMMSS>.sqlite3|.pgdump`` into ``out_dir`` and its
    ``.sha256`` file (the ``sha256sum`` format, so ``sha256sum -c`` checks it too)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = clock.machine_now().astimezone(clock.LOCAL_TZ).strftime("%Y%m%d-%H%M%S")
    suffix = ".sqlite3" if database_kind() == SQLITE else ".pgdump"
    stem = _stem() if _stem().startswith("daihoi") else f"daihoi-{_stem()}"
    target = out_dir / f"{stem}-{stamp}{suffix}"
    if target.exists():
        raise BackupError(f"Tệp {target} đã có; chờ một giây rồi chạy lại.")
    partial = target.with_name(target.name + ".partial")
    try:
        if database_kind() == SQLITE:
            _sqlite_backup(Path(_settings()["NAME"]), partial)
        else:
            _pg_dump(partial)
        digest = sha256_of(partial)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    check = checksum_path(target)
    check.write_text(f"{digest}  {target.name}\n", encoding="utf-8")
    return BackupFile(target, check, digest, target.stat().st_size)


def _sqlite_backup(source: Path, target: Path) -> None:
    if not source.is_file():
        raise BackupError(f"Không có cơ sở dữ liệu SQLite tại {source}.")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)  # pages=-1: the whole database in one step, one consistent snapshot
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        dst.close()
        src.close()


def _pg_dump(target: Path) -> None:
    proc = subprocess.run(  # noqa: S603 - fixed program and arguments, no shell
        [_pg_tool("pg_dump"), "-Fc", "--no-owner", "--no-privileges", "-f", str(target)],
        env=_pg_env(), capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise BackupError(f"pg_dump không sao lưu được: {proc.stderr.strip()}")


def check_backup(path: Path) -> str:
    """The backup's format after its checksum is checked; refuses a missing, changed or foreign
    file."""
    if not path.is_file():
        raise BackupError(f"Không có tệp {path}.")
    check = checksum_path(path)
    if not check.is_file():
        raise BackupError(f"Thiếu tệp kiểm tra {check.name} bên cạnh bản sao lưu: không phục "
                          "hồi một bản sao lưu không kiểm tra được.")
    words = check.read_text(encoding="utf-8").split()
    if not words or words[0].lower() != sha256_of(path):
        raise BackupError(f"Mã SHA-256 của {path.name} không khớp với {check.name}: bản sao "
                          "lưu đã bị hỏng hoặc bị sửa. Không phục hồi.")
    with path.open("rb") as f:
        magic = f.read(16)
    if magic.startswith(SQLITE_MAGIC):
        return SQLITE
    if magic.startswith(PGDUMP_MAGIC):
        return POSTGRES
    raise BackupError(f"{path.name} không phải bản sao lưu của daihoi (SQLite hoặc pg_dump).")


def target_tables() -> int:
    """The number of tables in the configured database (0: fresh)."""
    if database_kind() == SQLITE:
        name = Path(_settings()["NAME"])
        if not name.is_file():
            return 0
        with sqlite3.connect(name) as db:
            row = db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()
        return int(row[0])
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM information_schema.tables "
                       "WHERE table_schema = current_schema()")
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def restore_database(*, path: Path) -> None:
    """Load the backup at ``path`` into the configured database, which must be empty."""
    kind = check_backup(path)
    if kind != database_kind():
        raise BackupError(
            f"{path.name} là bản sao lưu {'SQLite' if kind == SQLITE else 'PostgreSQL'}, còn "
            "cơ sở dữ liệu đích (DATABASE_URL) là "
            f"{'SQLite' if database_kind() == SQLITE else 'PostgreSQL'}.")
    tables = target_tables()
    if tables:
        raise BackupError(
            f"Cơ sở dữ liệu đích không trống ({tables} bảng). Chỉ phục hồi vào một cơ sở dữ "
            "liệu mới, trống: tạo cơ sở dữ liệu mới, đặt DATABASE_URL trỏ tới nó rồi chạy lại.")
    connections["default"].close()
    if kind == SQLITE:
        src = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        dst = sqlite3.connect(Path(_settings()["NAME"]))
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            dst.close()
            src.close()
        return
    proc = subprocess.run(  # noqa: S603 - fixed program and arguments, no shell
        [_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
         "--single-transaction", "-d", str(_settings()["NAME"]), str(path)],
        env=_pg_env(), capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise BackupError(f"pg_restore không phục hồi được: {proc.stderr.strip()}")
