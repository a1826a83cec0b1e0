"""A unit's report from draft to submission, and back when the province returns it: every state
change one function that locks the report, checks, writes and audits in one transaction."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.accounts.models import User
from parindex.assessments.deadlines import ends
from parindex.core import audit

from . import values as reading
from .models import ReportSection, ReportVersion, UnitReport
from .spec import Section, TemplateSpec


class WorkflowError(Exception):
    """The report cannot change now; the message says why, in the user's language."""


class Conflict(Exception):
    """Someone saved the section since the user loaded it; `section` is the current row."""

    def __init__(self, section: ReportSection) -> None:
        super().__init__(section.pk)
        self.section = section


@dataclass(frozen=True)
class Blocker:
    """What stops a submission: the section and the indicator key it concerns, and why."""

    section: str
    key: str
    message: str


class SubmitError(Exception):
    def __init__(self, blockers: list[Blocker]) -> None:
        super().__init__("; ".join(b.message for b in blockers))
        self.blockers = blockers


def change_refusal(report: UnitReport) -> str | None:
    """Why the unit cannot change its report now, or None. Late work is allowed: after the
    deadline a report can still be filled and sent, and is marked late."""
    if not report.period.is_open:
        return _("Kỳ báo cáo chưa mở.")
    if report.is_submitted:
        return _("Báo cáo đã nộp; chỉ sửa được khi Sở Nội vụ trả lại.")
    return None


def _locked(report: UnitReport) -> UnitReport:
    return UnitReport.objects.select_for_update().with_context().get(pk=report.pk)


def section_errors(section: Section, typed: dict[str, str]) -> dict[str, str]:
    """Per indicator key, why what is typed is refused (the draft keeps it all the same)."""
    errors: dict[str, str] = {}
    for indicator in section.indicators:
        errors |= reading.read(indicator, typed).errors
    return errors


@transaction.atomic
def save_section(
    report: UnitReport,
    code: str,
    *,
    narrative: str,
    typed: dict[str, str],
    version: int,
    by: User,
) -> tuple[ReportSection, dict[str, str]]:
    """Keep what was typed in one section (values refused by their indicator too: nothing typed
    is lost) if the section is still at `version`. Returns the section and, per key, why a
    value is refused. Raises WorkflowError (period closed, report submitted, unknown section),
    Conflict (saved by someone else since). Side effects: the section (version + 1), an audit
    entry "report.section" with the values changed, the report's last activity."""
    report = _locked(report)
    refusal = change_refusal(report)
    if refusal:
        raise WorkflowError(refusal)
    section = report.period.template.spec.section(code)
    if section is None:
        raise WorkflowError(_("Mẫu báo cáo không có phần này."))
    keys = [key for indicator in section.indicators for key in indicator.input_keys()]
    values = {key: typed[key].strip() for key in keys if typed.get(key, "").strip()}
    row, _created = ReportSection.objects.get_or_create(report=report, code=code)
    if row.version != version:
        raise Conflict(row)
    old = {"narrative": row.narrative, **row.values}
    changed = ReportSection.objects.filter(pk=row.pk, version=version).update(
        narrative=narrative, values=values, version=F("version") + 1, updated_by=by
    )
    if not changed:
        raise Conflict(ReportSection.objects.get(pk=row.pk))
    row.refresh_from_db()
    before, after = audit.changes(
        old, {"narrative": narrative, **{k: values.get(k, "") for k in keys}}
    )
    if after:
        audit.record("report.section", report, by=by, old=before, new=after, reason=section.title)
    UnitReport.objects.filter(pk=report.pk).update(last_activity_at=timezone.now())
    return row, section_errors(section, values)


def blockers(spec: TemplateSpec, sections: dict[str, ReportSection]) -> list[Blocker]:
    """Everything that stops the report from being submitted: values that do not read, and
    required indicators left empty."""
    found = []
    for section, indicator in spec.indicators():
        row = sections.get(section.code)
        result = reading.read(indicator, row.values if row else {})
        found += [Blocker(section.code, key, message) for key, message in result.errors.items()]
        if message := reading.missing(indicator, result):
            found.append(Blocker(section.code, indicator.input_keys()[0], message))
    return found


@transaction.atomic
def submit_report(report: UnitReport, *, by: User, now: datetime | None = None) -> ReportVersion:
    """Submit (or resubmit after a return): a new version with everything typed. The first
    submission's time is kept for good; a submission after the end of the due day is marked late.
    Raises WorkflowError (period closed, already submitted), SubmitError (what stops it).
    Side effects: the version, the report's state and times, an audit entry "report.submit"."""
    report = _locked(report)
    refusal = change_refusal(report)
    if refusal:
        raise WorkflowError(refusal)
    sections = {row.code: row for row in report.sections.all()}
    found = blockers(report.period.template.spec, sections)
    if found:
        raise SubmitError(found)
    now = now or timezone.now()
    version = ReportVersion.objects.create(
        report=report,
        number=report.versions.count() + 1,
        content={
            code: {"narrative": row.narrative, "values": row.values}
            for code, row in sections.items()
        },
        submitted_at=now,
        submitted_by=by,
        late=now >= ends(report.due),
    )
    old = {"state": report.state}
    report.state = UnitReport.State.SUBMITTED
    report.first_submitted_at = report.first_submitted_at or now
    report.submitted_at, report.submitted_by, report.return_reason = now, by, ""
    report.last_activity_at = now
    report.save()
    audit.record(
        "report.submit",
        report,
        by=by,
        old=old,
        new={
            "state": report.state,
            "submitted_at": now,
            "version": version.number,
            "late": version.late,
        },
    )
    return version


@transaction.atomic
def return_report(report: UnitReport, *, reason: str, by: User) -> None:
    """The province sends a submitted report back with `reason`; the unit edits and resubmits.
    Raises WorkflowError unless the report is submitted. Side effects: the reason on the latest
    version and the report, its state, an audit entry "report.return"."""
    report = _locked(report)
    if not report.is_submitted:
        raise WorkflowError(_("Chỉ trả lại được báo cáo đã nộp."))
    now = timezone.now()
    report.versions.filter(number=report.versions.count()).update(
        returned_at=now, returned_by=by, return_reason=reason
    )
    report.state, report.return_reason = UnitReport.State.RETURNED, reason
    report.save(update_fields=["state", "return_reason"])
    audit.record(
        "report.return",
        report,
        by=by,
        old={"state": UnitReport.State.SUBMITTED},
        new={"state": report.state},
        reason=reason,
    )


@transaction.atomic
def grant_extension(report: UnitReport, *, until: date, reason: str, by: User) -> None:
    """Give one unit until the end of `until` (a date in Vietnam), for `reason`. Raises
    WorkflowError for a report already submitted or a day before the period's deadline.
    Side effects: the report's extension, an audit entry "report.extend"."""
    report = _locked(report)
    if report.is_submitted:
        raise WorkflowError(_("Báo cáo đã nộp, không cần gia hạn."))
    if until <= report.period.deadline:
        raise WorkflowError(_("Ngày gia hạn phải sau hạn nộp của kỳ báo cáo."))
    old = {"extended_until": report.extended_until}
    report.extended_until, report.extension_reason = until, reason
    report.save(update_fields=["extended_until", "extension_reason"])
    audit.record(
        "report.extend", report, by=by, old=old, new={"extended_until": until}, reason=reason
    )
