"""A stored criteria set as the scoring engine reads it: the ORM → engine loader, and a rule
between the engine and its stored form (the format's mapping, numbers as exact decimal strings:
"0.25", never a float).

Self-assessment, appraisal, publication and the editor all score or show a set through
`load_spec`, so none of them can read a stored set differently.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from parindex.core.numbers import number_text
from parindex.scoring.criteria import Band, ClassBand, Level, Node, Rule
from parindex.scoring.criteria import CriteriaSet as Spec
from parindex.scoring.criteria_format import rule_to_dict

from .models import CriteriaSet, Criterion


@dataclass(frozen=True)
class StoredSpec:
    """A stored set's spec, with the database id of each of its nodes."""

    spec: Spec
    ids: dict[str, int]  # node code → Criterion pk

    def code(self, criterion_id: int) -> str | None:
        return self._codes.get(criterion_id)

    def leaf(self, criterion_id: int) -> Node | None:
        """The leaf stored under this id; None for another set's node or a group."""
        node = self._nodes.get(self._codes.get(criterion_id, ""))
        return node if node is not None and node.is_leaf else None

    @cached_property
    def _codes(self) -> dict[int, str]:
        return {pk: code for code, pk in self.ids.items()}

    @cached_property
    def _nodes(self) -> dict[str, Node]:
        return {node.code: node for node in self.spec.walk()}


def load_spec(criteria_set: CriteriaSet) -> StoredSpec:
    """The spec of a stored set, valid or not (an editor's draft may not be yet), with its ids.

    Two queries at most: the level, unless already loaded, and the nodes with their fields.
    """
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
    return StoredSpec(spec, {row.code: row.pk for row in rows})


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


def _jsonable(value: Any) -> Any:
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
