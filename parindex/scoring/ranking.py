"""Rounding for display and publication, rank within a level, and class from the set's bands."""

from collections.abc import Hashable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, localcontext

from .criteria import DECIMAL_CONTEXT, ClassBand

CENT = Decimal("0.01")


def round2(value: Decimal) -> Decimal:
    """THE rounding: 2 decimals, half up. Used for display and publication only."""
    with localcontext(DECIMAL_CONTEXT):
        return value.quantize(CENT, rounding=ROUND_HALF_UP)


def rank[K: Hashable](indices: Mapping[K, Decimal | None]) -> dict[K, int | None]:
    """Competition ranking by rounded index, highest first: equal rounded indices share a rank
    and the next rank is skipped (1, 2, 2, 4). A unit without an index has no rank."""
    rounded = {key: round2(index) for key, index in indices.items() if index is not None}
    first: dict[Decimal, int] = {}
    for position, value in enumerate(sorted(rounded.values(), reverse=True), start=1):
        first.setdefault(value, position)
    return {key: first[rounded[key]] if key in rounded else None for key in indices}


def classify(index: Decimal | None, bands: Sequence[ClassBand]) -> str | None:
    """The first band, from the highest min, whose min the rounded index reaches (min inclusive)."""
    if index is None:
        return None
    rounded = round2(index)
    return next((band.label for band in bands if rounded >= band.min), None)
