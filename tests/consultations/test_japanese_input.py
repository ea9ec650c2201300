"""dxportal/lib/japanese_input.py at its edges: what a Japanese keyboard types, in and out.

Each normaliser either returns one canonical form or raises ValueError with a message a person
can act on; these tests type the awkward things people really type (full-width digits, the many
kinds of dash, half-width katakana) and the things that must be refused.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dxportal.lib.japanese_input import (
    corporate_number_check_digit,
    normalise_corporate_number,
    normalise_katakana,
    normalise_phone,
    normalise_postal_code,
)

FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC_INDIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def full_width(text: str) -> str:
    return text.translate(FULL_WIDTH_DIGITS)


def reference_check_digit(base: str) -> int:
    """The rule as the 国税庁 publishes it, written out independently of the code under test.

    check = 9 − (Σ Pn × Qn mod 9), n = 1 … 12, P1 the rightmost digit of the 12-digit base,
    Qn = 1 when n is odd and 2 when n is even.
    """
    assert len(base) == 12
    total = sum(
        int(base[-n]) * (1 if n % 2 == 1 else 2)
        for n in range(1, 13)  # base[-1] is P1
    )
    return 9 - total % 9


# --- 法人番号 -----------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["7000012050002", "4011001098993"])
def test_known_corporate_numbers_are_accepted(number):
    assert normalise_corporate_number(number) == number


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("７００００１２０５０００２", "7000012050002"),
        ("7-0000-1205-0002", "7000012050002"),
        ("7000-0120-50002", "7000012050002"),
        ("７０００ー０１２０ー５０００２", "7000012050002"),
        ("７０００－０１２０－５０００２", "7000012050002"),
        ("4011 0010 98993", "4011001098993"),
        ("４０１１　００１０　９８９９３", "4011001098993"),
        ("  4011001098993  ", "4011001098993"),
    ],
)
def test_corporate_numbers_typed_in_full_width_or_with_separators(typed, expected):
    assert normalise_corporate_number(typed) == expected


@pytest.mark.parametrize("number", ["7000012050003", "1000012050002", "4011001098990"])
def test_a_wrong_check_digit_is_refused(number):
    with pytest.raises(ValueError, match="法人番号が正しくありません"):
        normalise_corporate_number(number)


@pytest.mark.parametrize(
    "number",
    [
        "700001205000",  # 12 digits
        "70000120500021",  # 14 digits
        "700001205000A",  # a letter
        "ABCDEFGHIJKLM",
        "7000O12O50002",  # letter O for zero
        "",
        "-",
    ],
)
def test_corporate_numbers_of_the_wrong_length_or_with_letters_are_refused(number):
    with pytest.raises(ValueError, match="13桁の数字"):
        normalise_corporate_number(number)


@pytest.mark.parametrize(("number"), ["7000012050002", "4011001098993"])
def test_check_digit_of_the_examples(number):
    assert corporate_number_check_digit(number[1:]) == int(number[0])
    assert reference_check_digit(number[1:]) == int(number[0])


@settings(max_examples=300, deadline=None, database=None)
@given(base=st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_exactly_one_leading_digit_makes_a_valid_corporate_number(base):
    check = reference_check_digit(base)
    assert 1 <= check <= 9
    assert corporate_number_check_digit(base) == check
    assert normalise_corporate_number(f"{check}{base}") == f"{check}{base}"
    for digit in "0123456789":
        if digit != str(check):
            with pytest.raises(ValueError):
                normalise_corporate_number(f"{digit}{base}")


# --- 電話番号 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("017-734-9418", "017-734-9418"),
        ("０１７ー７３４ー９４１８", "017-734-9418"),  # ー: the long-vowel mark an IME gives
        ("０１７－７３４－９４１８", "017-734-9418"),  # －: full-width hyphen-minus
        ("017‐734‐9418", "017-734-9418"),  # ‐: U+2010 hyphen
        ("017−734−9418", "017-734-9418"),  # −: minus sign
        ("017ｰ734ｰ9418", "017-734-9418"),  # ｰ: half-width long-vowel mark
        ("0177349418", "0177349418"),  # 10 digits, no hyphens
        ("017 734 9418", "0177349418"),
        ("０１７　７３４　９４１８", "0177349418"),
        ("090-1234-5678", "090-1234-5678"),  # 11 digits
        ("09012345678", "09012345678"),
        ("０９０（１２３４）５６７８", "09012345678"),
        ("017--734--9418", "017-734-9418"),  # repeated hyphens collapse
        ("-017-734-9418-", "017-734-9418"),
    ],
)
def test_phone_numbers_as_people_type_them(typed, expected):
    assert normalise_phone(typed) == expected


@pytest.mark.parametrize("typed", ["(017) 734-9418", "（017）734-9418", "(017)734-9418"])
def test_phone_numbers_with_parentheses_keep_only_digits_and_hyphens(typed):
    phone = normalise_phone(typed)
    assert phone.replace("-", "") == "0177349418"
    assert set(phone) <= set("0123456789-")


@pytest.mark.parametrize(
    "typed",
    [
        "017-734-941",  # 9 digits
        "090-1234-56789",  # 12 digits
        "117-734-9418",  # not starting with 0
        "+81-17-734-9418",
        "017-734-94l8",  # a letter l for 1
        "でんわ",
        "",
    ],
)
def test_phone_numbers_of_the_wrong_length_or_shape_are_refused(typed):
    with pytest.raises(ValueError, match="0から始まる10桁または11桁"):
        normalise_phone(typed)


SEPARATORS = st.sampled_from(["", "", "-", "ー", "－", "‐", "−", " ", "　"])


@settings(max_examples=200, deadline=None, database=None)
@given(
    digits=st.integers(9, 10).flatmap(
        lambda n: st.text(alphabet="0123456789", min_size=n, max_size=n)
    ),
    data=st.data(),
)
def test_any_ten_or_eleven_digit_number_typed_any_way_keeps_its_digits(digits, data):
    number = "0" + digits
    typed = "".join(
        (full_width(c) if data.draw(st.booleans()) else c) + data.draw(SEPARATORS) for c in number
    )
    phone = normalise_phone(typed)
    assert phone.replace("-", "") == number
    assert "--" not in phone
    assert not phone.startswith("-")
    assert not phone.endswith("-")


# --- 郵便番号 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["1234567", "123-4567", "１２３４５６７", "１２３－４５６７", "１２３ー４５６７", "〒123-4567"],
)
def test_postal_codes_in_any_width_become_three_hyphen_four(typed):
    assert normalise_postal_code(typed) == "123-4567"


def test_the_seed_desks_postal_code_typed_in_full_width():
    assert normalise_postal_code("０３００８０１") == "030-0801"


@pytest.mark.parametrize("typed", ["123456", "123-456", "12345678", "123-45678", "abc-defg", ""])
def test_postal_codes_without_seven_digits_are_refused(typed):
    with pytest.raises(ValueError, match="7桁の数字"):
        normalise_postal_code(typed)


# --- フリガナ ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("あおもり たろう", "アオモリ タロウ"),  # hiragana to katakana
        ("あおもり　たろう", "アオモリ タロウ"),  # full-width space kept as one space
        ("アオモリ　タロウ", "アオモリ タロウ"),
        ("アオモリ　　 タロウ", "アオモリ タロウ"),  # runs of spaces become one
        ("ｱｵﾓﾘ ﾀﾛｳ", "アオモリ タロウ"),  # half-width katakana to full width
        ("ｶﾞｯｺｳ", "ガッコウ"),  # with a voiced mark, composed into one character
        ("ﾊﾟｰｸ", "パーク"),
        ("かぶしきがいしゃ　りんごてっく", "カブシキガイシャ リンゴテック"),
        ("ヴァイオリン", "ヴァイオリン"),
        ("  アオモリ  ", "アオモリ"),
    ],
)
def test_furigana_becomes_full_width_katakana(typed, expected):
    assert normalise_katakana(typed) == expected


@pytest.mark.parametrize(
    "typed", ["青森 太郎", "Aomori Taro", "アオモリ1", "ｱｵﾓﾘ taro", "アオモリ・太郎", "", "　"]
)
def test_furigana_in_kanji_or_latin_letters_is_refused(typed):
    with pytest.raises(ValueError, match="カタカナで入力してください"):
        normalise_katakana(typed)


# --- digits of other scripts ------------------------------------------------------------------

DEVANAGARI_DIGITS = str.maketrans("0123456789", "०१२३४५६७८९")


@pytest.mark.parametrize(
    "digits", [ARABIC_INDIC_DIGITS, DEVANAGARI_DIGITS], ids=["arabic", "hindi"]
)
@pytest.mark.parametrize(
    ("normalise", "number"),
    [
        (normalise_phone, "0177349418"),
        (normalise_postal_code, "0300801"),
        (normalise_corporate_number, "7000012050002"),
    ],
    ids=["phone", "postal_code", "corporate_number"],
)
def test_digits_of_other_scripts_are_refused(normalise, number, digits):
    # str.isdigit() is true for these and NFKC leaves them alone: they must not be stored.
    typed = number[0] + number[1:].translate(digits)
    with pytest.raises(ValueError):
        normalise(typed)
