"""Numbers as the province writes them: decimal comma, points to 2 decimals rounded half up."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.html import avoid_wrapping
from django.utils.translation import ngettext

from parindex.scoring.ranking import round2

# Binary units, as Django's filesizeformat counts them.
SIZE_UNITS = (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024))


def format_exact(value) -> str:
    """A value as typed, without trailing zeros: 0,25 · 13 · 1,5 · 1.234,5 (thousands grouped
    here, not by USE_THOUSAND_SEPARATOR, which would also group years)."""
    exact = Decimal(str(value)).normalize()
    decimals = max(0, -exact.as_tuple().exponent)
    return number_format(exact, decimals, use_l10n=True, force_grouping=True)


def format_points(value) -> str:
    """Official display of points and indices: 12,50."""
    return number_format(round2(Decimal(str(value))), 2, use_l10n=True)


def format_size(size: int) -> str:
    """A file size to one decimal at most, never split across lines: 20 MB · 1,5 MB · 77 byte
    (filesizeformat always writes the decimal: "20,0 MB")."""
    for unit, factor in SIZE_UNITS:
        if size >= factor:
            shown = (Decimal(size) / factor).quantize(Decimal("0.1"), ROUND_HALF_UP)
            return avoid_wrapping(f"{format_exact(shown)} {unit}")
    return avoid_wrapping(ngettext("%(size)d byte", "%(size)d byte", size) % {"size": size})
