"""A leaf's scoring rule as people read and type it in the node editor and the tree view.

Storage keeps the rule mapping of parindex.criteria/1; the scoring engine validates it
(`parse_rule`), so the editor never holds rules of its own.
"""

from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.core.numbers import NumberError, format_exact, parse_number
from parindex.scoring.criteria import CriteriaError, Problem, RuleKind
from parindex.scoring.criteria_format import parse_rule

from .specs import rule_to_json

# The one place the kinds have names. The Vietnamese words (the message ids) are also the words
# of the Excel template, a file format, whatever the interface language (excel_format reads them
# through core.text.vietnamese).
RULE_KIND_LABELS: dict[str, Promise] = {
    RuleKind.LEVELS: gettext_lazy("Chọn mức"),
    RuleKind.RATIO_BANDS: gettext_lazy("Tỷ lệ theo ngưỡng"),
    RuleKind.RATIO_PROPORTIONAL: gettext_lazy("Tỷ lệ tương ứng"),
    RuleKind.DEDUCTION: gettext_lazy("Trừ điểm theo số trường hợp"),
    RuleKind.MANUAL: gettext_lazy("Chấm điểm trực tiếp"),
    RuleKind.BONUS: gettext_lazy("Điểm thưởng"),
    RuleKind.PENALTY: gettext_lazy("Điểm trừ"),
}


def _pairs(text: str, first: str) -> tuple[list[dict], list[str]]:
    """ "Ban hành đúng hạn = 1" lines -> [{first: "Ban hành đúng hạn", "points": "1"}]."""
    pairs, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        left, sep, right = line.rpartition("=")
        try:
            points = parse_number(right, signed=True)  # the engine says what a sign may mean
        except NumberError:
            points = None
        if not sep or not left.strip() or points is None:
            errors.append(_("dòng %(n)d: cần dạng “… = điểm”") % {"n": number})
            continue
        key = left.strip() if first == "label" else left.strip().rstrip("%").strip()
        pairs.append({first: key, "points": str(points)})
    return pairs, errors


def rule_from_form(
    kind: str, params: dict, *, code: str, max_points: Decimal
) -> tuple[dict | None, list[Problem]]:
    """Build and validate a rule from the editor's fields; returns (stored mapping, problems)."""
    data: dict = {"kind": kind}
    problems: list[Problem] = []
    if kind == RuleKind.LEVELS:
        data["levels"], errors = _pairs(params.get("levels") or "", "label")
        problems += [Problem(code, _("Các mức: %(e)s") % {"e": e}) for e in errors]
    if kind == RuleKind.RATIO_BANDS:
        data["bands"], errors = _pairs(params.get("bands") or "", "min")
        problems += [Problem(code, _("Các ngưỡng: %(e)s") % {"e": e}) for e in errors]
    for name in ("numerator", "denominator", "zero_denominator", "item_label"):
        if params.get(name):
            data[name] = params[name]
    for name in ("per_item", "step", "cap"):
        if params.get(name) is not None:
            data[name] = str(params[name])
    if problems:
        return None, problems
    try:
        rule = parse_rule(data, code=code, max_points=max_points)
    except CriteriaError as error:
        return None, list(error.problems)
    return rule_to_json(rule), []


def rule_to_form(rule: dict) -> dict:
    """The editor's initial field values for a stored rule."""
    values = {"kind": rule.get("kind", "")}
    values["levels"] = "\n".join(f"{lv['label']} = {lv['points']}" for lv in rule.get("levels", []))
    values["bands"] = "\n".join(f"{b['min']} = {b['points']}" for b in rule.get("bands", []))
    for name in ("numerator", "denominator", "zero_denominator", "item_label"):
        values[name] = rule.get(name, "")
    for name in ("per_item", "step", "cap"):
        values[name] = Decimal(rule[name]) if rule.get(name) is not None else None
    return values


def rule_summary(rule: dict | None) -> str:
    """One line for the tree view, e.g. "Tỷ lệ theo ngưỡng: ≥ 100% → 2; ≥ 90% → 1,5"."""
    if not rule:
        return ""
    kind = rule.get("kind", "")
    label = str(RULE_KIND_LABELS.get(kind, kind))
    if kind == RuleKind.LEVELS:
        detail = "; ".join(
            f"{lv['label']} → {format_exact(lv['points'])}" for lv in rule.get("levels", [])
        )
    elif kind == RuleKind.RATIO_BANDS:
        detail = "; ".join(
            f"≥ {format_exact(b['min'])}% → {format_exact(b['points'])}" for b in rule["bands"]
        )
    elif kind == RuleKind.RATIO_PROPORTIONAL:
        detail = f"{rule.get('numerator', '')} / {rule.get('denominator', '')}"
    elif kind == RuleKind.DEDUCTION:
        detail = _("trừ %(p)s mỗi %(item)s") % {
            "p": format_exact(rule.get("per_item", 0)),
            "item": rule.get("item_label", "") or _("trường hợp"),
        }
    elif kind == RuleKind.MANUAL:
        detail = _("bước %(s)s") % {"s": format_exact(rule.get("step", "0.25"))}
    else:
        detail = _("tối đa %(c)s") % {"c": format_exact(rule.get("cap", 0))}
    return f"{label}: {detail}" if detail else label
