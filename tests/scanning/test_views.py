"""The station and the queue through the test client: who sees, who scans, who rules; an upload
read to its end; an upload over the limit refused before it is stored; images for the head
alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from daihoi.roster import services as roster_services
from daihoi.roster.choices import RoleKind
from daihoi.scanning.models import ScanBatch, ScannedMark
from tests.conftest import PASSWORD, World
from tests.elections.factories import Setup
from tests.scanning import scans
from tests.scanning.conftest import scan_round
from tests.scanning.helpers import scan_desk_entries

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _station(s: Setup) -> str:
    return reverse("scanning:station", args=[s.round.pk])


def _tiff(s: Setup, names: list[set[int]], unsure: dict[int, dict[int, str]] | None = None
          ) -> bytes:
    ballot = scans.round_ballot(s.round)
    pages: list[Any] = []
    for i, crossed in enumerate(names):
        pages += scans.scan(s.round, crossed=crossed, seed=40 + i, ballot=ballot,
                            unsure=(unsure or {}).get(i)).pages
    return scans.tiff(pages)


def test_the_station_is_for_those_who_see_the_round_and_the_scan_desk_s_user(
        counting: Setup, world: World) -> None:
    url = _station(counting)
    for user in (counting.head, counting.desks[0].user, counting.desks[1].user, world.office):
        response = _client(user).get(url)
        assert response.status_code == 200, user
        assert "Tệp tiếp theo: phiếu số 1 trở đi." in response.content.decode()
    for user in (world.secretary_a, world.member_user, world.outsider):
        assert _client(user).get(url).status_code == 404
    # The office watches: no upload form, and a POST is refused.
    assert 'id="upload-form"' not in _client(world.office).get(url).content.decode()
    assert _client(world.office).post(url, {"action": "sweep"}).status_code == 403


def test_technical_staff_at_the_scan_desk_see_and_scan(world: World, tmp_path: Path,
                                                       django_capture_on_commit_callbacks: Any
                                                       ) -> None:
    staff = roster_services.user_create_with_role(
        actor=None, username="kythuat", password=PASSWORD, organization=world.committee,
        kind=RoleKind.OFFICE_ADMIN)
    s = scan_round(world, technical_user=staff, collected=2)
    client = _client(staff)
    assert client.get(_station(s)).status_code == 200
    assert client.get(reverse("elections:desk", args=[s.round.pk])).url == _station(s)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_station(s), {
            "action": "upload",
            "files": SimpleUploadedFile("quet.tif", _tiff(s, [{1}, {2}]), "image/tiff")})
    assert response.status_code == 302
    assert scan_desk_entries(s) == {1: "x:0", 2: "x:1"}
    assert ScanBatch.objects.get().uploaded_by == staff
    # Technical staff do not rule: the queue is the head's.
    assert client.get(reverse("scanning:queue", args=[s.round.pk])).status_code == 403


def test_an_upload_is_read_and_the_station_shows_its_counts(
        counting: Setup, django_capture_on_commit_callbacks: Any) -> None:
    client = _client(counting.head)
    data = _tiff(counting, [{1}, {2}, set()], unsure={1: {4: "tick"}})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_station(counting), {
            "action": "upload", "files": [SimpleUploadedFile("b.tif", data),
                                          SimpleUploadedFile("a.txt", b"x")]})
    page = client.get(response.url).content.decode()
    assert "Không phải tệp ảnh quét (PDF, TIFF, PNG hoặc JPEG): a.txt." in page
    assert not ScanBatch.objects.exists()  # one wrong file: none taken
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_station(counting), {
            "action": "upload", "files": SimpleUploadedFile("b.tif", data)})
    page = client.get(response.url).content.decode()
    assert "Đã nhận tệp “b.tif”: đang chờ đọc." in page
    assert 'id="count-entered">2<' in page
    assert 'id="count-to-rule">1<' in page
    assert "Tệp tiếp theo: phiếu số 4 trở đi." in page
    fragment = client.get(_station(counting), headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<div id="scan-live"')
    assert "hx-get" not in fragment.split(">")[0]  # nothing left to read: no more polling


def test_an_upload_over_the_limit_is_refused_before_it_is_stored(
        counting: Setup, settings: Any, tmp_path: Path) -> None:
    settings.SCAN_MAX_UPLOAD_BYTES = 50_000
    client = _client(counting.head)
    response = client.post(_station(counting), {
        "action": "upload", "files": SimpleUploadedFile("to.tif", b"\0" * 60_000)})
    page = client.get(response.url).content.decode()
    assert "Tệp tải lên quá lớn: giới hạn là 0 MB" in page
    assert not ScanBatch.objects.exists()
    uploads = Path(settings.MEDIA_ROOT) / "scans" / "uploads"
    assert not uploads.exists() or not any(uploads.iterdir())


def test_an_upload_just_under_the_limit_is_taken(
        counting: Setup, settings: Any, django_capture_on_commit_callbacks: Any) -> None:
    data = _tiff(counting, [{3}])
    client = _client(counting.head)
    boundary_overhead = 400  # the multipart envelope around the file
    settings.SCAN_MAX_UPLOAD_BYTES = len(data) + boundary_overhead
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_station(counting), {"action": "upload",
                                         "files": SimpleUploadedFile("a.tif", data)})
    assert scan_desk_entries(counting) == {1: "x:2"}


def test_the_queue_and_the_images_are_the_head_s_alone(
        counting: Setup, world: World, tmp_path: Path,
        django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _client(counting.head).post(_station(counting), {
            "action": "upload",
            "files": SimpleUploadedFile("a.tif", _tiff(counting, [{1}], {0: {3: "circle"}}))})
    mark = ScannedMark.objects.get()
    queue = reverse("scanning:queue", args=[counting.round.pk])
    crop = reverse("scanning:mark_image", args=[mark.pk])
    whole = reverse("scanning:page_image", args=[mark.page.pk])
    head = _client(counting.head)
    page = head.get(queue).content.decode()
    assert crop in page
    assert "khoanh tròn tên" in page
    assert "Gạch (không bầu)" in page
    for url in (crop, whole):
        response = head.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response.content.startswith(b"\x89PNG")
        assert response["Cache-Control"] == "private, no-store"
    for user in (counting.desks[0].user, counting.desks[1].user, world.office, world.outsider):
        assert _client(user).get(crop).status_code == 404
        assert _client(user).get(whole).status_code == 404
    for user in (counting.desks[0].user, counting.desks[1].user, world.office):
        assert _client(user).get(queue).status_code == 403
    # The head rules from the queue; the ballot is entered.
    response = head.post(queue, {"action": "rule", "mark": mark.pk, "ruling": "crossed"})
    assert response.status_code == 302
    assert scan_desk_entries(counting) == {1: "x:0,2"}
    assert "Không có phiếu nào chờ kết luận." in head.get(queue).content.decode()


def test_the_round_page_links_the_station_and_the_desk_form_offers_a_scan_desk(
        counting: Setup, world: World) -> None:
    page = _client(counting.head).get(reverse("elections:round", args=[counting.round.pk]))
    text = page.content.decode()
    assert f'href="{_station(counting)}" id="go-scan"' in text
    assert "bàn quét phiếu" in text
