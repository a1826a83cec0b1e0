"""A unit's submitted report as a PDF in the form of Decree 30/2020 (core.documents): the unit
issues it, the head who submitted it signs it, dated the day it was sent, to Sở Nội vụ."""

from django.conf import settings
from django.utils import timezone

from parindex.catalog.documents import formal_name, issuing_body, signature
from parindex.core.documents import Document, render_pdf

from .filling import load_version
from .models import ReportVersion


def version_document(version: ReportVersion) -> Document:
    report, head = version.report, version.submitted_by
    unit = report.unit
    return Document(
        issuer=issuing_body(
            unit.name,
            unit.kind,
            authority=settings.DOCUMENT_AUTHORITY,
            province=settings.PROVINCE_NAME,
        ),
        kind="Báo cáo",
        summary=(
            f"Kết quả thực hiện công tác cải cách hành chính – {report.period.title} "
            f"của {formal_name(unit.name, unit.kind)}"
        ),
        day=timezone.localdate(version.submitted_at),
        signature=signature(head.job_title, head.full_name, unit.kind),
        recipients=(settings.DOCUMENT_ISSUER,),
    )


def version_pdf(version: ReportVersion) -> bytes:
    context = {
        "document": version_document(version),
        "version": version,
        "sections": load_version(version),
    }
    return render_pdf("reports/pdf_report.html", context)
