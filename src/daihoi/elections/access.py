"""Who may see and do what in an election. Views fetch through these helpers, which answer 404
for an object outside the user's reach (its existence is not revealed).

* the **office** of the congress's organization (or above) sets up the election and runs the
  round's transitions;
* a **counting-board member** with a login sees the election's rounds and keys at the desk
  given to them;
* the **head of the counting board** also resolves differences and runs the transitions;
* the cell's secretary, who presides over the cell's congress (its presidium: the presidium has
  no login of its own), sees a cell congress's elections (read only).

Nobody else: a member of a preparatory sub-committee (documents, personnel, organization) sees
the congress's preparation but not its election lists, board or rounds (least privilege; the
whole table is in docs/access.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext

from daihoi.congress.access import can_manage_congress
from daihoi.congress.models import Congress
from daihoi.core.errors import ServiceError
from daihoi.elections.models import BoardMember, Election, EntryDesk, Round, RoundStatus
from daihoi.roster.access import scope_for


@dataclass(frozen=True)
class ElectionAccess:
    see: bool
    manage: bool
    board: bool
    head: bool

    @property
    def run(self) -> bool:
        """May run the round's transitions (the office or the board head)."""
        return self.manage or self.head

    @property
    def sees_count(self) -> bool:
        """May see a round's count before it is announced and take its outputs and ballots to
        print (the office or the board)."""
        return self.run or self.board


def access_for(user: Any, election: Election) -> ElectionAccess:
    if not getattr(user, "is_authenticated", False):
        return ElectionAccess(False, False, False, False)
    manage = can_manage_congress(user, election.congress)
    rows = list(
        BoardMember.objects.filter(election=election, member__user=user).values_list(
            "is_head", flat=True
        )
    )
    board = bool(rows)
    head = any(rows)
    see = manage or board or scope_for(user).leads(election.congress.organization)
    return ElectionAccess(see, manage, board, head)


def can_see_congress_elections(user: Any, congress: Congress) -> bool:
    """The congress's list of elections: its office, the presiding cell secretary of a cell
    congress, or a member of the counting board of one of its elections."""
    if not getattr(user, "is_authenticated", False):
        return False
    if can_manage_congress(user, congress) or scope_for(user).leads(congress.organization):
        return True
    return BoardMember.objects.filter(election__congress=congress, member__user=user).exists()


def get_elections_congress_for_user(user: Any, pk: int) -> Congress:
    congress = Congress.objects.select_related("organization", "organization__parent").filter(
        pk=pk).first()
    if congress is None or not can_see_congress_elections(user, congress):
        raise Http404
    return congress


def get_election_for_user(user: Any, pk: int) -> tuple[Election, ElectionAccess]:
    election = (
        Election.objects.select_related("congress", "congress__organization",
                                        "congress__organization__parent")
        .filter(pk=pk)
        .first()
    )
    if election is None:
        raise Http404
    acc = access_for(user, election)
    if not acc.see:
        raise Http404
    return election, acc


def get_round_for_user(user: Any, pk: int) -> tuple[Round, ElectionAccess]:
    rnd = (
        Round.objects.select_related("election", "election__congress",
                                     "election__congress__organization",
                                     "election__congress__organization__parent")
        .filter(pk=pk)
        .first()
    )
    if rnd is None:
        raise Http404
    acc = access_for(user, rnd.election)
    if not acc.see:
        raise Http404
    return rnd, acc


def get_own_desk(user: Any, round_pk: int) -> EntryDesk:
    """The user's own desk of the round: the desk grants access by itself (a desk is only given
    to a board member of the election or staff of the organization); without one, 404 for a
    round the user may not see, else 403."""
    desk = EntryDesk.objects.select_related(
        "round", "round__election", "round__election__congress",
        "round__election__congress__organization", "round__second_reading").filter(
        round_id=round_pk, user_id=getattr(user, "pk", None) or 0).first()
    if desk is None:
        get_round_for_user(user, round_pk)
        raise PermissionDenied
    return desk


def get_counted_round_for_user(user: Any, round_pk: int, *, void_ok: bool = False) -> Round:
    """A round whose count (its outputs: minutes, exports) the user may take: the office or the
    board, once the round is counted (``void_ok``: a void round has its minutes); 404 else."""
    rnd, acc = get_round_for_user(user, round_pk)
    counted = rnd.result is not None or (void_ok and rnd.status == RoundStatus.VOID)
    if not acc.sees_count or not counted:
        raise Http404
    return rnd


def get_results_round_for_user(user: Any, round_pk: int) -> Round:
    """A round whose results page the user may see: announced, for whoever sees the election;
    counted and not yet announced, for the office and the board only; 404 else."""
    rnd, acc = get_round_for_user(user, round_pk)
    if rnd.result is None:
        raise Http404
    if rnd.status != RoundStatus.ANNOUNCED and not acc.sees_count:
        raise Http404
    return rnd


def desks_of_user(user: Any) -> list[EntryDesk]:
    """The desks given to ``user``, in every round."""
    return list(EntryDesk.objects.filter(user_id=getattr(user, "pk", None) or 0)
                .select_related("round__election"))


def desk_of(user: Any, rnd: Round) -> EntryDesk | None:
    return EntryDesk.objects.filter(round=rnd, user=user).first()


def elections_for_board_user(user: Any) -> list[Election]:
    """Elections where ``user`` sits on the counting board."""
    return list(
        Election.objects.filter(board__member__user=user)
        .select_related("congress", "congress__organization")
        .distinct()
    )


def desk_user_for(rnd: Round, pk: str, username: str) -> Any:
    """The user to give a desk: a board member picked from the list, or technical staff named
    by login, who must hold a role in the congress's organization (never another one's)."""
    users = get_user_model().objects.filter(is_active=True)
    name = username.strip()
    user = (users.filter(username=name).first() if name
            else users.filter(pk=int(pk)).first() if pk.strip().isdigit() else None)
    path = rnd.election.congress.organization.path
    if user is None or not (
        BoardMember.objects.filter(election=rnd.election, member__user=user).exists()
        or user.daihoi_roles.filter(organization__path__startswith=path).exists()
    ):
        raise ServiceError(gettext(
            "Không có người dùng này trong đảng bộ của đại hội."), field="user")
    return user
