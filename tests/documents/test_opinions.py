from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from daihoi import clock
from daihoi.audit.models import AuditEntry
from daihoi.core.errors import IllegalTransitionError, ServiceError
from daihoi.documents import services
from daihoi.documents.importing import ParsedSection
from daihoi.documents.models import Answer, DocumentStatus, Opinion, Stance
from tests.conftest import make_member
from tests.documents.conftest import DEADLINE, Docs


def test_a_member_of_an_invited_cell_gives_an_opinion_with_its_audit_entry(
    docs: Docs, before_deadline: Any
) -> None:
    section = docs.prep.sections[1]
    before = AuditEntry.objects.count()
    opinion = services.opinion_submit(actor=docs.world.member_user, section=section,
                                      stance=Stance.PARTIAL, proposed_text="Sửa thành …",
                                      member=docs.world.member_a)
    assert opinion.cell == docs.world.cell_a
    assert opinion.document == docs.prep.document
    assert AuditEntry.objects.count() == before + 1
    assert AuditEntry.objects.order_by("-seq").first().action == "documents.opinion_submit"


def test_an_opinion_after_the_deadline_is_refused(docs: Docs) -> None:
    with clock.frozen(DEADLINE + dt.timedelta(minutes=1)), pytest.raises(
            ServiceError, match="hết hạn góp ý"):
        services.opinion_submit(actor=None, section=docs.prep.sections[1], stance=Stance.AGREE,
                                member=docs.world.member_a)
    assert not Opinion.objects.filter(section=docs.prep.sections[1]).exists()


def test_an_opinion_at_the_deadline_itself_is_accepted(docs: Docs) -> None:
    with clock.frozen(DEADLINE):
        services.opinion_submit(actor=None, section=docs.prep.sections[1], stance=Stance.AGREE,
                                member=docs.world.member_a)
    kept = Opinion.objects.get(section=docs.prep.sections[1], member=docs.world.member_a)
    assert kept.stance == Stance.AGREE


def test_an_opinion_on_a_superseded_version_is_refused(docs: Docs, before_deadline: Any) -> None:
    old_section = docs.prep.sections[1]
    services.version_create(actor=None, document=docs.prep.document,
                            sections=[ParsedSection("I. Mới", 1, "nội dung")])
    with pytest.raises(ServiceError, match="đã được thay thế"):
        services.opinion_submit(actor=None, section=old_section, stance=Stance.AGREE,
                                member=docs.world.member_a)


def test_an_opinion_of_a_cell_not_invited_is_refused(docs: Docs, before_deadline: Any) -> None:
    from daihoi.documents.models import Distribution

    Distribution.objects.filter(cell=docs.world.cell_b).delete()
    with pytest.raises(ServiceError, match="không được gửi đến Chi bộ A2"):
        services.opinion_submit(actor=None, section=docs.prep.sections[1], stance=Stance.AGREE,
                                member=docs.world.member_b)


def test_a_member_of_another_committee_is_not_invited(docs: Docs, before_deadline: Any) -> None:
    with pytest.raises(ServiceError, match="không có trong danh sách góp ý"):
        services.opinion_submit(actor=None, section=docs.prep.sections[1], stance=Stance.AGREE,
                                member=docs.world.other_member)


@pytest.mark.parametrize(("stance", "field"), [(Stance.DISAGREE, "reason"),
                                               (Stance.PARTIAL, "proposed_text")])
def test_disagreeing_needs_a_reason_and_agreeing_in_part_needs_the_proposed_text(
    docs: Docs, before_deadline: Any, stance: str, field: str
) -> None:
    with pytest.raises(ServiceError) as info:
        services.opinion_submit(actor=None, section=docs.prep.sections[1], stance=stance,
                                member=docs.world.member_a)
    assert info.value.field == field


def test_a_member_may_change_an_opinion_until_it_is_answered(
    docs: Docs, before_deadline: Any
) -> None:
    section = docs.prep.sections[2]
    first = services.opinion_submit(actor=None, section=section, stance=Stance.AGREE,
                                    member=docs.world.member_a)
    second = services.opinion_submit(actor=None, section=section, stance=Stance.DISAGREE,
                                     reason="Lý do", member=docs.world.member_a)
    assert first.pk == second.pk
    assert Opinion.objects.get(pk=first.pk).stance == Stance.DISAGREE
    services.opinion_answer(actor=docs.reviewer, opinion=second, answer=Answer.EXPLAINED,
                            response="Giữ như dự thảo.")
    with pytest.raises(ServiceError, match="đã được tiểu ban văn kiện trả lời"):
        services.opinion_submit(actor=None, section=section, stance=Stance.AGREE,
                                member=docs.world.member_a)


def test_a_cell_opinion_after_a_cell_meeting_is_kept_apart_from_members_opinions(
    docs: Docs, before_deadline: Any
) -> None:
    section = docs.prep.sections[1]
    services.opinion_submit(actor=None, section=section, stance=Stance.AGREE,
                            member=docs.world.member_a)
    cell_opinion = services.opinion_submit(actor=docs.world.secretary_a, section=section,
                                           stance=Stance.PARTIAL, proposed_text="Bổ sung",
                                           cell=docs.world.cell_a)
    assert cell_opinion.on_behalf_of_cell
    assert Opinion.objects.filter(section=section, cell=docs.world.cell_a).count() == 2


def test_an_answer_of_acceptance_or_explanation_needs_its_text(docs: Docs) -> None:
    with pytest.raises(ServiceError, match="cần ghi nội dung"):
        services.opinion_answer(actor=docs.reviewer, opinion=docs.prep.opinion,
                                answer=Answer.ACCEPTED, response=" ")
    noted = services.opinion_answer(actor=docs.reviewer, opinion=docs.prep.opinion,
                                    answer=Answer.NOTED, response="")
    assert noted.answer == Answer.NOTED
    assert noted.answered_by == docs.reviewer


def test_a_document_with_unanswered_opinions_cannot_be_finalized(docs: Docs) -> None:
    document = docs.prep.document
    assert services.issues_before_finalize(document) == ["Còn 1 ý kiến góp ý chưa được trả lời."]
    with pytest.raises(IllegalTransitionError):
        services.document_finalize(actor=None, document=document)
    services.opinion_answer(actor=None, opinion=docs.prep.opinion, answer=Answer.NOTED,
                            response="")
    services.document_finalize(actor=None, document=document)
    document.refresh_from_db()
    assert document.status == DocumentStatus.FINALIZED


def test_a_draft_can_only_be_sent_to_cells_of_the_committee(docs: Docs) -> None:
    with pytest.raises(ServiceError, match="không phải chi bộ của đảng bộ"):
        services.document_send(actor=None, document=docs.prep.document,
                               cells=[docs.world.other_cell],
                               deadline=clock.now() + dt.timedelta(days=3))


def test_a_new_member_of_an_invited_cell_is_invited_too(docs: Docs, before_deadline: Any) -> None:
    newcomer = make_member(docs.world.cell_a, given_name="Mới", card_number="10000077")
    services.opinion_submit(actor=None, section=docs.prep.sections[0], stance=Stance.AGREE,
                            member=newcomer)
    kept = Opinion.objects.get(section=docs.prep.sections[0], member=newcomer)
    assert (kept.cell, kept.stance) == (docs.world.cell_a, Stance.AGREE)
