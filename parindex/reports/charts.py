"""An indicator's trend across the year's periods as a small column chart, drawn on the server as
SVG the way results/charts.py draws its bars (that module sits on the same floor, so it is not
imported): no script, nothing loaded from elsewhere, every text escaped, the same colours."""

from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

WIDTH = 260
HEIGHT = 110
BASELINE = 84  # the columns stand on it; the period's name is written under it
TOP = 16  # room for the figure above the tallest column
CURRENT, OTHER = "#0d6efd", "#6c757d"  # the period shown, then the others (results' colours)


@dataclass(frozen=True)
class Column:
    label: str  # the period, short: "Quý I"
    value: Decimal | None  # none: no report of the period carries the figure
    shown: str  # the figure as written above the column
    current: bool = False


def _attribute(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def columns(items: list[Column], *, title: str) -> str:
    """One column per period, scaled to the largest figure (never below zero)."""
    top = max((c.value for c in items if c.value is not None), default=Decimal(0))
    slot = WIDTH // max(len(items), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" role="img" aria-label="{_attribute(title)}" '
        'font-family="Noto Sans, DejaVu Sans, sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<line x1="0" y1="{BASELINE}" x2="{WIDTH}" y2="{BASELINE}" stroke="#adb5bd"/>',
    ]
    for position, item in enumerate(items):
        middle = position * slot + slot // 2
        weight = ' font-weight="bold"' if item.current else ""
        parts.append(
            f'<text x="{middle}" y="{BASELINE + 16}" text-anchor="middle"{weight}>'
            f"{escape(item.label)}</text>"
        )
        if item.value is None:
            parts.append(f'<text x="{middle}" y="{BASELINE - 4}" text-anchor="middle">—</text>')
            continue
        share = max(item.value, Decimal(0)) / top if top > 0 else Decimal(0)
        height = int((BASELINE - TOP) * share)
        colour = CURRENT if item.current else OTHER
        parts.append(
            f'<rect x="{middle - slot // 4}" y="{BASELINE - height}" width="{slot // 2}" '
            f'height="{height}" fill="{colour}"/>'
            f'<text x="{middle}" y="{BASELINE - height - 4}" text-anchor="middle">'
            f"{escape(item.shown)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
