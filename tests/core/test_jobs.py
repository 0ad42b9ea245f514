"""The shared pieces of jobs on uploads: storing the file, the limits, marking a job failed."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError

from daihoi.core import jobs


def test_an_upload_is_stored_under_a_random_name_keeping_its_extension(
    settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    first = jobs.store_upload(SimpleUploadedFile("Dự thảo.DOCX", b"abc"), "drafts")
    second = jobs.store_upload(SimpleUploadedFile("Dự thảo.DOCX", b"abc"), "drafts")
    assert first.parent == second.parent == tmp_path / "drafts"
    assert first.suffix == ".docx"
    assert first != second
    assert first.read_bytes() == b"abc"


def test_the_time_limit_stops_a_block_and_is_lifted_after_it() -> None:
    started = time.monotonic()
    with pytest.raises(jobs.JobTimeoutError), jobs.bounded(seconds=1, memory=0):
        time.sleep(3)
    assert time.monotonic() - started < 2
    with jobs.bounded(seconds=0, memory=0):
        time.sleep(1.1)  # no limit: no alarm left behind


def test_a_parser_that_catches_every_exception_cannot_swallow_the_time_limit() -> None:
    def parser() -> None:
        try:
            time.sleep(3)
        except Exception:  # what a careless parser does
            return

    with pytest.raises(jobs.JobTimeoutError), jobs.bounded(seconds=1, memory=0):
        parser()


def test_the_memory_limit_refuses_an_allocation_beyond_it_and_is_lifted_after_it() -> None:
    with pytest.raises(MemoryError), jobs.bounded(seconds=0, memory=64 * 1024 * 1024):
        bytearray(256 * 1024 * 1024)
    assert len(bytearray(256 * 1024 * 1024)) == 256 * 1024 * 1024


def test_the_messages_name_the_limits() -> None:
    assert jobs.timeout_message(60) == ("Xử lý tệp quá thời gian cho phép (60 giây); không có "
                                        "gì được ghi.")
    assert jobs.memory_message(512 * 1024 * 1024).startswith(
        "Tệp cần quá nhiều bộ nhớ để đọc (giới hạn 512 MB)")
    assert jobs.size_message(10 * 1024 * 1024) == "Tệp quá lớn; giới hạn là 10 MB."


def test_marking_a_job_is_tried_again_on_a_new_connection(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jobs.time, "sleep", lambda s: None)
    monkeypatch.setattr(jobs.connection, "close", lambda: None)
    calls = []

    def update() -> None:
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("the server closed the connection")

    assert jobs.update_retrying(update, what="job 1") is True
    assert len(calls) == 3
    calls.clear()

    def never() -> None:
        calls.append(1)
        raise OperationalError("down")

    assert jobs.update_retrying(never, what="job 2") is False
    assert len(calls) == 3
