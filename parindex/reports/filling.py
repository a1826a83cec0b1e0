"""What a unit's report page shows: each section as typed, with last period's values beside each
field, and why a typed value is refused (loaded in a fixed number of queries)."""

import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from parindex.assessments.models import Evidence

from .attaching import by_section
from .models import ReportSection, ReportVersion, UnitReport
from .spec import Indicator, IndicatorType, Section
from .suggesting import Prefill, for_report
from .workflow import section_errors


@dataclass
class Input:
    """One input of an indicator on the page: what it is (a percentage's numerator, a table's
    cell), its form field (when editable), what is typed, last period's value, why it is refused."""

    key: str
    label: str
    bound: object
    typed: str
    previous: str
    error: str

    @property
    def dom_id(self) -> str:
        """An id for the input's message: keys hold dots and slashes ("TTHC.1/nhan/tt")."""
        return "k-" + self.key.replace("_", "__").replace(".", "_d").replace("/", "_s")


@dataclass
class IndicatorInputs:
    indicator: Indicator
    inputs: list[Input]
    prefill: Prefill | None = None

    @property
    def fill(self) -> dict[str, str]:
        """The suggestion by the form's field names, for the button that takes it."""
        if self.prefill is None:
            return {}
        return {
            i.bound.html_name: self.prefill.values[i.key]  # type: ignore[attr-defined]
            for i in self.inputs
            if i.bound is not None and i.key in self.prefill.values
        }

    @property
    def fill_json(self) -> str:
        return json.dumps(self.fill, ensure_ascii=False)

    @property
    def grid(self) -> list[tuple[str, list[Input]]]:
        """A table's inputs by row, for showing it as a table."""
        columns = len(self.indicator.columns)
        return [
            (row.title, self.inputs[i * columns : (i + 1) * columns])
            for i, row in enumerate(self.indicator.rows)
        ]


@dataclass
class SectionView:
    section: Section
    row: ReportSection | None
    # What is typed: the row's, or a submitted version's.
    typed: dict[str, str] = field(default_factory=dict)
    narrative: str = ""
    # Per indicator key: why what is typed is refused; and last period's value as typed.
    errors: dict[str, str] = field(default_factory=dict)
    previous: dict[str, str] = field(default_factory=dict)
    # Per indicator code: a figure the system holds, offered while the unit may change the section.
    prefills: dict[str, Prefill] = field(default_factory=dict)
    # Documents of the unit's evidence library attached to the section, files newest first.
    attachments: list[Evidence] = field(default_factory=list)
    form: object = None  # the section's form when the reader may change it

    @property
    def version(self) -> int:
        return self.row.version if self.row else 0

    def indicators(self) -> list[IndicatorInputs]:
        """Every indicator with its inputs; a refused input's field is marked invalid."""
        found = []
        for indicator in self.section.indicators:
            inputs = []
            for key, label in zip(indicator.input_keys(), _labels(indicator), strict=True):
                bound = self.form[key] if self.form is not None else None  # type: ignore[index]
                error = self.errors.get(key, "")
                if bound is not None:
                    name = f"{indicator.title} – {label}" if label else indicator.title
                    bound.field.widget.attrs["aria-label"] = name
                if bound is not None and error:
                    attrs = bound.field.widget.attrs
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid"
                    attrs["aria-invalid"] = "true"
                typed = self.typed.get(key, "")
                inputs.append(Input(key, label, bound, typed, self.previous.get(key, ""), error))
            found.append(IndicatorInputs(indicator, inputs, self.prefills.get(indicator.code)))
        return found


def _labels(indicator: Indicator) -> list[str]:
    if indicator.type == IndicatorType.PERCENTAGE:
        return [_("Tử số"), _("Mẫu số")]
    if indicator.type == IndicatorType.TABLE:
        return [column.title for _row in indicator.rows for column in indicator.columns]
    return [""]


def previous_version(report: UnitReport) -> ReportVersion | None:
    """The unit's latest submitted version of the period before this one (same template code,
    an earlier deadline): what stands beside each field."""
    return (
        ReportVersion.objects.filter(
            report__unit_id=report.unit_id,
            report__period__template__code=report.period.template.code,
            report__period__deadline__lt=report.period.deadline,
        )
        .select_related("report__period")
        .order_by("-report__period__deadline", "-number")
        .first()
    )


def load(report: UnitReport) -> list[SectionView]:
    rows = {row.code: row for row in report.sections.all()}
    before = previous_version(report)
    content = before.content if before else {}
    prefills = for_report(report, before)
    attached = by_section(report)
    views = []
    for section in report.period.template.spec.sections:
        row = rows.get(section.code)
        views.append(
            SectionView(
                section=section,
                row=row,
                typed=row.values if row else {},
                narrative=row.narrative if row else "",
                errors=section_errors(section, row.values) if row else {},
                previous=content.get(section.code, {}).get("values", {}),
                prefills=prefills,  # codes are unique in a template
                attachments=attached.get(section.code, []),
            )
        )
    return views


def load_version(version: ReportVersion) -> list[SectionView]:
    """A submitted version's sections, read-only."""
    return [
        SectionView(
            section=section,
            row=None,
            typed=version.content.get(section.code, {}).get("values", {}),
            narrative=version.content.get(section.code, {}).get("narrative", ""),
        )
        for section in version.report.period.template.spec.sections
    ]
