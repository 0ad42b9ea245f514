"""Names are stored in NFC without invisible or direction-changing characters."""

from __future__ import annotations

import unicodedata

import pytest

from daihoi.core.text import clean_name, strip_invisible


@pytest.mark.parametrize("char", [
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f",  # zero-width, LRM, RLM
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",  # embeddings and overrides
    "\u2066", "\u2067", "\u2068", "\u2069",  # isolates
    "\ufeff", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9f",  # BOM, C0 and C1 controls
])
def test_an_invisible_or_control_character_is_removed_from_a_name(char: str) -> None:
    assert clean_name(f"Ng{char}uyễn") == "Nguyễn"
    assert strip_invisible(f"Ng{char}uyễn") == "Nguyễn"


def test_a_name_is_normalised_to_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    assert decomposed != "Nguyễn Thị Ánh"
    assert clean_name(decomposed) == "Nguyễn Thị Ánh"


def test_white_space_in_a_name_becomes_single_spaces() -> None:
    assert clean_name("  Nguyễn\tVăn\r\n An ") == "Nguyễn Văn An"


def test_vietnamese_letters_and_ordinary_punctuation_are_kept() -> None:
    text = "Đảng bộ Khối Chính quyền huyện - Chi bộ Tài chính (1)"
    assert clean_name(text) == text
