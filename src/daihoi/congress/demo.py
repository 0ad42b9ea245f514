"""The committee's 10th Congress of Delegates, term 2020–2025, as in the seed article: the
congress record and programme, the 21 cell congresses (the pilot at Chi bộ Tài chính - Kế hoạch
first, with its lessons; 21/21 held), the three sub-committees and the tasks assigned to the
committee members. The pilot's results are not typed: they come from its count in daihoi
(``elections.demo``). Deterministic; a second run reuses what the first built."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from daihoi import clock
from daihoi.clock import LOCAL_TZ
from daihoi.congress import services
from daihoi.congress.models import (
    Congress,
    CongressKind,
    CongressStatus,
    LessonTopic,
    Responsibility,
    Session,
    SubCommitteeKind,
    TaskStatus,
)
from daihoi.congress.services import congress_create
from daihoi.roster.choices import MemberStatus, RoleKind
from daihoi.roster.demo import CELLS, COMMITTEE_CODE, DEMO_PASSWORD, PILOT_CELL_CODE, DemoLogin
from daihoi.roster.models import Member, Organization
from daihoi.roster.services import user_create_with_role

THEME = (
    "Nâng cao năng lực lãnh đạo và sức chiến đấu của Đảng bộ; tăng cường kỷ cương, kỷ luật "
    "hành chính; đoàn kết, đổi mới, sáng tạo, nâng cao chất lượng, hiệu quả thực thi công vụ, "
    "góp phần thúc đẩy phát triển kinh tế - xã hội của huyện."
)
PLACE = "Huyện Tân Lập"
#: The demo congress's day (its official session); ``make demo`` runs the demo clock from it
#: (``DAIHOI_DEMO_TODAY`` in the Makefile: tests/site/test_demo_clock.py checks they agree).
CONGRESS_DAY = dt.date(2020, 6, 10)
#: The documents sub-committee's demo login (a committee member of Chi bộ Văn phòng).
DOCUMENTS_LOGIN = "tieuban.vankien"
DEMO_PREPARATION_LOGINS = (
    DemoLogin(DOCUMENTS_LOGIN, "Tiểu ban văn kiện (trả lời ý kiến góp ý)",
              "Chi bộ Văn phòng HĐND và UBND"),
)

PILOT_DAY = dt.date(2020, 4, 8)

PROGRAMME = (
    (Session.PREPARATORY, -1, 14, 0, "Ổn định tổ chức, chào cờ, tuyên bố lý do", "Ban tổ chức"),
    (Session.PREPARATORY, -1, 14, 15,
     "Bầu Đoàn Chủ tịch, Đoàn Thư ký, Ban Thẩm tra tư cách đại biểu", "Đảng ủy Khối"),
    (Session.PREPARATORY, -1, 14, 45,
     "Thông qua nội quy, chương trình làm việc, quy chế bầu cử của Đại hội", "Đoàn Chủ tịch"),
    (Session.PREPARATORY, -1, 15, 30,
     "Thảo luận, góp ý dự thảo văn kiện Đại hội Đảng bộ huyện lần thứ XXIV", "Đoàn Chủ tịch"),
    (Session.OFFICIAL, 0, 7, 30, "Chào cờ; tuyên bố lý do, giới thiệu đại biểu", "Ban tổ chức"),
    (Session.OFFICIAL, 0, 7, 45, "Diễn văn khai mạc Đại hội", "Bí thư Đảng ủy Khối"),
    (Session.OFFICIAL, 0, 8, 0,
     "Trình bày Báo cáo chính trị của Ban Chấp hành Đảng bộ Khối khóa IX", "Phó Bí thư Đảng ủy"),
    (Session.OFFICIAL, 0, 8, 45, "Báo cáo kiểm điểm công tác lãnh đạo, chỉ đạo của Ban Chấp hành",
     "Đoàn Chủ tịch"),
    (Session.OFFICIAL, 0, 9, 15, "Báo cáo thẩm tra tư cách đại biểu",
     "Trưởng Ban Thẩm tra tư cách đại biểu"),
    (Session.OFFICIAL, 0, 9, 30, "Phát biểu chỉ đạo của đồng chí lãnh đạo Huyện ủy",
     "Lãnh đạo Huyện ủy"),
    (Session.OFFICIAL, 0, 10, 0, "Thảo luận các văn kiện Đại hội", "Đoàn Chủ tịch"),
    (Session.OFFICIAL, 0, 14, 0, "Bầu Ban Chấp hành Đảng bộ Khối khóa X, nhiệm kỳ 2020 - 2025",
     "Đoàn Chủ tịch"),
    (Session.OFFICIAL, 0, 15, 30, "Bầu đại biểu dự Đại hội Đảng bộ huyện lần thứ XXIV",
     "Đoàn Chủ tịch"),
    (Session.OFFICIAL, 0, 16, 30, "Thông qua Nghị quyết Đại hội", "Đoàn Thư ký"),
    (Session.OFFICIAL, 0, 17, 0, "Bế mạc Đại hội", "Đoàn Chủ tịch"),
)

LESSONS = (
    (LessonTopic.PROCEDURE,
     "Phiên trù bị và phiên chính thức cần bám sát kịch bản; thời gian thảo luận văn kiện phải "
     "được bố trí đủ, không dưới 60 phút, tránh dồn vào cuối buổi."),
    (LessonTopic.PROCEDURE,
     "Đoàn Chủ tịch phân công rõ người điều hành từng nội dung; chuẩn bị sẵn kịch bản điều hành "
     "bầu cử và biên bản kiểm phiếu."),
    (LessonTopic.PERSONNEL,
     "Thực hiện đúng quy trình giới thiệu nhân sự chi ủy, bí thư; đề án nhân sự phải được thông "
     "qua chi bộ trước đại hội và báo cáo Đảng ủy Khối cho ý kiến."),
    (LessonTopic.PERSONNEL,
     "Danh sách đại biểu dự Đại hội Đảng bộ Khối bầu đủ số lượng được phân bổ; không giới thiệu "
     "đảng viên dự bị."),
    (LessonTopic.REPORTS,
     "Báo cáo chính trị của chi bộ cần ngắn gọn, có số liệu so sánh với chỉ tiêu nghị quyết; "
     "báo cáo kiểm điểm chi ủy nêu rõ hạn chế và nguyên nhân."),
    (LessonTopic.DECORATION,
     "Trang trí khánh tiết đúng mẫu hướng dẫn: cờ Đảng, cờ Tổ quốc, tượng Bác, tiêu đề và khẩu "
     "hiệu; kiểm tra âm thanh, ánh sáng trước một ngày."),
)

SUBCOMMITTEES = (
    (SubCommitteeKind.DOCUMENTS, "Tiểu ban văn kiện"),
    (SubCommitteeKind.PERSONNEL, "Tiểu ban nhân sự"),
    (SubCommitteeKind.ORGANIZATION, "Tiểu ban tổ chức phục vụ đại hội"),
)

#: (sub-committee index, title, committee member index, responsibility, deadline, done)
TASKS = (
    (0, "Xây dựng dự thảo Báo cáo chính trị", 0, Responsibility.DIRECT, (2020, 3, 20), True),
    (0, "Xây dựng Báo cáo tổng kết thực hiện Nghị quyết nhiệm kỳ 2015 - 2020", 1,
     Responsibility.PREPARE, (2020, 3, 31), True),
    (0, "Xây dựng Báo cáo kiểm điểm công tác lãnh đạo, chỉ đạo của Ban Chấp hành", 2,
     Responsibility.PREPARE, (2020, 4, 10), True),
    (0, "Dự thảo Nghị quyết Đại hội và Chương trình hành động", 1, Responsibility.IMPLEMENT,
     (2020, 5, 15), True),
    (0, "Tổng hợp ý kiến góp ý của các chi bộ vào Báo cáo chính trị", 2,
     Responsibility.IMPLEMENT, (2020, 5, 25), True),
    (1, "Xây dựng Đề án nhân sự Ban Chấp hành khóa X", 3, Responsibility.DIRECT,
     (2020, 4, 30), True),
    (1, "Đề án nhân sự đại biểu dự Đại hội Đảng bộ huyện lần thứ XXIV", 4,
     Responsibility.PREPARE, (2020, 5, 20), True),
    (1, "Hướng dẫn các chi bộ bầu đại biểu dự Đại hội Đảng bộ Khối", 3,
     Responsibility.IMPLEMENT, (2020, 4, 1), True),
    (2, "Chỉ đạo tổ chức Đại hội điểm tại Chi bộ Tài chính - Kế hoạch", 5,
     Responsibility.DIRECT, (2020, 4, 8), True),
    (2, "Chuẩn bị hội trường, âm thanh, ánh sáng", 6, Responsibility.PREPARE,
     (2020, 6, 5), False),
    (2, "Trang trí khánh tiết, pano, khẩu hiệu tuyên truyền", 6, Responsibility.IMPLEMENT,
     (2020, 6, 3), False),
    (2, "In ấn tài liệu, thẻ đại biểu", 5, Responsibility.PREPARE, (2020, 6, 8), False),
)

#: The committee members (đảng ủy viên): the first member of these cells.
COMMITTEE_MEMBER_CELLS = ("CB-VP", "CB-NV", "CB-TP", "CB-KTHT", "CB-LDTBXH", "CB-VHTT",
                          "CB-TTVH")


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    # In UTC, as clock.now() gives it: the audit log hashes the time as it is handed over.
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL_TZ).astimezone(
        dt.UTC)


def committee_members() -> list[Member]:
    """The demo's committee members, in a fixed order."""
    out = []
    for code in COMMITTEE_MEMBER_CELLS:
        m = Member.objects.filter(cell__code=code).order_by("pk").first()
        if m is not None:
            out.append(m)
    return out


@transaction.atomic
def build_demo_congress(*, actor: object = None) -> tuple[Congress, bool]:
    committee = Organization.objects.get(code=COMMITTEE_CODE)
    existing = Congress.objects.filter(organization=committee, term_start=2020).first()
    created = existing is None
    if existing is None:
        day = CONGRESS_DAY
        congress = congress_create(
            actor=actor, organization=committee, kind=CongressKind.DELEGATES, ordinal=10,
            term_start=2020, term_end=2025, theme=THEME,
            venue="Hội trường Trung tâm Văn hóa, Thể thao và Truyền thông huyện",
            preparatory_session_at=_at(day - dt.timedelta(days=1), 14),
            opens_at=_at(day, 7, 30), closes_at=_at(day, 17),
        )
    else:
        congress = existing
    if not Congress.objects.filter(part_of=congress).exists():
        _build_preparation(actor, congress)
        congress.refresh_from_db()
    return congress, created


def _build_preparation(actor: object, congress: Congress) -> None:
    with clock.frozen(_at(dt.date(2020, 3, 2), 8)):
        congress = services.congress_update(actor=actor, congress=congress,
                                            expected_version=congress.version,
                                            changes={"place": PLACE})
        assert congress.opens_at is not None
        day = congress.opens_at.astimezone(LOCAL_TZ).date()
        for session, offset, hour, minute, title, presenter in PROGRAMME:
            services.programme_item_add(
                actor=actor, congress=congress, session=session,
                starts_at=_at(day + dt.timedelta(days=offset), hour, minute), title=title,
                presenter=presenter)
        pilot_cell = Organization.objects.get(code=PILOT_CELL_CODE)
        cells = services.cell_congresses_create(actor=actor, congress=congress,
                                                pilot_cell=pilot_cell)
        subs = [services.subcommittee_create(actor=actor, congress=congress, kind=k, name=n)
                for k, n in SUBCOMMITTEES]
        board = committee_members()
        roles = ("Trưởng tiểu ban", "Phó Trưởng tiểu ban", "Thành viên")
        for i, sub in enumerate(subs):
            for j, member in enumerate(board[i * 2: i * 2 + 3]):
                services.subcommittee_member_add(actor=actor, subcommittee=sub, member=member,
                                                 role=roles[min(j, 2)])
        tasks = []
        for sub_i, title, owner_i, resp, (y, m, d), done in TASKS:
            tasks.append((services.task_create(
                actor=actor, congress=congress, subcommittee=subs[sub_i], title=title,
                owner=board[owner_i % len(board)], responsibility=resp,
                deadline=dt.date(y, m, d)), done, dt.date(y, m, d)))
    # The pilot first, then the other cells over six weeks; every other cell reports its
    # results by hand. The pilot counted its elections in daihoi: its record is filled from
    # its count (``elections.demo``), with no typing.
    order = sorted(cells, key=lambda c: (not c.is_pilot, c.organization.position))
    position_of = {code: i for i, (code, *_rest) in enumerate(CELLS)}
    for n, cc in enumerate(order):
        on = PILOT_DAY if cc.is_pilot else dt.date(2020, 4, 20) + dt.timedelta(
            days=(position_of.get(cc.organization.code, n) * 2) % 36)
        with clock.frozen(_at(on - dt.timedelta(days=10), 8)):
            services.cell_congress_schedule(
                actor=actor, cell_congress=cc, opens_at=_at(on, 7, 30),
                venue=f"Hội trường {cc.organization.name.replace('Chi bộ ', '')}")
        with clock.frozen(_at(on, 17)):
            services.cell_congress_mark_held(actor=actor, cell_congress=cc)
            if not cc.is_pilot:
                _submit_results(actor, cc)
            else:
                for topic, text in LESSONS:
                    services.pilot_lesson_add(actor=actor, pilot=cc, topic=topic, text=text)
    for task, done, deadline in tasks:
        with clock.frozen(_at(deadline - dt.timedelta(days=3), 9)):
            services.task_set_status(actor=actor, task=task, status=TaskStatus.IN_PROGRESS)
        if done:
            with clock.frozen(_at(deadline - dt.timedelta(days=1), 16)):
                services.task_set_status(actor=actor, task=task, status=TaskStatus.DONE)
    documents_member = board[0]
    if documents_member.user_id is None:
        user_create_with_role(
            actor=actor, username=DOCUMENTS_LOGIN, password=DEMO_PASSWORD,
            organization=documents_member.cell, kind=RoleKind.MEMBER, member=documents_member,
            full_name=documents_member.full_name)
    assert Congress.objects.filter(part_of=congress, is_pilot=False).exclude(
        status=CongressStatus.RESULTS_SUBMITTED).count() == 0


def _submit_results(actor: object, cc: Congress) -> None:
    members = list(Member.objects.filter(cell=cc.organization).order_by("pk"))
    eligible = [m for m in members if m.full_member_on is not None
                and m.status == MemberStatus.ACTIVE]
    secretary = members[0]
    big = len(members) >= 9
    deputy = members[1] if big else None
    committee = members[:3] if big else []
    n_delegates = max(1, len(members) // 2)
    delegates = eligible[:n_delegates]
    alternates = eligible[n_delegates:n_delegates + 1]
    services.cell_congress_submit_results(
        actor=actor, cell_congress=cc, secretary=secretary, deputy=deputy, committee=committee,
        delegates=delegates, alternates=alternates, note="Đại hội thành công tốt đẹp.")
