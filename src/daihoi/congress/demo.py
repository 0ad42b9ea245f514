"""The committee's 10th Congress of Delegates, term 2020–2025, as in the seed article."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from daihoi.clock import LOCAL_TZ
from daihoi.congress.models import Congress, CongressKind
from daihoi.congress.services import congress_create
from daihoi.roster.demo import COMMITTEE_CODE
from daihoi.roster.models import Organization

THEME = (
    "Nâng cao năng lực lãnh đạo và sức chiến đấu của Đảng bộ; tăng cường kỷ cương, kỷ luật "
    "hành chính; đoàn kết, đổi mới, sáng tạo, nâng cao chất lượng, hiệu quả thực thi công vụ, "
    "góp phần thúc đẩy phát triển kinh tế - xã hội của huyện."
)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL_TZ)


@transaction.atomic
def build_demo_congress(*, actor: object = None) -> tuple[Congress, bool]:
    committee = Organization.objects.get(code=COMMITTEE_CODE)
    existing = Congress.objects.filter(organization=committee, term_start=2020).first()
    if existing is not None:
        return existing, False
    day = dt.date(2020, 6, 10)
    congress = congress_create(
        actor=actor, organization=committee, kind=CongressKind.DELEGATES, ordinal=10,
        term_start=2020, term_end=2025, theme=THEME,
        venue="Hội trường Trung tâm Văn hóa, Thể thao và Truyền thông huyện",
        preparatory_session_at=_at(day - dt.timedelta(days=1), 14),
        opens_at=_at(day, 7, 30), closes_at=_at(day, 17),
    )
    return congress, True
