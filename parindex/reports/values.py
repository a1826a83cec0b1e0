"""Reading what a unit typed for an indicator: pure functions from text to values, with the
problems named in Vietnamese for the field they concern.

A report keeps its values as typed (indicator key → text); a draft may hold a value that does
not read yet, and only submission requires every value to read and every required one to be there.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from parindex.core.numbers import NumberError, format_exact, parse_number

from .spec import Indicator, IndicatorType

YES, NO = "yes", "no"
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Percentage:
    numerator: Decimal
    denominator: Decimal

    @property
    def rate(self) -> Decimal:
        """Percent, exact to the division's precision (rounded only where shown)."""
        return self.numerator * HUNDRED / self.denominator


Value = Decimal | Percentage | bool | str | date | dict[tuple[str, str], Decimal]


@dataclass
class Reading:
    """An indicator's value (None: nothing typed, or it does not read) and, per key, why a typed
    value was refused."""

    value: Value | None = None
    errors: dict[str, str] = field(default_factory=dict)


def _label(indicator: Indicator, part: str = "") -> str:
    return f"{indicator.code}. {indicator.title}" + (f" – {part}" if part else "")


def _number(indicator: Indicator, key: str, text: str, label: str, errors: dict) -> Decimal | None:
    try:
        number = parse_number(text, signed=indicator.min is not None and indicator.min < 0)
    except NumberError as error:
        errors[key] = error.message(label)
        return None
    low, high = indicator.min, indicator.max
    if (low is not None and number < low) or (high is not None and number > high):
        errors[key] = _range_message(label, low, high)
        return None
    return number


def _range_message(label: str, low: Decimal | None, high: Decimal | None) -> str:
    if low is not None and high is not None:
        return _("“%(label)s” phải từ %(min)s đến %(max)s.") % {
            "label": label,
            "min": format_exact(low),
            "max": format_exact(high),
        }
    if low is not None:
        return _("“%(label)s” không được nhỏ hơn %(min)s.") % {
            "label": label,
            "min": format_exact(low),
        }
    return _("“%(label)s” không được lớn hơn %(max)s.") % {
        "label": label,
        "max": format_exact(high),
    }


def read(indicator: Indicator, typed: dict[str, str]) -> Reading:
    """The value typed for `indicator` (`typed`: key → text, as a report stores it)."""
    reading = Reading()
    texts = {key: (typed.get(key) or "").strip() for key in indicator.input_keys()}
    if not any(texts.values()):
        return reading
    errors = reading.errors
    kind = indicator.type
    if kind == IndicatorType.NUMBER:
        reading.value = _number(
            indicator, indicator.code, texts[indicator.code], _label(indicator), errors
        )
    elif kind == IndicatorType.PERCENTAGE:
        reading.value = _percentage(indicator, texts, errors)
    elif kind == IndicatorType.YES_NO:
        text = texts[indicator.code]
        if text in (YES, NO):
            reading.value = text == YES
        else:
            errors[indicator.code] = _("“%(label)s”: chọn Có hoặc Không.") % {
                "label": _label(indicator)
            }
    elif kind == IndicatorType.DATE:
        try:
            reading.value = datetime.strptime(texts[indicator.code], "%d/%m/%Y").date()
        except ValueError:
            errors[indicator.code] = _(
                "“%(label)s”: nhập ngày theo dạng dd/mm/yyyy, ví dụ 31/03/2026."
            ) % {"label": _label(indicator)}
    elif kind == IndicatorType.TABLE:
        reading.value = _table(indicator, texts, errors)
    else:
        reading.value = texts[indicator.code]
    if errors:
        reading.value = None
    return reading


def _percentage(indicator: Indicator, texts: dict[str, str], errors: dict) -> Percentage | None:
    n_key, d_key = indicator.input_keys()
    numerator = _number(indicator, n_key, texts[n_key], _label(indicator, _("tử số")), errors)
    denominator = _number(indicator, d_key, texts[d_key], _label(indicator, _("mẫu số")), errors)
    if errors:
        return None
    if numerator is None or denominator is None:
        missing = n_key if numerator is None else d_key
        errors[missing] = _("“%(label)s”: cần nhập cả tử số và mẫu số.") % {
            "label": _label(indicator)
        }
        return None
    if denominator == 0:
        errors[d_key] = _("“%(label)s”: mẫu số bằng 0, không tính được tỷ lệ.") % {
            "label": _label(indicator)
        }
        return None
    if numerator > denominator:
        errors[n_key] = _("“%(label)s”: tử số lớn hơn mẫu số.") % {"label": _label(indicator)}
        return None
    return Percentage(numerator, denominator)


def _table(indicator: Indicator, texts: dict[str, str], errors: dict) -> dict:
    cells: dict[tuple[str, str], Decimal] = {}
    for row in indicator.rows:
        for column in indicator.columns:
            key = f"{indicator.code}/{row.code}/{column.code}"
            if texts[key]:
                label = _label(indicator, f"{row.title}, {column.title}")
                number = _number(indicator, key, texts[key], label, errors)
                if number is not None:
                    cells[row.code, column.code] = number
    return cells


def missing(indicator: Indicator, reading: Reading) -> str | None:
    """Why a required indicator stops submission (nothing typed), else None."""
    if indicator.required and reading.value is None and not reading.errors:
        return _("“%(label)s” là bắt buộc, chưa nhập.") % {"label": _label(indicator)}
    return None
