"""Reading the results' documents back as their readers would: a workbook with openpyxl, a PDF's
text with pypdf, the publication's day as the documents write it."""

import io

import openpyxl
import pypdf
from django.utils import timezone


def workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def values(sheet, row: int) -> list:
    return [cell.value for cell in sheet[row]]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def published_on(publication) -> str:
    return timezone.localtime(publication.published_at).strftime("%d/%m/%Y")


def tiny_pdf() -> bytes:
    """A one-page blank PDF, for what does not depend on the content (signing)."""
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
