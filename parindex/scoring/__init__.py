"""The scoring engine: pure functions on frozen dataclasses and Decimal, no Django.

criteria: the criteria set tree, its interchange format and validation; answers: a leaf's entry and
the answers format; engine: points, max and index of every node and of a unit; ranking: rounding,
rank and class.
"""

from .answers import AnswersError, Entry, EntryError, parse_answers, parse_entry
from .criteria import (
    Band,
    ClassBand,
    CriteriaError,
    CriteriaSet,
    Level,
    Node,
    Problem,
    Rule,
    criteria_to_dict,
    parse_criteria,
    parse_rule,
    validate_rule,
    validate_tree,
)
from .engine import LeafScore, NodeResult, UnitResult, evaluate, final_entries, leaf_points
from .ranking import classify, rank, round2

__all__ = [
    "AnswersError",
    "Band",
    "ClassBand",
    "CriteriaError",
    "CriteriaSet",
    "Entry",
    "EntryError",
    "LeafScore",
    "Level",
    "Node",
    "NodeResult",
    "Problem",
    "Rule",
    "UnitResult",
    "classify",
    "criteria_to_dict",
    "evaluate",
    "final_entries",
    "leaf_points",
    "parse_answers",
    "parse_criteria",
    "parse_entry",
    "parse_rule",
    "rank",
    "round2",
    "validate_rule",
    "validate_tree",
]
