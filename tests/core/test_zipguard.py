"""A ZIP-based upload is checked from its directory before it is parsed."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from django.test import override_settings

from daihoi.core.zipguard import (
    RATIO_FLOOR_BYTES,
    ZipLimitError,
    ZipLimits,
    check_zip,
    zip_limits,
)


def _zip(entries: dict[str, bytes], *, stored: bool = False) -> bytes:
    out = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_an_archive_at_every_limit_passes() -> None:
    limits = ZipLimits(max_entries=3, max_uncompressed_bytes=3 * 1000, max_ratio=100)
    check_zip(_zip({f"part{i}.xml": os.urandom(1000) for i in range(3)}), limits=limits)


def test_one_entry_more_than_the_limit_is_refused_naming_the_limit() -> None:
    limits = ZipLimits(max_entries=3)
    with pytest.raises(ZipLimitError, match="Tệp gồm 4 thành phần nén, nhiều hơn giới hạn 3 "):
        check_zip(_zip({f"part{i}.xml": b"x" for i in range(4)}), limits=limits)


def test_one_byte_more_than_the_uncompressed_limit_is_refused() -> None:
    limits = ZipLimits(max_uncompressed_bytes=2 * 1024 * 1024)
    check_zip(_zip({"a": os.urandom(2 * 1024 * 1024)}, stored=True), limits=limits)
    with pytest.raises(ZipLimitError, match="lớn hơn giới hạn 2 MB"):
        check_zip(_zip({"a": os.urandom(2 * 1024 * 1024 + 1)}, stored=True), limits=limits)


def test_an_entry_compressed_beyond_the_ratio_is_refused_naming_it() -> None:
    data = _zip({"word/document.xml": b" " * (RATIO_FLOOR_BYTES + 1)})
    with pytest.raises(ZipLimitError, match=r"“word/document\.xml”.*quá giới hạn 100:1"):
        check_zip(data, limits=ZipLimits())


def test_a_small_entry_may_compress_well() -> None:
    check_zip(_zip({"word/styles.xml": b" " * RATIO_FLOOR_BYTES}), limits=ZipLimits())


def test_a_file_that_is_not_a_zip_is_left_to_the_parser() -> None:
    check_zip(b"not a zip", limits=ZipLimits())
    check_zip(b"PK\x03\x04broken", limits=ZipLimits())


def test_a_file_object_is_read_from_where_it_was() -> None:
    fh = io.BytesIO(_zip({"a": b"x"}))
    fh.seek(3)
    check_zip(fh, limits=ZipLimits())
    assert fh.tell() == 3


@override_settings(DAIHOI_UPLOAD_MAX_ZIP_ENTRIES=7, DAIHOI_UPLOAD_MAX_UNCOMPRESSED_BYTES=1234,
                   DAIHOI_UPLOAD_MAX_COMPRESSION_RATIO=9)
def test_the_limits_come_from_the_settings() -> None:
    assert zip_limits() == ZipLimits(max_entries=7, max_uncompressed_bytes=1234, max_ratio=9)


def test_the_default_limits_are_20_mb_2000_entries_and_ratio_100() -> None:
    assert zip_limits() == ZipLimits(max_entries=2000, max_uncompressed_bytes=20 * 1024 * 1024,
                                     max_ratio=100)
