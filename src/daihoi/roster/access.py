"""Who may see and change what in the roster. Every view fetches through these selectors, which
answer 404 for an object outside the user's scope (so its existence is not revealed)."""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from daihoi.roster.choices import OrgKind, RoleKind
from daihoi.roster.models import Member, Organization, Role


@dataclass(frozen=True)
class Scope:
    """What one user reaches: subtrees they administer, cells they lead, their own record."""

    admin_orgs: tuple[Organization, ...]
    secretary_cells: tuple[Organization, ...]
    member_id: int | None

    @property
    def is_office(self) -> bool:
        return bool(self.admin_orgs)

    def administers(self, org: Organization) -> bool:
        return any(org.path.startswith(a.path) for a in self.admin_orgs)

    def leads(self, org: Organization) -> bool:
        return any(org.pk == c.pk for c in self.secretary_cells)


def scope_for(user: Any) -> Scope:
    """The user's scope, computed once per request (cached on the user object)."""
    cached: Scope | None = getattr(user, "_daihoi_scope", None)
    if cached is not None:
        return cached
    if not getattr(user, "is_authenticated", False):
        scope = Scope((), (), None)
    else:
        roles = list(Role.objects.filter(user=user).select_related("organization"))
        member = Member.objects.filter(user=user).values_list("pk", flat=True).first()
        scope = Scope(
            admin_orgs=tuple(r.organization for r in roles if r.kind == RoleKind.OFFICE_ADMIN),
            secretary_cells=tuple(
                r.organization for r in roles if r.kind == RoleKind.CELL_SECRETARY
            ),
            member_id=member,
        )
    user._daihoi_scope = scope
    return scope


def is_office(user: Any) -> bool:
    return scope_for(user).is_office


def _org_q(scope: Scope, prefix: str = "") -> Q:
    parts = [Q(**{f"{prefix}path__startswith": a.path}) for a in scope.admin_orgs]
    parts += [Q(**{f"{prefix}pk": c.pk}) for c in scope.secretary_cells]
    if not parts:
        return Q(pk__in=[])
    return functools.reduce(operator.or_, parts)


def organizations_visible_to(user: Any) -> QuerySet[Organization]:
    scope = scope_for(user)
    q = _org_q(scope)
    if scope.member_id is not None:
        q |= Q(members__pk=scope.member_id)
    return Organization.objects.filter(q).distinct()


def get_organization_for_user(user: Any, code: str) -> Organization:
    """The organization ``code`` if the user administers it or leads it; 404 otherwise."""
    scope = scope_for(user)
    org = Organization.objects.filter(code=code).first()
    if org is None or not (scope.administers(org) or scope.leads(org)):
        raise Http404
    return org


def get_managed_organization(user: Any, code: str) -> Organization:
    """The organization ``code`` if the user's office administers it; 404 otherwise."""
    org = Organization.objects.filter(code=code).first()
    if org is None or not scope_for(user).administers(org):
        raise Http404
    return org


def members_visible_to(user: Any) -> QuerySet[Member]:
    scope = scope_for(user)
    # A subquery on the organizations rather than a join, so the member table's indexes serve
    # the filter (measured on 100,000 members: the join made SQLite scan the wide rows).
    q = Q(cell_id__in=Organization.objects.filter(_org_q(scope)).values("pk"))
    if scope.member_id is not None:
        q |= Q(pk=scope.member_id)
    return Member.objects.filter(q)


def get_member_for_user(user: Any, pk: int, *, for_write: bool = False) -> Member:
    """The member ``pk`` if the user may see it (and, with ``for_write``, change it); else 404."""
    member = members_visible_to(user).select_related("cell", "agency").filter(pk=pk).first()
    if member is None:
        raise Http404
    if for_write and not scope_for(user).administers(member.cell):
        raise Http404
    return member


def cells_managed_by(user: Any) -> QuerySet[Organization]:
    """Cells into which the user's office may put members."""
    scope = scope_for(user)
    if not scope.admin_orgs:
        return Organization.objects.none()
    return Organization.objects.filter(_org_q(Scope(scope.admin_orgs, (), None)), kind=OrgKind.CELL)


def users_managed_by(user: Any, org: Organization) -> QuerySet[Any]:
    """The logins whose every role lies in ``org``'s subtree, which the user's office administers
    (never the user themself, nor a superuser): whose password that office may reset."""
    from django.contrib.auth import get_user_model

    if not scope_for(user).administers(org):
        return get_user_model().objects.none()
    outside = Role.objects.exclude(organization__path__startswith=org.path).values("user_id")
    inside = Role.objects.filter(organization__path__startswith=org.path).values("user_id")
    return (
        get_user_model().objects.filter(pk__in=inside, is_superuser=False)
        .exclude(pk__in=outside).exclude(pk=user.pk).order_by("username")
    )


def get_user_for_office(user: Any, code: str, pk: int) -> Any:
    """The login ``pk`` of organization ``code`` for the office that administers it; else 404."""
    org = get_managed_organization(user, code)
    target = users_managed_by(user, org).filter(pk=pk).first()
    if target is None:
        raise Http404
    return target
