"""A unit's scorecard: the criteria tree with the unit's entries, scored by the engine, and the
saving of one item (checked against its rule, the window and concurrent edits).

The engine is the only source of points: `save_entry` stores the facts and then keeps the engine's
answer in `Entry.self_points` and the unit's totals in `UnitAssessment`, for lists only.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, TypedDict

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.accounts.models import User
from parindex.catalog.models import Criterion
from parindex.catalog.rules_text import RuleText, describe_rule
from parindex.catalog.specs import load_spec
from parindex.core import audit
from parindex.scoring import (
    EXTRA_KINDS,
    EntryError,
    Node,
    NodeResult,
    RuleKind,
    UnitResult,
    evaluate,
    leaf_points,
)
from parindex.scoring import CriteriaSet as Spec
from parindex.scoring import Entry as EngineEntry
from parindex.scoring import parse_entry as parse_engine_entry

from . import workflow
from .models import Entry, Evidence, EvidenceFile, UnitAssessment
from .saving import save_versioned

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class Checks(TypedDict):
    """What `load` annotates on each entry: workflow's rules, computed by the database."""

    needs_explanation: bool
    lacks_reason: bool


# What the audit trail keeps of an entry besides its inputs.
AUDITED = ("explanation", "self_points")


@dataclass
class Item:
    """A leaf as the scorecard shows it."""

    node: Node
    criterion_id: int
    depth: int
    parents: tuple[str, ...]
    entry: "WithAnnotations[Entry, Checks] | None"
    result: NodeResult
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.node.code

    @property
    def evidence_rule(self) -> str | None:
        return self.node.evidence

    @property
    def evidence_required(self) -> bool:
        return self.node.evidence == Criterion.Evidence.REQUIRED

    @property
    def is_self_scored(self) -> bool:
        return self.node.method == Criterion.Method.SELF

    @cached_property
    def rule_text(self) -> RuleText:
        return describe_rule(self.node.scored_rule, self.node.max_points)

    @property
    def entered(self) -> bool:
        return self.entry is not None and self.entry.answered

    @property
    def needs_explanation(self) -> bool:
        """Points but required evidence missing: the unit must explain (`workflow`'s rule, as
        annotated on the entry by `load`)."""
        return self.entry is not None and self.entry.needs_explanation

    @property
    def awaits_answer(self) -> bool:
        """The unit's own item with nothing entered yet (the engine counts it 0 points)."""
        return self.is_self_scored and not self.entered

    @property
    def needs_completion(self) -> bool:
        """Blocks submission (`workflow.needs_completion`, as annotated on the entry by `load`):
        `needs_explanation`, or not applicable without a reason."""
        return self.entry is not None and (self.entry.needs_explanation or self.entry.lacks_reason)

    @property
    def needs_work(self) -> bool:
        """What the unit still has to do here: enter it, or complete it. The scorecard's
        contents count these items and its filter shows only these."""
        return self.awaits_answer or self.needs_completion


@dataclass
class Group:
    """An area or a criterion (a node with children) and its totals. Bonus and penalty leaves
    count apart from the points (the engine leaves them out of a group's points and max): their
    sums are shown for the groups that hold them."""

    node: Node
    depth: int
    result: NodeResult
    bonus: Decimal = Decimal(0)
    penalty: Decimal = Decimal(0)
    has_extras: bool = False


@dataclass
class Area:
    """A top-level group as the scorecard's contents list it: its items at any depth."""

    group: Group
    items: list[Item] = field(default_factory=list)

    @property
    def not_entered(self) -> int:
        return sum(item.awaits_answer for item in self.items)

    @property
    def to_complete(self) -> int:
        return sum(item.needs_completion for item in self.items)

    @property
    def is_done(self) -> bool:
        """Nothing left for the unit, in an area where it scores something itself."""
        return any(item.is_self_scored for item in self.items) and not any(
            item.needs_work for item in self.items
        )


@dataclass
class Scorecard:
    assessment: UnitAssessment
    spec: Spec
    result: UnitResult
    rows: list[Item | Group]
    library: list[Evidence]
    ids: dict[str, int]

    @property
    def items(self) -> list[Item]:
        return [row for row in self.rows if isinstance(row, Item)]

    def item(self, criterion_id: int) -> Item:
        return next(item for item in self.items if item.criterion_id == criterion_id)

    @property
    def entered_count(self) -> int:
        return sum(item.entered for item in self.items if item.is_self_scored)

    @property
    def self_scored_count(self) -> int:
        return sum(item.is_self_scored for item in self.items)

    @property
    def not_entered(self) -> list[Item]:
        return [item for item in self.items if item.awaits_answer]

    @property
    def to_complete(self) -> list[Item]:
        """The items that block submission (the same items as `workflow.blockers`)."""
        return [item for item in self.items if item.needs_completion]

    @cached_property
    def areas(self) -> list[Area]:
        """The top-level groups with their items, for the page's contents (no query)."""
        areas: list[Area] = []
        for row in self.rows:
            if row.depth == 0:
                if isinstance(row, Group):
                    areas.append(Area(row))
            elif isinstance(row, Item):
                areas[-1].items.append(row)
        return areas

    @property
    def outline(self) -> list[tuple[Item | Group | None, range]]:
        """The rows for a page that wraps each group and its rows in one element, so that CSS
        can tell a group with nothing left to do: each row with the groups that end just before
        it (a range to loop over), then None with the groups still open."""
        outline: list[tuple[Item | Group | None, range]] = []
        open_groups = 0
        for row in self.rows:
            outline.append((row, range(open_groups - row.depth)))
            open_groups = row.depth + isinstance(row, Group)
        return [*outline, (None, range(open_groups))]


def _evidence_prefetch() -> Prefetch:
    files = EvidenceFile.objects.order_by("-version")
    return Prefetch(
        "evidence",
        queryset=Evidence.objects.order_by("title").prefetch_related(Prefetch("files", files)),
    )


def engine_entries(spec: Spec, entries: Mapping[str, Entry]) -> dict[str, EngineEntry]:
    """Entries of self-scored leaves only: appraisal and survey items are not the unit's."""
    self_scored = {leaf.code for leaf in spec.leaves() if leaf.method == "self"}
    return {code: e.to_engine() for code, e in entries.items() if code in self_scored}


def load(assessment: UnitAssessment) -> Scorecard:
    """The whole scorecard in a constant number of queries (nodes, entries, evidence, files,
    library), whatever the number of items and files."""
    stored = load_spec(assessment.criteria_set)
    spec, ids = stored.spec, stored.ids
    by_code = {
        entry.criterion.code: entry
        for entry in assessment.entries.select_related("criterion", "updated_by")
        .prefetch_related(_evidence_prefetch())
        .annotate(
            needs_explanation=workflow.needs_explanation(), lacks_reason=workflow.lacks_reason()
        )
    }
    result = evaluate(spec, engine_entries(spec, by_code))
    rows: list[Item | Group] = []

    def walk(nodes: tuple[Node, ...], depth: int, parents: tuple[str, ...]) -> None:
        for node in nodes:
            if node.is_leaf:
                entry = by_code.get(node.code)
                rows.append(
                    Item(
                        node,
                        ids[node.code],
                        depth,
                        parents,
                        entry,
                        result.nodes[node.code],
                        list(entry.evidence.all()) if entry else [],
                    )
                )
            else:
                group = Group(node, depth, result.nodes[node.code])
                for leaf in node.walk():
                    if leaf.is_leaf and leaf.scored_rule.kind in EXTRA_KINDS:
                        group.has_extras = True
                        amount = result.nodes[leaf.code].points
                        if leaf.scored_rule.kind == RuleKind.BONUS:
                            group.bonus += amount
                        else:
                            group.penalty += amount
                rows.append(group)
                walk(node.children, depth + 1, (*parents, node.code))

    walk(spec.nodes, 0, ())
    library = list(Evidence.objects.filter(unit_id=assessment.unit_id).order_by("title"))
    return Scorecard(assessment, spec, result, rows, library, ids)


def preview(spec: Spec, leaf: Node, entry: EngineEntry) -> dict:
    """What the item will show once `entry` (read from what is typed) is saved: the same engine
    call as `save_entry` (0 / 0 under `zero_denominator: not_applicable` is "not applicable",
    not 0 points). The keys are those of a loaded item: `result`, `entered`."""
    score = leaf_points(leaf, entry, not_applicable_policy=spec.not_applicable)
    return {"result": score, "entered": entry.answered}


def check_entry(leaf: Node, data: dict) -> EngineEntry:
    """The engine's reading of what the user typed; raises EntryError with a Vietnamese message."""
    if leaf.method != "self":
        raise EntryError(leaf.code, _("Tiêu chí này do Tổ thẩm định chấm, đơn vị không tự chấm."))
    return read_inputs(leaf, data)


def read_inputs(leaf: Node, data: dict) -> EngineEntry:
    """The engine's reading of a leaf's inputs as typed (by the unit or by an appraiser)."""
    raw = {
        key: value
        for key, value in data.items()
        if key in Entry.INPUT_FIELDS and value not in ("", None)
    }
    if data.get("not_applicable"):
        raw = {"not_applicable": True, "reason": data.get("not_applicable_reason", "")}
    return parse_engine_entry(leaf, raw)


@transaction.atomic
def save_entry(
    assessment: UnitAssessment,
    criterion_id: int,
    data: dict,
    *,
    version: int,
    by: User,
    now: datetime | None = None,
) -> Entry:
    """Store one item's inputs, N/A (with reason) and explanation, as `by`.

    Raises WorkflowError (window closed, submitted), EntryError (inputs that break the rule),
    Conflict (the item changed since `version` was read). Side effects: the Entry row (version + 1),
    an audit entry "self_assessment.entry" old → new, the unit's totals and last activity.
    """
    # Locking the unit's row serialises saves with submission and reopening.
    assessment = (
        UnitAssessment.objects.select_for_update()
        .select_related("period", "criteria_set__level", "unit")
        .get(pk=assessment.pk)
    )
    workflow.check_can_change(assessment, now)
    stored = load_spec(assessment.criteria_set)
    spec, leaf = stored.spec, stored.leaf(criterion_id)
    if leaf is None:
        raise EntryError("", _("Tiêu chí không thuộc bộ tiêu chí của đơn vị."))
    engine_entry = check_entry(leaf, data)
    score = leaf_points(leaf, engine_entry, not_applicable_policy=spec.not_applicable)
    values = Entry.columns(engine_entry) | {
        "explanation": data.get("explanation", ""),
        "self_points": score.points if engine_entry.answered else None,
    }
    entry, old, new = save_versioned(
        Entry,
        {"assessment": assessment, "criterion_id": criterion_id},
        values,
        version=version,
        by=by,
        audited=AUDITED,
    )
    audit.record(
        "self_assessment.entry",
        entry,
        by=by,
        old=old,
        new=new,
        reason=entry.not_applicable_reason or entry.explanation,
    )
    refresh_totals(assessment, spec)
    return entry


def refresh_totals(assessment: UnitAssessment, spec: Spec) -> None:
    """Keep the unit's self total and progress for lists (one query to read, one to write)."""
    entries = {e.criterion.code: e for e in assessment.entries.select_related("criterion")}
    result = evaluate(spec, engine_entries(spec, entries))
    UnitAssessment.objects.filter(pk=assessment.pk).update(
        self_total=result.total,
        entered_count=sum(e.answered for e in entries.values()),
        last_activity_at=timezone.now(),
    )
