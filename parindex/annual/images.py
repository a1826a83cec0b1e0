"""The report's charts as PNG for the Word document (Word shows no SVG from python-docx): the
same bars as results/charts.py draws in SVG for the pages and the PDF — same layout, colours,
shortened labels and decimal comma — drawn with Pillow (already installed for WeasyPrint) in the
documents' embedded font, at twice the size for print."""

import io
from decimal import Decimal
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from parindex.core.documents import STATIC
from parindex.core.numbers import format_points
from parindex.results import charts

SCALE = 2
FONT = STATIC / "fonts" / "LiberationSerif-Regular.ttf"
BOLD = STATIC / "fonts" / "LiberationSerif-Bold.ttf"


@cache
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(BOLD if bold else FONT), 12 * SCALE)


def bars_png(
    rows: list[charts.Bar],
    *,
    series: tuple[str, ...] = (),
    maximum: Decimal = Decimal(100),
    width: int = 720,
) -> bytes:
    per_row = max((len(row.values) for row in rows), default=1)
    row_height = per_row * charts.BAR_HEIGHT + charts.GAP
    legend = 22 if series else 0
    height = legend + len(rows) * row_height + charts.GAP
    plot = width - charts.LABEL_WIDTH - charts.VALUE_WIDTH
    image = Image.new("RGB", (width * SCALE, height * SCALE), "white")
    draw = ImageDraw.Draw(image)

    def at(*values: float) -> list[float]:
        return [value * SCALE for value in values]

    for number, name in enumerate(series):
        x = charts.LABEL_WIDTH + number * 160
        draw.rectangle(at(x, 4, x + 12, 16), fill=charts.COLORS[number % 2])
        draw.text(at(x + 16, 14), name, fill="black", font=_font(False), anchor="ls")
    for position, row in enumerate(rows):
        top = legend + position * row_height
        draw.text(
            at(charts.LABEL_WIDTH - 6, top + charts.BAR_HEIGHT - 5),
            charts.shorten(row.label),
            fill="black",
            font=_font(row.highlight),
            anchor="rs",
        )
        for number, value in enumerate(row.values):
            y = top + number * charts.BAR_HEIGHT
            baseline = y + charts.BAR_HEIGHT - 5
            if value is None:
                draw.text(
                    at(charts.LABEL_WIDTH + 4, baseline),
                    "—",
                    fill="black",
                    font=_font(False),
                    anchor="ls",
                )
                continue
            length = int(plot * min(max(value, Decimal(0)), maximum) / maximum)
            if length:
                draw.rectangle(
                    at(
                        charts.LABEL_WIDTH,
                        y + 2,
                        charts.LABEL_WIDTH + length,
                        y + charts.BAR_HEIGHT - 2,
                    ),
                    fill=charts.COLORS[number % 2],
                )
            draw.text(
                at(charts.LABEL_WIDTH + length + 4, baseline),
                format_points(value),
                fill="black",
                font=_font(False),
                anchor="ls",
            )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
