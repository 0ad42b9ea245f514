from __future__ import annotations

import datetime as dt

import pytest

from daihoi.congress import selectors, services
from daihoi.congress.models import CellCongressResult, CongressStatus, ResultRole, TaskStatus
from daihoi.core.errors import IllegalTransitionError, ServiceError
from tests.conftest import World, make_member
from tests.congress.factories import at, make_congress


def _cells(world: World) -> tuple:
    congress = make_congress(world.committee)
    ccs = services.cell_congresses_create(actor=None, congress=congress, pilot_cell=world.cell_a)
    pilot = next(c for c in ccs if c.is_pilot)
    other = next(c for c in ccs if not c.is_pilot)
    return congress, pilot, other


def test_one_cell_congress_is_created_per_cell_and_only_once(world: World) -> None:
    congress, pilot, _ = _cells(world)
    assert {c.organization for c in congress.cell_congresses.all()} == {world.cell_a,
                                                                        world.cell_b}
    assert pilot.organization == world.cell_a
    assert services.cell_congresses_create(actor=None, congress=congress) == []


def test_a_cell_cannot_hold_its_congress_before_the_pilot(world: World) -> None:
    _, pilot, other = _cells(world)
    services.cell_congress_schedule(actor=None, cell_congress=other, opens_at=at(2020, 4, 20))
    issues = services.issues_before_hold(other)
    assert any("Đại hội điểm" in i for i in issues)
    with pytest.raises(IllegalTransitionError):
        services.cell_congress_mark_held(actor=None, cell_congress=other)
    services.cell_congress_schedule(actor=None, cell_congress=pilot, opens_at=at(2020, 4, 8))
    services.cell_congress_mark_held(actor=None, cell_congress=pilot)
    assert services.cell_congress_mark_held(actor=None, cell_congress=other).status == \
        CongressStatus.HELD


def test_a_congress_without_a_date_cannot_be_recorded_as_held(world: World) -> None:
    _, pilot, _ = _cells(world)
    assert services.issues_before_hold(pilot) == ["Chưa có ngày tổ chức đại hội."]


def _held(world: World) -> tuple:
    congress, pilot, other = _cells(world)
    services.cell_congress_schedule(actor=None, cell_congress=pilot, opens_at=at(2020, 4, 8))
    services.cell_congress_mark_held(actor=None, cell_congress=pilot)
    return congress, pilot, other


def test_the_secretary_submits_the_results_and_the_delegates_become_the_congress_list(
    world: World
) -> None:
    congress, pilot, _ = _held(world)
    second = make_member(world.cell_a, given_name="Giang", card_number="10000003")
    services.cell_congress_submit_results(
        actor=world.secretary_a, cell_congress=pilot, secretary=world.member_a,
        committee=[world.member_a, second], delegates=[world.member_a, second])
    pilot.refresh_from_db()
    assert pilot.status == CongressStatus.RESULTS_SUBMITTED
    assert set(CellCongressResult.objects.filter(congress=pilot).values_list("role", flat=True)) \
        == {ResultRole.SECRETARY, ResultRole.COMMITTEE, ResultRole.DELEGATE}
    assert selectors.delegates_of(congress) == sorted([world.member_a, second],
                                                      key=lambda m: m.sort_key)


def test_results_are_refused_before_the_congress_is_held_or_without_delegates(
    world: World
) -> None:
    _, pilot, other = _held(world)
    with pytest.raises(IllegalTransitionError, match="chưa được ghi nhận là đã tổ chức"):
        services.cell_congress_submit_results(actor=None, cell_congress=other,
                                              secretary=world.member_b,
                                              delegates=[world.member_b])
    with pytest.raises(IllegalTransitionError, match="Chưa có đại biểu"):
        services.cell_congress_submit_results(actor=None, cell_congress=pilot,
                                              secretary=world.member_a, delegates=[])


def test_results_naming_a_member_of_another_cell_are_refused(world: World) -> None:
    _, pilot, _ = _held(world)
    with pytest.raises(IllegalTransitionError, match="Không phải đảng viên của chi bộ"):
        services.cell_congress_submit_results(actor=None, cell_congress=pilot,
                                              secretary=world.member_a,
                                              delegates=[world.member_b])
    assert not CellCongressResult.objects.exists()


def test_the_progress_counts_held_cells_and_highlights_the_late_ones(world: World) -> None:
    congress, pilot, other = _held(world)
    services.cell_congress_schedule(actor=None, cell_congress=other, opens_at=at(2020, 4, 20))
    on_time = selectors.cell_progress(congress, dt.date(2020, 4, 19))
    assert (on_time.held, on_time.total, on_time.late) == (1, 2, 1)  # the pilot: no results yet
    late = selectors.cell_progress(congress, dt.date(2020, 4, 21))
    assert [r.congress.organization for r in late.rows if r.late] == [world.cell_a, world.cell_b]
    services.cell_congress_submit_results(actor=None, cell_congress=pilot,
                                          secretary=world.member_a, delegates=[world.member_a])
    after = selectors.cell_progress(congress, dt.date(2020, 4, 21))
    assert [r.congress.organization for r in after.rows if r.late] == [world.cell_b]
    assert after.rows[0].congress.is_pilot
    assert after.delegates == 1


def test_lessons_are_recorded_only_for_the_pilot_and_shown_to_every_cell(world: World) -> None:
    _, pilot, other = _cells(world)
    services.pilot_lesson_add(actor=None, pilot=pilot, topic="decoration", text="Cờ, tượng Bác")
    with pytest.raises(ServiceError):
        services.pilot_lesson_add(actor=None, pilot=other, topic="procedure", text="x")
    assert [lesson.text for lesson in selectors.pilot_lessons(other)] == ["Cờ, tượng Bác"]


def test_task_transitions_follow_the_state_machine_and_overdue_is_computed(world: World) -> None:
    congress = make_congress(world.committee)
    task = services.task_create(actor=None, congress=congress, title="Khánh tiết",
                                owner=world.member_a, deadline=dt.date(2020, 6, 1))
    assert task.is_overdue(dt.date(2020, 6, 2))
    assert not task.is_overdue(dt.date(2020, 6, 1))
    done = services.task_set_status(actor=None, task=task, status=TaskStatus.DONE)
    assert not done.is_overdue(dt.date(2020, 6, 2))
    with pytest.raises(IllegalTransitionError):
        services.task_set_status(actor=None, task=done, status=TaskStatus.TODO)


def test_a_task_cannot_be_given_to_a_member_of_another_committee(world: World) -> None:
    congress = make_congress(world.committee)
    with pytest.raises(ServiceError, match="không thuộc đảng bộ"):
        services.task_create(actor=None, congress=congress, title="x",
                             owner=world.other_member, deadline=dt.date(2020, 6, 1))


def test_the_congress_record_is_updated_with_a_version_check(world: World) -> None:
    congress = make_congress(world.committee)
    services.congress_update(actor=None, congress=congress, expected_version=1,
                             changes={"venue": "Hội trường mới"})
    from daihoi.core.errors import ConflictError

    with pytest.raises(ConflictError):
        services.congress_update(actor=None, congress=congress, expected_version=1,
                                 changes={"venue": "Khác"})
