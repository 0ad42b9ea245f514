"""A scanned file is read in the worker, with no request: the station says why it was refused
in the language of the person who gave it (the batch's ``language``); the audit entry stays
Vietnamese."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

from daihoi.audit.models import AuditEntry
from daihoi.scanning import services
from daihoi.scanning.models import ScanBatch, ScannedBallot
from tests.audit.test_record_language import MARK, marking
from tests.ballotread import generate
from tests.elections.factories import Setup
from tests.scanning import scans

__all__ = ["marking"]  # the fixture, used by name

pytestmark = pytest.mark.django_db

NOT_BALLOTS = {
    "en": "The file is not the scanned ballots of this round of voting: no page could be read "
          "as a ballot of this round (2 pages; most often: ",
    "vi": "Tệp không phải phiếu bầu đã quét của lần bỏ phiếu này: không trang nào đọc được là "
          "phiếu của lần bỏ phiếu (2 trang; nhiều nhất: ",
}


def _not_ballots(tmp_path: Path) -> Path:
    stray = generate.blank_scan(6, 1, 200, code="DH-99-98-1").copy()
    text = scans.blank_page()
    text[400:420, 200:1400] = 0  # ink, no code: a page of some document
    return scans.write(tmp_path / "van-ban.pdf", scans.pdf([text, stray]))


def _give(s: Setup, path: Path, capture: Any, language: str) -> ScanBatch:
    """Given at the station in ``language``, read by the worker in its own language."""
    with translation.override(language), capture(execute=False) as callbacks:
        batch = services.batch_create(actor=s.head, rnd=s.round, path=path, file_name=path.name)
    with translation.override(settings.LANGUAGE_CODE):
        for callback in callbacks:
            callback()
    batch.refresh_from_db()
    return batch


@pytest.mark.parametrize("language", ["en", "vi"])
def test_a_file_that_is_not_ballots_is_refused_in_the_language_of_who_gave_it(
        counting: Setup, tmp_path: Path, django_capture_on_commit_callbacks: Any,
        language: str) -> None:
    batch = _give(counting, _not_ballots(tmp_path), django_capture_on_commit_callbacks, language)
    assert batch.language == language
    assert (batch.status, batch.discarded) == (ScanBatch.Status.FAILED, True)
    assert batch.error.startswith(NOT_BALLOTS[language])
    assert batch.error.endswith({"en": "). Nothing was written.",
                                 "vi": "). Không có gì được ghi."}[language])
    assert not ScannedBallot.objects.exists()
    entry = AuditEntry.objects.filter(action="scanning.batch_failed").get()
    assert entry.summary.startswith(f"Dừng đọc tệp “van-ban.pdf”: {NOT_BALLOTS['vi']}")


def test_the_refusal_is_translated_whole_and_its_audit_entry_not_at_all(
        counting: Setup, tmp_path: Path, django_capture_on_commit_callbacks: Any,
        marking: None) -> None:
    """For a reader of the marking language (every translated string marked ⟦…⟧) the
    sentence and the reason inside it are marked; the audit entry has no mark."""
    batch = _give(counting, _not_ballots(tmp_path), django_capture_on_commit_callbacks, MARK)
    assert batch.error.startswith("⟦Tệp không phải phiếu bầu")
    assert batch.error.count("⟦") == 2  # the reason is translated too
    assert not [e.summary for e in AuditEntry.objects.all() if "⟦" in e.summary]
