"""Objects of the preparation for tests: a committee congress with its cell congresses, a
sub-committee and a task, a document with a version sent to cells, and an opinion."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from daihoi import clock
from daihoi.clock import LOCAL_TZ
from daihoi.congress import services as congress_services
from daihoi.congress.models import Congress, CongressKind, SubCommittee, Task, TaskAttachment
from daihoi.documents import services as document_services
from daihoi.documents.importing import ParsedSection
from daihoi.documents.models import Document, DocumentKind, Opinion, Section, Stance, Version
from daihoi.roster.choices import OrgKind
from daihoi.roster.models import Member, Organization

SECTIONS = (
    ParsedSection("I. Đánh giá kết quả nhiệm kỳ", 1, "Đảng bộ đã hoàn thành nhiệm vụ."),
    ParsedSection("II. Hạn chế", 1, "Sinh hoạt chi bộ có nơi còn hình thức."),
    ParsedSection("III. Phương hướng nhiệm kỳ tới", 1, "Nâng cao chất lượng sinh hoạt chi bộ."),
)


def at(y: int, m: int, d: int, hour: int = 8) -> dt.datetime:
    return dt.datetime(y, m, d, hour, tzinfo=LOCAL_TZ).astimezone(dt.UTC)


@dataclass
class Preparation:
    congress: Congress
    cell_congresses: list[Congress]
    subcommittee: SubCommittee
    task: Task
    attachment: TaskAttachment | None
    document: Document
    version: Version
    sections: list[Section]
    opinion: Opinion


def make_congress(committee: Organization) -> Congress:
    return congress_services.congress_create(
        actor=None, organization=committee, kind=CongressKind.DELEGATES, ordinal=10,
        term_start=2020, term_end=2025, theme="Chủ đề thử", venue="Hội trường",
        preparatory_session_at=at(2020, 6, 9, 14), opens_at=at(2020, 6, 10, 7),
        closes_at=at(2020, 6, 10, 17))


def make_document(congress: Congress, *, cells: list[Organization], deadline: dt.datetime,
                  kind: str = DocumentKind.POLITICAL_REPORT) -> tuple[Document, Version]:
    document = document_services.document_create(actor=None, congress=congress, kind=kind,
                                                 title="Báo cáo chính trị (dự thảo)")
    version = document_services.version_create(actor=None, document=document,
                                               sections=list(SECTIONS))
    if cells:
        with clock.frozen(deadline - dt.timedelta(days=10)):
            document_services.document_send(actor=None, document=document, cells=cells,
                                            deadline=deadline)
    return document, version


def make_preparation(committee: Organization, *, with_attachment: bool = False,
                     deadline: dt.datetime | None = None) -> Preparation:
    """A whole preparation in ``committee``: congress, cell congresses (the first cell the
    pilot), a documents sub-committee, a task, a document sent to every cell with one
    opinion of the first cell's first member."""
    congress = make_congress(committee)
    cells = list(Organization.objects.filter(path__startswith=committee.path, kind=OrgKind.CELL)
                 .order_by("pk"))
    ccs = congress_services.cell_congresses_create(actor=None, congress=congress,
                                                   pilot_cell=cells[0])
    sub = congress_services.subcommittee_create(actor=None, congress=congress,
                                                kind="documents", name="Tiểu ban văn kiện")
    member = Member.objects.filter(cell=cells[0]).order_by("pk").first()
    assert member is not None
    task = congress_services.task_create(actor=None, congress=congress, subcommittee=sub,
                                         title="Dự thảo báo cáo chính trị", owner=member,
                                         deadline=dt.date(2020, 4, 1))
    attachment = None
    if with_attachment:
        from django.core.files.uploadedfile import SimpleUploadedFile

        attachment = congress_services.task_attach(
            actor=None, task=task, upload=SimpleUploadedFile("du-thao.txt", b"noi dung"))
    deadline = deadline or at(2020, 5, 20, 17)
    document, version = make_document(congress, cells=cells, deadline=deadline)
    sections = list(version.sections.order_by("position"))
    with clock.frozen(deadline - dt.timedelta(days=1)):
        opinion = document_services.opinion_submit(
            actor=None, section=sections[0], stance=Stance.DISAGREE, reason="Chưa sát thực tế.",
            member=member)
    return Preparation(congress, ccs, sub, task, attachment, document, version, sections,
                       opinion)


def objects_of_other_org(world: Any) -> dict[str, list[Any]]:
    """The URL parameters of the congress and documents apps, pointed at objects of
    ``world.other_committee`` (for the cross-organization access test)."""
    prep = make_preparation(world.other_committee, with_attachment=True)
    assert prep.attachment is not None
    return {
        "congress_pk": [prep.congress.pk, prep.cell_congresses[0].pk],
        "task_pk": [prep.task.pk],
        "attachment_pk": [prep.attachment.pk],
        "document_pk": [prep.document.pk],
        "section_pk": [prep.sections[0].pk],
        "opinion_pk": [prep.opinion.pk],
    }
