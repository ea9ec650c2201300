"""The URL converter for the numbers in addresses: ids, version numbers, years.

Registered when this module is first imported; every URL module that writes `<num:…>` imports it
first, so the converter is there whichever URL module Django reads first.
"""

from __future__ import annotations

from django.urls import register_converter

from dxportal.lib.fields import LARGEST_ID


class NumberConverter:
    """A whole number from 0 to 2**63 - 1, the range of the database's integer columns.

    Django's `int` takes any run of digits, and SQLite cannot be asked for a number past its
    64-bit integers (a 500 for /meetings/1/materials/99999999999999999999/). Here such an
    address, like a number written with leading zeros, is simply not a page: a 404. Zero stays
    an address (a 版 numbered 0 by staff still has its page).
    """

    regex = "0|[1-9][0-9]{0,18}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > LARGEST_ID:
            raise ValueError(value)  # Django reads it as "this address does not match"
        return number

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(NumberConverter, "num")
