"""Numbers as the province writes them: decimal comma, thousands dots, points to 2 decimals
rounded half up. One reader (`parse_number`) for forms and imports, one set of writers for pages,
documents and files."""

import re
from datetime import date, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.utils.formats import number_format
from django.utils.html import avoid_wrapping
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from parindex.scoring.ranking import round2

from .text import nfc

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The whole part of a number: plain digits, or groups of three after a first group that does not
# start with 0, separated by dots or by spaces (also non-breaking ones): 2.000 · 1 234 567.
WHOLE = re.compile(r"[0-9]+|[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[1-9][0-9]{0,2}(?: [0-9]{3})+")
DECIMALS = re.compile(r"[0-9]*")
MINUS = "\N{MINUS SIGN}"  # what the pages and documents print before a negative number
MINUS_SIGNS = ("-", MINUS)

NUMBER_MESSAGES: "dict[str, StrOrPromise]" = {
    "invalid": _(
        "“%(label)s” phải là một số, ví dụ 2.000 hoặc 1.234,5 (dấu chấm ngăn cách "
        "hàng nghìn, dấu phẩy trước phần thập phân)."
    ),
    "negative": _("“%(label)s” không được là số âm."),
    "whole": _("“%(label)s” phải là số nguyên."),
}


class NumberError(ValueError):
    """Not a number as the province writes it; `code` is a key of NUMBER_MESSAGES."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    def message(self, label: str, *, cell: object = None) -> str:
        """The reason in the user's language; an import also quotes the cell it read."""
        text = str(NUMBER_MESSAGES[self.code]) % {"label": label}
        if cell is None:
            return text
        return _("ô có “%(cell)s”: %(reason)s") % {"cell": cell, "reason": text}


def parse_number(value: object, *, whole: bool = False, signed: bool = False) -> Decimal:
    """A number typed in a form or read from a cell, as Vietnamese writes it whatever the
    interface language: 2.000 · 1.234,5 · 1 234,5 · 0,5 · ,5; "0.5" stays a half. Numbers that
    are numbers already (a numeric Excel cell) are taken as they are.

    Refused with NumberError: anything that could be read two ways ("1.2.3", "1.234.5",
    "12.34,5"), words, exponents, NaN and infinities ("invalid"); a negative number unless
    `signed` ("negative"); a fraction when `whole` ("whole").
    """
    if isinstance(value, bool | date | time):
        raise NumberError("invalid")
    if isinstance(value, int | float | Decimal):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise NumberError("invalid") from None
        if not number.is_finite():
            raise NumberError("invalid")
    else:
        number = _read_text(nfc(str(value)))
    if number < 0 and not signed:
        raise NumberError("negative")
    if whole and number != number.to_integral_value():
        raise NumberError("whole")
    return number


def _read_text(text: str) -> Decimal:
    text = " ".join(text.split())
    sign = ""
    if text.startswith(MINUS_SIGNS):
        sign, text = "-", text[1:].lstrip()
    whole, comma, decimals = text.partition(",")
    if not comma and whole.count(".") == 1:
        # A single dot is a decimal point unless it groups thousands: 0.5 and 12.25 (a phone's
        # keypad, an English spreadsheet) are decimals; 1.500 is fifteen hundred; 0.500 a half.
        before, after = whole.split(".")
        if not (len(after) == 3 and WHOLE.fullmatch(whole)):
            whole, decimals = before, after
    if not whole and decimals:
        whole = "0"  # ",5"
    if not (WHOLE.fullmatch(whole) and DECIMALS.fullmatch(decimals)):
        raise NumberError("invalid")
    digits = whole.replace(".", "").replace(" ", "")
    return Decimal(f"{sign}{digits}.{decimals}" if decimals else f"{sign}{digits}")


# Binary units, as Django's filesizeformat counts them.
SIZE_UNITS = (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024))


def number_text(value: Decimal) -> str:
    """The canonical exact text of a number, for storage and machines: "0.25", "2", "100" (no
    exponent, no trailing zeros, a decimal point)."""
    return format(value.normalize(), "f")


def format_exact(value) -> str:
    """A value as typed, without trailing zeros: 0,25 · 13 · 1,5 · 1.234,5 (thousands grouped
    here, not by USE_THOUSAND_SEPARATOR, which would also group years)."""
    exact = Decimal(str(value)).normalize()
    decimals = max(0, -int(exact.as_tuple().exponent))  # finite: the exponent is a number
    return _signed(number_format(exact, decimals, use_l10n=True, force_grouping=True))


def format_points(value) -> str:
    """Official display of points and indices, always two decimals: 12,50 · 100,00 · −2,00."""
    return _signed(number_format(round2(Decimal(str(value))), 2, use_l10n=True))


def format_deduction(value) -> str:
    """Points taken away (a penalty, stored as the positive amount) as a negative figure:
    2 → −2,00; none taken stays 0,00."""
    amount = Decimal(str(value))
    return format_points(-amount if amount else amount)


def _signed(text: str) -> str:
    # Django writes a hyphen; typography and screen readers want the minus sign. "-0,00" (a
    # negative that rounds to zero) is zero.
    if not text.startswith("-"):
        return text
    return text[1:] if not text.strip("-0,.") else MINUS + text[1:]


def format_size(size: int) -> str:
    """A file size to one decimal at most, never split across lines: 20 MB · 1,5 MB · 77 byte
    (filesizeformat always writes the decimal: "20,0 MB")."""
    for unit, factor in SIZE_UNITS:
        if size >= factor:
            shown = (Decimal(size) / factor).quantize(Decimal("0.1"), ROUND_HALF_UP)
            return avoid_wrapping(f"{format_exact(shown)} {unit}")
    return avoid_wrapping(ngettext("%(size)d byte", "%(size)d byte", size) % {"size": size})
