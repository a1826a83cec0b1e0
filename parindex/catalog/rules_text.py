"""A leaf's scoring rule as people read and type it: the node editor, the tree view's one line and
the scorecard's "how the points are computed" all put a rule into words here (`describe_rule`).

Storage keeps the rule mapping of parindex.criteria/1; the scoring engine validates it
(`parse_rule`), so the editor never holds rules of its own.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.core.numbers import NumberError, format_exact, parse_number
from parindex.scoring.criteria import CriteriaError, Problem, Rule, RuleKind
from parindex.scoring.criteria_format import parse_rule

from .specs import rule_from_json, rule_to_json

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


@dataclass(frozen=True)
class RuleText:
    """A rule in words. `line`: the tree's one line ("Tỷ lệ theo ngưỡng: ≥ 100% → 2; …"). For the
    scorecard: `limit` (what the item may give, "tối đa 2"), `how` (how the points follow),
    `steps` (its levels or bands, one line each) and `zero_denominator` (what 0 / 0 gives)."""

    line: str
    limit: str
    how: str
    steps: tuple[str, ...] = ()
    zero_denominator: str = ""


def _n(value) -> str:
    return "–" if value is None else format_exact(value)


ZERO_DENOMINATOR = {
    "full_points": gettext_lazy("Mẫu số bằng 0: được điểm tối đa."),
    "not_applicable": gettext_lazy("Mẫu số bằng 0: tiêu chí không áp dụng."),
}


def describe_rule(rule: Rule, max_points: Decimal | None = None) -> RuleText:
    """`rule` (of a leaf worth `max_points`) in words, for every page that shows one."""
    detail, how, steps = _words(rule, _n(max_points))
    label = str(RULE_KIND_LABELS.get(rule.kind, rule.kind))
    return RuleText(
        line=f"{label}: {detail}" if detail else label,
        limit=_limit(rule, _n(max_points)),
        how=how,
        steps=steps,
        zero_denominator=str(ZERO_DENOMINATOR.get(rule.zero_denominator or "", "")),
    )


def _words(rule: Rule, m: str) -> tuple[str, str, tuple[str, ...]]:
    """(the tree's detail, the scorecard's sentence, its steps) of each kind of rule."""
    kind, step = rule.kind, _n(rule.effective_step)
    ratio = {"n": rule.numerator or _("tử số"), "d": rule.denominator or _("mẫu số"), "m": m}
    what = rule.item_label or _("trường hợp")
    if kind == RuleKind.LEVELS:
        return (
            "; ".join(f"{lv.label} → {_n(lv.points)}" for lv in rule.levels),
            _("chọn một mức"),
            tuple(f"{lv.label}: {_n(lv.points)}" for lv in rule.levels),
        )
    if kind == RuleKind.RATIO_BANDS:
        return (
            "; ".join(f"≥ {_n(b.min)}% → {_n(b.points)}" for b in rule.bands),
            _("tỷ lệ “%(n)s” / “%(d)s” × 100 %%") % ratio,
            tuple(
                _("từ %(min)s %%: %(points)s điểm") % {"min": _n(b.min), "points": _n(b.points)}
                for b in rule.bands
            ),
        )
    if kind == RuleKind.RATIO_PROPORTIONAL:
        how = _("%(m)s × “%(n)s” / “%(d)s”, không quá %(m)s điểm") % ratio
        return f"{rule.numerator} / {rule.denominator}", how, ()
    if kind == RuleKind.DEDUCTION:
        per = {"per": _n(rule.per_item), "what": what, "m": m}
        how = _("%(m)s điểm, trừ %(per)s điểm cho mỗi “%(what)s”, không dưới 0") % per
        detail = _("trừ %(p)s mỗi %(item)s") % {"p": _n(rule.per_item or Decimal(0)), "item": what}
        return detail, how, ()
    if kind == RuleKind.MANUAL:
        how = _("từ 0 đến %(m)s điểm, bước %(step)s") % {"m": m, "step": step}
        return _("bước %(s)s") % {"s": step}, how, ()
    how = {  # bonus, penalty (and a kind the editor has yet to correct: no sentence)
        RuleKind.BONUS: _("cộng từ 0 đến %(cap)s điểm vào tổng điểm, bước %(step)s"),
        RuleKind.PENALTY: _("trừ từ 0 đến %(cap)s điểm khỏi tổng điểm, bước %(step)s"),
    }.get(kind, "") % {"cap": _n(rule.cap), "step": step}
    return _("tối đa %(c)s") % {"c": _n(rule.cap or Decimal(0))}, how, ()


def _limit(rule: Rule, max_points: str) -> str:
    if rule.kind == RuleKind.BONUS:
        return _("cộng tối đa %(m)s") % {"m": _n(rule.cap)}
    if rule.kind == RuleKind.PENALTY:
        return _("trừ tối đa %(m)s") % {"m": _n(rule.cap)}
    return _("tối đa %(m)s") % {"m": max_points}


def rule_summary(rule: dict | None) -> str:
    """A stored rule in one line for the tree view and the comparison of two sets, e.g.
    "Tỷ lệ theo ngưỡng: ≥ 100% → 2; ≥ 90% → 1,5"."""
    return describe_rule(rule_from_json(rule)).line if rule else ""
