"""Administrative documents in the form Decree 30/2020 (Phụ lục I) prescribes, shared by every app
that issues one (the published results, a unit's scorecard, later the annual report and the
periodic reports): what a document says in its fixed parts, and its rendering to PDF/A.

A document is rendered from a template that extends `documents/base.html`, whose includes lay out
the fixed parts from a `Document`: the issuing body and the number on the left, the national name
and motto with the place and date on the right (`documents/header.html`), the document type and
its summary (`documents/title.html`), then after the content the recipients and the signature
(`documents/signature.html`). The stylesheet `static/documents/document.css` sets the page (A4,
margins, page numbers at the top from the second page) and embeds Liberation Serif, metrically
the same as Times New Roman, shipped in `static/documents/fonts/` with its licence, so that a
document looks the same on every server whatever fonts the machine has.

Documents are the province's record: always in Vietnamese, whatever the reader's language.
"""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from .dates import long_date_vi

STATIC = Path(__file__).resolve().parent / "static" / "documents"
LANGUAGE = "vi"
# Archived documents: PDF/A-2b keeps fonts and colours inside the file for the long term.
PDF_VARIANT = "pdf/a-2b"
# What a blank to fill by hand looks like (a number, a date not known yet).
BLANK = "……"
RECORDS = "- Lưu: VT."


@dataclass(frozen=True)
class IssuingBody:
    """Who issues a document: the body over it (chủ quản, none for a people's committee), its own
    name on one or more lines, and the place name of its date line."""

    superior: str
    name: tuple[str, ...]
    place: str


@dataclass(frozen=True)
class Signature:
    """The signature block: the authority lines ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), then, after the
    space for the signature and the seal, the name. Both empty: blanks to fill by hand."""

    lines: tuple[str, ...] = ()
    name: str = ""


@dataclass(frozen=True)
class Document:
    """The fixed parts of one document. `number`: the number and sign ("125/QĐ-UBND"), a blank
    when empty; `day`: the date of the date line, blanks when None; `annex`: the line saying
    which document this one is attached to, without its brackets."""

    issuer: IssuingBody
    kind: str
    summary: str
    day: date | None = None
    number: str = ""
    annex: str = ""
    signature: Signature = field(default_factory=Signature)
    recipients: tuple[str, ...] = ()

    @property
    def number_line(self) -> str:
        return f"Số: {self.number or f'{BLANK}/{BLANK}'}"

    @property
    def date_line(self) -> str:
        """ "Điện Biên, ngày 05 tháng 3 năm 2026" (blanks for a date to fill in)."""
        when = long_date_vi(self.day) if self.day else f"ngày {BLANK} tháng {BLANK} năm {BLANK}"
        return f"{self.issuer.place}, {when}" if self.issuer.place else when.capitalize()

    @property
    def recipient_lines(self) -> tuple[str, ...]:
        """The recipients, each on a line of its own, ending with the issuer's records office."""
        return (*(f"- {name};" for name in self.recipients), RECORDS)


def render_pdf(template: str, context: dict) -> bytes:
    """The document made from `template` (which extends documents/base.html) as PDF/A-2b."""
    with translation.override(LANGUAGE):
        return pdf_from_html(render_to_string(template, context))


def pdf_from_html(html: str) -> bytes:
    """PDF/A-2b from a document's HTML. The renderer reads only local files, relative to the
    shared stylesheet's folder: nothing is fetched from another host."""
    return HTML(
        string=html,
        base_url=STATIC.as_uri() + "/",
        url_fetcher=URLFetcher(allowed_protocols={"file"}),
    ).write_pdf(pdf_variant=PDF_VARIANT)
