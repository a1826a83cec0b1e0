"""Numbers as the province writes them: decimal comma, points to 2 decimals rounded half up."""

from decimal import Decimal

from django.utils.formats import number_format

from parindex.scoring.ranking import round2


def format_exact(value) -> str:
    """A catalogue value without trailing zeros: 0,25 · 13 · 1,5."""
    exact = Decimal(str(value)).normalize()
    return number_format(exact, max(0, -exact.as_tuple().exponent), use_l10n=True)


def format_points(value) -> str:
    """Official display of points and indices: 12,50."""
    return number_format(round2(Decimal(str(value))), 2, use_l10n=True)
