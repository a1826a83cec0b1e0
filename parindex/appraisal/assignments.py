"""Who appraises what: each leaf's field (lĩnh vực), the team's assignments, and whether every leaf
of every unit of a period is covered by one.

A leaf's field is its own or, as criteria sets usually put it on the area, its nearest ancestor's.
Survey leaves are not appraised (their points are imported), so they need no assignment.
"""

from collections import defaultdict
from dataclasses import dataclass

from parindex.assessments.models import AssessmentPeriod
from parindex.catalog.models import CriteriaSet, Unit
from parindex.catalog.specs import load_spec
from parindex.core.text import collation_key
from parindex.scoring import CriteriaSet as Spec
from parindex.scoring import Node

from .models import Assignment

APPRAISED_METHODS = ("self", "appraisal")


def leaf_fields(spec: Spec) -> dict[str, str | None]:
    """Each leaf's field code (its own, else its nearest ancestor's; None when no node has one)."""
    fields: dict[str, str | None] = {}

    def walk(nodes: tuple[Node, ...], inherited: str | None) -> None:
        for node in nodes:
            own = node.field or inherited
            if node.is_leaf:
                fields[node.code] = own
            else:
                walk(node.children, own)

    walk(spec.nodes, None)
    return fields


def appraised_leaves(spec: Spec) -> list[Node]:
    return [leaf for leaf in spec.leaves() if leaf.method in APPRAISED_METHODS]


@dataclass
class Coverage:
    """Which units each (agency, field) pair appraises; `None` units = every unit of the period."""

    by_field: dict[str, list[tuple[int, set[int] | None]]]

    def agencies_for(self, field_code: str | None, unit_id: int) -> set[int]:
        if field_code is None:
            return set()
        # An agency never appraises itself, even when assigned a field "for every unit".
        return {
            agency
            for agency, units in self.by_field.get(field_code, [])
            if agency != unit_id and (units is None or unit_id in units)
        }


def coverage(period: AssessmentPeriod) -> Coverage:
    """The period's assignments (two queries)."""
    by_field: dict[str, list[tuple[int, set[int] | None]]] = defaultdict(list)
    rows = (
        Assignment.objects.filter(period=period).select_related("field").prefetch_related("units")
    )
    for assignment in rows:
        units = {unit.pk for unit in assignment.units.all()} or None
        by_field[assignment.field.code].append((assignment.agency_id, units))
    return Coverage(dict(by_field))


@dataclass
class Gap:
    """Leaves of a criteria set that no assignment covers, for some of the units using it."""

    criteria_set: CriteriaSet
    code: str
    title: str
    field: str | None
    units: list[Unit]


def gaps(period: AssessmentPeriod) -> list[Gap]:
    """Every (leaf, units) of the period no agency appraises; empty when appraisal may start.

    Queries: the assignments, the units taking part, and each criteria set's nodes."""
    cover = coverage(period)
    units_by_set: dict[int, list[Unit]] = defaultdict(list)
    assessments = period.assessments.select_related("unit")
    for assessment in sorted(assessments, key=lambda a: collation_key(a.unit.name)):
        units_by_set[assessment.criteria_set_id].append(assessment.unit)
    found = []
    for criteria_set in period.criteria_sets.select_related("level").order_by("level__order"):
        units = units_by_set.get(criteria_set.pk, [])
        if not units:
            continue
        spec = load_spec(criteria_set).spec
        fields = leaf_fields(spec)
        for leaf in appraised_leaves(spec):
            field = fields[leaf.code]
            missing = [unit for unit in units if not cover.agencies_for(field, unit.pk)]
            if missing:
                found.append(Gap(criteria_set, leaf.code, leaf.title, field, missing))
    return found
