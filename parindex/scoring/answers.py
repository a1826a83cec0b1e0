"""What a unit (or the appraisal team, or the survey import) entered for a leaf, checked against
the leaf's rule; and the `parindex.answers/1` interchange format holding one unit's entries."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from .criteria import (
    EXTRA_KINDS,
    CriteriaSet,
    Node,
    Problem,
    RuleKind,
    is_multiple,
    nfc,
    read_number,
    show,
)

FORMAT = "parindex.answers/1"
INPUT_KEYS: dict[str, tuple[str, ...]] = {
    RuleKind.LEVELS: ("level",),
    RuleKind.RATIO_BANDS: ("numerator", "denominator"),
    RuleKind.RATIO_PROPORTIONAL: ("numerator", "denominator"),
    RuleKind.DEDUCTION: ("count",),
    RuleKind.MANUAL: ("points",),
    RuleKind.BONUS: ("points",),
    RuleKind.PENALTY: ("points",),
}
ANSWERS_KEYS = ("format", "unit", "appraised", "entries")


@dataclass(frozen=True, slots=True)
class Entry:
    """One leaf's inputs. With no input at all the leaf is "not scored yet" (0 points)."""

    level: str | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    count: int | None = None
    points: Decimal | None = None
    not_applicable: bool = False
    reason: str = ""

    @property
    def answered(self) -> bool:
        """Inputs, or not applicable; else the leaf is not scored yet."""
        return self.not_applicable or any(
            value is not None
            for value in (self.level, self.numerator, self.denominator, self.count, self.points)
        )


class EntryError(ValueError):
    """An entry its leaf's rule refuses. `code` is the leaf's; `message` is plain Vietnamese for
    the command line and the imports. The problems a web form can reach once its own fields have
    read the numbers also name themselves, for the form to word and translate: `problem`
    (missing, zero_denominator, above_limit, off_step), the input `field` it concerns, and the
    numbers of the message in `params`."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        problem: str = "",
        field: str = "",
        params: Mapping[str, Decimal] | None = None,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.problem = problem
        self.field = field
        self.params = dict(params or {})


class AnswersError(Exception):
    """An answers document with invalid entries; `problems` lists every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = list(problems)


def parse_entry(leaf: Node, data: Mapping) -> Entry:
    """A leaf's entry mapping, checked against its rule; raises EntryError on the first problem."""
    if not isinstance(data, Mapping):
        raise EntryError(leaf.code, "mục nhập phải là một bảng khóa–giá trị")
    kind = leaf.scored_rule.kind
    inputs = INPUT_KEYS[kind]
    for key in data:
        if key not in (*inputs, "not_applicable", "reason"):
            raise EntryError(leaf.code, f"khóa “{key}” không dùng cho cách chấm {kind}")
    reason = data.get("reason")
    if reason is not None and not isinstance(reason, str):
        raise EntryError(leaf.code, "lý do (reason) phải là chuỗi ký tự")
    not_applicable = data.get("not_applicable", False)
    if not isinstance(not_applicable, bool):
        raise EntryError(leaf.code, "not_applicable phải là true hoặc false")
    given = {key: data[key] for key in inputs if data.get(key) is not None}
    if not_applicable:
        if not leaf.not_applicable_allowed:
            raise EntryError(leaf.code, "tiêu chí này không được đánh dấu không áp dụng")
        if given:
            raise EntryError(leaf.code, "mục đã đánh dấu không áp dụng thì không nhập số liệu")
        return Entry(not_applicable=True, reason=nfc(reason or ""))
    values = _READERS[kind](leaf, given) if given else {}
    return Entry(**values, reason=nfc(reason or ""))


def _number(leaf: Node, name: str, value: object) -> Decimal:
    try:
        number = read_number(value)
    except ValueError as error:
        raise EntryError(leaf.code, f"{name}: {error}") from None
    if number < 0:
        raise EntryError(leaf.code, f"{name} không được âm ({show(number)})")
    return number


def _level(leaf: Node, given: Mapping) -> dict:
    value = given["level"]
    labels = [level.label for level in leaf.scored_rule.levels]
    if isinstance(value, str) and nfc(value) in labels:
        return {"level": nfc(value)}
    # A position may arrive as 2 or, from a spreadsheet or form, as "2".
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= len(labels):
        return {"level": labels[value - 1]}
    raise EntryError(leaf.code, f"mức “{value}” không có trong danh sách {len(labels)} mức")


def _ratio(leaf: Node, given: Mapping) -> dict:
    for name, what in (("numerator", "tử số"), ("denominator", "mẫu số")):
        if name not in given:
            raise EntryError(leaf.code, f"thiếu {what} ({name})", problem="missing", field=name)
    numerator = _number(leaf, "numerator", given["numerator"])
    denominator = _number(leaf, "denominator", given["denominator"])
    if denominator == 0 and leaf.scored_rule.zero_denominator is None:
        raise EntryError(
            leaf.code,
            "mẫu số bằng 0 không được phép với tiêu chí này",
            problem="zero_denominator",
            field="denominator",
        )
    return {"numerator": numerator, "denominator": denominator}


def _count(leaf: Node, given: Mapping) -> dict:
    count = _number(leaf, "count", given["count"])
    if count != count.to_integral_value():
        raise EntryError(leaf.code, f"số trường hợp (count) phải là số nguyên ({show(count)})")
    return {"count": int(count)}


def _points(leaf: Node, given: Mapping) -> dict:
    points = _number(leaf, "points", given["points"])
    rule = leaf.scored_rule
    limit, what = leaf.max_points, "điểm tối đa"
    if rule.kind in EXTRA_KINDS and rule.cap is not None:  # validation gives each of them a cap
        limit, what = rule.cap, "mức tối đa"
    if points > limit:
        raise EntryError(
            leaf.code,
            f"điểm ({show(points)}) lớn hơn {what} ({show(limit)})",
            problem="above_limit",
            field="points",
            params={"points": points, "limit": limit},
        )
    step = rule.effective_step
    if not is_multiple(points, step):
        raise EntryError(
            leaf.code,
            f"điểm ({show(points)}) không phải bội số của bước chấm ({show(step)})",
            problem="off_step",
            field="points",
            params={"points": points, "step": step},
        )
    return {"points": points}


_READERS: dict[str, Callable[[Node, Mapping], dict]] = {
    RuleKind.LEVELS: _level,
    RuleKind.RATIO_BANDS: _ratio,
    RuleKind.RATIO_PROPORTIONAL: _ratio,
    RuleKind.DEDUCTION: _count,
    RuleKind.MANUAL: _points,
    RuleKind.BONUS: _points,
    RuleKind.PENALTY: _points,
}


def parse_answers(cs: CriteriaSet, doc: object) -> tuple[str, dict[str, Entry]]:
    """A `parindex.answers/1` mapping: (unit name or code, entries by leaf code).

    Raises AnswersError listing every invalid entry, not only the first.
    """
    if not isinstance(doc, Mapping):
        raise AnswersError([Problem("", "tệp không phải là một bảng kết quả chấm (answers)")])
    problems = [
        Problem("", f"khóa không hợp lệ: “{key}”") for key in doc if key not in ANSWERS_KEYS
    ]
    if doc.get("format") != FORMAT:
        problems.append(Problem("", f"format phải là {FORMAT} (đang là “{doc.get('format')}”)"))
    unit = doc.get("unit")
    if isinstance(unit, int) and not isinstance(unit, bool):
        unit = str(unit)
    if not isinstance(unit, str) or not unit.strip():
        problems.append(Problem("", "thiếu tên hoặc mã đơn vị (unit)"))
        unit = ""
    if not isinstance(doc.get("appraised", False), bool):
        problems.append(Problem("", "appraised phải là true hoặc false"))
    raw = doc.get("entries") or {}
    if not isinstance(raw, Mapping):
        raw = {}
        problems.append(Problem("", "entries phải là một bảng theo mã tiêu chí"))
    entries, entry_problems = _parse_entries(cs, raw)
    problems += entry_problems
    if problems:
        raise AnswersError(problems)
    return nfc(unit), entries


def _parse_entries(cs: CriteriaSet, raw: Mapping) -> tuple[dict[str, Entry], list[Problem]]:
    nodes = {node.code: node for node in cs.walk()}
    entries: dict[str, Entry] = {}
    problems: list[Problem] = []
    for key, data in raw.items():
        # Unquoted YAML keys: 1 is the int 1 (harmless), 9.1 the float 9.1 ("9.10" would be lost).
        code = str(key) if isinstance(key, int) and not isinstance(key, bool) else key
        if not isinstance(code, str):
            problems.append(Problem(str(key), "mã tiêu chí phải viết trong ngoặc kép"))
            continue
        node = nodes.get(nfc(code))
        if node is None or not node.is_leaf:
            reason = "không có tiêu chí này" if node is None else "không phải tiêu chí lá"
            problems.append(Problem(code, f"{reason} trong bộ tiêu chí"))
            continue
        try:
            entries[node.code] = parse_entry(node, data)
        except EntryError as error:
            problems.append(Problem(error.code, error.message))
    return entries, problems
