"""The fixed parts (Decree 30/2020) of the results' documents: the year's report and the
printable workbook, issued by the province's office in charge (settings.DOCUMENT_*), and a
unit's scorecard, issued by the unit itself and signed by its head.

The year's results are attached to the decision approving them: their number is the decision's
and their annex line names it ("Kèm theo Quyết định số 125/QĐ-UBND ngày 05/3/2026 của Chủ tịch
UBND tỉnh Điện Biên"). A province may publish before the decision is signed: what is not known
is left blank, to fill by hand on paper.
"""

from typing import TYPE_CHECKING

from django.conf import settings

from parindex.accounts.models import User
from parindex.catalog.documents import formal_name, is_deputy, issuing_body, signature
from parindex.catalog.models import Unit
from parindex.core.documents import Document, IssuingBody, Signature

if TYPE_CHECKING:
    from .models import PublishedResult
    from .reports import Report

EVALUATED_UNITS = "Các cơ quan, đơn vị được đánh giá"


def results_issuer() -> IssuingBody:
    return IssuingBody(
        superior=settings.DOCUMENT_AUTHORITY,
        name=(settings.DOCUMENT_ISSUER,),
        place=settings.PROVINCE_NAME,
    )


def results_document(report: "Report") -> Document:
    """The year's report and workbook: a publication is attached to its decision (number,
    date and annex line from it, blanks for what is not known); a historical year cites the
    decision as its source recorded it; a preview has no number and no date yet."""
    decision, number, day, annex = report.decision, "", None, ""
    if decision is not None:
        number, day, annex = (
            decision.number_or_blank,
            decision.day,
            f"Kèm theo {decision.reference}",
        )
    elif report.historical:
        day = report.moment.date()
        annex = f"Theo {report.source_decision}" if report.source_decision else ""
    return Document(
        issuer=results_issuer(),
        kind="Kết quả",
        summary=f"Chỉ số cải cách hành chính năm {report.year}",
        day=day,
        number=number,
        annex=annex,
        signature=signature(
            settings.DOCUMENT_SIGNER_POSITION, settings.DOCUMENT_SIGNER_NAME, Unit.Kind.DEPARTMENT
        ),
        recipients=(f"{settings.DOCUMENT_AUTHORITY} (để báo cáo)", EVALUATED_UNITS),
    )


def heads(unit_ids) -> dict[int, User]:
    """Each unit's head: its active unit-head account, the head before a deputy, then the
    oldest account. One query whatever the number of units."""
    found: dict[int, User] = {}
    accounts = User.objects.unit_heads().filter(unit_id__in=unit_ids).order_by("date_joined", "pk")
    for account in sorted(accounts, key=lambda head: is_deputy(head.job_title)):
        found.setdefault(account.unit_id, account)
    return found


def unit_document(result: "PublishedResult", head: User | None, report: "Report") -> Document:
    """A unit's scorecard: the unit issues it, its head signs it, dated the day of publication;
    its number is the unit's own, left blank."""
    kind = result.unit.kind
    signed = signature(head.job_title, head.full_name, kind) if head else Signature()
    recipients = (settings.DOCUMENT_ISSUER,) if result.unit_name != settings.DOCUMENT_ISSUER else ()
    return Document(
        issuer=issuing_body(
            result.unit_name,
            kind,
            authority=settings.DOCUMENT_AUTHORITY,
            province=settings.PROVINCE_NAME,
        ),
        kind="Phiếu kết quả",
        summary=(
            f"Chỉ số cải cách hành chính năm {report.year} "
            f"của {formal_name(result.unit_name, kind)}"
        ),
        day=report.moment.date(),
        signature=signed,
        recipients=recipients,
    )
