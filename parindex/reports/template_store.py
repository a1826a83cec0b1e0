"""Storing report templates: an imported file becomes a template; a template in use is frozen and
the next year starts from a clone."""

from dataclasses import replace

from django.db import transaction
from django.utils.translation import gettext as _

from parindex.accounts.models import User
from parindex.catalog.models import UnitLevel
from parindex.core import audit

from .models import ReportTemplate
from .spec import Problem, TemplateError, TemplateSpec, template_to_dict


@transaction.atomic
def save_template(
    spec: TemplateSpec, *, by: User | None, cloned_from: ReportTemplate | None = None
):
    """A new template from `spec`. Raises TemplateError for unknown unit levels, or a template
    with this code and year that exists already. Side effects: the template, its levels, an
    audit entry "report_template.import" (or ".clone")."""
    levels = list(UnitLevel.objects.filter(code__in=spec.levels))
    problems = [
        Problem(None, _("Không có cấp đơn vị mã “%(code)s” trong danh mục.") % {"code": code})
        for code in sorted(set(spec.levels) - {level.code for level in levels})
    ]
    if ReportTemplate.objects.filter(code=spec.code, year=spec.year).exists():
        problems.append(
            Problem(
                None,
                _("Đã có mẫu báo cáo mã “%(code)s” năm %(year)d.")
                % {"code": spec.code, "year": spec.year},
            )
        )
    if problems:
        raise TemplateError(problems)
    template = ReportTemplate.objects.create(
        code=spec.code,
        title=spec.title,
        year=spec.year,
        legal_basis=spec.legal_basis,
        illustrative=spec.illustrative,
        document=template_to_dict(spec),
        cloned_from=cloned_from,
    )
    template.levels.set(levels)
    new = {"code": spec.code, "year": spec.year, "indicators": sum(1 for _ in spec.indicators())}
    audit.record(
        "report_template.clone" if cloned_from else "report_template.import",
        template,
        by=by,
        new=new,
    )
    return template


def clone_template(template: ReportTemplate, *, year: int, by: User | None) -> ReportTemplate:
    """Next year's template, a copy of `template` (which stays as it is)."""
    return save_template(replace(template.spec, year=year), by=by, cloned_from=template)
