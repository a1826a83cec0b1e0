"""The scoring engine: pure functions on frozen dataclasses and Decimal, no Django.

criteria: the criteria set tree and its rule kinds; validation: every validity rule of a set;
criteria_format: the `parindex.criteria/1` mapping read and written; answers: a leaf's entry and
the answers format; engine: points, max and index of every node and of a unit; ranking: rounding,
rank and class.

`CriteriaSet` and `Entry` share their names with the catalog's and the assessments' models: code
that uses both imports the engine's as `Spec` and `EngineEntry` (`from parindex.scoring import
CriteriaSet as Spec`), the only aliases of engine names in the project.
"""

from .answers import AnswersError, Entry, EntryError, parse_answers, parse_entry
from .criteria import (
    EXTRA_KINDS,
    Band,
    ClassBand,
    CriteriaError,
    CriteriaSet,
    Level,
    Node,
    Problem,
    Rule,
    RuleKind,
)
from .criteria_format import criteria_to_dict, parse_criteria, parse_rule, rule_to_dict
from .engine import LeafScore, NodeResult, UnitResult, evaluate, final_entries, leaf_points
from .ranking import classify, rank, round2
from .validation import validate_rule, validate_tree

__all__ = [
    "EXTRA_KINDS",
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
    "RuleKind",
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
    "rule_to_dict",
    "validate_rule",
    "validate_tree",
]
