from decimal import Decimal

from parindex.results.charts import Bar, bars


def test_bars_escape_labels_and_show_decimal_commas():
    svg = bars(
        [
            Bar("Sở Tư pháp", (Decimal("92.51"), Decimal("95"))),
            Bar("<script>Sở & Ban</script>", (None, Decimal("80.125")), highlight=True),
        ],
        title="Chỉ số CCHC 2026",
        series=("Thẩm định", "Tự đánh giá"),
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<script>" not in svg and "&lt;script&gt;Sở &amp; Ban&lt;/script&gt;" in svg
    assert "92,51" in svg and "80,13" in svg and "—" in svg
    assert 'aria-label="Chỉ số CCHC 2026"' in svg
