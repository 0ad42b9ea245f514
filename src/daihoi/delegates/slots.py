"""What the elections app, above delegates, provides for the chain from a cell congress's count
to the summons (see ``daihoi.core.slots``): delegates imports no elections."""

from __future__ import annotations

from typing import TYPE_CHECKING

from daihoi.core.slots import Slot

if TYPE_CHECKING:
    from daihoi.congress.models import Congress
    from daihoi.roster.models import Member

#: Where a cell congress's count in daihoi and its typed report differ (empty when they agree
#: or when there is only one of them), as sentences.
cell_differences: Slot[[Congress], list[str]] = Slot("delegates.cell_differences")

#: The members a cell congress sends, with their role (``ResultRole``), delegates first: from
#: its count in daihoi where it counted there, else from its typed report.
cell_summons: Slot[[Congress], list[tuple[Member, str]]] = Slot("delegates.cell_summons")
