"""The typeface shipped for the PDFs has every Vietnamese letter in each of its four faces."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from daihoi.core.printing import FONT_FACES, FONT_FAMILY

VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")  # ngang huyền sắc ngã hỏi nặng


def vietnamese_letters() -> set[str]:
    """The 12 vowels with each of the six tones, in both cases, and đ/Đ: 146 letters, each
    one precomposed character in NFC (TCVN 6909:2001)."""
    letters = {"đ", "Đ"}
    for vowel in VOWELS + VOWELS.upper():
        for tone in TONES:
            letters.add(unicodedata.normalize("NFC", vowel + tone))
    return letters


def test_the_sample_is_every_vietnamese_letter_each_one_character() -> None:
    letters = vietnamese_letters()
    assert len(letters) == 146
    assert all(len(letter) == 1 for letter in letters)
    assert {"ư", "ơ", "ă", "đ", "ê", "ô", "Ữ", "Ợ", "Ể", "Ứ", "ậ", "ỹ"} <= letters


@pytest.mark.parametrize(("style", "path"), [(f[0], f[1]) for f in FONT_FACES])
def test_each_shipped_face_has_every_vietnamese_letter(style: str, path: Path) -> None:
    with TTFont(str(path), lazy=True) as font:
        cmap = font.getBestCmap()
        family = font["name"].getDebugName(1)
    assert family == FONT_FAMILY
    missing = sorted(c for c in vietnamese_letters() if ord(c) not in cmap)
    assert missing == [], style


def test_the_licence_ships_with_the_faces() -> None:
    folder = FONT_FACES[0][1].parent
    assert "SIL OPEN FONT LICENSE Version 1.1" in (folder / "OFL.txt").read_text()
