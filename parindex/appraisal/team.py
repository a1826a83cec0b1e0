"""The appraisal team of a period (Tổ thẩm định) and its assignments, as the lead changes them.

Each change is one function that checks, writes and records its audit entry in one transaction.
The entries target the period, so the team's history outlives the rows a removal deletes.
Changes of one period's team are serialised (a lock on the period row): otherwise an agency's last
member could be removed while another lead assigns that agency a field.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from django.db import transaction
from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _

from parindex.accounts.access import APPRAISAL_ROLES
from parindex.accounts.models import User
from parindex.assessments.models import AssessmentPeriod
from parindex.catalog.models import Field, Unit
from parindex.core import audit
from parindex.core.models import AuditEntry
from parindex.core.text import collation_key

from .assignments import gaps
from .models import Assignment, TeamMember

TEAM_ACTIONS = ("team.add", "team.remove", "assignment.save", "assignment.delete")


class TeamError(Exception):
    """A refused change to the team; the message says why, in the user's language."""


def eligible_accounts() -> QuerySet[User]:
    """Accounts that may sit on a team: active appraisal accounts of an agency."""
    return User.objects.filter(
        is_active=True, role__in=APPRAISAL_ROLES, unit__isnull=False
    ).select_related("unit")


def by_agency_and_name(user: User) -> tuple:
    """Agencies, then people in Vietnamese alphabetical order (the database's is by code point);
    the agency's id keeps two agencies of the same name apart."""
    return collation_key(user.unit.name), user.unit_id, collation_key(user.full_name), user.username


def _lock(period: AssessmentPeriod) -> None:
    AssessmentPeriod.objects.select_for_update().get(pk=period.pk)


def _member(user: User) -> dict:
    return {"user": str(user), "agency": user.unit.name, "role": str(user.get_role_display())}


def _assignment(agency: Unit, field: Field, units: Iterable[Unit]) -> dict:
    names = sorted((unit.name for unit in units), key=collation_key)
    return {"agency": agency.name, "field": str(field)} | (
        {"units": names} if names else {"every_unit": True}
    )


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise TeamError(_("Vui lòng ghi lý do."))
    return reason


def add_member(period: AssessmentPeriod, user: User, *, by: User) -> TeamMember:
    """Put `user` on the period's team, for their agency.

    Side effects: one TeamMember, audit entry "team.add".
    Raises TeamError for an account that may not appraise or is on the team already.
    """
    if user.role not in APPRAISAL_ROLES or user.unit_id is None:
        raise TeamError(
            _(
                "%(user)s không phải tài khoản thẩm định của một cơ quan: không thể vào Tổ "
                "thẩm định."
            )
            % {"user": user}
        )
    if not user.is_active:
        raise TeamError(
            _("Tài khoản %(user)s đang bị khóa: không thể vào Tổ thẩm định.") % {"user": user}
        )
    with transaction.atomic():
        _lock(period)
        if TeamMember.objects.filter(period=period, user=user).exists():
            raise TeamError(
                _("%(user)s đã là thành viên Tổ thẩm định của kỳ đánh giá này.") % {"user": user}
            )
        member = TeamMember.objects.create(period=period, user=user)
        audit.record("team.add", period, by=by, new=_member(user))
    return member


def remove_member(period: AssessmentPeriod, user: User, *, by: User, reason: str) -> None:
    """Take `user` off the period's team (what they appraised stays).

    Side effects: the TeamMember is deleted, audit entry "team.remove" with the reason.
    Raises TeamError without a reason, for someone not on the team, and for the last member of an
    agency that still has assignments (nobody could appraise them).
    """
    reason = _reason(reason)
    with transaction.atomic():
        _lock(period)
        member = TeamMember.objects.filter(period=period, user=user).first()
        if member is None:
            raise TeamError(
                _("%(user)s không có trong Tổ thẩm định của kỳ đánh giá này.") % {"user": user}
            )
        colleagues = TeamMember.objects.filter(period=period, user__unit_id=user.unit_id)
        assigned = Assignment.objects.filter(period=period, agency_id=user.unit_id)
        if not colleagues.exclude(pk=member.pk).exists() and assigned.exists():
            codes = assigned.order_by("field__order").values_list("field__code", flat=True)
            fields = ", ".join(codes)
            raise TeamError(
                _(
                    "%(user)s là thành viên duy nhất của %(agency)s, cơ quan đang được phân công "
                    "thẩm định lĩnh vực %(fields)s. Hãy thêm thành viên khác của cơ quan hoặc xóa "
                    "các phân công này trước."
                )
                % {"user": user, "agency": user.unit.name, "fields": fields}
            )
        audit.record("team.remove", period, by=by, old=_member(user), reason=reason)
        member.delete()


def save_assignment(
    period: AssessmentPeriod, agency: Unit, field: Field, units: Iterable[Unit], *, by: User
) -> Assignment:
    """Assign `field` to `agency` for `units` of the period (none: every unit), or change the units
    of that existing assignment.

    Side effects: the Assignment and its units are written, audit entry "assignment.save" (none
    when nothing changes). Raises TeamError when the agency has no member on the team, or a unit
    is not in the period or is the agency itself.
    """
    units = list(units)
    in_period = set(period.assessments.values_list("unit_id", flat=True))
    outside = sorted((unit.name for unit in units if unit.pk not in in_period), key=collation_key)
    if outside:
        raise TeamError(
            _("Không thuộc kỳ đánh giá này: %(units)s.") % {"units": ", ".join(outside)}
        )
    if any(unit.pk == agency.pk for unit in units):
        raise TeamError(
            _("%(agency)s không tự thẩm định mình: bỏ đơn vị này khỏi danh sách.")
            % {"agency": agency.name}
        )
    with transaction.atomic():
        _lock(period)
        if not TeamMember.objects.filter(period=period, user__unit=agency).exists():
            raise TeamError(
                _(
                    "%(agency)s chưa có thành viên nào trong Tổ thẩm định: hãy thêm thành viên "
                    "của cơ quan trước khi phân công."
                )
                % {"agency": agency.name}
            )
        assignment = Assignment.objects.filter(period=period, agency=agency, field=field).first()
        old = None
        if assignment is None:
            assignment = Assignment.objects.create(period=period, agency=agency, field=field)
        else:
            old = _assignment(agency, field, assignment.units.all())
        new = _assignment(agency, field, units)
        if new != old:
            assignment.units.set(units)
            audit.record("assignment.save", period, by=by, old=old, new=new)
    return assignment


def delete_assignment(assignment: Assignment, *, by: User, reason: str) -> None:
    """Withdraw an assignment (what its agency appraised stays).

    Side effects: the Assignment is deleted, audit entry "assignment.delete" with the reason.
    Raises TeamError without a reason or when it is already gone.
    """
    reason = _reason(reason)
    period = assignment.period
    with transaction.atomic():
        _lock(period)
        current = (
            Assignment.objects.filter(pk=assignment.pk)
            .select_related("agency", "field")
            .prefetch_related("units")
            .first()
        )
        if current is None:
            raise TeamError(_("Phân công này đã được xóa trước đó."))
        old = _assignment(current.agency, current.field, current.units.all())
        audit.record("assignment.delete", period, by=by, old=old, reason=reason)
        current.delete()


def history(period: AssessmentPeriod) -> list[AuditEntry]:
    """The team's changes, newest first (one query)."""
    return list(
        AuditEntry.objects.for_target(period)
        .filter(action__in=TEAM_ACTIONS)
        .select_related("actor")
    )


# Reading --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Agency:
    """A member agency on the team page: its members and the fields it is assigned."""

    agency: Unit
    members: list[TeamMember]
    fields: list[Field]


@dataclass(frozen=True)
class PeriodTeam:
    """A period in the list of teams: its units, members and assignments counted, and whether
    every item is covered (None: no unit takes part yet)."""

    period: AssessmentPeriod
    covered: bool | None


def periods_with_teams() -> list[PeriodTeam]:
    """Every period, newest first, with its team's size (gaps() per period: a province opens one
    period a year)."""
    periods = AssessmentPeriod.objects.annotate(
        unit_count=Count("assessments", distinct=True),
        member_count=Count("team", distinct=True),
        assignment_count=Count("assignments", distinct=True),
    ).order_by("-year", "-id")  # Meta.ordering is not applied to aggregated queries
    return [PeriodTeam(p, not gaps(p) if p.unit_count else None) for p in periods]


def members(period: AssessmentPeriod) -> list[TeamMember]:
    """The team, by agency and name."""
    rows = period.team.select_related("user__unit")
    return sorted(rows, key=lambda member: by_agency_and_name(member.user))


def assignments(period: AssessmentPeriod) -> list[Assignment]:
    """The assignments by field and agency, each with `units_by_name` (empty: every unit)."""
    rows = sorted(
        period.assignments.select_related("agency", "field").prefetch_related(
            Prefetch("units", to_attr="units_by_name")
        ),
        key=lambda a: (a.field.order, a.field.code, collation_key(a.agency.name)),
    )
    for assignment in rows:
        assignment.units_by_name.sort(key=lambda unit: collation_key(unit.name))
    return rows


def agencies(team: list[TeamMember], given: list[Assignment]) -> list[Agency]:
    """The members grouped by agency (as `members` sorts them), each with its fields."""
    rows = []
    for _agency, group in groupby(team, key=lambda member: member.user.unit_id):
        group = list(group)
        agency = group[0].user.unit
        rows.append(Agency(agency, group, [a.field for a in given if a.agency_id == agency.pk]))
    return rows


def candidates(period: AssessmentPeriod) -> list[User]:
    """Accounts that may join the period's team, by agency and name."""
    on_team = period.team.values("user_id")
    return sorted(eligible_accounts().exclude(pk__in=on_team), key=by_agency_and_name)


def agencies_on_team(period: AssessmentPeriod) -> list[Unit]:
    """The agencies with a member on the team (those an assignment may name), by name."""
    found = Unit.objects.filter(users__team_memberships__period=period).distinct()
    return sorted(found, key=lambda unit: collation_key(unit.name))


def units_of(period: AssessmentPeriod) -> list[Unit]:
    """The units taking part (those an assignment may be limited to), by level and name."""
    return sorted(
        Unit.objects.filter(assessments__period=period).select_related("level"), key=Unit.sort_key
    )
