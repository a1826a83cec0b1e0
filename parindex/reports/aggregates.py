"""Aggregating an indicator across units, as its template says: pure functions on exact
decimals (no rounding until a value is shown)."""

from collections.abc import Sequence
from decimal import Decimal

from .spec import Aggregate, Indicator, IndicatorType
from .values import Percentage, Value

Result = Decimal | Percentage | int | dict[tuple[str, str], Decimal] | None


def _numbers(numbers: Sequence[Decimal], how: Aggregate) -> Decimal | None:
    if not numbers or how == Aggregate.NONE:
        return None
    if how == Aggregate.SUM:
        return sum(numbers, Decimal(0))
    if how == Aggregate.MEAN:
        return sum(numbers, Decimal(0)) / len(numbers)
    return min(numbers) if how == Aggregate.MIN else max(numbers)


def aggregate(indicator: Indicator, values: Sequence[Value]) -> Result:
    """The province's figure for `indicator` from the units' values (units that left it empty
    are not in `values`). A percentage's sum is Σ numerators ÷ Σ denominators; its mean, the
    mean of the units' rates. A table aggregates cell by cell."""
    how = indicator.aggregate
    if how == Aggregate.NONE or not values:
        return None
    if indicator.type == IndicatorType.NUMBER:
        return _numbers([v for v in values if isinstance(v, Decimal)], how)
    if indicator.type == IndicatorType.PERCENTAGE:
        rates = [v for v in values if isinstance(v, Percentage)]
        if how == Aggregate.SUM:
            return Percentage(
                sum((r.numerator for r in rates), Decimal(0)),
                sum((r.denominator for r in rates), Decimal(0)),
            )
        return _numbers([r.rate for r in rates], how)
    if indicator.type == IndicatorType.YES_NO:
        return sum(1 for v in values if v is True)
    if indicator.type == IndicatorType.TABLE:
        cells: dict[tuple[str, str], list[Decimal]] = {}
        for table in values:
            if isinstance(table, dict):
                for cell, number in table.items():
                    cells.setdefault(cell, []).append(number)
        return {
            cell: result
            for cell, numbers in cells.items()
            if (result := _numbers(numbers, how)) is not None
        }
    return None


def as_number(result: Result) -> Decimal | None:
    """A scalar figure as one number, for a trend: a rate in per cent, a count of units; none
    for a table (its cells are numbers already) or a rate over nothing."""
    if isinstance(result, Percentage):
        return result.rate if result.denominator else None
    if isinstance(result, bool) or result is None or isinstance(result, dict):
        return None
    return Decimal(result)
