"""Points of every leaf from its entry, then points, max and index of every node and of the unit.

Pure and exact: Decimal in, Decimal out, nothing rounded (rounding is ranking.round2, at display and
publication). Self points, appraised points and the final result are all `evaluate` on a different
mapping of entries; `final_entries` builds the last one.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext

from .answers import Entry, EntryError
from .criteria import DECIMAL_CONTEXT, EXTRA_KINDS, ZERO, CriteriaSet, Node, RuleKind

HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class LeafScore:
    points: Decimal
    max: Decimal
    not_applicable: bool = False


@dataclass(frozen=True, slots=True)
class NodeResult:
    """A bonus or penalty leaf reports its own amount as points (a penalty as a positive number)."""

    points: Decimal
    max: Decimal
    index: Decimal | None
    not_applicable: bool = False


@dataclass(frozen=True, slots=True)
class UnitResult:
    points: Decimal
    bonus: Decimal
    penalty: Decimal
    total: Decimal
    max: Decimal
    index: Decimal | None
    nodes: Mapping[str, NodeResult]


# What a rule gives for an entry: points, or None when the item counts as not applicable.
_NOT_APPLICABLE = None


def _levels(leaf: Node, entry: Entry) -> Decimal | None:
    if entry.level is None:
        return ZERO
    for level in leaf.scored_rule.levels:
        if level.label == entry.level:
            return level.points
    raise EntryError(leaf.code, f"mức “{entry.level}” không có trong danh sách các mức")


def _zero_denominator(leaf: Node) -> Decimal | None:
    if leaf.scored_rule.zero_denominator == "full_points":
        return leaf.max_points
    if leaf.scored_rule.zero_denominator == "not_applicable":
        return _NOT_APPLICABLE
    raise EntryError(leaf.code, "mẫu số bằng 0 không được phép với tiêu chí này")


def _ratio_bands(leaf: Node, entry: Entry) -> Decimal | None:
    if entry.numerator is None or entry.denominator is None:
        return ZERO
    if entry.denominator == 0:
        return _zero_denominator(leaf)
    for band in leaf.scored_rule.bands:
        # numerator / denominator × 100 ≥ min, multiplied out so that no division rounds.
        if entry.numerator * HUNDRED >= band.min * entry.denominator:
            return band.points
    return ZERO


def _ratio_proportional(leaf: Node, entry: Entry) -> Decimal | None:
    if entry.numerator is None or entry.denominator is None:
        return ZERO
    if entry.denominator == 0:
        return _zero_denominator(leaf)
    return min(leaf.max_points, leaf.max_points * entry.numerator / entry.denominator)


def _deduction(leaf: Node, entry: Entry) -> Decimal | None:
    if entry.count is None:
        return ZERO
    per_item = leaf.scored_rule.per_item or ZERO  # validation gives every deduction one
    return max(ZERO, leaf.max_points - entry.count * per_item)


def _points(leaf: Node, entry: Entry) -> Decimal | None:
    return ZERO if entry.points is None else entry.points


_RULES: dict[str, Callable[[Node, Entry], Decimal | None]] = {
    RuleKind.LEVELS: _levels,
    RuleKind.RATIO_BANDS: _ratio_bands,
    RuleKind.RATIO_PROPORTIONAL: _ratio_proportional,
    RuleKind.DEDUCTION: _deduction,
    RuleKind.MANUAL: _points,
    RuleKind.BONUS: _points,
    RuleKind.PENALTY: _points,
}


def leaf_points(leaf: Node, entry: Entry | None, *, not_applicable_policy: str) -> LeafScore:
    """Points and max of one leaf. `entry` must have passed `parse_entry` for this leaf.

    Bonus and penalty leaves have max 0 and their amount as points.
    """
    maximum = ZERO if leaf.scored_rule.kind in EXTRA_KINDS else leaf.max_points
    if entry is None:
        return LeafScore(ZERO, maximum)
    points = _NOT_APPLICABLE if entry.not_applicable else _RULES[leaf.scored_rule.kind](leaf, entry)
    if points is not _NOT_APPLICABLE:
        return LeafScore(points, maximum)
    if not_applicable_policy == "full_points":
        return LeafScore(maximum, maximum, not_applicable=True)
    return LeafScore(ZERO, ZERO, not_applicable=True)


class _Tally:
    """What `_score` gathers besides node results: bonus, penalty, entries that found a leaf."""

    __slots__ = ("bonus", "penalty", "used")

    def __init__(self) -> None:
        self.bonus = self.penalty = ZERO
        self.used = 0


def evaluate(cs: CriteriaSet, entries: Mapping[str, Entry]) -> UnitResult:
    """One unit's result: every node's points, max and index, then the unit's totals and index.

    Raises EntryError for an entry whose code is not a leaf of the set.
    """
    with localcontext(DECIMAL_CONTEXT):
        nodes: dict[str, NodeResult] = {}
        tally = _Tally()
        points = maximum = ZERO
        for node in cs.nodes:
            node_points, node_max, _ = _score(node, entries, cs.not_applicable, nodes, tally)
            points += node_points
            maximum += node_max
        if tally.used != len(entries):
            leaves = {leaf.code for leaf in cs.leaves()}
            code = next(code for code in entries if code not in leaves)
            raise EntryError(code, "không phải mã của một tiêu chí lá trong bộ tiêu chí")
        total = max(ZERO, points + tally.bonus - tally.penalty)
        return UnitResult(
            points, tally.bonus, tally.penalty, total, maximum, _index(total, maximum), nodes
        )


def _index(points: Decimal, maximum: Decimal) -> Decimal | None:
    return None if maximum == 0 else points * HUNDRED / maximum


def _score(
    node: Node, entries: Mapping[str, Entry], policy: str, out: dict, tally: _Tally
) -> tuple[Decimal, Decimal, bool | None]:
    """(points, max, is every leaf N/A) over a node's leaves that are not bonus/penalty, the flag
    None when there are none; records each node's result in `out`, bonus and penalty in `tally`."""
    if node.is_leaf:
        entry = entries.get(node.code)
        tally.used += node.code in entries
        score = leaf_points(node, entry, not_applicable_policy=policy)
        out[node.code] = NodeResult(
            score.points, score.max, _index(score.points, score.max), score.not_applicable
        )
        if node.scored_rule.kind == RuleKind.BONUS:
            tally.bonus += score.points
        elif node.scored_rule.kind == RuleKind.PENALTY:
            tally.penalty += score.points
        else:
            return score.points, score.max, score.not_applicable
        return ZERO, ZERO, None
    # A placeholder keeps `out` in depth-first order: a parent before its children.
    out[node.code] = None
    points = maximum = ZERO
    all_not_applicable = None
    for child in node.children:
        child_points, child_max, child_na = _score(child, entries, policy, out, tally)
        points += child_points
        maximum += child_max
        if child_na is not None:
            all_not_applicable = (
                child_na if all_not_applicable is None else all_not_applicable and child_na
            )
    out[node.code] = NodeResult(points, maximum, _index(points, maximum), bool(all_not_applicable))
    return points, maximum, all_not_applicable


def final_entries(
    cs: CriteriaSet, appraised: Mapping[str, Entry], survey: Mapping[str, Entry]
) -> dict[str, Entry]:
    """The entries of the final result: survey leaves from the survey import, every other leaf
    from the appraisal. Entries of the other source for a leaf are ignored."""
    survey_codes = {leaf.code for leaf in cs.leaves() if leaf.method == "survey"}
    final = {code: entry for code, entry in appraised.items() if code not in survey_codes}
    final |= {code: entry for code, entry in survey.items() if code in survey_codes}
    return final
