"""What the apps above congress add to its pages, provided in their ``AppConfig.ready``
(see ``daihoi.core.slots``): congress imports none of them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from daihoi.core.slots import Slot

if TYPE_CHECKING:
    from daihoi.congress.models import Congress
    from daihoi.congress.selectors import TimelineEvent

#: The congress's documents as ``user`` may see them, each with where it stands (the overview).
documents_overview: Slot[[Any, Congress], list[Any]] = Slot("congress.documents_overview")

#: The documents' deadlines for opinions, as events of the preparation's timeline.
document_events: Slot[[Congress, dt.date], list[TimelineEvent]] = Slot(
    "congress.document_events")

#: When the summary report of opinions is due to the higher committee, and the days left
#: (negative when overdue), or None when the congress has no closing date yet.
summary_due: Slot[[Congress, dt.date], Any] = Slot("congress.summary_due")
