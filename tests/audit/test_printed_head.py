"""The chain's head is printed on the counting minutes and the resolution, and
``daihoi audit verify --against`` checks the log against the printed page (PDF or DOCX)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from daihoi.audit import chain
from daihoi.audit.chain import ChainHead, parse_head, vn_int
from daihoi.audit.models import AuditEntry
from daihoi.audit.selectors import audit_head
from daihoi.elections import printing
from daihoi.elections import services as election_services
from daihoi.reports.resolution import resolution_docx, resolution_pdf, resolution_state
from tests.audit.test_tampering import recompute
from tests.conftest import World
from tests.elections.factories import key_all, make_election, random_lines, to_counting
from tests.reports.test_resolution import _docx, _pdf


@pytest.fixture
def announced(world: World) -> Any:
    s = make_election(world.cell_a, seats=3, names=4)
    to_counting(s, summoned=10, issued=10, collected=10)
    lines = random_lines(10, names=4, max_kept=3, seed=5)
    key_all(s, lines, desk_index=0)
    key_all(s, lines, desk_index=1)
    rnd = election_services.round_reconcile(actor=None, rnd=s.round)
    return election_services.round_announce(actor=None, rnd=rnd)


def test_the_head_prints_in_the_vietnamese_number_format() -> None:
    head = ChainHead(1234, "3f2a9c01b7e4d2a8" + "0" * 48)
    assert head.printed == "Nhật ký: 1.234 mục, mã kiểm tra 3f2a9c01b7e4d2a8."
    assert vn_int(1234567) == "1.234.567"
    assert parse_head(head.printed) == ChainHead(1234, "3f2a9c01b7e4d2a8")
    assert parse_head("1234:3F2A9C01") == ChainHead(1234, "3f2a9c01")
    assert parse_head("1234:3f2a") is None  # too short to bind anything


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_minutes_carry_the_head_and_verify_against_it(announced: Any, tmp_path: Path,
                                                          fmt: str) -> None:
    head = audit_head()
    body = printing.minutes_pdf(announced) if fmt == "pdf" else printing.minutes_docx(announced)
    text = _pdf(body) if fmt == "pdf" else _docx(body)
    assert head.printed in text
    minutes = tmp_path / f"bien-ban.{fmt}"
    minutes.write_bytes(body)
    call_command("audit", "verify", "--against", str(minutes))
    # Someone with the key rewrites an entry written before the minutes were printed.
    AuditEntry.objects.filter(seq=2).update(summary="sửa lén")
    recompute(lambda body: chain.digest(chain.KEYED, body))
    call_command("audit", "verify")  # the chain alone is consistent again …
    with pytest.raises(CommandError, match="KHÔNG toàn vẹn"):
        call_command("audit", "verify", "--against", str(minutes))  # … but not the page


def test_the_resolution_carries_the_head(announced: Any) -> None:
    state = resolution_state(announced.election.congress)
    head = audit_head()
    assert head.printed in _pdf(resolution_pdf(state))
    assert head.printed in _docx(resolution_docx(state))


def test_a_page_without_a_head_is_refused_with_a_clear_message(db: Any, tmp_path: Path) -> None:
    page = tmp_path / "trang.txt"
    page.write_text("Biên bản không có dòng nhật ký.", encoding="utf-8")
    with pytest.raises(CommandError, match="Không tìm thấy dòng"):
        call_command("audit", "verify", "--against", str(page))
