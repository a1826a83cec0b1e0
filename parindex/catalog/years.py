"""The years a criteria set's texts name, and how they read once the set is copied to another year.

A province copies last year's set and edits it: "Kế hoạch CCHC năm 2025" must become "… năm 2026",
but "Quyết định số 2879/QĐ-UBND ngày 19/12/2025" names a document that stays as it was. Only a
year written on its own is a candidate ("năm 2025", "(2025)"); a year inside a date or a document
number is not. Every change is listed for the person copying the set to accept or not, and a set
that still names another year is pointed out before it is put in use.
"""

import dataclasses
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.scoring import CriteriaSet as Spec
from parindex.scoring import Node, Rule

# A year on its own: not part of a date, a document number, a standard's edition or a range of
# years ("30/12/2024", "2879/QĐ-UBND", "TCVN ISO 9001:2015", "2021-2025").
NOT_BEFORE, NOT_AFTER = r"(?<![\d/.\-–:])", r"(?![\d/]|\s?[-–]\s?\d)"
BARE_YEAR = re.compile(rf"{NOT_BEFORE}(?:19|20)\d{{2}}{NOT_AFTER}")
SET_TEXTS = ("title", "legal_basis")
NODE_TEXTS = ("title", "guidance", "evidence_hint")
RULE_TEXTS = ("numerator", "denominator", "item_label")
LABELS = {
    "title": gettext_lazy("Tên"),
    "legal_basis": gettext_lazy("Căn cứ pháp lý"),
    "guidance": gettext_lazy("Hướng dẫn chấm"),
    "evidence_hint": gettext_lazy("Gợi ý tài liệu kiểm chứng"),
    "numerator": gettext_lazy("Tử số"),
    "denominator": gettext_lazy("Mẫu số"),
    "item_label": gettext_lazy("Trường hợp bị trừ"),
}


@dataclass(frozen=True)
class Text:
    """One text of a set: of the set itself (code ""), of a node, of its rule, or a level's label
    (`field` "level:<n>")."""

    code: str
    field: str
    value: str

    @property
    def key(self) -> str:
        return f"{self.code}|{self.field}"

    @property
    def label(self) -> str:
        """Which text it is, as a page names it: "Tên", "Hướng dẫn chấm", "Mức 2" …"""
        if self.field.startswith("level:"):
            return _("Mức %(n)d") % {"n": int(self.field.removeprefix("level:")) + 1}
        return str(LABELS[self.field])

    def years(self) -> set[int]:
        return {int(found) for found in BARE_YEAR.findall(self.value)}

    def parts(self) -> list[tuple[str, bool]]:
        """The text cut around the years it names on their own: (piece, is a year), for a page
        to highlight them."""
        return _parts(self.value)


@dataclass(frozen=True)
class Change:
    """A text that names the old year, and how it reads with the new one."""

    text: Text
    after: str

    @property
    def key(self) -> str:
        return self.text.key

    def parts_after(self) -> list[tuple[str, bool]]:
        return _parts(self.after)


def _parts(value: str) -> list[tuple[str, bool]]:
    parts, start = [], 0
    for found in BARE_YEAR.finditer(value):
        parts += [(value[start : found.start()], False), (found.group(), True)]
        start = found.end()
    return [part for part in [*parts, (value[start:], False)] if part[0]]


def texts(spec: Spec) -> Iterator[Text]:
    """Every text of the set a person reads, in tree order."""
    for name in SET_TEXTS:
        yield Text("", name, getattr(spec, name))
    for node in spec.walk():
        for name in NODE_TEXTS:
            yield Text(node.code, name, getattr(node, name))
        if node.rule:
            for name in RULE_TEXTS:
                yield Text(node.code, name, getattr(node.rule, name))
            for number, level in enumerate(node.rule.levels):
                yield Text(node.code, f"level:{number}", level.label)


def year_changes(spec: Spec, old: int, new: int) -> list[Change]:
    """The texts naming `old` on its own, each as it reads with `new` instead."""
    pattern = re.compile(rf"{NOT_BEFORE}{old}{NOT_AFTER}")
    return [
        Change(text, pattern.sub(str(new), text.value))
        for text in texts(spec)
        if old in text.years()
    ]


def other_years(spec: Spec) -> list[Text]:
    """The texts that name a year other than the set's own: to check before the set is used."""
    return [text for text in texts(spec) if text.years() - {spec.year}]


def with_changes(spec: Spec, changes: Iterable[Change]) -> Spec:
    """The spec with the chosen changes applied (the rest as it was)."""
    after = {change.key: change.after for change in changes}
    if not after:
        return spec
    own = {name: after.get(f"|{name}", getattr(spec, name)) for name in SET_TEXTS}
    nodes = tuple(_node(node, after) for node in spec.nodes)
    return dataclasses.replace(spec, nodes=nodes, **own)


def _node(node: Node, after: dict[str, str]) -> Node:
    values = {name: after.get(f"{node.code}|{name}", getattr(node, name)) for name in NODE_TEXTS}
    children = tuple(_node(child, after) for child in node.children)
    rule = _rule(node.code, node.rule, after) if node.rule else None
    return dataclasses.replace(node, children=children, rule=rule, **values)


def _rule(code: str, rule: Rule, after: dict[str, str]) -> Rule:
    values = {name: after.get(f"{code}|{name}", getattr(rule, name)) for name in RULE_TEXTS}
    levels = tuple(
        dataclasses.replace(level, label=after.get(f"{code}|level:{number}", level.label))
        for number, level in enumerate(rule.levels)
    )
    return dataclasses.replace(rule, levels=levels, **values)
