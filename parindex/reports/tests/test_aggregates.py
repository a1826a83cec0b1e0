"""Aggregating an indicator across units: exact decimals, each kind as its template says."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from parindex.reports.aggregates import aggregate
from parindex.reports.consolidation import show
from parindex.reports.spec import Aggregate, Indicator, IndicatorType, Line
from parindex.reports.values import Percentage


def indicator(kind: IndicatorType, how: Aggregate, **extra) -> Indicator:
    return Indicator(code="X", title="X", type=kind, aggregate=how, **extra)


def test_each_kind_aggregates_as_its_template_says():
    numbers = [Decimal("1.5"), Decimal(3), Decimal("0.25")]
    assert aggregate(indicator(IndicatorType.NUMBER, Aggregate.SUM), numbers) == Decimal("4.75")
    assert aggregate(indicator(IndicatorType.NUMBER, Aggregate.MIN), numbers) == Decimal("0.25")
    rates = [Percentage(Decimal(45), Decimal(50)), Percentage(Decimal(1), Decimal(4))]
    pooled = aggregate(indicator(IndicatorType.PERCENTAGE, Aggregate.SUM), rates)
    assert pooled == Percentage(Decimal(46), Decimal(54))
    assert show(indicator(IndicatorType.PERCENTAGE, Aggregate.SUM), pooled) == "46/54 (85,19%)"
    mean = aggregate(indicator(IndicatorType.PERCENTAGE, Aggregate.MEAN), rates)
    assert show(indicator(IndicatorType.PERCENTAGE, Aggregate.MEAN), mean) == "57,50%"
    assert aggregate(indicator(IndicatorType.YES_NO, Aggregate.COUNT_YES), [True, False, True]) == 2
    table = indicator(
        IndicatorType.TABLE,
        Aggregate.SUM,
        rows=(Line("a", "A"),),
        columns=(Line("b", "B"), Line("c", "C")),
    )
    cells = [{("a", "b"): Decimal(2)}, {("a", "b"): Decimal(3), ("a", "c"): Decimal(1)}]
    assert aggregate(table, cells) == {("a", "b"): Decimal(5), ("a", "c"): Decimal(1)}
    assert aggregate(indicator(IndicatorType.NUMBER, Aggregate.NONE), numbers) is None
    assert aggregate(indicator(IndicatorType.NUMBER, Aggregate.SUM), []) is None


exact = st.decimals(min_value=0, max_value=10**6, places=2)


@given(st.lists(exact, min_size=1, max_size=60))
def test_the_mean_lies_between_the_least_and_the_greatest(numbers):
    low = aggregate(indicator(IndicatorType.NUMBER, Aggregate.MIN), numbers)
    high = aggregate(indicator(IndicatorType.NUMBER, Aggregate.MAX), numbers)
    mean = aggregate(indicator(IndicatorType.NUMBER, Aggregate.MEAN), numbers)
    assert low <= mean <= high
    assert aggregate(indicator(IndicatorType.NUMBER, Aggregate.SUM), numbers) == sum(numbers)


@given(st.lists(st.tuples(exact, exact.filter(lambda d: d > 0)), min_size=1, max_size=60))
def test_the_provinces_rate_lies_between_the_units_rates(pairs):
    rates = [Percentage(min(n, d), d) for n, d in pairs]
    pooled = aggregate(indicator(IndicatorType.PERCENTAGE, Aggregate.SUM), rates)
    assert (
        min(r.rate for r in rates) <= pooled.rate <= max(r.rate for r in rates) + Decimal("1e-20")
    )
