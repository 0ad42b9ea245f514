"""Bounds of the numbers a user can type, once for the models, the database and the forms.

Each numeric field a user enters gets a range: validators on the model field (so
``full_clean()`` in every service refuses it with a Vietnamese message), the same range as a
database ``CheckConstraint`` (SQLite and PostgreSQL; SQLite stores any 64-bit integer
otherwise), and ``min_value``/``max_value`` on the form field. The ranges, chosen far beyond
any real congress but small enough that nothing computed from them can blow up:

============================  ==========================  =====================================
Range                         Fields                      Why
============================  ==========================  =====================================
``SEATS`` 1–500               seats of an election, a     a committee has tens of members; a
                              round, a personnel plan     delegate list a few hundred
``ROUND_SEATS`` 0–500         a round's seats             0 in a further round held for
                                                          alternate places only
``ALTERNATES`` 0–100          alternates (same objects)   a handful in practice
``COUNT`` 0–1,000,000         people and ballots: summ-   far above the largest đảng bộ; keeps
                              oned, present, deductions,  every sum far from integer overflow
                              printed/issued/collected,
                              votes, floor nominations,
                              credentials recognised
``BADGE`` 1–1,000,000         a delegate's badge number   one per delegate
``QUORUM`` 1–100              quorum numerator and        a ratio such as 2/3 or 1/2
                              denominator
``ORDINAL`` 1–200             the congress's "lần thứ"    the oldest committees are near 40
``YEAR`` 1930–2200            term start and end years    the Party's founding year onwards
``VERSION`` 1–2³¹−1           hidden optimistic-lock      a PostgreSQL ``integer``
                              versions posted by forms
``ID`` 1–2⁶³−1                a primary key posted by     SQLite and PostgreSQL ``bigint``
                              a form                      (beyond: OverflowError on SQLite)
============================  ==========================  =====================================
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Range:
    low: int
    high: int

    def validators(self) -> list[MinValueValidator | MaxValueValidator]:
        """Model-field validators with Vietnamese messages."""
        return [
            MinValueValidator(self.low, message=_("Giá trị phải từ %(limit_value)s trở lên.")),
            MaxValueValidator(self.high,
                              message=_("Giá trị không được lớn hơn %(limit_value)s.")),
        ]

    def constraint(
        self, field: str, *, name: str, nullable: bool = False
    ) -> models.CheckConstraint:
        """The database check of ``field`` (``name``: unique in the database)."""
        condition = models.Q(**{f"{field}__gte": self.low, f"{field}__lte": self.high})
        if nullable:
            condition |= models.Q(**{f"{field}__isnull": True})
        return models.CheckConstraint(condition=condition, name=name)

    def form_field(self, **kwargs: Any) -> forms.IntegerField:
        """A form field for a number in the range, with Vietnamese messages."""
        kwargs.setdefault("error_messages", {
            "invalid": _("Hãy nhập một số nguyên (chỉ gồm chữ số)."),
            "min_value": _("Giá trị phải từ %(limit_value)s trở lên."),
            "max_value": _("Giá trị không được lớn hơn %(limit_value)s."),
        })
        return forms.IntegerField(min_value=self.low, max_value=self.high, **kwargs)

    def parse(self, raw: str | None, *, label: str) -> int:
        """``raw`` (a posted value) as an int within the range, or ValueError whose message
        names ``label`` and the range in the reader's language."""
        text = (raw or "").strip()
        try:
            value = int(text)
        except ValueError:
            raise ValueError(gettext("“%(label)s” phải là một số nguyên.") % {
                "label": label}) from None
        if not self.low <= value <= self.high:
            raise ValueError(gettext("“%(label)s” phải từ %(low)s đến %(high)s.") % {
                "label": label, "low": _vi(self.low), "high": _vi(self.high)})
        return value


def _vi(value: int) -> str:
    """An integer with the Vietnamese thousands separator."""
    return f"{value:,}".replace(",", ".")


SEATS = Range(1, 500)
#: A round's official seats: 0 in a further round held for alternate places only.
ROUND_SEATS = Range(0, 500)
ALTERNATES = Range(0, 100)
COUNT = Range(0, 1_000_000)
BADGE = Range(1, 1_000_000)
QUORUM = Range(1, 100)
ORDINAL = Range(1, 200)
YEAR = Range(1930, 2200)
VERSION = Range(1, 2**31 - 1)
ID = Range(1, 2**63 - 1)
