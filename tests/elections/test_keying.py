"""The desk's keying protocol (``daihoi.elections.keying``): what is printed is what is keyed
(R-041a), for every list size from 1 to 250; a typo is refused, never read as another ballot;
the short keys record the right reason; "unclear" goes to the board (R-031). Pure: no database.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from daihoi import tally
from daihoi.elections import keying
from daihoi.tally import BallotForm, InvalidReason, Mark

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CROSS = BallotForm.CROSS_OUT
MARKS = BallotForm.AGREE_DISAGREE
separators = st.text(alphabet=" .+,", min_size=1, max_size=3)


@st.composite
def list_and_crossed(draw: st.DrawFn, *, min_crossed: int = 1) -> tuple[int, list[int]]:
    """A list size 1..250 and the printed numbers (1-based) of some names, in typing order."""
    n = draw(st.integers(min_value=1, max_value=keying.MAX_NAMES))
    crossed = draw(st.lists(st.integers(min_value=1, max_value=n), unique=True,
                            min_size=min(min_crossed, n), max_size=n))
    return n, draw(st.permutations(crossed))


def typed(numbers: list[str], seps: list[str]) -> str:
    """The numbers joined by the given separators (cycled)."""
    out = numbers[0]
    for i, number in enumerate(numbers[1:]):
        out += seps[i % len(seps)] + number
    return out


def crossed_of(content: str) -> set[int]:
    ballot = keying.to_ballot(content)
    assert isinstance(ballot, tally.CrossedBallot)
    return {p + 1 for p in ballot.crossed}


# --------------------------------------------------------------------------- exactly the set


@SETTINGS
@given(case=list_and_crossed(), seps=st.lists(separators, min_size=1, max_size=4),
       edges=st.tuples(st.sampled_from(["", " ", "+"]), st.sampled_from(["", " ", "."])))
def test_typing_the_printed_numbers_in_any_order_yields_exactly_the_crossed_names(
    case: tuple[int, list[int]], seps: list[str], edges: tuple[str, str],
) -> None:
    n, crossed = case
    line = edges[0] + typed([str(c) for c in crossed], seps) + edges[1]
    keyed = keying.parse_line(line, candidates=n, form=CROSS)
    assert crossed_of(keyed.content) == set(crossed)
    assert keying.parse_line(keying.line_for(keyed.content, candidates=n), candidates=n,
                             form=CROSS).content == keyed.content


@SETTINGS
@given(n=st.integers(min_value=1, max_value=keying.MAX_NAMES), data=st.data())
def test_typing_the_printed_numbers_of_an_agree_disagree_list_yields_exactly_those_marks(
    n: int, data: st.DataObject,
) -> None:
    picked = data.draw(st.lists(st.integers(min_value=1, max_value=n), unique=True,
                                min_size=1, max_size=min(n, 30)))
    prefixes = data.draw(st.lists(st.sampled_from(["", "*", "-"]), min_size=len(picked),
                                  max_size=len(picked)))
    line = " ".join(p + str(c) for p, c in zip(prefixes, picked, strict=True))
    ballot = keying.to_ballot(keying.parse_line(line, candidates=n, form=MARKS).content)
    assert isinstance(ballot, tally.MarkedBallot)
    expected = [Mark.AGREE] * n
    for p, c in zip(prefixes, picked, strict=True):
        expected[c - 1] = {"": Mark.DISAGREE, "*": Mark.BOTH, "-": Mark.NONE}[p]
    assert list(ballot.marks) == expected


def test_for_every_list_size_each_printed_number_alone_is_that_one_name() -> None:
    """Exhaustive over 1..250: ``k`` is name k and nothing else (the old key mode read the
    printed "10" as names 1 and 10), and all names typed in reverse order are all names."""
    for n in range(1, keying.MAX_NAMES + 1):
        for k in range(1, n + 1):
            assert keying.parse_line(str(k), candidates=n, form=CROSS).content == f"x:{k - 1}"
        every = " ".join(str(k) for k in range(n, 0, -1)) + "!"
        assert crossed_of(keying.parse_line(every, candidates=n, form=CROSS).content) == set(
            range(1, n + 1))


@pytest.mark.parametrize(("n", "line", "crossed"), [
    (14, "10", {10}),  # the old key mode read this as names 1 and 10
    (14, "12", {12}),  # ... and this as names 1 and 2
    (14, "1 2", {1, 2}),
    (11, "3.10", {3, 10}),
    (62, "62+9+17", {9, 17, 62}),
    (250, "250 1 100", {1, 100, 250}),
])
def test_the_number_typed_is_the_number_printed_beside_the_name(
    n: int, line: str, crossed: set[int],
) -> None:
    assert crossed_of(keying.parse_line(line, candidates=n, form=CROSS).content) == crossed


# --------------------------------------------------------------------------- typos refused


@SETTINGS
@given(case=list_and_crossed(min_crossed=0), data=st.data())
def test_a_number_not_on_the_list_is_refused(case: tuple[int, list[int]],
                                             data: st.DataObject) -> None:
    n, crossed = case
    wrong = data.draw(st.integers(min_value=n + 1, max_value=9999))
    numbers = [str(c) for c in crossed]
    numbers.insert(data.draw(st.integers(min_value=0, max_value=len(numbers))), str(wrong))
    with pytest.raises(keying.KeyingError, match="danh sách chỉ có"):
        keying.parse_line(" ".join(numbers), candidates=n, form=CROSS)


@SETTINGS
@given(case=list_and_crossed(), data=st.data())
def test_a_number_typed_twice_is_refused(case: tuple[int, list[int]], data: st.DataObject) -> None:
    n, crossed = case
    numbers = [str(c) for c in crossed]
    again = data.draw(st.sampled_from(numbers))
    numbers.insert(data.draw(st.integers(min_value=0, max_value=len(numbers))), again)
    with pytest.raises(keying.KeyingError, match="hai lần"):
        keying.parse_line(" ".join(numbers), candidates=n, form=CROSS)


@SETTINGS
@given(case=list_and_crossed(min_crossed=0), data=st.data(),
       bad=st.one_of(
           st.integers(min_value=1, max_value=250).map(lambda k: f"0{k}"),  # leading zero
           st.from_regex(r"\A[0-9]{0,2}[a-zA-Zđ#%=_]+[0-9]{0,2}\Z"),  # letters, other keys
           st.sampled_from(["0", "00", "-", "*", "1-2", "3*", "5/", "!3", "1!2", "/"]),
       ))
def test_a_malformed_token_is_refused(case: tuple[int, list[int]], data: st.DataObject,
                                      bad: str) -> None:
    n, crossed = case
    numbers = [str(c) for c in crossed]
    numbers.insert(data.draw(st.integers(min_value=0, max_value=len(numbers))), bad)
    with pytest.raises(keying.KeyingError):
        keying.parse_line(" ".join(numbers), candidates=n, form=CROSS)


@SETTINGS
@given(case=list_and_crossed(), data=st.data())
def test_a_both_or_none_prefix_on_a_list_with_surplus_is_refused(
    case: tuple[int, list[int]], data: st.DataObject,
) -> None:
    n, crossed = case
    numbers = [str(c) for c in crossed]
    i = data.draw(st.integers(min_value=0, max_value=len(numbers) - 1))
    numbers[i] = data.draw(st.sampled_from(["*", "-"])) + numbers[i]
    with pytest.raises(keying.KeyingError, match="số dư"):
        keying.parse_line(" ".join(numbers), candidates=n, form=CROSS)


@SETTINGS
@given(case=list_and_crossed(), data=st.data())
def test_a_forgotten_separator_is_refused_unless_the_joined_number_is_printed_too(
    case: tuple[int, list[int]], data: st.DataObject,
) -> None:
    """Two numbers typed without their separator. Refused whenever the joined number is not on
    the list (always on lists of up to 9 names); when it is (``1`` ``2`` → ``12`` on a list of
    12 or more), no scheme that types printed numbers can tell: the desk reads the name back
    before Enter, and the second desk keys the ballot blind (documented in ``keying``)."""
    n, crossed = case
    assume(len(crossed) >= 2)
    numbers = [str(c) for c in crossed]
    i = data.draw(st.integers(min_value=0, max_value=len(numbers) - 2))
    joined = numbers[i] + numbers[i + 1]
    line = " ".join([*numbers[:i], joined, *numbers[i + 2:]])
    rest = numbers[:i] + numbers[i + 2:]
    if int(joined) > n or joined in rest:
        with pytest.raises(keying.KeyingError):
            keying.parse_line(line, candidates=n, form=CROSS)
    else:
        content = keying.parse_line(line, candidates=n, form=CROSS).content
        assert int(joined) in crossed_of(content)  # read back as that printed name
    if n <= 9:
        assert int(joined) > n


@pytest.mark.parametrize(("line", "message"), [
    ("", "Dòng trống"),
    ("  . + ", "Dòng trống"),
    ("!", "Dòng trống"),
    ("3 ! 5", "cuối dòng"),
    ("/0 3", "đứng một mình"),
    ("/1!", "đứng một mình"),
    ("/8", "Sau “/”"),
    ("/", "Sau “/”"),
    ("/12", "Sau “/”"),
    ("05", "số 0 ở đầu"),
    ("12", "chỉ có 11 tên"),
    ("3a", "không phải số in trên phiếu"),
])
def test_bad_lines_are_refused_with_a_vietnamese_message(line: str, message: str) -> None:
    with pytest.raises(keying.KeyingError, match=message):
        keying.parse_line(line, candidates=11, form=CROSS)


# --------------------------------------------------------------------------- short keys


LAYOUT_9_OF_11 = tally.BallotLayout(candidates=11, max_kept=9, form=CROSS)
DEFAULT = tally.Policies()


def outcome(line: str, layout: tally.BallotLayout = LAYOUT_9_OF_11) -> tally.BallotOutcome:
    content = keying.parse_line(line, candidates=layout.candidates, form=layout.form).content
    return tally.classify_ballot(keying.to_ballot(content), layout=layout, policies=DEFAULT)


@pytest.mark.parametrize(("line", "reason"), [
    ("/0", InvalidReason.NONE_KEPT),
    ("/7", InvalidReason.OVER_VOTE),
    ("/1", InvalidReason.NOT_ISSUED),
    ("/2", InvalidReason.WRITE_IN),
    ("/3", InvalidReason.MARKED),
    ("/4", InvalidReason.TORN),
    ("/5", InvalidReason.ILLEGIBLE),
    ("/6", InvalidReason.OTHER),
    ("1 2 3 4 5 6 7 8 9 10 11!", InvalidReason.NONE_KEPT),
    ("3!", InvalidReason.OVER_VOTE),
])
def test_each_short_key_records_its_invalid_reason(line: str, reason: InvalidReason) -> None:
    assert (outcome(line).valid, outcome(line).reason) == (False, reason)


def test_all_crossed_out_is_two_keys_and_the_same_ballot_as_every_number() -> None:
    every = " ".join(str(i) for i in range(1, 12)) + "!"
    assert (keying.parse_line("/0", candidates=11, form=CROSS).content
            == keying.parse_line(every, candidates=11, form=CROSS).content)
    assert keying.parse_line("/0", candidates=11, form=CROSS).confirmed


def test_unclear_goes_to_the_board_and_is_never_a_reading() -> None:
    content = keying.parse_line("/9", candidates=11, form=CROSS).content
    assert keying.needs_ruling(content)
    assert keying.marks_of(content) == []
    with pytest.raises(ValueError, match="board head"):
        keying.to_ballot(content)
    assert "Trưởng ban" in keying.describe(content)


@pytest.mark.parametrize(("line", "valid", "reason", "kept"), [
    ("/7", True, None, 1),  # "Đồng ý"
    ("1", True, None, 0),  # "Không đồng ý"
    ("*1", False, InvalidReason.SINGLE_NAME_NOT_ONE_BOX, 0),  # both boxes
    ("-1", False, InvalidReason.SINGLE_NAME_NOT_ONE_BOX, 0),  # no box
])
def test_a_single_name_ballot_is_valid_only_with_exactly_one_box(
    line: str, valid: bool, reason: InvalidReason | None, kept: int,
) -> None:
    single = tally.BallotLayout(candidates=1, max_kept=1, form=MARKS)
    o = outcome(line, single)
    assert (o.valid, o.reason, o.kept) == (valid, reason, kept)


def test_on_a_multi_name_list_without_surplus_both_or_none_keeps_the_ballot_valid() -> None:
    three = tally.BallotLayout(candidates=3, max_kept=3, form=MARKS)
    o = outcome("*1 -3", three)
    assert (o.valid, o.kept) == (True, 1)


# --------------------------------------------------------------------------- stored format


@pytest.mark.parametrize(("content", "ballot"), [
    ("x:1,9", tally.CrossedBallot(crossed=(1, 9))),
    ("x:1,9|w", tally.CrossedBallot(crossed=(1, 9), write_in=True)),
    ("m:adbn", tally.MarkedBallot(marks=(Mark.AGREE, Mark.DISAGREE, Mark.BOTH, Mark.NONE))),
    ("i:torn", tally.RuledInvalidBallot(InvalidReason.TORN)),
])
def test_contents_stored_by_the_earlier_protocol_still_read_the_same(
    content: str, ballot: tally.Ballot,
) -> None:
    assert keying.to_ballot(content) == ballot


@pytest.mark.parametrize(("line", "n", "strokes"), [
    ("3 10", 11, 5),  # 3 digits, 1 separator, Enter
    ("9 17 62", 62, 8),
    ("/0", 62, 3),
    ("/7", 62, 3),
    ("/4", 62, 3),
    ("/9", 62, 3),
])
def test_keystrokes_count_the_digits_the_separators_and_enter(line: str, n: int,
                                                              strokes: int) -> None:
    content = keying.parse_line(line, candidates=n, form=CROSS).content
    assert keying.keystrokes(content, candidates=n) == strokes
