"""One reading of dates as Japanese staff write them, for the admin's forms and for imports alike.

Staff type 2023/6/2, 令和5年6月2日 or R5.6.2, often in full-width characters, and paste dates from
Word with the weekday after them. Django's own date field took none of these but took 06/02/2023
(its default input formats are American); the importer took yet another set. Both now read dates
here, and a date written month first is refused rather than guessed: 06/02/2023 could be either.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError

from dxportal.lib.japanese_input import HYPHENS
from dxportal.lib.params import without_control_characters
from dxportal.lib.wareki import EARLIEST_DATE, ERAS, WEEKDAYS, format_wareki

DATE_HINT = "日付は 2023-06-02、2023/6/2、令和5年6月2日 のように入力してください。"
# The initials used in R5.6.2 and on official forms (M/T/S/H/R), in the order of ERAS.
ERA_INITIALS = dict(zip("MTSHR", (name for name, _start in ERAS), strict=True))
ERA_STARTS = dict(ERAS)
# [0-9], not \d: \d takes every script's digits, which NFKC leaves as they are.
DATE = re.compile(
    rf"(?:(?P<era>{'|'.join(ERA_STARTS)}|[{''.join(ERA_INITIALS)}])(?P<era_year>元|[0-9]{{1,2}})"
    r"|(?P<year>[0-9]{4}))"
    r"(?:年(?P<kanji_month>[0-9]{1,2})月(?P<kanji_day>[0-9]{1,2})日"
    r"|(?P<sep>[-/.])(?P<month>[0-9]{1,2})(?P=sep)(?P<day>[0-9]{1,2}))"
    rf"(?:\((?P<weekday>[{WEEKDAYS}])(?:曜日?)?\))?",
    re.IGNORECASE,
)
SHOWN_LENGTH = 30


def normalised(text: str) -> str:
    """Half-width characters, one kind of dash, and no spaces at all."""
    text = unicodedata.normalize("NFKC", text)
    for dash in HYPHENS:
        text = text.replace(dash, "-")
    return re.sub(r"\s+", "", text)


def era_end(name: str) -> datetime.date | None:
    """The last day of an era, or None for the present one."""
    names = list(ERA_STARTS)
    following = names.index(name) + 1
    if following == len(names):
        return None
    return ERA_STARTS[names[following]] - datetime.timedelta(days=1)


def parse_japanese_date(text: str) -> datetime.date:
    """The date in text, or ValueError with a message staff can act on (naming what they typed).

    Dates before 1873 are refused: Japan used the lunar calendar until then, and the portal shows
    every date in 和暦 (dxportal/lib/wareki.py), which has no such dates.
    """
    shown = without_control_characters(text).strip()[:SHOWN_LENGTH]
    match = DATE.fullmatch(normalised(text))
    if match is None:
        raise ValueError(f"「{shown}」は日付として読めません。{DATE_HINT}")
    month = int(match["kanji_month"] or match["month"])
    day = int(match["kanji_day"] or match["day"])
    era = match["era"]
    if era:
        era = ERA_INITIALS.get(era.upper(), era)
        era_year = 1 if match["era_year"] == "元" else int(match["era_year"])
        year = ERA_STARTS[era].year + era_year - 1
    else:
        year = int(match["year"])
    try:
        value = datetime.date(year, month, day)
    except ValueError:
        raise ValueError(f"「{shown}」という日はありません。") from None
    if value < EARLIEST_DATE:
        raise ValueError(
            f"{format_wareki(EARLIEST_DATE)}（{EARLIEST_DATE.year}年1月1日）より前の日付は"
            "入力できません。"
        )
    if era:
        check_era(value, era, shown)
    weekday = match["weekday"]
    if weekday and weekday != WEEKDAYS[value.weekday()]:
        raise ValueError(
            f"「{shown}」の曜日が合いません。{value.year}年{value.month}月{value.day}日は"
            f"{WEEKDAYS[value.weekday()]}曜日です。"
        )
    return value


def check_era(value: datetime.date, era: str, shown: str) -> None:
    """Refuse 平成31年5月1日 and 令和元年4月30日: days that era never had."""
    start, end = ERA_STARTS[era], era_end(era)
    if value < start:
        raise ValueError(
            f"「{shown}」という日はありません。{era}は{format_wareki(start)}からです。"
        )
    if end is not None and value > end:
        raise ValueError(f"「{shown}」という日はありません。{era}は{format_wareki(end)}までです。")


class JapaneseDateField(forms.DateField):
    """A date field that reads what parse_japanese_date reads, and refuses month-first dates.

    The admin's calendar writes 2023-06-02 (the first of DATE_INPUT_FORMATS), which this reads.
    """

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_japanese_date(str(value))
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None


class JapaneseSplitDateTimeField(forms.SplitDateTimeField):
    """The admin's date-and-time field, its date part read as JapaneseDateField reads it."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        # As MultiValueField.__init__ set up the field it replaces.
        date_field = JapaneseDateField(required=False, disabled=self.disabled)
        date_field.error_messages.setdefault("incomplete", self.error_messages["incomplete"])
        self.fields = (date_field, *self.fields[1:])
