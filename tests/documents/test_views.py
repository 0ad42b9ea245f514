"""Who sees which drafts and opinions, through HTTP."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from daihoi import clock
from daihoi.documents import services
from daihoi.documents.importing import build_docx
from daihoi.documents.models import Answer, Distribution, Opinion, Stance, Version
from tests.bombs import docx_bomb
from tests.conftest import PASSWORD
from tests.documents.conftest import BEFORE, Docs


def login(client: Client, user: Any) -> Client:
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _b_opinion(docs: Docs) -> Opinion:
    with clock.frozen(BEFORE):
        return services.opinion_submit(actor=None, section=docs.prep.sections[0],
                                       stance=Stance.PARTIAL, proposed_text="Ý kiến của B",
                                       member=docs.world.member_b)


def test_a_member_sees_the_drafts_sent_to_their_cell_and_only_their_own_opinions(
    client: Client, docs: Docs
) -> None:
    _b_opinion(docs)
    login(client, docs.world.member_user)
    drafts = client.get(reverse("documents:my_drafts")).content.decode()
    assert docs.prep.document.title in drafts
    page = client.get(reverse("documents:section", args=[docs.prep.sections[0].pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Chưa sát thực tế." in html  # member_a's own opinion (the factory's)
    assert "Ý kiến của B" not in html
    assert 'name="answer"' not in html


def test_a_member_of_a_cell_not_invited_gets_404(client: Client, docs: Docs) -> None:
    Distribution.objects.filter(cell=docs.world.cell_a).delete()
    login(client, docs.world.member_user)
    assert client.get(reverse("documents:detail", args=[docs.prep.document.pk])).status_code == 404
    assert client.get(reverse("documents:section", args=[docs.prep.sections[0].pk])
                      ).status_code == 404


def test_a_member_cannot_read_the_summary_or_answer(client: Client, docs: Docs) -> None:
    login(client, docs.world.member_user)
    assert client.get(reverse("documents:summary", args=[docs.prep.document.pk])
                      ).status_code == 404
    response = client.post(reverse("documents:answer", args=[docs.prep.opinion.pk]),
                           {"answer": "noted"})
    assert response.status_code == 404
    assert Opinion.objects.get(pk=docs.prep.opinion.pk).answer == ""


def test_a_cell_secretary_sees_the_cells_opinions_but_not_another_cells(
    client: Client, docs: Docs
) -> None:
    _b_opinion(docs)
    login(client, docs.world.secretary_a)
    html = client.get(reverse("documents:section", args=[docs.prep.sections[0].pk])
                      ).content.decode()
    assert "Chưa sát thực tế." in html
    assert "Ý kiến của B" not in html


def test_a_cell_secretary_gives_the_cells_opinion_through_the_page(
    client: Client, docs: Docs
) -> None:
    login(client, docs.world.secretary_a)
    url = reverse("documents:section", args=[docs.prep.sections[1].pk])
    with clock.frozen(BEFORE):
        response = client.post(url, {"stance": "partial", "proposed_text": "Bổ sung chỉ tiêu",
                                     "on_behalf": docs.world.cell_a.pk})
    assert response.status_code == 302
    opinion = Opinion.objects.get(section=docs.prep.sections[1])
    assert opinion.member is None
    assert opinion.cell == docs.world.cell_a


def test_the_page_refuses_a_late_opinion_with_the_reason(client: Client, docs: Docs) -> None:
    login(client, docs.world.member_user)
    url = reverse("documents:section", args=[docs.prep.sections[1].pk])
    response = client.post(url, {"stance": "agree"})  # the real clock: long after May 2020
    assert response.status_code == 400
    assert "hết hạn góp ý" in response.content.decode()
    assert not Opinion.objects.filter(section=docs.prep.sections[1]).exists()


def test_the_documents_subcommittee_sees_every_opinion_and_answers_one(
    client: Client, docs: Docs
) -> None:
    _b_opinion(docs)
    login(client, docs.reviewer)
    html = client.get(reverse("documents:section", args=[docs.prep.sections[0].pk])
                      ).content.decode()
    assert "Chưa sát thực tế." in html
    assert "Ý kiến của B" in html
    response = client.post(reverse("documents:answer", args=[docs.prep.opinion.pk]),
                           {"answer": "explained", "response": "Đã giải trình."},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Đã giải trình." in response.content.decode()
    opinion = Opinion.objects.get(pk=docs.prep.opinion.pk)
    assert (opinion.answer, opinion.answered_by) == (Answer.EXPLAINED, docs.reviewer)
    assert client.get(reverse("documents:summary", args=[docs.prep.document.pk])
                      ).status_code == 200


def test_the_office_sees_everything_and_downloads_the_summary(client: Client, docs: Docs) -> None:
    login(client, docs.world.office)
    page = client.get(reverse("documents:congress_documents", args=[docs.prep.congress.pk]))
    assert docs.prep.document.title in page.content.decode()
    docx = client.get(reverse("documents:summary_docx", args=[docs.prep.document.pk]))
    assert docx.status_code == 200
    assert docx.content[:2] == b"PK"
    pdf = client.get(reverse("documents:summary_pdf", args=[docs.prep.document.pk]))
    assert pdf.content[:4] == b"%PDF"


def _upload(client: Client, docs: Docs, name: str, data: bytes, capture: Any) -> Any:
    """Post the file, its job run by the (immediate) task backend once the request commits;
    the job page the upload redirects to."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    with capture(execute=True):
        response = client.post(reverse("documents:import", args=[docs.prep.document.pk]), {
            "file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "/nhap-docx/" in response["Location"]
    return client.get(response["Location"])


def test_an_unparseable_upload_shows_a_clear_message_and_imports_nothing(
    client: Client, docs: Docs, django_capture_on_commit_callbacks: Any
) -> None:
    login(client, docs.world.office)
    before = Version.objects.count()
    page = _upload(client, docs, "bao-cao.docx", b"not a docx", django_capture_on_commit_callbacks)
    assert page.status_code == 200
    html = page.content.decode()
    assert "không phải tệp Word .docx hợp lệ" in html
    assert 'data-job-status="failed"' in html
    assert Version.objects.count() == before


def test_an_upload_becomes_a_new_version_and_the_diff_shows_the_change(
    client: Client, docs: Docs, django_capture_on_commit_callbacks: Any
) -> None:
    login(client, docs.reviewer)
    data = build_docx([("I. Đánh giá kết quả nhiệm kỳ", 1, "Đảng bộ đã hoàn thành tốt nhiệm vụ."),
                       ("IV. Phần mới", 1, "Thêm")])
    page = _upload(client, docs, "v2.docx", data, django_capture_on_commit_callbacks)
    assert "Đã nhập phiên bản 2 (2 phần)." in page.content.decode()
    html = client.get(reverse("documents:diff", args=[docs.prep.document.pk])).content.decode()
    assert "<ins>tốt </ins>" in html or "<ins>tốt</ins>" in html
    assert 'data-diff="removed"' in html or 'data-diff="changed"' in html


def test_the_section_page_makes_a_fixed_number_of_queries(client: Client, docs: Docs) -> None:
    login(client, docs.reviewer)
    url = reverse("documents:section", args=[docs.prep.sections[0].pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _b_opinion(docs)
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(few)


def test_an_answer_without_its_text_is_refused_in_place(client: Client, docs: Docs) -> None:
    login(client, docs.reviewer)
    response = client.post(reverse("documents:answer", args=[docs.prep.opinion.pk]),
                           {"answer": "accepted", "response": ""}, HTTP_HX_REQUEST="true")
    assert "cần ghi nội dung trả lời" in response.content.decode()
    assert 'name="answer"' in response.content.decode()
    assert Opinion.objects.get(pk=docs.prep.opinion.pk).answer == ""


def test_after_the_deadline_the_page_says_so_instead_of_offering_the_form(
    client: Client, docs: Docs
) -> None:
    login(client, docs.world.member_user)
    html = client.get(reverse("documents:section", args=[docs.prep.sections[1].pk])
                      ).content.decode()
    assert "Đã hết hạn góp ý" in html
    assert 'name="stance"' not in html
    with clock.frozen(BEFORE):
        html = client.get(reverse("documents:section", args=[docs.prep.sections[1].pk])
                          ).content.decode()
    assert 'name="stance"' in html


def test_a_docx_that_inflates_to_300_mb_is_refused_before_parsing_and_memory_stays_low(
    client: Client, docs: Docs, django_capture_on_commit_callbacks: Any
) -> None:
    import tracemalloc

    data = docx_bomb(300 * 1024 * 1024, padding=700 * 1024)
    assert len(data) < 1_200_000
    login(client, docs.reviewer)
    before = Version.objects.count()
    tracemalloc.start()
    try:
        page = _upload(client, docs, "bom.docx", data, django_capture_on_commit_callbacks)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    html = page.content.decode()
    assert "Nội dung tệp khi giải nén lớn hơn giới hạn 20 MB (tệp khai báo 301 MB)" in html
    assert "Chưa có gì được nhập" in html
    assert Version.objects.count() == before
    assert peak < 40 * 1024 * 1024  # the upload, the job and the page; parsing would take GBs
