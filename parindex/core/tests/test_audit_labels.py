"""Every action the audit trail records has a label in words: histories never show a code."""

import ast
from pathlib import Path

import parindex
from parindex.catalog.forms import FieldForm, UnitForm, UnitLevelForm
from parindex.core import audit

SOURCE = Path(parindex.__file__).parent
# catalog.registry.save_entry names its actions after the model of the form it saves.
CATALOGUE_ACTIONS = {
    f"{form._meta.model._meta.model_name}.{verb}"
    for form in (UnitLevelForm, UnitForm, FieldForm)
    for verb in ("create", "update")
}
# Where the action is not written in the call itself: the two places above.
NAMED_ELSEWHERE = {"catalog/registry.py", "assessments/workflow.py"}


def _action_argument(call: ast.Call) -> ast.expr | None:
    """The action of a call of audit.record, or of assessments.workflow._transition, which
    hands its own on to audit.record."""
    name = getattr(call.func, "attr", getattr(call.func, "id", ""))
    position = {"record": 0, "_transition": 1}.get(name)
    return None if position is None or len(call.args) <= position else call.args[position]


def recorded_actions() -> tuple[set[str], set[str]]:
    """The action names written in the calls that record, and the modules whose calls name
    their action another way (a variable, an f-string)."""
    actions, elsewhere = set(), set()
    for path in SOURCE.rglob("*.py"):
        if "tests" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in (node for node in ast.walk(tree) if isinstance(node, ast.Call)):
            argument = _action_argument(call)
            if argument is None:
                continue
            # A literal, or a choice between literals ("a" if created else "b").
            branches = (
                [argument.body, argument.orelse] if isinstance(argument, ast.IfExp) else [argument]
            )
            for branch in branches:
                if isinstance(branch, ast.Constant) and isinstance(branch.value, str):
                    actions.add(branch.value)
                else:
                    elsewhere.add(path.relative_to(SOURCE).as_posix())
    return actions, elsewhere


def test_every_recorded_action_has_a_label():
    actions, elsewhere = recorded_actions()
    assert elsewhere == NAMED_ELSEWHERE
    assert sorted((actions | CATALOGUE_ACTIONS) - audit.ACTION_LABELS.keys()) == []


def test_no_label_waits_for_an_action_that_is_never_recorded():
    actions, _elsewhere = recorded_actions()
    assert sorted(audit.ACTION_LABELS.keys() - actions - CATALOGUE_ACTIONS) == []
