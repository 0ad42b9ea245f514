"""The README stays honest: the demo logins and the commands it lists are the real ones."""

from __future__ import annotations

from pathlib import Path

from django.core.management import get_commands

from daihoi.congress.demo import DEMO_PREPARATION_LOGINS
from daihoi.elections.demo import DEMO_ELECTION_LOGINS
from daihoi.roster.demo import DEMO_LOGINS, DEMO_PASSWORD

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_demo_login_and_the_password_are_in_the_readme() -> None:
    for login in (*DEMO_LOGINS, *DEMO_PREPARATION_LOGINS, *DEMO_ELECTION_LOGINS):
        assert f"`{login.username}`" in README, login.username
    assert f"`{DEMO_PASSWORD}`" in README


def test_the_quick_start_has_the_two_commands() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "make demo" in quick_start
    assert "make test" in quick_start


def test_every_command_the_readme_lists_exists() -> None:
    commands = get_commands()
    for name in ("demo", "roster", "audit", "backup", "restore"):
        assert f"`daihoi {name}" in README
        assert name in commands
    assert "`daihoi tally" in README
