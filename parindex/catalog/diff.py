"""Side-by-side comparison of two criteria sets (e.g. last year's and this year's), by node code."""

from dataclasses import dataclass, field
from typing import Literal

from django.utils.translation import gettext_lazy as _

from parindex.scoring.criteria import CriteriaSet, Node

from .rules_text import describe_rule

COMPARED = {
    "title": _("Tên tiêu chí"),
    "field": _("Lĩnh vực"),
    "max_points": _("Điểm tối đa"),
    "method": _("Phương thức chấm"),
    "evidence": _("Tài liệu kiểm chứng"),
    "evidence_hint": _("Gợi ý tài liệu kiểm chứng"),
    "guidance": _("Hướng dẫn chấm"),
    "not_applicable_allowed": _("Được đánh dấu không áp dụng"),
    "suggest_from": _("Gợi ý từ dữ liệu hệ thống"),
    "rule": _("Cách chấm"),
}


@dataclass(frozen=True)
class Change:
    label: str
    old: object
    new: object


@dataclass(frozen=True)
class DiffRow:
    code: str
    status: Literal["added", "removed", "changed", "same"]
    old: Node | None
    new: Node | None
    changes: tuple[Change, ...] = field(default_factory=tuple)

    @property
    def depth(self) -> int:
        return self.code.count(".") + 1


def _code_key(code: str) -> tuple:
    # "1.10" sorts after "1.9"; non-numeric parts keep their text order.
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in code.split("."))


def _flatten(nodes: tuple[Node, ...]) -> dict[str, Node]:
    flat: dict[str, Node] = {}
    for node in nodes:
        flat[node.code] = node
        flat.update(_flatten(node.children))
    return flat


def _shown(name: str, value: object) -> object:
    if name == "rule":
        return describe_rule(value).line if value else ""
    return value


def diff_sets(old: CriteriaSet, new: CriteriaSet) -> list[DiffRow]:
    """Every node code of either set, in code order, with what changed between them."""
    before, after = _flatten(old.nodes), _flatten(new.nodes)
    rows = []
    for code in sorted(before.keys() | after.keys(), key=_code_key):
        a, b = before.get(code), after.get(code)
        if a is None:
            rows.append(DiffRow(code, "added", None, b))
        elif b is None:
            rows.append(DiffRow(code, "removed", a, None))
        else:
            changes = tuple(
                Change(str(label), _shown(name, getattr(a, name)), _shown(name, getattr(b, name)))
                for name, label in COMPARED.items()
                if getattr(a, name) != getattr(b, name)
            )
            rows.append(DiffRow(code, "changed" if changes else "same", a, b, changes))
    return rows
