"""The URL converter for the numbers in public addresses: ids, version numbers, years."""

from __future__ import annotations

from dxportal.lib.fields import LARGEST_ID


class NumberConverter:
    """A whole number from 1 to 2**63 - 1, the range of the database's id columns.

    Django's `int` takes any run of digits, and SQLite cannot be asked for a number past its
    64-bit integers (a 500 for /meetings/1/materials/99999999999999999999/). Here such an
    address, like 0 or a number written with leading zeros, is simply not a page: a 404.
    """

    regex = "[1-9][0-9]{0,18}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > LARGEST_ID:
            raise ValueError(value)  # Django reads it as "this address does not match"
        return number

    def to_url(self, value: int) -> str:
        return str(value)
