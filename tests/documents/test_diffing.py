from __future__ import annotations

from daihoi.documents.diffing import SectionText, diff_versions, word_diff


def test_word_diff_marks_only_the_changed_words() -> None:
    pieces = word_diff("kết nạp 36 đảng viên", "kết nạp 38 đảng viên")
    assert ("-", "36") in pieces
    assert ("+", "38") in pieces
    assert "".join(t for op, t in pieces if op != "+") == "kết nạp 36 đảng viên"
    assert "".join(t for op, t in pieces if op != "-") == "kết nạp 38 đảng viên"


def test_sections_are_reported_added_removed_changed_or_same() -> None:
    old = [SectionText("I. Kết quả", "a b c"), SectionText("II. Hạn chế", "d"),
           SectionText("III. Cũ", "bỏ đi")]
    new = [SectionText("I. Kết quả", "a b c"), SectionText("II. Hạn chế", "d e"),
           SectionText("IV. Mới", "thêm")]
    diff = diff_versions(old, new)
    assert [(d.status, d.heading) for d in diff] == [
        ("same", "I. Kết quả"), ("changed", "II. Hạn chế"), ("changed", "IV. Mới")]
    assert diff[2].old_heading == "III. Cũ"


def test_an_inserted_section_is_added_and_a_dropped_one_removed() -> None:
    old = [SectionText("I", "x"), SectionText("II", "y")]
    new = [SectionText("I", "x"), SectionText("I bis", "z"), SectionText("II", "y")]
    assert [(d.status, d.heading) for d in diff_versions(old, new)] == [
        ("same", "I"), ("added", "I bis"), ("same", "II")]
    assert [(d.status, d.heading) for d in diff_versions(new, old)] == [
        ("same", "I"), ("removed", "I bis"), ("same", "II")]
