"""Every validity rule of a criteria set, on built values: the importer runs them after reading
the format's mapping (`criteria_format`), and the node editor on what it is about to store.

Messages are Vietnamese, the language of record of the people who write the sets.
"""

from collections.abc import Callable
from decimal import Decimal
from itertools import pairwise

from .criteria import (
    EVIDENCE,
    EXTRA_KINDS,
    METHODS,
    NOT_APPLICABLE_POLICIES,
    RULE_FIELDS,
    RULE_KEYS,
    SUGGESTIONS,
    ZERO,
    ZERO_DENOMINATOR,
    ClassBand,
    CriteriaSet,
    Node,
    Problem,
    Rule,
    RuleKind,
    is_multiple,
    show,
)


def validate_rule(rule: Rule, *, code: str, max_points: Decimal) -> list[Problem]:
    if rule.kind not in RuleKind:
        what = f"cách chấm “{rule.kind}” không hợp lệ" if rule.kind else "thiếu cách chấm (kind)"
        return [Problem(code, f"{what}; dùng một trong: {', '.join(RuleKind)}")]
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


_KIND_CHECKS: dict[str, Callable[[Rule, Decimal], list[str]]] = {
    RuleKind.LEVELS: _levels_problems,
    RuleKind.RATIO_BANDS: _bands_problems,
    RuleKind.RATIO_PROPORTIONAL: _ratio_problems,
    RuleKind.DEDUCTION: _deduction_problems,
    RuleKind.MANUAL: _manual_problems,
}


def validate_tree(criteria_set: CriteriaSet) -> list[Problem]:
    """Everything wrong with a built set: node problems depth first, then the set's own."""
    return tree_problems(criteria_set, bad_max=frozenset(), bad_rule=frozenset())


def tree_problems(
    cs: CriteriaSet, *, bad_max: frozenset[str], bad_rule: frozenset[str]
) -> list[Problem]:
    """validate_tree after a reading that could not read some values: bad_max / bad_rule are
    the codes whose max_points or rule could not be read at all ("" for the set's max); checks
    that need such a value are skipped rather than reported a second time."""
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
