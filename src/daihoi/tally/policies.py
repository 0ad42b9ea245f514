"""Named policies for the rules the specification marks UNCONFIRMED.

Each policy has the specification's default. The policies in effect are recorded in every
result (``TallyResult.policies``) so that the counting minutes can state them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum

from daihoi.tally.i18n import gettext_noop as _


class WriteInPolicy(StrEnum):
    """R-034 [UNCONFIRMED]: a ballot on which the voter wrote in a name from outside the list."""

    INVALID = "invalid"  # default: the ballot is invalid, reason ``write_in``
    IGNORE_WRITTEN_NAME = "ignore_written_name"  # the written name is disregarded


class SingleNamePolicy(StrEnum):
    """R-033, R-034.4: "both" or "none" on a single-name agree/disagree ballot.

    R-033 asks for "an X in one of the two boxes" on a single-candidate list: anything else is
    invalid (reason ``single_name_not_one_box``), the default since the specification's
    correction of 2026-12-01 (§5 Example 5 used to keep such a ballot valid without a vote;
    that reading is withdrawn and kept only as the alternative).
    """

    INVALID = "invalid"  # default: reason ``single_name_not_one_box``
    VALID_NO_VOTE = "valid_no_vote"  # the withdrawn reading of Example 5


class TiePolicy(StrEnum):
    """R-061 [UNCONFIRMED]: equal votes across a cut-off.

    The only policy offered: the tie is reported and the seats are left for the congress to
    decide. Age, alphabet and lot are deliberately not offered (they are State-law or
    introduction-poll rules, not Party election rules).
    """

    REFER_TO_CONGRESS = "refer_to_congress"


class ShortfallPolicy(StrEnum):
    """R-063 [PARTLY CONFIRMED]: seats left because too few reached the threshold.

    Does not apply to a cell secretary (R-007: three rounds, then the higher committee
    appoints) nor to delegates (R-062: voting continues, the congress decides).
    """

    PROPOSE_NEXT_ROUND = "propose_next_round"  # default: ask the congress for round n+1
    HIGHER_COMMITTEE_MAY_APPOINT = "higher_committee_may_appoint"  # stop; seats stay empty


class NextRoundListPolicy(StrEnum):
    """R-062 / R-063 [UNCONFIRMED]: the list proposed for the next round."""

    NOT_ELECTED = "not_elected"  # default: the candidates of this round not elected
    CONGRESS_ADOPTS_LIST = "congress_adopts_list"  # no list proposed; the congress adopts one


class AlternatesMode(StrEnum):
    """R-070 [UNCONFIRMED]: how alternate delegates are elected."""

    SINGLE_BALLOT_RANKED = "single_ballot_ranked"  # default: one list, the rest above threshold
    SEPARATE_ALTERNATE_ROUND = "separate_alternate_round"  # alternates in a separate ballot


class AlternateRanking(StrEnum):
    """R-072 [UNCONFIRMED]: order of the alternates (and so of replacement)."""

    BY_VOTES = "by_votes"  # the only policy offered: votes, highest first; equal votes tie


class MaxKeptPolicy(StrEnum):
    """R-072 [UNCONFIRMED]: how many names a combined official + alternate ballot may keep."""

    SEATS_PLUS_ALTERNATES = "seats_plus_alternates"  # default
    SEATS = "seats"


class PreparedSurplusRounding(StrEnum):
    """R-020 [UNCONFIRMED]: rounding of the 10%-15% surplus prepared by the committee."""

    INNER_INTEGERS_MIN_1 = "inner_integers_min_1"  # default, see ``prepared_surplus``
    NEAREST_MIN_1 = "nearest_min_1"  # round 10% and 15% half up, at least 1


class SurplusCapOtherLists(StrEnum):
    """R-024 [UNCONFIRMED]: the 30% cap for lists other than committee / standing committee."""

    ADVISORY = "advisory"  # default: reported, does not fail the check
    ENFORCED = "enforced"


@dataclass(frozen=True, slots=True)
class Policies:
    """The policies in effect. Every field has the specification's default."""

    write_in: WriteInPolicy = WriteInPolicy.INVALID
    single_name_both_or_none: SingleNamePolicy = SingleNamePolicy.INVALID
    tie_at_cutoff: TiePolicy = TiePolicy.REFER_TO_CONGRESS
    shortfall: ShortfallPolicy = ShortfallPolicy.PROPOSE_NEXT_ROUND
    next_round_list: NextRoundListPolicy = NextRoundListPolicy.NOT_ELECTED
    alternates_mode: AlternatesMode = AlternatesMode.SINGLE_BALLOT_RANKED
    alternate_ranking: AlternateRanking = AlternateRanking.BY_VOTES
    max_kept: MaxKeptPolicy = MaxKeptPolicy.SEATS_PLUS_ALTERNATES
    prepared_surplus_rounding: PreparedSurplusRounding = (
        PreparedSurplusRounding.INNER_INTEGERS_MIN_1
    )
    surplus_cap_other_lists: SurplusCapOtherLists = SurplusCapOtherLists.ADVISORY

    def as_dict(self) -> dict[str, str]:
        """The policies as ``{name: value}``, in declaration order (for JSON and minutes)."""
        return {f.name: str(getattr(self, f.name)) for f in fields(self)}


#: Policy name -> its enum type (used by the JSON parser).
POLICY_TYPES: dict[str, type[StrEnum]] = {
    "write_in": WriteInPolicy,
    "single_name_both_or_none": SingleNamePolicy,
    "tie_at_cutoff": TiePolicy,
    "shortfall": ShortfallPolicy,
    "next_round_list": NextRoundListPolicy,
    "alternates_mode": AlternatesMode,
    "alternate_ranking": AlternateRanking,
    "max_kept": MaxKeptPolicy,
    "prepared_surplus_rounding": PreparedSurplusRounding,
    "surplus_cap_other_lists": SurplusCapOtherLists,
}

#: Policy name -> the question it answers, in Vietnamese, for the election page and the minutes.
POLICY_TITLES: dict[str, str] = {
    "write_in": _("Phiếu ghi thêm tên ngoài danh sách"),
    "single_name_both_or_none": _("Danh sách một người, phiếu đánh dấu cả hai ô hoặc không ô nào"),
    "tie_at_cutoff": _("Số phiếu bằng nhau tại ngưỡng chọn"),
    "shortfall": _("Bầu chưa đủ số lượng"),
    "next_round_list": _("Danh sách lần bầu tiếp theo"),
    "alternates_mode": _("Cách bầu đại biểu dự khuyết"),
    "alternate_ranking": _("Thứ tự đại biểu dự khuyết"),
    "max_kept": _("Số tên tối đa được để lại trên phiếu bầu chung"),
    "prepared_surplus_rounding": _("Cách làm tròn số dư chuẩn bị 10%–15%"),
    "surplus_cap_other_lists": _("Giới hạn số dư 30% với các danh sách khác"),
}

#: Policy name -> (rule numbers, Vietnamese description of each value) for the minutes.
POLICY_TEXT: dict[str, tuple[str, dict[str, str]]] = {
    "write_in": (
        "R-034",
        {
            "invalid": _("phiếu ghi thêm tên ngoài danh sách là phiếu không hợp lệ"),
            "ignore_written_name": _("tên ghi thêm ngoài danh sách không được tính, phiếu vẫn xét"),
        },
    ),
    "single_name_both_or_none": (
        "R-033, R-034",
        {
            "invalid": _("danh sách một người: phải đánh dấu đúng một ô, nếu không phiếu"
            " không hợp lệ"),
            "valid_no_vote": _("danh sách một người: đánh dấu cả hai ô hoặc không ô nào thì phiếu"
            " vẫn hợp lệ nhưng không tính cho người đó"),
        },
    ),
    "tie_at_cutoff": (
        "R-061",
        {
            "refer_to_congress": _("số phiếu bằng nhau tại ngưỡng chọn: không chọn theo tuổi,"
            " vần hay bốc thăm; báo cáo để đại hội quyết định"),
        },
    ),
    "shortfall": (
        "R-063",
        {
            "propose_next_round": _("bầu chưa đủ số lượng: đề nghị đại hội quyết định bầu vòng"
            " tiếp theo"),
            "higher_committee_may_appoint": _("bầu chưa đủ số lượng: dừng bầu, cấp ủy cấp trên"
            " xem xét chỉ định bổ sung"),
        },
    ),
    "next_round_list": (
        "R-062, R-063",
        {
            "not_elected": _("danh sách vòng sau đề xuất: những người chưa trúng cử ở vòng này"),
            "congress_adopts_list": _("danh sách vòng sau do đại hội biểu quyết"),
        },
    ),
    "alternates_mode": (
        "R-070",
        {
            "single_ballot_ranked": _("bầu chung một danh sách: đủ đại biểu chính thức, số còn"
            " lại trên một nửa là đại biểu dự khuyết"),
            "separate_alternate_round": _("đại biểu dự khuyết bầu bằng một lần bỏ phiếu riêng"),
        },
    ),
    "alternate_ranking": (
        "R-072",
        {"by_votes": _("đại biểu dự khuyết xếp theo số phiếu từ cao đến thấp")},
    ),
    "max_kept": (
        "R-072",
        {
            "seats_plus_alternates": _("phiếu bầu chung được giữ lại tối đa số đại biểu chính"
            " thức cộng dự khuyết"),
            "seats": _("phiếu bầu chung được giữ lại tối đa số đại biểu chính thức"),
        },
    ),
    "prepared_surplus_rounding": (
        "R-020",
        {
            "inner_integers_min_1": _("số dư chuẩn bị 10%–15%: các số nguyên trong khoảng,"
            " nếu không có thì lấy phần nguyên của 15% (tối thiểu 1)"),
            "nearest_min_1": _("số dư chuẩn bị 10%–15%: làm tròn hai đầu, tối thiểu 1"),
        },
    ),
    "surplus_cap_other_lists": (
        "R-024",
        {
            "advisory": _("giới hạn số dư 30% với danh sách khác cấp ủy, ban thường vụ: chỉ"
                          " cảnh báo"),
            "enforced": _("giới hạn số dư 30% áp dụng cho mọi danh sách"),
        },
    ),
}
