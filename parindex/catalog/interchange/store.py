"""An imported spec (`parindex.scoring.criteria`) written to the database as a new draft set.

Every importer produces a spec and every exporter starts from one (`catalog.specs.load_spec`), so
YAML and Excel can never disagree.
"""

from decimal import Decimal

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from parindex.accounts.models import User
from parindex.core.audit import record
from parindex.core.numbers import number_text
from parindex.scoring.criteria import (
    CriteriaError,
    Node,
    Problem,
    show,
)
from parindex.scoring.criteria import CriteriaSet as Spec

from ..models import CriteriaSet, Criterion, Field, UnitLevel
from ..specs import rule_to_json

# Both max_points columns are DECIMAL(9, 4): a finer or larger value would be rounded or refused
# by the database instead of being reported to the person importing the file.
STORED_PLACES = Decimal("0.0001")
STORED_LIMIT = Decimal(10) ** 5
CODE_LENGTH = Criterion._meta.get_field("code").max_length
TITLE_LENGTH = CriteriaSet._meta.get_field("title").max_length


def _fits(value: Decimal) -> bool:
    return abs(value) < STORED_LIMIT and value == value.quantize(STORED_PLACES)


def _storage_problems(spec: Spec) -> list[Problem]:
    problems = []
    if len(spec.title) > TITLE_LENGTH:
        problems.append(Problem("", _("tên bộ tiêu chí dài quá %(n)d ký tự") % {"n": TITLE_LENGTH}))
    for code, value in [("", spec.max_points), *((n.code, n.max_points) for n in spec.walk())]:
        if not _fits(value):
            problems.append(
                Problem(
                    code,
                    _("điểm tối đa %(value)s phải nhỏ hơn 100.000 và có tối đa 4 chữ số thập phân")
                    % {"value": show(value)},
                )
            )
    problems += [
        Problem(node.code, _("mã dài quá %(n)d ký tự") % {"n": CODE_LENGTH})
        for node in spec.walk()
        if len(node.code) > CODE_LENGTH
    ]
    return problems


def _references(spec: Spec, levels: QuerySet) -> tuple[UnitLevel, dict[str, Field]]:
    level = levels.filter(code=spec.level).first()
    codes = {node.field for node in spec.walk() if node.field}
    fields = {field.code: field for field in Field.objects.filter(code__in=codes)}
    problems = []
    if level is None:
        problems.append(
            Problem("", _("cấp đơn vị “%(code)s” chưa có trong danh mục") % {"code": spec.level})
        )
    problems += [
        Problem(node.code, _("lĩnh vực “%(code)s” chưa có trong danh mục") % {"code": node.field})
        for node in spec.walk()
        if node.field and node.field not in fields
    ]
    problems += _storage_problems(spec)
    if problems:
        raise CriteriaError(problems)
    return level, fields


def check_references(spec: Spec) -> None:
    """Raise CriteriaError if the spec names a level or field the catalogue lacks, or holds a value
    the database cannot store exactly. Read-only; `save_criteria_set` checks the same."""
    _references(spec, UnitLevel.objects.all())


@transaction.atomic
def save_criteria_set(
    spec: Spec, *, by: User | None, cloned_from: CriteriaSet | None = None
) -> CriteriaSet:
    """Store a spec as a new draft: the next version for its level and year.

    Side effects, in one transaction: INSERT of the set, one bulk INSERT of nodes per tree depth, an
    audit entry "criteria_set.import". Raises CriteriaError, writing nothing, on unknown level or
    field codes. The spec is stored as given: parse_criteria has validated an imported one, and a
    clone copies a draft exactly, problems included.
    """
    # Locking the level row makes concurrent imports of one level take versions in turn.
    level, fields = _references(spec, UnitLevel.objects.select_for_update())
    latest = CriteriaSet.objects.filter(level=level, year=spec.year).aggregate(v=Max("version"))
    criteria_set = CriteriaSet.objects.create(
        level=level,
        year=spec.year,
        version=(latest["v"] or 0) + 1,
        title=spec.title,
        legal_basis=spec.legal_basis,
        illustrative=spec.illustrative,
        max_points=spec.max_points,
        not_applicable=spec.not_applicable,
        classification=[{"label": b.label, "min": number_text(b.min)} for b in spec.classification],
        cloned_from=cloned_from,
    )
    count = _insert_nodes(criteria_set, spec, fields)
    record(
        "criteria_set.import",
        criteria_set,
        by=by,
        new={
            "level": level.code,
            "year": spec.year,
            "version": criteria_set.version,
            "nodes": count,
            "cloned_from": cloned_from.pk if cloned_from else None,
        },
    )
    return criteria_set


def _insert_nodes(criteria_set: CriteriaSet, spec: Spec, fields: dict[str, Field]) -> int:
    # One INSERT per depth: a row needs its parent's primary key, which bulk_create returns.
    position = {node.code: n for n, node in enumerate(spec.walk())}
    layer: list[tuple[Node, Criterion | None]] = [(node, None) for node in spec.nodes]
    count = 0
    while layer:
        rows = [
            Criterion(
                criteria_set=criteria_set,
                parent=parent,
                position=position[node.code],
                field=fields.get(node.field) if node.field else None,
                **_columns(node),
            )
            for node, parent in layer
        ]
        Criterion.objects.bulk_create(rows)
        count += len(rows)
        layer = [
            (child, row)
            for row, (node, _parent) in zip(rows, layer, strict=True)
            for child in node.children
        ]
    return count


def _columns(node: Node) -> dict:
    return {
        "code": node.code,
        "title": node.title,
        "max_points": node.max_points,
        "method": node.method or "",
        "evidence": node.evidence or "",
        "evidence_hint": node.evidence_hint,
        "guidance": node.guidance,
        "not_applicable_allowed": node.not_applicable_allowed,
        "suggest_from": node.suggest_from or "",
        "rule": rule_to_json(node.rule) if node.rule else None,
    }
