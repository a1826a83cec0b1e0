"""Documents of the unit's evidence library (assessments' Evidence) attached to a section of its
report: the unit attaches its own documents while it may change the report; whoever reads the
report reads them, their files served by the library's own route and rule
(assessments.access.get_file: the unit's members and the province)."""

from collections import defaultdict

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from parindex.accounts.models import User
from parindex.assessments.evidence import files_newest_first
from parindex.assessments.models import Evidence
from parindex.core import audit

from .models import ReportAttachment, UnitReport
from .workflow import WorkflowError, _locked, change_refusal


def by_section(report: UnitReport) -> dict[str, list[Evidence]]:
    """The report's documents per section code, in the order attached, each with its files newest
    first (two queries whatever their number)."""
    rows = ReportAttachment.objects.filter(report=report).prefetch_related(
        Prefetch("evidence", Evidence.objects.prefetch_related(files_newest_first()))
    )
    found: dict[str, list[Evidence]] = defaultdict(list)
    for row in rows:
        found[row.section].append(row.evidence)
    return dict(found)


def library(report: UnitReport) -> QuerySet[Evidence]:
    """What the unit may attach: its own library, by title."""
    return (
        Evidence.objects.filter(unit_id=report.unit_id)
        .only("pk", "title", "reference_number")
        .order_by("title", "pk")
    )


def _checked(report: UnitReport, code: str, evidence: Evidence) -> UnitReport:
    report = _locked(report)
    refusal = change_refusal(report)
    if refusal:
        raise WorkflowError(refusal)
    if report.period.template.spec.section(code) is None:
        raise WorkflowError(_("Mẫu báo cáo không có phần này."))
    if evidence.unit_id != report.unit_id:
        # The library of another unit is not the reporting unit's to cite.
        raise WorkflowError(_("Chỉ đính kèm được tài liệu trong thư viện của đơn vị mình."))
    return report


@transaction.atomic
def attach(report: UnitReport, code: str, evidence: Evidence, *, by: User) -> ReportAttachment:
    """Attach a library document to section `code`. Raises WorkflowError (the report cannot
    change, no such section, a document of another unit, already attached). Side effects: the
    attachment, an audit entry "report.attach"."""
    report = _checked(report, code, evidence)
    row, created = ReportAttachment.objects.get_or_create(
        report=report, section=code, evidence=evidence, defaults={"attached_by": by}
    )
    if not created:
        raise WorkflowError(_("Tài liệu này đã được đính kèm phần này."))
    audit.record("report.attach", report, by=by, new={"section": code, "evidence": evidence.title})
    return row


@transaction.atomic
def detach(report: UnitReport, code: str, evidence: Evidence, *, by: User) -> None:
    """Take a document off section `code` (the library keeps it). Raises WorkflowError (the
    report cannot change, no such section, not attached). Side effects: an audit entry
    "report.detach"."""
    report = _checked(report, code, evidence)
    deleted, _rows = ReportAttachment.objects.filter(
        report=report, section=code, evidence=evidence
    ).delete()
    if not deleted:
        raise WorkflowError(_("Tài liệu này không được đính kèm phần này."))
    audit.record("report.detach", report, by=by, old={"section": code, "evidence": evidence.title})
