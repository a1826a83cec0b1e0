"""Criteria sets: the frozen tree the engine scores (`CriteriaSet` of `Node`s, a leaf's `Rule`),
the words of the `parindex.criteria/1` format they use, and the small helpers every part of the
format shares. Checking a built tree is `validation`; reading and writing the format's mapping is
`criteria_format`.

No Django here: the catalog importer, the node editor and `manage.py evaluate` share this module.
"""

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import (
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from enum import StrEnum


class RuleKind(StrEnum):
    """How a leaf is scored: the `kind` of its rule. A value is a plain string too, so a rule read
    from a file or the database compares equal to its kind."""

    LEVELS = "levels"
    RATIO_BANDS = "ratio_bands"
    RATIO_PROPORTIONAL = "ratio_proportional"
    DEDUCTION = "deduction"
    MANUAL = "manual"
    BONUS = "bonus"
    PENALTY = "penalty"


# Bonus and penalty points lie outside the set's maximum, capped by the rule.
EXTRA_KINDS: tuple[str, ...] = (RuleKind.BONUS, RuleKind.PENALTY)
METHODS = ("self", "appraisal", "survey")
EVIDENCE = ("required", "optional", "none")
SUGGESTIONS = ("plans.completion_rate", "reports.on_time")
NOT_APPLICABLE_POLICIES = ("exclude", "full_points")
ZERO_DENOMINATOR = ("full_points", "not_applicable")
DEFAULT_STEP = Decimal("0.25")
ZERO = Decimal(0)
# Independent of whatever the process's global context holds; used through localcontext().
DECIMAL_CONTEXT = Context(
    prec=28, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow]
)

# Rule keys in the order the format writes them, and the ones each kind uses.
RULE_KEYS = (
    "levels",
    "numerator",
    "denominator",
    "zero_denominator",
    "bands",
    "item_label",
    "per_item",
    "cap",
    "step",
)
RULE_FIELDS: dict[str, set[str]] = {
    RuleKind.LEVELS: {"levels"},
    RuleKind.RATIO_BANDS: {"numerator", "denominator", "zero_denominator", "bands"},
    RuleKind.RATIO_PROPORTIONAL: {"numerator", "denominator", "zero_denominator"},
    RuleKind.DEDUCTION: {"item_label", "per_item"},
    RuleKind.MANUAL: {"step"},
    RuleKind.BONUS: {"cap", "step"},
    RuleKind.PENALTY: {"cap", "step"},
}


@dataclass(frozen=True, slots=True)
class Level:
    label: str
    points: Decimal


@dataclass(frozen=True, slots=True)
class Band:
    min: Decimal
    points: Decimal


@dataclass(frozen=True, slots=True)
class ClassBand:
    label: str
    min: Decimal


@dataclass(frozen=True, slots=True)
class Rule:
    kind: str  # a RuleKind once validated; whatever the file said until then
    levels: tuple[Level, ...] = ()
    bands: tuple[Band, ...] = ()
    numerator: str = ""
    denominator: str = ""
    zero_denominator: str | None = None
    per_item: Decimal | None = None
    item_label: str = ""
    step: Decimal | None = None
    cap: Decimal | None = None

    @property
    def effective_step(self) -> Decimal:
        return DEFAULT_STEP if self.step is None else self.step


@dataclass(frozen=True, slots=True)
class Node:
    code: str
    title: str
    max_points: Decimal
    children: tuple["Node", ...] = ()
    field: str | None = None
    method: str | None = None
    evidence: str | None = None
    evidence_hint: str = ""
    guidance: str = ""
    not_applicable_allowed: bool = False
    suggest_from: str | None = None
    rule: Rule | None = None

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def scored_rule(self) -> Rule:
        """A leaf's rule, which every leaf of a validated set has: what the engine scores by."""
        if self.rule is None:
            raise ValueError(f"{self.code} has no rule: not a leaf of a validated criteria set")
        return self.rule

    def walk(self) -> Iterator["Node"]:
        """This node and every node under it, depth first (a parent before its children)."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class CriteriaSet:
    title: str
    level: str
    year: int
    max_points: Decimal
    nodes: tuple[Node, ...]
    not_applicable: str = "exclude"
    classification: tuple[ClassBand, ...] = ()
    legal_basis: str = ""
    illustrative: bool = False

    def walk(self) -> Iterator[Node]:
        for node in self.nodes:
            yield from node.walk()

    def leaves(self) -> list[Node]:
        return [node for node in self.walk() if node.is_leaf]

    def find(self, code: str) -> Node | None:
        return next((node for node in self.walk() if node.code == code), None)


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.code}: {self.message}" if self.code else self.message


class CriteriaError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = list(problems)


def show(value: Decimal) -> str:
    """A number inside a message, as Vietnamese readers write it: 2,5 · 100 · 0,25."""
    return format(value.normalize(), "f").replace(".", ",")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def read_number(value: object) -> Decimal:
    """int, float (through str(), so 0.1 stays 0.1), Decimal or a numeric string such as "0.5"."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise ValueError(f"“{value}” không phải là số")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"“{value}” không phải là số") from None
    if not number.is_finite():
        raise ValueError(f"“{value}” không phải là số")
    # "-0" is a valid number and not negative, but would print as -0.00.
    return number.copy_abs() if number.is_zero() else number


def is_multiple(value: Decimal, step: Decimal) -> bool:
    with localcontext(DECIMAL_CONTEXT) as context:
        context.traps[InvalidOperation] = False
        # A quotient too long for the precision gives NaN, and NaN is not 0: not a multiple.
        return step > 0 and value % step == 0
