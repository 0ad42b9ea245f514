"""The demo is the seed article's state of the preparation."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Count

from daihoi.audit.services import audit_verify
from daihoi.congress.demo import build_demo_congress
from daihoi.congress.models import CongressStatus, LessonTopic, SubCommittee, Task
from daihoi.congress.selectors import cell_progress, delegates_of
from daihoi.documents.demo import build_demo_documents
from daihoi.documents.models import Document, DocumentKind, Opinion, Stance
from daihoi.roster.demo import build_demo_roster


@pytest.fixture
def demo(db: Any) -> Any:
    build_demo_roster()
    congress, _ = build_demo_congress()
    build_demo_documents()
    return congress


def test_the_demo_is_the_preparation_of_the_article(demo: Any) -> None:
    import datetime as dt

    progress = cell_progress(demo, dt.date(2020, 6, 1))
    # Late: the pilot alone, until its count fills its results (the elections demo does, the
    # evening of its congress; see tests/elections/test_demo_day.py).
    assert (progress.held, progress.total, progress.late) == (21, 21, 1)
    assert [r.congress.is_pilot for r in progress.rows if r.late] == [True]
    assert progress.pilot is not None
    assert progress.pilot.organization.name == "Chi bộ Tài chính - Kế hoạch"
    assert progress.rows[0].congress.is_pilot
    others = [r.congress.opens_at for r in progress.rows[1:]]
    assert all(progress.pilot.opens_at < at for at in others)
    assert {lesson.topic for lesson in progress.pilot.lessons.all()} >= {
        LessonTopic.PROCEDURE, LessonTopic.PERSONNEL, LessonTopic.REPORTS, LessonTopic.DECORATION}
    # Every cell but the pilot typed its results; the pilot's come from its count in daihoi
    # (the elections demo), so here it is held and has reported nothing yet.
    assert [r.congress.status for r in progress.rows] == [CongressStatus.HELD] + [
        CongressStatus.RESULTS_SUBMITTED] * 20
    assert len(delegates_of(demo)) == progress.delegates > 100
    assert list(SubCommittee.objects.filter(congress=demo).values_list("name", flat=True)) == [
        "Tiểu ban văn kiện", "Tiểu ban nhân sự", "Tiểu ban tổ chức phục vụ đại hội"]
    assert Task.objects.filter(congress=demo, owner__isnull=False).count() >= 10
    kinds = set(Document.objects.filter(congress=demo).values_list("kind", flat=True))
    assert kinds == set(DocumentKind.values)
    political = Document.objects.get(congress=demo, kind=DocumentKind.POLITICAL_REPORT)
    assert political.versions.count() == 2
    opinions = Opinion.objects.filter(document=political)
    assert 200 <= opinions.count() <= 600
    assert opinions.exclude(answer="").exists()
    assert opinions.exclude(stance=Stance.AGREE).filter(answer="").exists()
    assert opinions.values("cell").annotate(n=Count("id")).count() == 21
    _, problems = audit_verify()
    assert problems == []


def test_building_the_demo_twice_changes_nothing(demo: Any) -> None:
    counts = (Opinion.objects.count(), Task.objects.count(), Document.objects.count())
    assert build_demo_congress()[1] is False
    assert build_demo_documents()[1] is False
    assert (Opinion.objects.count(), Task.objects.count(), Document.objects.count()) == counts


def test_every_page_of_the_demo_opens_for_its_users(demo: Any, client: Any) -> None:
    from django.urls import reverse

    from daihoi.congress.models import Congress
    from daihoi.documents.models import Section
    from daihoi.roster.demo import DEMO_PASSWORD

    political = Document.objects.get(congress=demo, kind=DocumentKind.POLITICAL_REPORT)
    upper = Document.objects.get(congress=demo, kind=DocumentKind.UPPER_DRAFT)
    section = Section.objects.filter(version__document=political).order_by("-version__number",
                                                                           "position").first()
    upper_section = Section.objects.filter(version__document=upper).order_by("position").first()
    pilot = Congress.objects.get(part_of=demo, is_pilot=True)
    task = Task.objects.filter(congress=demo).first()
    pages = {
        "vanphong": [
            reverse("congress:list"), reverse("congress:overview", args=[demo.pk]),
            reverse("congress:edit", args=[demo.pk]), reverse("congress:programme", args=[demo.pk]),
            reverse("congress:cell_congresses", args=[demo.pk]),
            reverse("congress:subcommittees", args=[demo.pk]),
            reverse("congress:timeline", args=[demo.pk]),
            reverse("congress:cell_congress", args=[pilot.pk]),
            reverse("congress:cell_results", args=[pilot.pk]),
            reverse("congress:task_detail", args=[task.pk]),
            reverse("documents:congress_documents", args=[demo.pk]),
            reverse("documents:detail", args=[political.pk]),
            reverse("documents:diff", args=[political.pk]),
            reverse("documents:summary", args=[political.pk]),
            reverse("documents:send", args=[political.pk]),
            reverse("documents:import", args=[political.pk]),
            reverse("documents:section", args=[section.pk]),
            reverse("documents:upper_docx", args=[demo.pk]),
        ],
        "bithu.tckh": [reverse("congress:cell_congress", args=[pilot.pk]),
                       reverse("documents:my_drafts"),
                       reverse("documents:section", args=[section.pk])],
        "dangvien": [reverse("documents:my_drafts"),
                     reverse("documents:detail", args=[upper.pk]),
                     reverse("documents:section", args=[upper_section.pk])],
        "tieuban.vankien": [reverse("congress:overview", args=[demo.pk]),
                            reverse("documents:summary", args=[political.pk])],
    }
    for username, urls in pages.items():
        assert client.login(username=username, password=DEMO_PASSWORD)
        for url in urls:
            assert client.get(url).status_code == 200, (username, url)
        client.logout()
    assert client.login(username="dangvien", password=DEMO_PASSWORD)
    page = client.get(reverse("documents:section", args=[upper_section.pk])).content.decode()
    assert 'name="stance"' in page  # the district's draft is still open for opinions
