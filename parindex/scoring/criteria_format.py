"""The `parindex.criteria/1` interchange mapping (what the YAML and Excel files hold): read into a
validated `CriteriaSet`, and written back from one.

Reading records every problem instead of stopping at the first one, then runs `validation` on
what it could read.
"""

from collections.abc import Mapping
from decimal import Decimal

from .criteria import (
    RULE_KEYS,
    ZERO,
    Band,
    ClassBand,
    CriteriaError,
    CriteriaSet,
    Level,
    Node,
    Problem,
    Rule,
    nfc,
    read_number,
    show,
)
from .validation import tree_problems, validate_rule

FORMAT = "parindex.criteria/1"
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
    if rule is None:
        raise CriteriaError(reader.problems)
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


def parse_criteria(doc: object) -> CriteriaSet:
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
    problems = reader.problems + tree_problems(
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
