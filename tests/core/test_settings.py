from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROD_ENV = {
    "SECRET_KEY": "k3J9vQ2xP8rT5wZ1mN7bC4dF6gH0jL3sA9eR2tY5uI8oP1qW4zX7cV0bN6mM3kJ8hG5",
    "DEBUG": "false",
    "HTTPS": "true",
    "ALLOWED_HOSTS": "daihoi.example.vn",
    "AUDIT_HMAC_KEY": "5f0c1e4b9a7d3f2e8c6b1a0d9e8f7c6b5a4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b",
}


SRC = Path(__file__).resolve().parents[2] / "src"


def _run(env: dict[str, str], *args: str,
         cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "HTTPS",
                                                           "ALLOWED_HOSTS", "DAIHOI_DATA_DIR",
                                                           "AUDIT_HMAC_KEY",
                                                           "DJANGO_SETTINGS_MODULE",
                                                           "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    base["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), base.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "daihoi", *args], env={**base, **env}, cwd=cwd,
        capture_output=True, text=True, timeout=120, check=False,
    )


def test_check_deploy_reports_nothing_with_production_settings() -> None:
    result = _run(PROD_ENV, "check", "--deploy", "--fail-level", "DEBUG")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_when_the_audit_key_is_derived_from_the_secret_key(
        tmp_path: Path) -> None:
    env = {k: v for k, v in PROD_ENV.items() if k != "AUDIT_HMAC_KEY"}
    result = _run({**env, "DAIHOI_DATA_DIR": str(tmp_path)}, "check", "--deploy")
    assert "daihoi.W010" in result.stderr + result.stdout


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off() -> None:
    result = _run({"DEBUG": "false"}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize(("name", "value"), [("DEBUG", "maybe"), ("HTTPS", "2")])
def test_it_refuses_a_malformed_boolean(name: str, value: str) -> None:
    result = _run({**PROD_ENV, name: value}, "check")
    assert result.returncode != 0
    assert f"{name}='{value}' is not a boolean" in result.stderr


def test_it_refuses_a_database_url_of_another_kind() -> None:
    result = _run({**PROD_ENV, "DATABASE_URL": "mysql://root@127.0.0.1/x"}, "check")
    assert result.returncode != 0
    assert "DATABASE_URL must point to SQLite or PostgreSQL" in result.stderr


def test_postgresql_connections_are_health_checked_before_reuse() -> None:
    """After a PostgreSQL restart a persistent connection is stale: with health checks Django
    replaces it instead of answering one 500 per server thread."""
    code = ("from django.conf import settings; d = settings.DATABASES['default']; "
            "print(d['ENGINE'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])")
    result = _run({**PROD_ENV, "DATABASE_URL": "postgres://daihoi@127.0.0.1:5432/daihoi"},
                  "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "django.db.backends.postgresql", "60", "True"]


_PRINT_KEY = ("shell", "--no-imports", "-c",
              "from django.conf import settings; print(settings.SECRET_KEY)")


def test_without_a_secret_key_in_the_environment_it_reads_the_data_directorys_key(
        tmp_path: Path) -> None:
    (tmp_path / "secret-key").write_text("demo-key-" + "k" * 50 + "\n", encoding="utf-8")
    result = _run({"DEBUG": "false", "DAIHOI_DATA_DIR": str(tmp_path)}, *_PRINT_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "demo-key-" + "k" * 50


def test_the_default_data_directory_is_var_in_the_working_directory(tmp_path: Path) -> None:
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "secret-key").write_text("var-key-" + "v" * 50, encoding="utf-8")
    result = _run({"DEBUG": "false"}, *_PRINT_KEY, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "var-key-" + "v" * 50


def test_a_secret_key_in_the_environment_wins_over_the_file(tmp_path: Path) -> None:
    (tmp_path / "secret-key").write_text("file-key-" + "f" * 50, encoding="utf-8")
    result = _run({**PROD_ENV, "DAIHOI_DATA_DIR": str(tmp_path)}, *_PRINT_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == PROD_ENV["SECRET_KEY"]


def test_an_empty_secret_key_file_stops_the_start_with_its_path(tmp_path: Path) -> None:
    (tmp_path / "secret-key").write_text("\n", encoding="utf-8")
    result = _run({"DEBUG": "false", "DAIHOI_DATA_DIR": str(tmp_path)}, "check")
    assert result.returncode != 0
    assert f"{tmp_path / 'secret-key'} is empty" in result.stderr
