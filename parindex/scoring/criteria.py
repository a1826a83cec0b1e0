"""Criteria sets (`parindex.criteria/1`): the frozen tree the engine scores, how it is read from
and written back to the interchange mapping, and every validity rule of the format.

No Django here: the catalog importer, the node editor and `manage.py evaluate` share this module.
"""

import unicodedata
from collections.abc import Iterator, Mapping
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
from itertools import pairwise

FORMAT = "parindex.criteria/1"
RULE_KINDS = (
    "levels",
    "ratio_bands",
    "ratio_proportional",
    "deduction",
    "manual",
    "bonus",
    "penalty",
)
EXTRA_KINDS = ("bonus", "penalty")
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
RULE_FIELDS = {
    "levels": {"levels"},
    "ratio_bands": {"numerator", "denominator", "zero_denominator", "bands"},
    "ratio_proportional": {"numerator", "denominator", "zero_denominator"},
    "deduction": {"item_label", "per_item"},
    "manual": {"step"},
    "bonus": {"cap", "step"},
    "penalty": {"cap", "step"},
}
SET_KEYS = (
    "format",
    "title",
    "level",
    "year",
    "legal_basis",
    "illustrative",
    "max_points",
    "not_applicable",
    "classification",
    "nodes",
)
NODE_KEYS = (
    "code",
    "title",
    "field",
    "max_points",
    "method",
    "evidence",
    "evidence_hint",
    "guidance",
    "not_applicable_allowed",
    "suggest_from",
    "rule",
    "children",
)


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
    kind: str
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


# ---------------------------------------------------------------------------------------------
# Validation of built values (the node editor calls these on what it is about to store)


def validate_rule(rule: Rule, *, code: str, max_points: Decimal) -> list[Problem]:
    if rule.kind not in RULE_KINDS:
        what = f"cách chấm “{rule.kind}” không hợp lệ" if rule.kind else "thiếu cách chấm (kind)"
        return [Problem(code, f"{what}; dùng một trong: {', '.join(RULE_KINDS)}")]
    messages = [
        f"“{name}” không dùng cho cách chấm {rule.kind}"
        for name in RULE_KEYS
        if name not in RULE_FIELDS[rule.kind] and getattr(rule, name) not in ((), "", None)
    ]
    if rule.kind in EXTRA_KINDS:
        messages += _extra_problems(rule, max_points)
    elif max_points <= 0:
        messages.append("tiêu chí được chấm điểm phải có điểm tối đa lớn hơn 0")
    else:
        messages += _KIND_CHECKS[rule.kind](rule, max_points)
    return [Problem(code, message) for message in messages]


def _points_range(what: str, points: Decimal, max_points: Decimal) -> list[str]:
    if 0 <= points <= max_points:
        return []
    return [f"{what}: điểm ({show(points)}) phải từ 0 đến điểm tối đa ({show(max_points)})"]


def _levels_problems(rule: Rule, max_points: Decimal) -> list[str]:
    if not rule.levels:
        return ["cần ít nhất một mức (levels)"]
    messages, seen = [], set()
    for position, level in enumerate(rule.levels, start=1):
        if not level.label.strip():
            messages.append(f"mức thứ {position} thiếu tên (label)")
        elif level.label in seen:
            messages.append(f"mức “{level.label}” bị trùng")
        seen.add(level.label)
        messages += _points_range(f"mức “{level.label}”", level.points, max_points)
    return messages


def _ratio_problems(rule: Rule, max_points: Decimal) -> list[str]:
    messages = []
    if not rule.numerator.strip():
        messages.append("thiếu tên tử số (numerator)")
    if not rule.denominator.strip():
        messages.append("thiếu tên mẫu số (denominator)")
    if rule.zero_denominator and rule.zero_denominator not in ZERO_DENOMINATOR:
        messages.append(
            f"zero_denominator “{rule.zero_denominator}” không hợp lệ; dùng full_points "
            "hoặc not_applicable"
        )
    return messages


def _bands_problems(rule: Rule, max_points: Decimal) -> list[str]:
    messages = _ratio_problems(rule, max_points)
    if not rule.bands:
        return [*messages, "cần ít nhất một ngưỡng (bands)"]
    for band in rule.bands:
        messages += _points_range(f"ngưỡng {show(band.min)}%", band.points, max_points)
    return messages + _descending_to_zero([band.min for band in rule.bands], "các ngưỡng")


def _descending_to_zero(mins: list[Decimal], what: str) -> list[str]:
    messages = []
    if any(high <= low for high, low in pairwise(mins)):
        messages.append(f"{what} phải xếp từ min cao nhất xuống, không trùng nhau")
    if mins[-1] != 0:
        messages.append(f"{what}: mức cuối cùng phải có min 0 (đang là {show(mins[-1])})")
    return messages


def _deduction_problems(rule: Rule, max_points: Decimal) -> list[str]:
    if rule.per_item is None:
        return ["thiếu số điểm trừ mỗi trường hợp (per_item)"]
    return [] if rule.per_item > 0 else ["số điểm trừ mỗi trường hợp (per_item) phải lớn hơn 0"]


def _step_problems(rule: Rule, limit: Decimal, what: str) -> list[str]:
    step = rule.effective_step
    if step <= 0:
        return ["bước chấm (step) phải lớn hơn 0"]
    if not is_multiple(limit, step):
        return [f"{what} ({show(limit)}) không phải bội số của bước chấm ({show(step)})"]
    return []


def _manual_problems(rule: Rule, max_points: Decimal) -> list[str]:
    return _step_problems(rule, max_points, "điểm tối đa")


def _extra_problems(rule: Rule, max_points: Decimal) -> list[str]:
    messages = []
    if max_points != 0:
        messages.append(
            f"điểm thưởng, điểm trừ nằm ngoài tổng điểm: điểm tối đa phải là 0 "
            f"(đang là {show(max_points)})"
        )
    if rule.cap is None:
        return [*messages, "thiếu mức tối đa (cap) của điểm thưởng, điểm trừ"]
    if rule.cap <= 0:
        return [*messages, "mức tối đa (cap) phải lớn hơn 0"]
    return messages + _step_problems(rule, rule.cap, "mức tối đa")


_KIND_CHECKS = {
    "levels": _levels_problems,
    "ratio_bands": _bands_problems,
    "ratio_proportional": _ratio_problems,
    "deduction": _deduction_problems,
    "manual": _manual_problems,
}


def validate_tree(criteria_set: CriteriaSet) -> list[Problem]:
    """Everything wrong with a built set: node problems depth first, then the set's own."""
    return _tree_problems(criteria_set, bad_max=frozenset(), bad_rule=frozenset())


def _tree_problems(
    cs: CriteriaSet, *, bad_max: frozenset[str], bad_rule: frozenset[str]
) -> list[Problem]:
    # bad_max / bad_rule: codes whose value could not be read at all ("" for the set's max);
    # checks that need such a value are skipped rather than reported a second time.
    problems: list[Problem] = []
    seen: set[str] = set()
    stack = [(node, "") for node in reversed(cs.nodes)]
    while stack:
        node, parent = stack.pop()
        messages = _code_problems(node.code, parent, seen)
        messages += _node_problems(node, bad_max, bad_rule)
        problems += [Problem(node.code, message) for message in messages]
        stack += [(child, node.code) for child in reversed(node.children)]
    problems += [Problem("", message) for message in _set_problems(cs, bad_max)]
    return problems


def _code_problems(code: str, parent: str, seen: set[str]) -> list[str]:
    if not code:
        return ["thiếu mã (code)"]
    messages = []
    if code in seen:
        messages.append("mã bị trùng với một tiêu chí khác")
    seen.add(code)
    if any(character.isspace() for character in code):
        messages.append("mã không được chứa khoảng trắng")
    own = code.removeprefix(f"{parent}.") if parent else code
    if (parent and own == code) or not own or "." in own:
        messages.append(
            f"mã phải mở rộng mã của tiêu chí cha, dạng “{parent}.x”"
            if parent
            else "mã lĩnh vực (cấp cao nhất) không được chứa dấu chấm"
        )
    return messages


def _node_problems(node: Node, bad_max: frozenset[str], bad_rule: frozenset[str]) -> list[str]:
    messages = [] if node.title.strip() else ["thiếu tên tiêu chí (title)"]
    if node.max_points < 0:
        messages.append("điểm tối đa không được âm")
    if not node.is_leaf:
        return messages + _parent_problems(node, bad_max)
    for name, allowed in (("method", METHODS), ("evidence", EVIDENCE)):
        value = getattr(node, name)
        if value not in allowed:
            what = f"“{name}” không hợp lệ: “{value}”" if value else f"thiếu “{name}”"
            messages.append(f"{what}; dùng một trong: {', '.join(allowed)}")
    if node.suggest_from and node.suggest_from not in SUGGESTIONS:
        messages.append(
            f"suggest_from “{node.suggest_from}” không hợp lệ; dùng một trong: "
            f"{', '.join(SUGGESTIONS)}"
        )
    if node.rule is None:
        if node.code not in bad_rule:
            messages.append("tiêu chí lá thiếu cách chấm (rule)")
    elif node.code not in bad_max:
        rule_problems = validate_rule(node.rule, code=node.code, max_points=node.max_points)
        messages += [problem.message for problem in rule_problems]
    return messages


def _parent_problems(node: Node, bad_max: frozenset[str]) -> list[str]:
    messages = [
        f"tiêu chí có tiêu chí con không được có “{name}” (chỉ tiêu chí lá được chấm điểm)"
        for name in ("method", "evidence", "suggest_from", "rule")
        if getattr(node, name)  # a loader may hold "" where the format has null
    ]
    if node.not_applicable_allowed:
        messages.append("chỉ tiêu chí lá mới được đánh dấu không áp dụng")
    codes = {node.code, *(child.code for child in node.children)}
    if not codes & bad_max:
        total = sum((child.max_points for child in node.children), ZERO)
        if total != node.max_points:
            messages.append(
                f"điểm tối đa ({show(node.max_points)}) khác tổng điểm tối đa các tiêu chí con "
                f"({show(total)})"
            )
    return messages


def _set_problems(cs: CriteriaSet, bad_max: frozenset[str]) -> list[str]:
    messages = [f"thiếu “{name}”" for name in ("title", "level") if not getattr(cs, name).strip()]
    if cs.not_applicable not in NOT_APPLICABLE_POLICIES:
        messages.append(
            f"not_applicable “{cs.not_applicable}” không hợp lệ; dùng exclude hoặc full_points"
        )
    if not cs.nodes and "" not in bad_max:
        messages.append("bộ tiêu chí chưa có tiêu chí nào (nodes)")
    messages += _classification_problems(cs.classification)
    if bad_max:
        return messages
    top = sum((node.max_points for node in cs.nodes), ZERO)
    leaves = sum((leaf.max_points for leaf in cs.leaves()), ZERO)
    if top != cs.max_points:
        messages.append(
            f"điểm tối đa của bộ tiêu chí ({show(cs.max_points)}) khác tổng điểm tối đa "
            f"các lĩnh vực ({show(top)})"
        )
    elif leaves != cs.max_points:
        # Every parent may add up and the set still not: the index divides by the leaves' sum.
        messages.append(
            f"tổng điểm tối đa các tiêu chí lá ({show(leaves)}) khác điểm tối đa của bộ "
            f"tiêu chí ({show(cs.max_points)})"
        )
    return messages


def _classification_problems(bands: tuple[ClassBand, ...]) -> list[str]:
    if not bands:
        return []
    messages, seen = [], set()
    for position, band in enumerate(bands, start=1):
        if not band.label.strip():
            messages.append(f"xếp loại thứ {position} thiếu tên (label)")
        elif band.label in seen:
            messages.append(f"xếp loại “{band.label}” bị trùng")
        seen.add(band.label)
    return messages + _descending_to_zero([band.min for band in bands], "các mức xếp loại")


# ---------------------------------------------------------------------------------------------
# Reading the interchange mapping


class _Reader:
    """Reads a document and records every problem instead of stopping at the first one."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.bad_max: set[str] = set()
        self.bad_rule: set[str] = set()

    def add(self, code: str, message: str) -> None:
        self.problems.append(Problem(code, message))

    def keys(self, data: Mapping, allowed: tuple[str, ...], code: str, where: str = "") -> None:
        for key in data:
            if key not in allowed:
                self.add(code, f"khóa không hợp lệ{where}: “{key}”")

    def number(self, data: Mapping, key: str, code: str, required: bool = True) -> Decimal | None:
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.add(code, f"thiếu “{key}”")
            return None
        try:
            number = read_number(value)
        except ValueError as error:
            self.add(code, f"{key}: {error}")
            return None
        if number < 0:
            self.add(code, f"{key} không được âm ({show(number)})")
            return None
        return number

    def text(self, data: Mapping, key: str, code: str) -> str:
        value = data.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.add(code, f"{key} phải là chuỗi ký tự, không phải “{value}”")
            return ""
        return nfc(value)

    def optional_text(self, data: Mapping, key: str, code: str) -> str | None:
        return self.text(data, key, code) or None

    def flag(self, data: Mapping, key: str, code: str) -> bool:
        value = data.get(key)
        if value is None or isinstance(value, bool):
            return bool(value)
        self.add(code, f"{key} phải là true hoặc false, không phải “{value}”")
        return False

    def items(self, data: Mapping, key: str, code: str) -> list[Mapping]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, Mapping) for item in value):
            self.add(code, f"{key} phải là một danh sách các bảng khóa–giá trị")
            return []
        return value


def _read_rule(data: object, code: str, reader: _Reader) -> Rule | None:
    if not isinstance(data, Mapping):
        reader.add(code, "rule phải là một bảng khóa–giá trị")
        return None
    before = len(reader.problems)
    reader.keys(data, ("kind", *RULE_KEYS), code, " trong rule")
    levels, bands = [], []
    for item in reader.items(data, "levels", code):
        reader.keys(item, ("label", "points"), code, " trong levels")
        points = reader.number(item, "points", code)
        levels.append(
            Level(reader.text(item, "label", code), points if points is not None else ZERO)
        )
    for item in reader.items(data, "bands", code):
        reader.keys(item, ("min", "points"), code, " trong bands")
        low, points = reader.number(item, "min", code), reader.number(item, "points", code)
        bands.append(Band(low if low is not None else ZERO, points if points is not None else ZERO))
    rule = Rule(
        kind=reader.text(data, "kind", code),
        levels=tuple(levels),
        bands=tuple(bands),
        numerator=reader.text(data, "numerator", code),
        denominator=reader.text(data, "denominator", code),
        zero_denominator=reader.optional_text(data, "zero_denominator", code),
        per_item=reader.number(data, "per_item", code, required=False),
        item_label=reader.text(data, "item_label", code),
        step=reader.number(data, "step", code, required=False),
        cap=reader.number(data, "cap", code, required=False),
    )
    return rule if len(reader.problems) == before else None


def parse_rule(data: Mapping, *, code: str, max_points: Decimal) -> Rule:
    """One leaf's rule mapping, read and validated; raises CriteriaError with every problem."""
    reader = _Reader()
    rule = _read_rule(data, code, reader)
    problems = reader.problems
    if rule is not None:
        problems = validate_rule(rule, code=code, max_points=max_points)
    if problems:
        raise CriteriaError(problems)
    return rule


def _read_code(value: object) -> str | None:
    # An unquoted YAML code 1 is the int 1 (harmless); 1.10 is the float 1.1 (not the code).
    if isinstance(value, str) and value:
        return nfc(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _read_node(data: object, parent: str, position: int, reader: _Reader) -> Node | None:
    where = f"tiêu chí con thứ {position} của {parent}" if parent else f"lĩnh vực thứ {position}"
    if not isinstance(data, Mapping):
        reader.add(parent, f"{where} phải là một bảng khóa–giá trị")
        reader.bad_max.add(parent)
        return None
    code = _read_code(data.get("code"))
    if code is None:
        reader.add(parent, f"{where} thiếu mã (code) hoặc mã không viết trong ngoặc kép")
        reader.bad_max.add(parent)
        return None
    reader.keys(data, NODE_KEYS, code)
    # Keyword arguments are read in order: the node's own problems come before its children's.
    return Node(
        code=code,
        title=reader.text(data, "title", code),
        max_points=_read_max(data, code, reader),
        field=reader.optional_text(data, "field", code),
        method=reader.optional_text(data, "method", code),
        evidence=reader.optional_text(data, "evidence", code),
        evidence_hint=reader.text(data, "evidence_hint", code),
        guidance=reader.text(data, "guidance", code),
        not_applicable_allowed=reader.flag(data, "not_applicable_allowed", code),
        suggest_from=reader.optional_text(data, "suggest_from", code),
        rule=_read_leaf_rule(data, code, reader),
        children=_read_nodes(data.get("children"), code, reader),
    )


def _read_max(data: Mapping, code: str, reader: _Reader) -> Decimal:
    max_points = reader.number(data, "max_points", code)
    if max_points is None:
        reader.bad_max.add(code)
        return ZERO
    return max_points


def _read_leaf_rule(data: Mapping, code: str, reader: _Reader) -> Rule | None:
    if data.get("rule") is None:
        return None
    rule = _read_rule(data["rule"], code, reader)
    if rule is None:
        reader.bad_rule.add(code)
    return rule


def _read_nodes(items: object, parent: str, reader: _Reader) -> tuple[Node, ...]:
    if items is None and parent:
        return ()
    if not isinstance(items, list):
        what = "children" if parent else "nodes"
        missing = f"thiếu danh sách tiêu chí ({what})"
        reader.add(parent, missing if items is None else f"{what} phải là một danh sách tiêu chí")
        reader.bad_max.add(parent)
        return ()
    read = [_read_node(item, parent, n, reader) for n, item in enumerate(items, start=1)]
    return tuple(node for node in read if node is not None)


def _read_year(value: object, reader: _Reader) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    reader.add("", "thiếu “year”" if value is None else f"year “{value}” không phải là một năm")
    return 0


def _read_classification(doc: Mapping, reader: _Reader) -> tuple[ClassBand, ...]:
    bands = []
    for item in reader.items(doc, "classification", ""):
        reader.keys(item, ("label", "min"), "", " trong classification")
        low = reader.number(item, "min", "")
        if low is not None:
            bands.append(ClassBand(reader.text(item, "label", ""), low))
    return tuple(bands)


def parse_criteria(doc: Mapping) -> CriteriaSet:
    """A `parindex.criteria/1` mapping, read and validated; raises CriteriaError listing every
    problem found, each naming its node code ("" for the set itself)."""
    if not isinstance(doc, Mapping):
        raise CriteriaError([Problem("", "tệp không phải là một bộ tiêu chí (bảng khóa–giá trị)")])
    reader = _Reader()
    reader.keys(doc, SET_KEYS, "")
    if doc.get("format") != FORMAT:
        reader.add("", f"format phải là {FORMAT} (đang là “{doc.get('format')}”)")
    criteria_set = CriteriaSet(
        title=reader.text(doc, "title", ""),
        level=reader.text(doc, "level", ""),
        year=_read_year(doc.get("year"), reader),
        legal_basis=reader.text(doc, "legal_basis", ""),
        illustrative=reader.flag(doc, "illustrative", ""),
        max_points=_read_max(doc, "", reader),
        not_applicable=reader.text(doc, "not_applicable", "") or "exclude",
        classification=_read_classification(doc, reader),
        nodes=_read_nodes(doc.get("nodes"), "", reader),
    )
    problems = reader.problems + _tree_problems(
        criteria_set, bad_max=frozenset(reader.bad_max), bad_rule=frozenset(reader.bad_rule)
    )
    if problems:
        raise CriteriaError(problems)
    return criteria_set


# ---------------------------------------------------------------------------------------------
# Writing the interchange mapping


def criteria_to_dict(cs: CriteriaSet) -> dict:
    """The `parindex.criteria/1` mapping of a set, numbers as Decimal: parse_criteria's inverse."""
    return {
        "format": FORMAT,
        "title": cs.title,
        "level": cs.level,
        "year": cs.year,
        "legal_basis": cs.legal_basis,
        "illustrative": cs.illustrative,
        "max_points": cs.max_points,
        "not_applicable": cs.not_applicable,
        "classification": [{"label": band.label, "min": band.min} for band in cs.classification],
        "nodes": [_node_to_dict(node) for node in cs.nodes],
    }


def _node_to_dict(node: Node) -> dict:
    data: dict = {"code": node.code, "title": node.title}
    if node.field is not None:
        data["field"] = node.field
    data["max_points"] = node.max_points
    if not node.is_leaf:
        data |= {
            key: getattr(node, key) for key in ("evidence_hint", "guidance") if getattr(node, key)
        }
        data["children"] = [_node_to_dict(child) for child in node.children]
        return data
    # The format's example shows every leaf key, suggest_from: null included.
    return data | {
        "method": node.method,
        "evidence": node.evidence,
        "evidence_hint": node.evidence_hint,
        "guidance": node.guidance,
        "not_applicable_allowed": node.not_applicable_allowed,
        "suggest_from": node.suggest_from,
        "rule": None if node.rule is None else rule_to_dict(node.rule),
    }


def rule_to_dict(rule: Rule) -> dict:
    data: dict = {"kind": rule.kind}
    for name in RULE_KEYS:
        value = getattr(rule, name)
        if value in ((), "", None):
            continue
        if name == "levels":
            value = [{"label": level.label, "points": level.points} for level in value]
        elif name == "bands":
            value = [{"min": band.min, "points": band.points} for band in value]
        data[name] = value
    return data
