"""What the apps above elections add to its outputs, provided in their ``AppConfig.ready``
(see ``daihoi.core.slots``): elections imports none of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from daihoi.core.slots import Slot

if TYPE_CHECKING:
    from daihoi.elections.models import Round

#: The board head's rulings on what the scanner could not read in the round (each unsure name,
#: each ballot ruled invalid or read by hand from the paper), one Vietnamese line each in the
#: order of the ballots' counting numbers, for the counting minutes (``daihoi.scanning``).
scan_rulings: Slot[[Round], list[str]] = Slot("elections.scan_rulings")
