"""The one reading of Japanese dates, shared by the admin's date fields and the imports."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta

import pytest
from django import forms
from django.core.exceptions import ValidationError
from hypothesis import example, given
from hypothesis import strategies as st

from dxportal.lib.japanese_dates import (
    DATE_HINT,
    JapaneseDateField,
    JapaneseSplitDateTimeField,
    parse_japanese_date,
)
from dxportal.lib.wareki import EARLIEST_DATE, WEEKDAYS, format_wareki

JUNE_2 = date(2023, 6, 2)
FULL_WIDTH = str.maketrans("0123456789-/.", "０１２３４５６７８９－／．")


@pytest.mark.parametrize(
    "text",
    [
        "2023-06-02",
        "2023-6-2",
        "2023/6/2",
        "2023/06/02",
        "2023.6.2",
        "2023年6月2日",
        "2023年06月02日",
        "２０２３－０６－０２",
        "２０２３／６／２",
        "２０２３年６月２日",
        "令和5年6月2日",
        "令和５年６月２日",
        "令和5年6月2日(金)",
        "令和5年6月2日（金）",
        "令和5年6月2日(金曜日)",
        "2023年6月2日（金）",
        "R5.6.2",
        "r5/6/2",
        "R05-06-02",
        "Ｒ５．６．２",
        "R5年6月2日",
        "令和5/6/2",
        "㋿5.6.2",
        " 2023-06-02 ",
        "\u30002023/6/2\u3000",
        "\t令和5年6月2日\n",
        "2023年 6月 2日",
        "2023‐06‐02",  # a Japanese keyboard's hyphen
        "2023ー06ー02",  # the long-vowel mark typed for a dash
    ],
)
def test_reads_what_japanese_staff_write(text):
    assert parse_japanese_date(text) == JUNE_2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和元年5月1日", date(2019, 5, 1)),
        ("令和1年5月1日", date(2019, 5, 1)),
        ("R1.5.1", date(2019, 5, 1)),
        ("R元.5.1", date(2019, 5, 1)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("H31.4.30", date(2019, 4, 30)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("昭和64年1月7日", date(1989, 1, 7)),
        ("S64.1.7", date(1989, 1, 7)),
        ("㍻31.4.30", date(2019, 4, 30)),
        ("大正元年7月30日", date(1912, 7, 30)),
        ("明治45年7月29日", date(1912, 7, 29)),
        ("明治6年1月1日", date(1873, 1, 1)),
        ("2024/2/29", date(2024, 2, 29)),
        ("令和8年3月31日", date(2026, 3, 31)),
    ],
)
def test_reads_every_era_up_to_its_last_day(text, expected):
    assert parse_japanese_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "平成31年5月1日",
            "「平成31年5月1日」という日はありません。平成は平成31年4月30日までです。",
        ),
        ("H31.5.1", "平成は平成31年4月30日までです。"),
        (
            "令和元年4月30日",
            "「令和元年4月30日」という日はありません。令和は令和元年5月1日からです。",
        ),
        ("R1.4.30", "令和は令和元年5月1日からです。"),
        ("平成元年1月7日", "平成は平成元年1月8日からです。"),
        ("昭和64年1月8日", "昭和は昭和64年1月7日までです。"),
        ("令和0年6月2日", "令和は令和元年5月1日からです。"),
    ],
)
def test_refuses_days_an_era_never_had(text, message):
    with pytest.raises(ValueError) as refused:
        parse_japanese_date(text)
    assert message in str(refused.value)


@pytest.mark.parametrize(
    "text",
    ["06/02/2023", "6/2/2023", "02.06.2023", "06-02-2023", "6/2", "23/6/2", "2023 6 2", "20230602"],
)
def test_does_not_guess_month_first_or_short_dates(text):
    with pytest.raises(ValueError) as refused:
        parse_japanese_date(text)
    assert str(refused.value) == f"「{text}」は日付として読めません。{DATE_HINT}"
    assert DATE_HINT == "日付は 2023-06-02、2023/6/2、令和5年6月2日 のように入力してください。"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "きのう",
        "2023/6-2",
        "2023-06-02T10:00",
        "令和5年6月",
        "X5.6.2",
        "２０２３年６月２日ごろ",
    ],
)
def test_refuses_what_is_no_date(text):
    with pytest.raises(ValueError, match="日付は 2023-06-02"):
        parse_japanese_date(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2023-02-29", "「2023-02-29」という日はありません。"),
        ("2023/13/1", "「2023/13/1」という日はありません。"),
        ("令和5年6月31日", "「令和5年6月31日」という日はありません。"),
        ("1872-12-31", "明治6年1月1日（1873年1月1日）より前の日付は入力できません。"),
        ("明治5年12月2日", "より前の日付は入力できません。"),
        ("明治元年1月1日", "より前の日付は入力できません。"),  # before 明治 itself began
        (
            "令和5年6月2日(月)",
            "「令和5年6月2日(月)」の曜日が合いません。2023年6月2日は金曜日です。",
        ),
    ],
)
def test_names_what_is_wrong_with_a_date_that_reads(text, message):
    with pytest.raises(ValueError) as refused:
        parse_japanese_date(text)
    assert message in str(refused.value)


def test_a_long_entry_is_cut_in_the_message():
    with pytest.raises(ValueError) as refused:
        parse_japanese_date("あ" * 5000)
    assert len(str(refused.value)) < 120


def spellings(day: date) -> list[str]:
    """Ways staff write one day: western with three separators and in kanji, 和暦 as the portal
    writes it (with its weekday), by era initial, and all of it in full width."""
    iso = day.isoformat()
    name = format_wareki(day)
    era_initial = {"明治": "M", "大正": "T", "昭和": "S", "平成": "H", "令和": "R"}[name[:2]]
    era_year = name[2 : name.index("年")].replace("元", "1")
    written = [
        iso,
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}.{day.month}.{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        name,
        format_wareki(day, weekday=True),
        f"{era_initial}{era_year}.{day.month}.{day.day}",
        f"{era_initial.lower()}{era_year}/{day.month}/{day.day}",
    ]
    return written + [text.translate(FULL_WIDTH) for text in written]


@given(st.dates(min_value=EARLIEST_DATE, max_value=date(2100, 12, 31)))
@example(date(2019, 4, 30))
@example(date(2019, 5, 1))
@example(date(1989, 1, 7))
@example(date(1989, 1, 8))
@example(EARLIEST_DATE)
def test_every_spelling_of_any_day_reads_back_as_that_day(day):
    for text in spellings(day):
        assert parse_japanese_date(text) == day, text


@given(st.dates(min_value=date(1873, 1, 13), max_value=date(2100, 12, 31)))
def test_month_first_is_never_read_as_some_other_day(day):
    """06/02/2023 could be 2 June or 6 February: neither is guessed, whatever the day."""
    for text in (f"{day.month:02}/{day.day:02}/{day.year}", f"{day.month}/{day.day}/{day.year}"):
        with pytest.raises(ValueError, match="日付として読めません"):
            parse_japanese_date(text)


@given(st.dates(min_value=EARLIEST_DATE, max_value=date(2100, 12, 31)))
def test_a_wrong_weekday_is_caught(day):
    wrong = WEEKDAYS[(day.weekday() + 1) % 7]
    with pytest.raises(ValueError, match="曜日が合いません"):
        parse_japanese_date(f"{format_wareki(day)}({wrong})")


@given(st.text(max_size=30))
def test_anything_typed_either_reads_or_says_why_in_japanese(text):
    try:
        parse_japanese_date(text)
    except ValueError as error:
        assert "日" in str(error)
        # What was typed is shown, without its control characters.
        assert not [char for char in str(error) if unicodedata.category(char) == "Cc"]


@given(
    st.sampled_from(["明治", "大正", "昭和", "平成", "令和", "M", "T", "S", "H", "R"]),
    st.integers(0, 99),
    st.integers(0, 13),
    st.integers(0, 32),
)
@example("明治", 1, 1, 1)  # before 明治 began, and before 1873: wareki itself cannot say it
def test_any_era_date_reads_or_is_refused_in_japanese(era, year, month, day):
    try:
        parse_japanese_date(f"{era}{year}年{month}月{day}日")
    except ValueError as error:
        assert re.search(r"[ぁ-ん]", str(error)), str(error)
        assert not re.search(r"[A-Za-z]{2,}", str(error)), str(error)


def test_the_form_field_reads_japanese_dates_and_explains_the_rest():
    field = JapaneseDateField()
    assert field.clean("令和5年6月2日") == JUNE_2
    assert field.clean(JUNE_2) == JUNE_2
    assert JapaneseDateField(required=False).clean("") is None
    with pytest.raises(ValidationError) as refused:
        field.clean("06/02/2023")
    assert refused.value.messages == [f"「06/02/2023」は日付として読めません。{DATE_HINT}"]


def test_the_date_and_time_field_reads_its_date_part_the_same_way(settings):
    field = JapaneseSplitDateTimeField()
    value = field.clean(["R5.6.2", "20:49"])
    assert (value.date(), value.hour, value.minute) == (JUNE_2, 20, 49)
    assert value.utcoffset() == timedelta(hours=9)  # Asia/Tokyo
    with pytest.raises(ValidationError) as refused:
        field.clean(["06/02/2023", "20:49"])
    assert DATE_HINT in " ".join(refused.value.messages)
    with pytest.raises(ValidationError):
        field.clean(["", "20:49"])


def test_any_other_date_field_reads_the_year_first_and_never_the_month_first():
    """Outside the admin's own fields (e.g. the publish form), Django's DateField with the
    project's formats (dxportal/formats/ja): 2023/6/2 yes, 06/02/2023 never as June 2nd."""
    field = forms.DateField()
    assert field.clean("2023/6/2") == date(2023, 6, 2)
    assert field.clean("2023-06-02") == date(2023, 6, 2)
    with pytest.raises(ValidationError):
        field.clean("06/02/2023")
