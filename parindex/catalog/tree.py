"""Rows for showing a criteria tree as an indented table, from stored nodes or a parsed spec."""

from dataclasses import dataclass
from decimal import Decimal

from parindex.scoring.criteria import Node

from .models import Criterion
from .rules_text import describe_rule, rule_summary


@dataclass(frozen=True)
class TreeRow:
    node: Criterion | Node
    depth: int
    code: str
    title: str
    max_points: Decimal
    field_code: str
    is_leaf: bool
    rule_text: str


def tree_rows(nodes) -> list[TreeRow]:
    """Stored nodes already in depth-first order (`position`), or a spec's top-level nodes."""
    nodes = list(nodes)
    if nodes and isinstance(nodes[0], Node):
        return list(_spec_rows(nodes, 1))
    depth: dict[int, int] = {}
    rows = []
    for node in nodes:
        depth[node.pk] = depth.get(node.parent_id, 0) + 1
        rows.append(
            TreeRow(
                node=node,
                depth=depth[node.pk],
                code=node.code,
                title=node.title,
                max_points=node.max_points,
                field_code=node.field.code if node.field_id else "",
                is_leaf=node.is_leaf,
                rule_text=rule_summary(node.rule),
            )
        )
    return rows


def _spec_rows(nodes, depth: int):
    for node in nodes:
        yield TreeRow(
            node=node,
            depth=depth,
            code=node.code,
            title=node.title,
            max_points=node.max_points,
            field_code=node.field or "",
            is_leaf=node.is_leaf,
            rule_text=describe_rule(node.rule).line if node.rule else "",
        )
        yield from _spec_rows(node.children, depth + 1)
