"""The dossier's file names: ASCII, at most 60 characters, cut after a whole word (a long
title never leaves half a word at the end of a name)."""

from __future__ import annotations

from daihoi.reports.dossier import slug

SLUG_MAX = 60  # the longest name (dossier.SLUG_MAX)

LONG_TITLE = ("Biên bản kiểm phiếu bầu Ban Chấp hành Đảng bộ Khối Cơ quan huyện "
              "lần thứ nhất, nhiệm kỳ 2020–2025")


def test_a_long_title_is_cut_after_its_last_whole_word() -> None:
    name = slug(LONG_TITLE)
    assert name == "bien-ban-kiem-phieu-bau-ban-chap-hanh-dang-bo-khoi-co-quan"
    assert len(name) <= SLUG_MAX
    # the next word ("huyen") would end past the limit: it goes whole, not "...-co-quan-h"
    assert len(name + "-huyen") > SLUG_MAX


def test_a_name_that_fits_is_kept_whole_at_the_limit() -> None:
    exactly = "a" * 10 + "-" + "b" * 49  # 60 characters
    assert slug(exactly) == exactly
    # one character more: the last word no longer fits and goes whole
    assert slug(exactly + "b") == "a" * 10


def test_a_word_ending_exactly_at_the_limit_is_kept() -> None:
    text = "a" * 10 + "-" + "b" * 49 + "-ccc"  # the hyphen right after the 60th character
    assert slug(text) == "a" * 10 + "-" + "b" * 49


def test_a_single_word_longer_than_the_limit_is_cut_at_the_limit() -> None:
    assert slug("x" * 75) == "x" * SLUG_MAX

