"""Changes to criteria sets: node edits, status, cloning. Each function checks the state,
writes, and records the audit entry in one transaction."""

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from parindex.accounts.models import User
from parindex.core.audit import changes, record
from parindex.scoring.criteria import Problem
from parindex.scoring.validation import validate_tree

from .interchange import save_criteria_set
from .models import CriteriaSet, Criterion
from .specs import load_spec
from .years import Change, Text, other_years, with_changes, year_changes

NODE_FIELDS = (
    "code",
    "title",
    "field_id",
    "max_points",
    "method",
    "evidence",
    "evidence_hint",
    "guidance",
    "not_applicable_allowed",
    "suggest_from",
    "rule",
)


class FrozenError(Exception):
    """The set is in use by an assessment period: its criteria can no longer change."""


def node_snapshot(node: Criterion) -> dict:
    return {name: getattr(node, name) for name in NODE_FIELDS}


def _ensure_draft(criteria_set: CriteriaSet) -> None:
    if criteria_set.is_frozen:
        raise FrozenError(_("Bộ tiêu chí đang áp dụng, không được sửa."))


def problems_of(criteria_set: CriteriaSet) -> list[Problem]:
    """Everything the engine finds wrong with the set as stored (empty when valid)."""
    return validate_tree(load_spec(criteria_set).spec)


@dataclass(frozen=True)
class Review:
    """What to look at before a set is put in use: what the engine finds wrong (it prevents
    it) and the texts still naming a year other than the set's (copied from last year and not
    changed: a warning, since a text may rightly cite an earlier plan)."""

    problems: list[Problem]
    other_years: list[Text]


def review(criteria_set: CriteriaSet) -> Review:
    spec = load_spec(criteria_set).spec
    return Review(validate_tree(spec), other_years(spec))


@transaction.atomic
def save_node(node: Criterion, *, by: User, before: dict | None) -> None:
    """Insert or update one node of a draft set. Side effects: write, audit entry.

    A new node goes after its parent's last descendant, so the depth-first order holds.
    """
    criteria_set = CriteriaSet.objects.select_for_update().get(pk=node.criteria_set_id)
    _ensure_draft(criteria_set)
    if node.pk is None:
        node.position = (
            _position_after_subtree(node.parent) if node.parent else _last_position(criteria_set)
        )
        Criterion.objects.filter(criteria_set=criteria_set, position__gte=node.position).update(
            position=F("position") + 1
        )
    node.save()
    after = node_snapshot(node)
    if before is None:
        record("criterion.create", node, by=by, new=after)
        return
    old, new = changes(before, after)
    if new:
        record("criterion.update", node, by=by, old=old, new=new)


def _last_position(criteria_set: CriteriaSet) -> int:
    last = criteria_set.nodes.aggregate(m=Max("position"))["m"]
    return 0 if last is None else last + 1


def _position_after_subtree(parent: Criterion) -> int:
    prefix = f"{parent.code}."
    subtree = parent.criteria_set.nodes.filter(code__startswith=prefix)
    last = subtree.aggregate(m=Max("position"))["m"]
    return (parent.position if last is None else last) + 1


@transaction.atomic
def delete_node(node: Criterion, *, by: User) -> None:
    """Remove a node and its subtree from a draft set. Side effects: delete, audit entry."""
    criteria_set = CriteriaSet.objects.select_for_update().get(pk=node.criteria_set_id)
    _ensure_draft(criteria_set)
    record("criterion.delete", node, by=by, old=node_snapshot(node))
    node.delete()


@transaction.atomic
def update_set(criteria_set: CriteriaSet, *, by: User, before: dict) -> None:
    _ensure_draft(CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk))
    criteria_set.save()
    old, new = changes(before, set_snapshot(criteria_set))
    if new:
        record("criteria_set.update", criteria_set, by=by, old=old, new=new)


def set_snapshot(criteria_set: CriteriaSet) -> dict:
    names = ("title", "legal_basis", "illustrative", "max_points", "not_applicable")
    return {name: getattr(criteria_set, name) for name in names} | {
        "classification": criteria_set.classification
    }


@transaction.atomic
def put_in_use(criteria_set: CriteriaSet, *, by: User) -> list[Problem]:
    """Freeze a valid draft. Returns the problems that prevent it (nothing changes then).
    Side effects: the status, audit `criteria_set.in_use` with the texts that still named
    another year (the person was shown them: `review`)."""
    criteria_set = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    if criteria_set.is_frozen:
        return []
    found = review(criteria_set)
    if found.problems:
        return found.problems
    criteria_set.status = CriteriaSet.Status.IN_USE
    criteria_set.save(update_fields=["status", "updated_at"])
    left = [text.key for text in found.other_years]
    record(
        "criteria_set.in_use",
        criteria_set,
        by=by,
        old={"status": CriteriaSet.Status.DRAFT},
        new={"status": CriteriaSet.Status.IN_USE} | ({"other_years": left} if left else {}),
    )
    return []


@transaction.atomic
def clone_to_year(
    criteria_set: CriteriaSet, *, year: int, by: User, replacements: Iterable[Change] | None = None
) -> CriteriaSet:
    """A new draft for `year` with the same tree, its texts changed as `replacements` say (by
    default every text naming the set's year on its own: `years.year_changes`). Side effects:
    inserts, audit entry `criteria_set.clone` with the texts changed."""
    spec = load_spec(criteria_set).spec
    chosen = list(year_changes(spec, spec.year, year) if replacements is None else replacements)
    clone = save_criteria_set(
        dataclasses.replace(with_changes(spec, chosen), year=year), by=by, cloned_from=criteria_set
    )
    record(
        "criteria_set.clone",
        clone,
        by=by,
        new={
            "from": str(criteria_set),
            "year": year,
            "texts": [{"text": c.key, "old": c.text.value, "new": c.after} for c in chosen],
        },
    )
    return clone
