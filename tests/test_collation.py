"""Vietnamese name order: given name, then family, then middle, under ICU's vi collation."""

from __future__ import annotations

from dataclasses import dataclass

from daihoi.collation import fold, name_sort_key, sort_people, text_sort_key


@dataclass
class P:
    family_name: str
    middle_name: str
    given_name: str


def names(people: list[P]) -> list[str]:
    return [f"{p.family_name} {p.middle_name} {p.given_name}" for p in people]


def test_it_sorts_d_with_stroke_after_d_where_a_codepoint_sort_would_not() -> None:
    words = ["Đức", "Dũng", "Duy", "Đạt", "Em"]
    ordered = sorted(words, key=text_sort_key)
    assert ordered == ["Dũng", "Duy", "Đạt", "Đức", "Em"]
    # A naive sort puts every Đ (U+0110) after E.
    assert sorted(words) != ordered


def test_it_sorts_a_before_a_breve_before_a_circumflex_as_letters() -> None:
    # In Vietnamese ă and â are letters of their own: "Anh" < "Ăn" < "Ân"; a plain
    # accent-insensitive sort would put "Ăn" and "Ân" before "Anh".
    assert sorted(["Ân", "Anh", "Ăn"], key=text_sort_key) == ["Anh", "Ăn", "Ân"]


def test_it_orders_tone_marks_after_the_base_letter() -> None:
    ordered = sorted(["Ánh", "Anh", "Ảnh", "Ạnh", "Ãnh", "Ành"], key=text_sort_key)
    assert ordered[0] == "Anh"
    assert set(ordered) == {"Ánh", "Anh", "Ảnh", "Ạnh", "Ãnh", "Ành"}
    # Tone is a secondary difference: it never outranks the letters that follow.
    assert sorted(["Ánh", "Anm"], key=text_sort_key) == ["Ánh", "Anm"]


def test_it_orders_by_given_name_then_family_then_middle() -> None:
    people = [
        P("Trần", "Văn", "Bình"),
        P("Nguyễn", "Thị", "Bình"),
        P("Nguyễn", "Văn", "An"),
        P("Lê", "Văn", "Đức"),
        P("Nguyễn", "Hữu", "Bình"),
        P("Bùi", "Thị", "Dung"),
    ]
    assert names(sort_people(people)) == [
        "Nguyễn Văn An",
        "Nguyễn Hữu Bình",
        "Nguyễn Thị Bình",
        "Trần Văn Bình",
        "Bùi Thị Dung",
        "Lê Văn Đức",
    ]


def test_it_puts_a_shorter_given_name_before_its_extension() -> None:
    assert name_sort_key("Zô", "", "An") < name_sort_key("A", "", "Anh")


def test_fold_removes_tones_and_d_stroke_for_search() -> None:
    assert fold("Đặng Thị  Ánh") == "dang thi anh"
    assert fold("NGUYỄN Văn Đức") == "nguyen van duc"
