"""Vietnamese name order: given name, then family name, then middle name, under ICU's ``vi``
collation (so Đ sorts after D, a < ă < â, and tone marks order as Vietnamese dictionaries do).

This is the only place that knows how people's names sort. Lists sort in Python with
:func:`name_sort_key`; the database stores :func:`name_sort_key_hex` so that large lists can be
ordered and paged by SQL, on SQLite and PostgreSQL alike (plain ASCII compares bytewise).
"""

from __future__ import annotations

import functools
import threading
import unicodedata
from collections.abc import Iterable
from typing import Protocol, TypeVar

import icu

_local = threading.local()
_SEPARATOR = "\u0001"


def _collator() -> icu.Collator:
    collator = getattr(_local, "collator", None)
    if collator is None:
        collator = icu.Collator.createInstance(icu.Locale("vi"))
        _local.collator = collator
    return collator


def text_sort_key(text: str) -> bytes:
    """ICU ``vi`` collation key of ``text``."""
    key: bytes = _collator().getSortKey(unicodedata.normalize("NFC", text))
    return key


def name_sort_key(family: str, middle: str, given: str) -> bytes:
    """Collation key ordering by given name, then family name, then middle name."""
    collator = _collator()
    parts = (given.strip(), family.strip(), middle.strip())
    keys: list[bytes] = [collator.getSortKey(unicodedata.normalize("NFC", p)) for p in parts]
    # ICU sort keys end with a NUL byte and never contain a lower one, so joining the keys
    # with \x01 makes "An" < "An Bình" in the same way as the full names compare.
    return b"\x01".join(k.rstrip(b"\x00") for k in keys)


def name_sort_key_hex(family: str, middle: str, given: str) -> str:
    """:func:`name_sort_key` as hexadecimal text, for a database column."""
    return name_sort_key(family, middle, given).hex()


class HasName(Protocol):
    family_name: str
    middle_name: str
    given_name: str


T = TypeVar("T", bound=HasName)


def sort_people(people: Iterable[T]) -> list[T]:
    """``people`` in Vietnamese name order."""
    return sorted(people, key=lambda p: name_sort_key(p.family_name, p.middle_name, p.given_name))


def fold(text: str) -> str:
    """Lower-case ``text`` without diacritics (``Đặng Thị Ánh`` → ``dang thi anh``), for search."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    stripped = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


@functools.cache
def collation_name() -> str:
    return f"ICU {icu.ICU_VERSION} vi"
