"""Every write to the documents: one named service each, atomic, with its audit entry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext, ngettext

from daihoi import clock
from daihoi.audit.services import audit_record, in_record_language
from daihoi.clock import LOCAL_TZ
from daihoi.congress.models import Congress
from daihoi.core import jobs
from daihoi.core.errors import IllegalTransitionError, ServiceError, clean_or_refuse
from daihoi.documents.importing import ParsedSection, parse_docx
from daihoi.documents.models import (
    AWAITING_ANSWER,
    Answer,
    Distribution,
    Document,
    DocumentStatus,
    Opinion,
    Section,
    Stance,
    Version,
    VersionImportJob,
)
from daihoi.roster.choices import OrgKind
from daihoi.roster.models import Member, Organization
from daihoi.roster.services import audit_organization_id

#: Defaults of the settings DOCUMENTS_IMPORT_MAX_SECONDS and DOCUMENTS_IMPORT_MAX_MEMORY.
MAX_SECONDS = 60
MAX_MEMORY = 512 * 1024 * 1024


def _org_id(document: Document) -> int:
    return audit_organization_id(document.congress.organization)


def current_version(document: Document) -> Version | None:
    return document.versions.order_by("-number").first()


@transaction.atomic
def document_create(*, actor: Any, congress: Congress, kind: str, title: str) -> Document:
    if congress.part_of_id is not None:
        raise ServiceError(gettext(
            "Văn kiện thuộc đại hội của đảng bộ, không thuộc đại hội chi bộ."))
    document = Document(congress=congress, kind=kind, title=title.strip(),
                        created_at=clock.now())
    clean_or_refuse(document)
    document.save()
    audit_record(actor=actor, action="documents.create", obj=document,
                 organization_id=_org_id(document), summary=f"Tạo văn kiện {document.title}",
                 data={"kind": kind})
    return document


@transaction.atomic
def version_create(
    *, actor: Any, document: Document, sections: list[ParsedSection], source_name: str = "",
    note: str = "",
) -> Version:
    """A new version from parsed sections; it supersedes the previous one."""
    if document.status == DocumentStatus.FINALIZED:
        raise IllegalTransitionError(gettext(
            "Văn kiện đã hoàn thiện; không thêm phiên bản được."))
    if not sections:
        raise ServiceError(gettext("Phiên bản phải có ít nhất một phần."))
    Document.objects.select_for_update().filter(pk=document.pk).first()
    last = document.versions.aggregate(n=Max("number"))["n"] or 0
    version = Version.objects.create(
        document=document, number=last + 1, source_name=source_name[:255], note=note[:300],
        created_at=clock.now(), created_by=actor if getattr(actor, "pk", None) else None,
    )
    Section.objects.bulk_create([
        Section(version=version, position=i, level=s.level, heading=s.heading[:500], body=s.body)
        for i, s in enumerate(sections, start=1)
    ])
    audit_record(actor=actor, action="documents.version_create", obj=version,
                 organization_id=_org_id(document),
                 summary=f"{document.title}: phiên bản {version.number} ({len(sections)} phần)",
                 data={"source": source_name, "sections": len(sections)})
    return version


def version_import_docx(
    *, actor: Any, document: Document, data: bytes, source_name: str, note: str = ""
) -> Version:
    """Parse the DOCX first (outside any transaction), then write it in one: a file that cannot
    be parsed raises :class:`DocxImportError` and nothing is written. For files the server made
    (the demo); an upload goes through :func:`version_import_queue` and the worker."""
    sections = parse_docx(data)
    return version_create(actor=actor, document=document, sections=sections,
                          source_name=source_name, note=note)


@transaction.atomic
def version_import_queue(
    *, actor: Any, document: Document, file_name: str, stored_path: str, note: str = ""
) -> VersionImportJob:
    """A job reading an uploaded DOCX (already stored, its size checked) in the worker
    (:mod:`daihoi.documents.tasks`), enqueued once this transaction commits. A job is not a
    record of the congress: the version it writes has its audit entry."""
    from daihoi.documents import tasks  # the task writes through this module

    if document.status == DocumentStatus.FINALIZED:
        raise IllegalTransitionError(gettext(
            "Văn kiện đã hoàn thiện; không thêm phiên bản được."))
    job = VersionImportJob.objects.create(
        document=document, created_by=actor if getattr(actor, "pk", None) else None,
        file_name=file_name[:255], note=note[:300], stored_path=stored_path,
        language=translation.get_language() or "")
    pk = job.pk
    transaction.on_commit(lambda: tasks.version_import_task.enqueue(pk))
    return job


def version_import_jobs_expire(*, document: Document) -> int:
    """Mark as interrupted the document's jobs the worker stopped under (running, silent for
    longer than their time limit and a minute more), deleting their uploads; how many."""
    seconds = tasks_limits()[0] or 3600
    cutoff = clock.machine_now() - dt.timedelta(seconds=seconds + 60)
    stale = list(VersionImportJob.objects.filter(
        document=document, status=VersionImportJob.Status.RUNNING, updated_at__lt=cutoff))
    for job in stale:
        if job.stored_path:
            Path(job.stored_path).unlink(missing_ok=True)
        VersionImportJob.objects.filter(pk=job.pk, status=VersionImportJob.Status.RUNNING).update(
            status=VersionImportJob.Status.INTERRUPTED, stored_path="",
            failure=_stopped(job),
            finished_at=clock.machine_now(), updated_at=clock.machine_now())
    return len(stale)


def _stopped(job: VersionImportJob) -> str:
    """Why an interrupted job stopped, in the language of the person who uploaded the file."""
    with translation.override(job.language or settings.LANGUAGE_CODE):
        return gettext("Máy chủ dừng khi đang đọc tệp; chưa có gì được nhập. Hãy tải tệp lên "
                       "lại.")


def tasks_limits() -> tuple[int, int]:
    """(seconds, bytes of memory) one draft's reading may take in the worker (settings
    ``DOCUMENTS_IMPORT_MAX_SECONDS`` and ``DOCUMENTS_IMPORT_MAX_MEMORY``)."""
    return (jobs.setting("DOCUMENTS_IMPORT_MAX_SECONDS", MAX_SECONDS),
            jobs.setting("DOCUMENTS_IMPORT_MAX_MEMORY", MAX_MEMORY))


@transaction.atomic
def document_send(
    *, actor: Any, document: Document, cells: list[Organization], deadline: dt.datetime
) -> list[Distribution]:
    """Send the current draft to chosen cells for their members' opinions, until ``deadline``.
    Sending again to a cell moves its deadline."""
    if document.status == DocumentStatus.FINALIZED:
        raise IllegalTransitionError(gettext(
            "Văn kiện đã hoàn thiện; không gửi lấy ý kiến được nữa."))
    if current_version(document) is None:
        raise IllegalTransitionError(gettext(
            "Văn kiện chưa có phiên bản nào để gửi lấy ý kiến."))
    if not cells:
        raise ServiceError(gettext("Hãy chọn ít nhất một chi bộ."), field="cells")
    if deadline <= clock.now():
        raise ServiceError(gettext("Hạn góp ý phải sau thời điểm hiện tại."), field="deadline")
    root = document.congress.organization.path
    for cell in cells:
        if cell.kind != OrgKind.CELL or not cell.path.startswith(root):
            raise ServiceError(gettext(
                "%(name)s không phải chi bộ của đảng bộ.") % {"name": cell.name}, field="cells")
    now = clock.now()
    out = []
    for cell in cells:
        dist, _ = Distribution.objects.update_or_create(
            document=document, cell=cell, defaults={"deadline": deadline, "sent_at": now})
        out.append(dist)
    Document.objects.filter(pk=document.pk).update(status=DocumentStatus.CONSULTING)
    document.status = DocumentStatus.CONSULTING
    audit_record(actor=actor, action="documents.send", obj=document,
                 organization_id=_org_id(document),
                 summary=f"Gửi “{document.title}” đến {len(cells)} chi bộ lấy ý kiến, hạn "
                         f"{deadline.astimezone(LOCAL_TZ):%H:%M %d/%m/%Y}",
                 data={"cells": [c.code for c in cells], "deadline": deadline.isoformat()})
    return out


def issues_before_finalize(document: Document) -> list[str]:
    issues = []
    if document.status == DocumentStatus.FINALIZED:
        issues.append(gettext("Văn kiện đã hoàn thiện."))
    if current_version(document) is None:
        issues.append(gettext("Văn kiện chưa có phiên bản nào."))
    pending = Opinion.objects.filter(AWAITING_ANSWER, document=document).count()
    if pending:
        issues.append(ngettext("Còn %(n)s ý kiến góp ý chưa được trả lời.",
                               "Còn %(n)s ý kiến góp ý chưa được trả lời.", pending)
                      % {"n": pending})
    return issues


@transaction.atomic
def document_finalize(*, actor: Any, document: Document) -> Document:
    issues = issues_before_finalize(document)
    if issues:
        raise IllegalTransitionError(" ".join(issues))
    Document.objects.filter(pk=document.pk).update(status=DocumentStatus.FINALIZED)
    document.status = DocumentStatus.FINALIZED
    audit_record(actor=actor, action="documents.finalize", obj=document,
                 organization_id=_org_id(document), summary=f"Hoàn thiện {document.title}")
    return document


@transaction.atomic
def opinion_submit(
    *, actor: Any, section: Section, stance: str, reason: str = "", proposed_text: str = "",
    member: Member | None = None, cell: Organization | None = None,
) -> Opinion:
    """A member's opinion on a section (``member``), or a cell's after a cell meeting given by
    its secretary (``cell``). The caller has checked that the actor is that member or leads
    that cell; this service checks the invitation, the deadline and the version. A member may
    change an opinion until it is answered or the deadline passes."""
    if (member is None) == (cell is None):
        raise TypeError("give exactly one of member or cell")
    version = section.version
    document = version.document
    who_cell = member.cell if member is not None else cell
    assert who_cell is not None
    latest = document.versions.aggregate(n=Max("number"))["n"]
    if version.number != latest:
        raise ServiceError(
            gettext(
                "Phần này thuộc phiên bản %(number)s, đã được thay thế bằng phiên bản "
                "%(latest)s. Hãy góp ý trên phiên bản mới nhất.") % {
                    "number": version.number, "latest": latest}
        )
    if document.status == DocumentStatus.FINALIZED:
        raise ServiceError(gettext("Văn kiện đã hoàn thiện; không nhận thêm ý kiến."))
    dist = Distribution.objects.filter(document=document, cell=who_cell).first()
    if dist is None:
        raise ServiceError(
            gettext(
                "Dự thảo “%(title)s” không được gửi đến %(name)s để lấy ý kiến; đồng chí "
                "không có trong danh sách góp ý.") % {
                    "title": document.title, "name": who_cell.name}
        )
    if clock.now() > dist.deadline:
        deadline = dist.deadline.astimezone(LOCAL_TZ)
        raise ServiceError(gettext(
            "Đã hết hạn góp ý (%(time)s ngày %(date)s); ý kiến không được ghi nhận.") % {
                "time": f"{deadline:%H:%M}", "date": f"{deadline:%d/%m/%Y}"})
    reason, proposed_text = reason.strip(), proposed_text.strip()
    if stance not in Stance.values:
        raise ServiceError(gettext("Hãy chọn tán thành, không tán thành hoặc tán thành một phần."),
                           field="stance")
    if stance == Stance.DISAGREE and not reason:
        raise ServiceError(gettext("Không tán thành thì cần nêu lý do."), field="reason")
    if stance == Stance.PARTIAL and not proposed_text:
        raise ServiceError(gettext("Tán thành một phần thì cần ghi nội dung đề nghị sửa."),
                           field="proposed_text")
    if stance == Stance.AGREE:
        reason, proposed_text = "", ""
    existing = Opinion.objects.select_for_update().filter(
        section=section, member=member, cell=who_cell).first()
    if existing is not None and existing.answer != Answer.NONE:
        raise ServiceError(gettext(
            "Ý kiến này đã được tiểu ban văn kiện trả lời; không sửa được nữa."))
    opinion = existing or Opinion(section=section, document=document, cell=who_cell,
                                  member=member)
    opinion.stance, opinion.reason, opinion.proposed_text = stance, reason, proposed_text
    opinion.submitted_by = actor if getattr(actor, "pk", None) else None
    opinion.submitted_at = clock.now()
    try:
        with transaction.atomic():
            opinion.save()
    except IntegrityError as exc:  # a double submission racing this one
        raise ServiceError(gettext("Ý kiến này vừa được gửi; hãy tải lại trang.")) from exc
    who = member.full_name if member is not None else f"{who_cell.name} (sau họp chi bộ)"
    with in_record_language():
        audit_record(actor=actor, action="documents.opinion_submit", obj=opinion,
                     organization_id=_org_id(document),
                     summary=f"{who} góp ý “{section.heading[:80]}”: {Stance(stance).label}",
                     data={"section": section.pk, "stance": stance,
                           "changed": existing is not None})
    return opinion


@transaction.atomic
def opinion_answer(*, actor: Any, opinion: Opinion, answer: str, response: str) -> Opinion:
    """The documents sub-committee's answer to an opinion: accepted, explained or noted."""
    if answer not in (Answer.ACCEPTED, Answer.EXPLAINED, Answer.NOTED):
        raise ServiceError(gettext("Hãy chọn tiếp thu, giải trình hoặc ghi nhận."), field="answer")
    response = response.strip()
    if answer in (Answer.ACCEPTED, Answer.EXPLAINED) and not response:
        raise ServiceError(gettext("Tiếp thu hoặc giải trình thì cần ghi nội dung trả lời."),
                           field="response")
    Opinion.objects.filter(pk=opinion.pk).update(
        answer=answer, response=response, answered_at=clock.now(),
        answered_by=actor if getattr(actor, "pk", None) else None,
    )
    opinion.refresh_from_db()
    with in_record_language():
        audit_record(actor=actor, action="documents.opinion_answer", obj=opinion,
                     organization_id=_org_id(opinion.document),
                     summary=f"Trả lời ý kiến #{opinion.pk}: {Answer(answer).label}",
                     data={"answer": answer})
    return opinion


