"""Criteria sets between the database and the engine's spec (`parindex.scoring.criteria`).

Every importer produces a spec and every exporter starts from one, so YAML and Excel can never
disagree. In the database a leaf's `rule` is the format's mapping with its numbers as exact decimal
strings ("0.25", never a float).
"""

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from parindex.core.audit import record
from parindex.scoring.criteria import (
    Band,
    ClassBand,
    CriteriaError,
    Level,
    Node,
    Problem,
    Rule,
    rule_to_dict,
    show,
)
from parindex.scoring.criteria import CriteriaSet as Spec

from ..models import CriteriaSet, Criterion, Field, UnitLevel

# Both max_points columns are DECIMAL(9, 4): a finer or larger value would be rounded or refused
# by the database instead of being reported to the person importing the file.
STORED_PLACES = Decimal("0.0001")
STORED_LIMIT = Decimal(10) ** 5
CODE_LENGTH = Criterion._meta.get_field("code").max_length
TITLE_LENGTH = CriteriaSet._meta.get_field("title").max_length


def number_text(value: Decimal) -> str:
    """The canonical exact text of a number: "0.25", "2", "100" (no exponent, no trailing zeros)."""
    return format(value.normalize(), "f")


def _jsonable(value: object) -> object:
    if isinstance(value, Decimal):
        return number_text(value)
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    return value


def rule_to_json(rule: Rule) -> dict:
    """The stored form of a rule: the format's mapping, numbers as exact decimal strings."""
    return _jsonable(rule_to_dict(rule))


def _decimal(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def rule_from_json(data: Mapping) -> Rule:
    """A stored rule back as the engine's Rule. Stored rules were validated when written, so this
    only converts; `validate_tree` reports anything an editor left inconsistent."""
    return Rule(
        kind=data.get("kind", ""),
        levels=tuple(
            Level(item["label"], Decimal(item["points"])) for item in data.get("levels", [])
        ),
        bands=tuple(
            Band(Decimal(item["min"]), Decimal(item["points"])) for item in data.get("bands", [])
        ),
        numerator=data.get("numerator", ""),
        denominator=data.get("denominator", ""),
        zero_denominator=data.get("zero_denominator"),
        per_item=_decimal(data.get("per_item")),
        item_label=data.get("item_label", ""),
        step=_decimal(data.get("step")),
        cap=_decimal(data.get("cap")),
    )


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
def save_criteria_set(spec: Spec, *, by, cloned_from: CriteriaSet | None = None) -> CriteriaSet:
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


def load_criteria_set(criteria_set: CriteriaSet) -> Spec:
    """The spec of a stored set, valid or not (an editor's draft may not be yet).

    Two queries at most: the level, unless already loaded, and the nodes with their fields.
    """
    return load_criteria_set_with_ids(criteria_set)[0]


def load_criteria_set_with_ids(criteria_set: CriteriaSet) -> tuple[Spec, dict[str, int]]:
    """The spec and the primary key of each node by code (same queries as load_criteria_set)."""
    rows = list(criteria_set.nodes.select_related("field").order_by("position"))
    children: dict[int | None, list[Criterion]] = defaultdict(list)
    for row in rows:
        children[row.parent_id].append(row)
    spec = Spec(
        title=criteria_set.title,
        level=criteria_set.level.code,
        year=criteria_set.year,
        legal_basis=criteria_set.legal_basis,
        illustrative=criteria_set.illustrative,
        max_points=_exact(criteria_set.max_points),
        not_applicable=criteria_set.not_applicable,
        classification=tuple(
            ClassBand(band["label"], Decimal(band["min"])) for band in criteria_set.classification
        ),
        nodes=_subtree(children, None),
    )
    return spec, {row.code: row.pk for row in rows}


def _exact(value: Decimal) -> Decimal:
    # The column gives 0.5000; the spec, like the file it came from, says 0.5.
    return Decimal(number_text(value))


def _subtree(
    children: dict[int | None, list[Criterion]], parent_id: int | None
) -> tuple[Node, ...]:
    return tuple(
        Node(
            code=row.code,
            title=row.title,
            max_points=_exact(row.max_points),
            children=_subtree(children, row.pk),
            field=row.field.code if row.field else None,
            method=row.method or None,
            evidence=row.evidence or None,
            evidence_hint=row.evidence_hint,
            guidance=row.guidance,
            not_applicable_allowed=row.not_applicable_allowed,
            suggest_from=row.suggest_from or None,
            rule=rule_from_json(row.rule) if row.rule else None,
        )
        for row in children[parent_id]
    )
