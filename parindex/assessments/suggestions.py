"""Figures the system suggests for an item whose criterion says `suggest_from: <key>` (the
criteria format's list: plans.completion_rate, reports.on_time): a ratio the unit may take as the
entry's input with one click, never forced, saved and audited like any typed value.

The figures live in apps above this one (plans, reports), which register a suggester here when
they load (their AppConfig.ready); a key nobody registered suggests nothing."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from parindex.catalog.models import Unit
from parindex.core.numbers import format_exact


@dataclass(frozen=True)
class Suggestion:
    source: str  # where the figure comes from, as the page names it
    numerator: Decimal
    denominator: Decimal
    as_of: date
    url: str  # the page listing what was counted, for the unit
    link_text: str  # the words of the link to it
    team_url: str = ""  # the same for the appraisal team, where it may read one

    @property
    def percent(self) -> Decimal | None:
        if not self.denominator:
            return None
        return (self.numerator * 100 / self.denominator).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    @property
    def numerator_text(self) -> str:
        """As the form reads it back (decimal comma, no trailing zeros)."""
        return format_exact(self.numerator)

    @property
    def denominator_text(self) -> str:
        return format_exact(self.denominator)


Suggester = Callable[[Unit, int, date], Suggestion | None]
_SUGGESTERS: dict[str, Suggester] = {}


def register(key: str, suggester: Suggester) -> None:
    _SUGGESTERS[key] = suggester


def for_item(key: str | None, unit: Unit, year: int, today: date) -> Suggestion | None:
    """The suggestion for a criterion of `year`'s set: counted as of today, or as of the year's
    last day once it is over (the criteria score the year)."""
    suggester = _SUGGESTERS.get(key or "")
    if suggester is None:
        return None
    return suggester(unit, year, min(today, date(year, 12, 31)))
