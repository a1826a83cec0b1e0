"""What an audit entry is about: each kind of object the trail records, its name, the unit it
belongs to and its page.

An entry names its object by model label and id (core keeps no link to the apps above it); this
app, above them all, knows the models. A page of entries reads each kind's objects once
(`attach_links`), so the number of queries depends on the kinds shown, never on the entries."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import CharField, Model, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from parindex.accounts.models import User
from parindex.appraisal.models import AppraisedEntry, ExplanationRequest
from parindex.assessments.models import AssessmentPeriod, Entry, Evidence, UnitAssessment
from parindex.catalog.models import CriteriaSet, Criterion, Field, Unit, UnitLevel
from parindex.core.models import AuditEntry
from parindex.plans.models import Plan, PlanTask, PlanYear
from parindex.reports.models import ReportingPeriod, ReportTemplate, UnitReport
from parindex.results.models import Publication


@dataclass(frozen=True)
class Kind:
    label: Promise
    model: type[Model]
    # The lookup from the object to its unit's id, when it belongs to one.
    unit: str | None = None
    # The object's page, from the object itself; None when it has none of its own.
    url: Callable[[Model], str] | None = None


def _by_pk(name: str) -> Callable[[Model], str]:
    return lambda obj: reverse(name, args=[obj.pk])


def _item(name: str) -> Callable[[Model], str]:
    # A criterion's history, on the scorecard or on the appraisal sheet.
    return lambda obj: reverse(name, args=[obj.assessment_id, obj.criterion_id])  # type: ignore[attr-defined]


KINDS: dict[str, Kind] = {
    "accounts.user": Kind(
        gettext_lazy("Tài khoản"), User, unit="unit_id", url=_by_pk("account_detail")
    ),
    "catalog.unitlevel": Kind(
        gettext_lazy("Cấp đơn vị"), UnitLevel, url=_by_pk("catalog:level_edit")
    ),
    "catalog.unit": Kind(
        gettext_lazy("Đơn vị"), Unit, unit="pk", url=_by_pk("catalog:unit_detail")
    ),
    "catalog.field": Kind(gettext_lazy("Lĩnh vực"), Field, url=_by_pk("catalog:field_edit")),
    "catalog.criteriaset": Kind(
        gettext_lazy("Bộ tiêu chí"), CriteriaSet, url=_by_pk("catalog:criteria_set")
    ),
    "catalog.criterion": Kind(
        gettext_lazy("Tiêu chí"),
        Criterion,
        url=lambda obj: reverse("catalog:node_edit", args=[obj.criteria_set_id, obj.pk]),  # type: ignore[attr-defined]
    ),
    "assessments.assessmentperiod": Kind(
        gettext_lazy("Kỳ đánh giá"), AssessmentPeriod, url=_by_pk("assessments:period")
    ),
    "assessments.unitassessment": Kind(
        gettext_lazy("Hồ sơ tự đánh giá"),
        UnitAssessment,
        unit="unit_id",
        url=_by_pk("assessments:scorecard"),
    ),
    "assessments.entry": Kind(
        gettext_lazy("Tự chấm tiêu chí"),
        Entry,
        unit="assessment__unit_id",
        url=_item("assessments:entry_history"),
    ),
    "assessments.evidence": Kind(
        gettext_lazy("Tài liệu kiểm chứng"),
        Evidence,
        unit="unit_id",
        url=_by_pk("assessments:evidence_detail"),
    ),
    "appraisal.appraisedentry": Kind(
        gettext_lazy("Thẩm định tiêu chí"),
        AppraisedEntry,
        unit="assessment__unit_id",
        url=_item("appraisal:item_history"),
    ),
    "appraisal.explanationrequest": Kind(
        gettext_lazy("Yêu cầu giải trình"),
        ExplanationRequest,
        unit="assessment__unit_id",
        url=_item("appraisal:item_history"),
    ),
    "results.publication": Kind(
        gettext_lazy("Kết quả công bố"),
        Publication,
        url=lambda obj: reverse("results:ranking", args=[obj.year]),  # type: ignore[attr-defined]
    ),
    # Periodic reports
    "reports.reporttemplate": Kind(
        gettext_lazy("Mẫu báo cáo"), ReportTemplate, url=_by_pk("reports:template")
    ),
    "reports.reportingperiod": Kind(
        gettext_lazy("Kỳ báo cáo"), ReportingPeriod, url=_by_pk("reports:period")
    ),
    "reports.unitreport": Kind(
        gettext_lazy("Báo cáo định kỳ của đơn vị"),
        UnitReport,
        unit="unit_id",
        url=_by_pk("reports:report"),
    ),
    # PAR plans
    "plans.plan": Kind(
        gettext_lazy("Kế hoạch CCHC"), Plan, unit="unit_id", url=_by_pk("plans:plan")
    ),
    "plans.plantask": Kind(
        gettext_lazy("Nhiệm vụ kế hoạch CCHC"),
        PlanTask,
        unit="plan__unit_id",
        url=_by_pk("plans:task"),
    ),
    "plans.planyear": Kind(
        gettext_lazy("Năm kế hoạch CCHC"),
        PlanYear,
        url=lambda obj: reverse("plans:year_settings", args=[obj.year]),  # type: ignore[attr-defined]
    ),
}


def kind_label(target_type: str) -> str:
    kind = KINDS.get(target_type)
    return str(kind.label) if kind else target_type


def about_unit(unit_id: int) -> Q:
    """Entries about the objects of a unit (its scorecard, items, documents, accounts, the unit
    itself) or made by its people."""
    condition = Q(actor__unit_id=unit_id)
    for target_type, kind in KINDS.items():
        if kind.unit is None:
            continue
        ids = (
            kind.model._default_manager.filter(**{kind.unit: unit_id})
            .annotate(target=Cast("pk", CharField()))
            .values("target")
        )
        condition |= Q(target_type=target_type, target_id__in=ids)
    return condition


def attach_links(entries: Iterable[AuditEntry]) -> None:
    """Set `kind_label` and `link` (the object's page, or None) on each entry: one query per kind
    of object among them."""
    entries = list(entries)
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        if entry.target_type in KINDS and entry.target_id.isascii() and entry.target_id.isdigit():
            wanted.setdefault(entry.target_type, set()).add(int(entry.target_id))
    urls: dict[tuple[str, str], str] = {}
    for target_type, ids in wanted.items():
        kind = KINDS[target_type]
        if kind.url is None:
            continue
        for obj in kind.model._default_manager.filter(pk__in=ids):
            urls[target_type, str(obj.pk)] = kind.url(obj)
    for entry in entries:
        entry.kind_label = kind_label(entry.target_type)  # type: ignore[attr-defined]
        entry.link = urls.get((entry.target_type, entry.target_id))  # type: ignore[attr-defined]
