from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from daihoi.audit.services import audit_record
from daihoi.congress.models import Congress
from daihoi.core.errors import ServiceError
from daihoi.roster.models import Organization
from daihoi.roster.services import committee_of


@transaction.atomic
def congress_create(
    *, actor: Any, organization: Organization, kind: str, ordinal: int, term_start: int,
    term_end: int, theme: str = "", venue: str = "", part_of: Congress | None = None,
    is_pilot: bool = False, opens_at: dt.datetime | None = None,
    preparatory_session_at: dt.datetime | None = None, closes_at: dt.datetime | None = None,
) -> Congress:
    congress = Congress(
        organization=organization, kind=kind, ordinal=ordinal, term_start=term_start,
        term_end=term_end, theme=theme, venue=venue, part_of=part_of, is_pilot=is_pilot,
        opens_at=opens_at, preparatory_session_at=preparatory_session_at, closes_at=closes_at,
    )
    try:
        congress.full_clean()
    except ValidationError as exc:
        raise ServiceError("; ".join(m for ms in exc.message_dict.values() for m in ms)) from exc
    congress.save()
    audit_record(actor=actor, action="congress.create", obj=congress,
                 organization_id=committee_of(organization).pk,
                 summary=f"Tạo {congress.title}",
                 data={"organization": organization.code, "term": congress.term})
    return congress
