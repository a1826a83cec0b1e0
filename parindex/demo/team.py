"""The demo's appraisal team and how it appraises an item: who appraises what (ASSIGNMENTS), the
team put together by the admin, and an appraiser's round 1 of one item. Shared by the round being
appraised (round.py) and the earlier round published through the product (earlier_round.py)."""

import random

from parindex.accounts.models import Role, User
from parindex.appraisal import appraising, team
from parindex.assessments.models import AssessmentPeriod, Entry
from parindex.catalog.models import Field, Unit
from parindex.scoring import Node, RuleKind
from parindex.scoring.criteria import show

from .accounts import ACCOUNTS, KHCN, NSV, STC, STP, VP
from .self_assessment import draw_inputs

# Who appraises what: each agency its own field (units-dien-bien.yaml, appraisal_team) for every
# unit, Sở Nội vụ the others. An agency never appraises itself, so for its own unit its field goes
# to Sở Nội vụ, and Sở Nội vụ's fields to Văn phòng UBND tỉnh (a choice made for the demo).
NSV_FIELDS = ("CDDH", "TCBM", "CONGVU", "TACDONG", "THUONGTRU")
ASSIGNMENTS = (
    *((NSV, field, ()) for field in NSV_FIELDS),
    (STP, "THECHE", ()),
    (VP, "TTHC", ()),
    (STC, "TAICHINH", ()),
    (KHCN, "CDS", ()),
    (NSV, "THECHE", (STP,)),
    (NSV, "TTHC", (VP,)),
    (NSV, "TAICHINH", (STC,)),
    (NSV, "CDS", (KHCN,)),
    *((VP, field, (NSV,)) for field in NSV_FIELDS),
)


# Sở Nội vụ's appraiser, who appraises the demo's items; LOWERED_SHARE of the unit's answers are
# lowered one step, the team's own items scored with APPRAISED_STRENGTH.
APPRAISER = "snv.thamdinh"
LOWERED_SHARE = 0.15
APPRAISED_STRENGTH = 0.8


def build_team(period: AssessmentPeriod) -> tuple[int, int]:
    """The admin puts every demo appraisal account on the team and makes ASSIGNMENTS (audited, as
    on the team page); returns (members, assignments)."""
    admin = User.objects.get(username=ACCOUNTS[0].username)
    roles = (Role.APPRAISER, Role.APPRAISAL_LEAD)
    usernames = [account.username for account in ACCOUNTS if account.role in roles]
    members = User.objects.filter(username__in=usernames).select_related("unit")
    for user in members:
        team.add_member(period, user, by=admin)
    units = Unit.objects.in_bulk(field_name="code")
    fields = Field.objects.in_bulk(field_name="code")
    for agency, field, only in ASSIGNMENTS:
        team.save_assignment(
            period, units[agency], fields[field], [units[code] for code in only], by=admin
        )
    return len(members), len(ASSIGNMENTS)


def _lowered(leaf: Node, entry: Entry) -> dict | None:
    """The unit's answer one step lower, with the appraiser's reason; None when there is none."""
    rule = leaf.rule
    if rule.kind == RuleKind.LEVELS:
        best, next_best = (level.label for level in rule.levels[:2])
        if entry.level != best:
            return None
        return {
            "level": next_best,
            "comment": f"Tài liệu kiểm chứng chưa đáp ứng đầy đủ yêu cầu của mức “{best}”; "
            f"Tổ thẩm định đánh giá ở mức “{next_best}”.",
        }
    if rule.kind == RuleKind.DEDUCTION:
        what = f"{rule.item_label[0].lower()}{rule.item_label[1:]}"
        return {
            "count": entry.count + 1,
            "comment": f"Qua kiểm tra, phát hiện thêm 01 trường hợp chưa được đơn vị kê khai "
            f"({what}).",
        }
    if rule.kind in (RuleKind.RATIO_BANDS, RuleKind.RATIO_PROPORTIONAL) and entry.numerator:
        numerator = max(entry.numerator - max(1, round(entry.denominator / 20)), 0)
        what = f"{rule.numerator[0].lower()}{rule.numerator[1:]}"
        return {
            "numerator": numerator,
            "denominator": entry.denominator,
            "comment": f"Đối chiếu phụ lục số liệu kèm báo cáo năm: {what} là {show(numerator)}, "
            f"không phải {show(entry.numerator)} như đơn vị kê khai.",
        }
    return None


def appraised_inputs(item: appraising.SheetItem, rng: random.Random) -> dict:
    """Round 1 of one item: for the unit's items their own answer, or (LOWERED_SHARE of them) one
    step lower with the reason; for the team's own items, as a unit would be scored."""
    leaf, entry = item.node, item.entry
    if leaf.method != "self":
        return draw_inputs(leaf, rng, APPRAISED_STRENGTH)
    if entry.not_applicable:
        return {"not_applicable": True, "not_applicable_reason": entry.not_applicable_reason}
    if rng.random() < LOWERED_SHARE:
        lowered = _lowered(leaf, entry)
        if lowered:
            return lowered
    return {name: getattr(entry, name) for name in Entry.INPUT_FIELDS}
