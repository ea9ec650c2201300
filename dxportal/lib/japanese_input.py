"""Normalising and checking what people type in Japanese forms.

Everything here accepts what a Japanese keyboard produces (full-width digits, the many kinds of
hyphen and long-vowel marks, hiragana for furigana) and returns one canonical form, or raises
ValueError with a message a person can act on.
"""

from __future__ import annotations

import re
import unicodedata

HYPHENS = "‐‑‒–—―−－ｰー"
CORPORATE_NUMBER_LENGTH = 13
KATAKANA = re.compile(r"^[ァ-ヶー・　 ]+$")
# str.isdigit() is true for every script's digits (٠١٢, ०१२ …), which NFKC leaves alone.
ASCII_DIGITS = re.compile(r"[0-9]+")


def to_half_width(text: str) -> str:
    """Full-width digits, letters and symbols to their ASCII forms (NFKC), trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def digits_and_hyphens(text: str) -> str:
    """Digits with every kind of dash turned into '-' and spaces and brackets dropped."""
    text = to_half_width(text)
    for dash in HYPHENS:
        text = text.replace(dash, "-")
    return re.sub(r"[\s()（）]", "", text)


def corporate_number_check_digit(base: str) -> int:
    """The check digit of a 法人番号 for its 12-digit base (P12 … P1, P1 rightmost)."""
    total = 0
    for n, digit in enumerate(reversed(base), start=1):
        total += int(digit) * (1 if n % 2 == 1 else 2)
    return 9 - (total % 9)


def normalise_corporate_number(text: str) -> str:
    """A 13-digit 法人番号 with a valid check digit; hyphens and spaces are ignored."""
    number = digits_and_hyphens(text).replace("-", "")
    if not ASCII_DIGITS.fullmatch(number) or len(number) != CORPORATE_NUMBER_LENGTH:
        raise ValueError("法人番号は13桁の数字で入力してください。")
    if int(number[0]) != corporate_number_check_digit(number[1:]):
        # People know their number, not how it is checked: the message names no check digit.
        raise ValueError(
            "法人番号が正しくありません。13桁の番号をお確かめください"
            "（国税庁法人番号公表サイトで確認できます）。"
        )
    return number


def normalise_phone(text: str) -> str:
    """A Japanese phone number: 10 or 11 digits starting with 0, hyphens kept where typed."""
    phone = re.sub(r"-{2,}", "-", digits_and_hyphens(text)).strip("-")
    digits = phone.replace("-", "")
    if (
        not ASCII_DIGITS.fullmatch(digits)
        or not digits.startswith("0")
        or len(digits) not in (10, 11)
    ):
        raise ValueError("電話番号は0から始まる10桁または11桁で入力してください。例: 017-734-9418")
    return phone


def normalise_postal_code(text: str) -> str:
    """A postal code as 123-4567."""
    digits = digits_and_hyphens(text).replace("-", "").removeprefix("〒")
    if not ASCII_DIGITS.fullmatch(digits) or len(digits) != 7:
        raise ValueError("郵便番号は7桁の数字で入力してください。例: 030-0801")
    return f"{digits[:3]}-{digits[3:]}"


def hiragana_to_katakana(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


def normalise_katakana(text: str) -> str:
    """Furigana in full-width katakana; hiragana and half-width katakana are converted."""
    kana = hiragana_to_katakana(unicodedata.normalize("NFKC", text).strip())
    kana = re.sub(r"[\s　]+", " ", kana)
    if not kana or not KATAKANA.match(kana):
        raise ValueError("フリガナはカタカナで入力してください。例: アオモリ タロウ")
    return kana
