"""The one exception of the counting engine: bad input, with the field path."""

from __future__ import annotations


class TallyInputError(ValueError):
    """The input cannot be counted: ``path`` names the field (e.g. ``ballots[12].crossed[1]``).

    This is never a ballot status: an invalid *ballot* is a normal result of counting, while a
    ``TallyInputError`` means the data entered is wrong (a keying error, a wrong setting).
    """

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message
