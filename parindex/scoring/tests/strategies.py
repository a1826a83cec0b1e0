"""Hypothesis strategies: valid criteria sets of every rule kind, and valid entries for them."""

from decimal import Decimal

from hypothesis import strategies as st

from parindex.scoring.answers import Entry, parse_entry
from parindex.scoring.criteria import (
    EVIDENCE,
    METHODS,
    NOT_APPLICABLE_POLICIES,
    SUGGESTIONS,
    Band,
    ClassBand,
    CriteriaSet,
    Level,
    Node,
    Rule,
)

# Texts come from a list: the engine never reads them, and drawing free text would double the
# cost of every example. They are NFC, as parse_criteria makes every text.
WORDS = (
    "Ban hành đúng hạn",
    "Ban hành chậm",
    "Không ban hành",
    "Đầy đủ",
    "Chưa đầy đủ",
    "Không thực hiện",
    "Số nhiệm vụ hoàn thành",
    "Số nhiệm vụ được giao",
    "Tỷ lệ hồ sơ trực tuyến",
    "Cải cách thể chế",
    "Cải cách thủ tục hành chính",
    "Chính quyền số",
    "Điểm thưởng",
    "Điểm trừ",
    "Tốt",
    "Khá",
    "Trung bình",
    "Yếu",
    "CDDH",
    "TTHC",
)
texts = st.sampled_from(WORDS)
SCORED_KINDS = ("levels", "ratio_bands", "ratio_proportional", "deduction", "manual")
# Strategies built once: building one inside every draw costs more than drawing from it.
maybe_text = st.none() | texts
text_or_empty = st.just("") | texts
zero_denominators = st.sampled_from((None, "full_points", "not_applicable"))
manual_steps = st.sampled_from((None, Decimal("0.25"), Decimal("0.01")))
extra_steps = st.sampled_from((None, Decimal("0.25"), Decimal("0.5")))
methods = st.sampled_from(METHODS)
evidence = st.sampled_from(EVIDENCE)
suggestions = st.sampled_from((None, *SUGGESTIONS))
policies = st.sampled_from(NOT_APPLICABLE_POLICIES)
choices = st.sampled_from(("absent", "input"))
choices_with_na = st.sampled_from(("absent", "input", "not_applicable"))
whole = st.integers(0, 50)


def quarter(draw, low: int, high: int) -> Decimal:
    """A multiple of 0.25 from low/4 to high/4."""
    return Decimal(draw(st.integers(low, high))) / 4


@st.composite
def rules(draw, kind: str, max_points: Decimal) -> Rule:
    top = int(max_points * 4)
    if kind == "levels":
        labels = draw(st.lists(texts, min_size=1, max_size=4, unique=True))
        return Rule(kind, levels=tuple(Level(label, quarter(draw, 0, top)) for label in labels))
    if kind in ("ratio_bands", "ratio_proportional"):
        ratio = {
            "numerator": draw(texts),
            "denominator": draw(texts),
            "zero_denominator": draw(zero_denominators),
        }
        if kind == "ratio_proportional":
            return Rule(kind, **ratio)
        mins = [*sorted(draw(st.sets(st.integers(1, 150), max_size=3)), reverse=True), 0]
        return Rule(
            kind, bands=tuple(Band(Decimal(m), quarter(draw, 0, top)) for m in mins), **ratio
        )
    if kind == "deduction":
        return Rule(kind, per_item=quarter(draw, 1, 8), item_label=draw(text_or_empty))
    if kind == "manual":
        return Rule(kind, step=draw(manual_steps))
    step = draw(extra_steps)
    cap = draw(st.integers(1, 6)) * (step or Decimal("0.25"))
    return Rule(kind, cap=cap, step=step)


@st.composite
def leaves(draw, code: str, kinds: tuple[str, ...] = SCORED_KINDS) -> Node:
    kind = draw(st.sampled_from(kinds))
    max_points = Decimal(0) if kind in ("bonus", "penalty") else quarter(draw, 1, 20)
    return Node(
        code=code,
        title=draw(texts),
        max_points=max_points,
        field=draw(maybe_text),
        method=draw(methods),
        evidence=draw(evidence),
        evidence_hint=draw(text_or_empty),
        guidance=draw(text_or_empty),
        not_applicable_allowed=draw(st.booleans()),
        suggest_from=draw(suggestions),
        rule=draw(rules(kind, max_points)),
    )


def parent(code: str, title: str, children: list[Node], **extra) -> Node:
    total = sum((child.max_points for child in children), Decimal(0))
    return Node(code=code, title=title, max_points=total, children=tuple(children), **extra)


@st.composite
def areas(draw, code: str, kinds: tuple[str, ...] = SCORED_KINDS) -> Node:
    children = []
    for n in range(1, draw(st.integers(1, 3)) + 1):
        child = f"{code}.{n}"
        if draw(st.booleans()):
            children.append(draw(leaves(child, kinds)))
        else:
            grandchildren = [
                draw(leaves(f"{child}.{m}", kinds)) for m in range(1, draw(st.integers(1, 3)) + 1)
            ]
            children.append(parent(child, draw(texts), grandchildren, guidance=draw(texts)))
    return parent(code, draw(texts), children, field=draw(maybe_text))


@st.composite
def classifications(draw) -> tuple[ClassBand, ...]:
    labels = draw(st.lists(texts, min_size=1, max_size=4, unique=True))
    size = len(labels) - 1
    mins = sorted(draw(st.sets(st.integers(1, 100), min_size=size, max_size=size)), reverse=True)
    return tuple(ClassBand(label, Decimal(m)) for label, m in zip(labels, [*mins, 0], strict=True))


@st.composite
def criteria_sets(draw) -> CriteriaSet:
    count = draw(st.integers(1, 3))
    nodes = [draw(areas(str(n))) for n in range(1, count + 1)]
    if draw(st.booleans()):
        nodes.append(draw(areas(str(count + 1), ("bonus", "penalty"))))
    return CriteriaSet(
        title=draw(texts),
        level=draw(texts),
        year=draw(st.integers(2000, 2100)),
        max_points=sum((node.max_points for node in nodes), Decimal(0)),
        nodes=tuple(nodes),
        not_applicable=draw(policies),
        classification=draw(classifications()),
        legal_basis=draw(text_or_empty),
        illustrative=draw(st.booleans()),
    )


@st.composite
def raw_entries(draw, leaf: Node) -> dict | None:
    """A valid entry mapping for the leaf, as an answers file holds it; None: left out."""
    rule = leaf.rule
    choice = draw(choices_with_na if leaf.not_applicable_allowed else choices)
    if choice == "absent":
        return None
    if choice == "not_applicable":
        return {"not_applicable": True, "reason": draw(texts)}
    if rule.kind == "levels":
        position = draw(st.integers(1, len(rule.levels)))
        return {"level": position if draw(st.booleans()) else rule.levels[position - 1].label}
    if rule.kind in ("ratio_bands", "ratio_proportional"):
        low = 0 if rule.zero_denominator else 1
        if draw(st.booleans()):
            return {"numerator": draw(whole), "denominator": draw(st.integers(low, 40))}
        return {"numerator": quarter(draw, 0, 200), "denominator": quarter(draw, low, 160)}
    if rule.kind == "deduction":
        return {"count": draw(st.integers(0, 12))}
    limit = rule.cap if rule.cap is not None else leaf.max_points
    steps = int(limit / rule.effective_step)
    return {"points": draw(st.integers(0, steps)) * rule.effective_step}


@st.composite
def entries_for(draw, cs: CriteriaSet) -> dict[str, Entry]:
    entries = {}
    for leaf in cs.leaves():
        raw = draw(raw_entries(leaf))
        if raw is not None:
            entries[leaf.code] = parse_entry(leaf, raw)
    return entries


@st.composite
def sets_with_entries(draw) -> tuple[CriteriaSet, dict[str, Entry]]:
    cs = draw(criteria_sets())
    return cs, draw(entries_for(cs))
