"""Charts drawn on the server as SVG: the same markup in the web pages and in the PDF reports,
no script and nothing loaded from elsewhere. Text is escaped; numbers have a decimal comma."""

from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from parindex.core.numbers import format_points

BAR_HEIGHT = 18
GAP = 6
LABEL_WIDTH = 260
VALUE_WIDTH = 56
COLORS = ("#0d6efd", "#6c757d")  # the first series, then the comparison one


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[Decimal | None, ...]  # one per series, 0–100 (an index)
    highlight: bool = False


def bars(
    rows: list[Bar],
    *,
    title: str,
    series: tuple[str, ...] = (),
    maximum: Decimal = Decimal(100),
    width: int = 720,
    font: str = "Noto Sans, DejaVu Sans, sans-serif",
) -> str:
    """Horizontal bars, one row per `Bar`, one bar per series (e.g. appraised, self). `font`:
    the page's own (a document embeds its fonts; a web page leaves them to the browser)."""
    per_row = max(len(row.values) for row in rows) if rows else 1
    row_height = per_row * BAR_HEIGHT + GAP
    legend = 22 if series else 0
    height = legend + len(rows) * row_height + GAP
    plot = width - LABEL_WIDTH - VALUE_WIDTH
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title, {chr(34): "&quot;"})}" '
        f'font-family="{escape(font, {chr(34): "&quot;"})}" font-size="12">',
        f"<title>{escape(title)}</title>",
    ]
    for number, name in enumerate(series):
        x = LABEL_WIDTH + number * 160
        parts.append(
            f'<rect x="{x}" y="4" width="12" height="12" fill="{COLORS[number % 2]}"/>'
            f'<text x="{x + 16}" y="14">{escape(name)}</text>'
        )
    for position, row in enumerate(rows):
        top = legend + position * row_height
        weight = ' font-weight="bold"' if row.highlight else ""
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{top + BAR_HEIGHT - 5}" text-anchor="end"{weight}>'
            f"{escape(shorten(row.label))}</text>"
        )
        for number, value in enumerate(row.values):
            y = top + number * BAR_HEIGHT
            if value is None:
                parts.append(f'<text x="{LABEL_WIDTH + 4}" y="{y + BAR_HEIGHT - 5}">—</text>')
                continue
            length = int(plot * min(max(value, Decimal(0)), maximum) / maximum)
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{length}" '
                f'height="{BAR_HEIGHT - 4}" fill="{COLORS[number % 2]}"/>'
                f'<text x="{LABEL_WIDTH + length + 4}" y="{y + BAR_HEIGHT - 5}">'
                f"{format_points(value)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def shorten(label: str, limit: int = 40) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
