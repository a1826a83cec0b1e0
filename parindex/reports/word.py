"""The Word draft (.docx) of the province's report for a period, in the form of Decree 30/2020:
each section's figures as the annex aggregates them, each traceable to the units it comes from
and the annex row it is in, then the units' own words under their names. Always in Vietnamese,
the language of record; the province edits the draft, numbers and signs it."""

from django.conf import settings
from django.utils import translation

from parindex.catalog.documents import signature
from parindex.catalog.models import Unit
from parindex.core import word
from parindex.core.dates import short_date_vi
from parindex.core.documents import Document, IssuingBody

from .consolidation import Figure, consolidate, latest_versions
from .models import ReportingPeriod, ReportVersion


def fixed_parts(period: ReportingPeriod) -> Document:
    """Sở Nội vụ's report to the province's people's committee and the Ministry, to number,
    date and sign by hand."""
    return Document(
        issuer=IssuingBody(
            superior=settings.DOCUMENT_AUTHORITY,
            name=(settings.DOCUMENT_ISSUER,),
            place=settings.PROVINCE_NAME,
        ),
        kind="Báo cáo",
        summary=f"Kết quả thực hiện công tác cải cách hành chính – {period.title}",
        signature=signature(
            settings.DOCUMENT_SIGNER_POSITION, settings.DOCUMENT_SIGNER_NAME, Unit.Kind.DEPARTMENT
        ),
        recipients=("Bộ Nội vụ", settings.DOCUMENT_AUTHORITY),
    )


def figure_line(figure: Figure) -> str:
    """ "- Số cuộc kiểm tra: 12 cuộc (từ 10 đơn vị; Phụ lục, mục CDDH.2)." """
    indicator = figure.indicator
    if figure.cells:
        shown = "; ".join(f"{row}, {column}: {value}" for row, column, value in figure.cells)
    else:
        shown = f"{figure.total} {indicator.unit}".strip()
    source = f"từ {figure.reporting} đơn vị; Phụ lục, mục {indicator.code}"
    return f"- {indicator.title}: {shown} ({source})."


def _section(document, number: int, figures: list[Figure], versions: list[ReportVersion]) -> None:
    section = figures[0].section
    word.paragraph(document, f"{number}. {section.title}", bold=True, indent=True)
    for figure in figures:
        if figure.indicator.aggregate != "none" and figure.reporting:
            word.paragraph(document, figure_line(figure), indent=True, align=word.JUSTIFY)
    for version in versions:
        text = version.content.get(section.code, {}).get("narrative", "").strip()
        if text:
            para = word.paragraph(
                document, f"{version.report.unit.name}: ", italic=True, indent=True
            )
            para.alignment = word.JUSTIFY
            run = para.add_run(text)
            word.set_font(run)


def draft(period: ReportingPeriod) -> bytes:
    """The draft as a .docx file."""
    versions = latest_versions(period)
    figures, count = consolidate(period, versions)
    fixed = fixed_parts(period)
    with translation.override("vi"):
        document = word.new_document()
        word.header(document, fixed)
        basis = period.template.legal_basis or period.template.title
        word.paragraph(
            document,
            f"Thực hiện {basis}, {settings.DOCUMENT_ISSUER} tổng hợp kết quả thực hiện công tác "
            f"cải cách hành chính từ {count} báo cáo của các cơ quan, đơn vị (số liệu từ ngày "
            f"{short_date_vi(period.window_starts)} đến ngày {short_date_vi(period.window_ends)}) "
            f"như sau:",
            indent=True,
            align=word.JUSTIFY,
        )
        word.paragraph(document, "I. KẾT QUẢ THỰC HIỆN", bold=True, indent=True)
        for number, section in enumerate(period.template.spec.sections, start=1):
            own = [f for f in figures if f.section.code == section.code]
            if own:
                _section(document, number, own, versions)
        word.closing(document, fixed)
        return word.to_bytes(document)
