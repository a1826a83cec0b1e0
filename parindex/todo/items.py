"""What waits for each person ("Việc cần làm"): read from the round as it stands, never stored.

A unit's officers and head see their deadline and what is left before they can submit, and the
explanations they owe; an appraiser the units they can appraise and what is left in their fields,
and the answers waiting for round 2; the lead what keeps units from being finalized; the admin the
round's phase and what stands before the next one. Queries do not grow with the number of units.
"""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parindex.accounts.access import is_admin, is_appraiser, is_lead, is_unit_member
from parindex.accounts.models import User
from parindex.appraisal import worklist
from parindex.appraisal.assignments import gaps
from parindex.appraisal.explaining import assessments_with_requests
from parindex.appraisal.models import ExplanationRequest
from parindex.appraisal.workflow import is_finalized
from parindex.assessments import deadlines, periods, workflow
from parindex.assessments.models import AssessmentPeriod, UnitAssessment
from parindex.core.dates import day_text, moment_text
from parindex.results.models import Publication

# How urgent an item is: late (past its date), soon (within SOON_DAYS), to do, or done.
LATE, SOON, TODO, DONE = "late", "soon", "todo", "done"
SOON_DAYS = 7


@dataclass(frozen=True)
class Item:
    """One thing to do (or done), where to do it, by when."""

    text: str
    url: str
    urgency: str = TODO
    due: date | None = None

    @property
    def days_left(self) -> int | None:
        return None if self.due is None else (self.due - deadlines.today()).days

    @property
    def waiting(self) -> bool:
        return self.urgency != DONE


@dataclass(frozen=True)
class Section:
    title: str
    items: list[Item]


def _urgency(due: date | None, now=None) -> str:
    if due is None:
        return TODO
    if deadlines.has_passed(due, now):
        return LATE
    return SOON if (due - deadlines.today(now)).days < SOON_DAYS else TODO


def current_period() -> AssessmentPeriod | None:
    """The round of the latest year (one period a year)."""
    return AssessmentPeriod.objects.order_by("-year").first()


def sections(user: User) -> list[Section]:
    """Everything waiting for `user`, by role; empty for a role with nothing to do."""
    period = current_period()
    found = []
    if is_unit_member(user, user.unit_id):
        found += _unit(user)
    if period is not None and (is_appraiser(user) or is_lead(user)):
        found += _appraiser(user, period)
    if period is not None and is_lead(user):
        found += _lead(period)
    if period is not None and is_admin(user):
        found += _admin(period)
    return [section for section in found if section.items]


def waiting_count(user: User) -> int:
    """How many things wait for `user` (the menu's badge)."""
    return sum(item.waiting for section in sections(user) for item in section.items)


def _unit(user: User) -> list[Section]:
    assessments = list(
        UnitAssessment.objects.for_unit(user.unit_id).with_context().order_by("-period__year")[:1]
    )
    items = []
    for assessment in assessments:
        items += _self_assessment(user, assessment)
    requests = [row for row in assessments_with_requests(user.unit) if not row.sent_at][:1]
    for row in requests:
        closes = row.assessment.period.explanation_closes
        left = row.total - row.answered
        url = reverse("appraisal:explanations", args=[row.assessment.pk])
        if row.is_closed:
            continue
        text = (
            ngettext(
                "%(n)d yêu cầu giải trình chưa trả lời; hạn gửi %(day)s.",
                "%(n)d yêu cầu giải trình chưa trả lời; hạn gửi %(day)s.",
                left,
            )
            % {"n": left, "day": day_text(closes)}
            if left
            else _("Đã trả lời mọi yêu cầu giải trình: lãnh đạo đơn vị gửi trước %(day)s.")
            % {"day": day_text(closes)}
        )
        items.append(Item(text, url, _urgency(closes), closes))
    return [Section(_("Tự đánh giá của đơn vị"), items)]


def _self_assessment(user: User, assessment: UnitAssessment) -> list[Item]:
    url = assessment.get_absolute_url()
    deadline = workflow.self_assessment_deadline(assessment)
    if assessment.state == UnitAssessment.State.SUBMITTED:
        when = moment_text(assessment.submitted_at)
        return [Item(_("Đã nộp kết quả tự đánh giá lúc %(at)s.") % {"at": when}, url, DONE)]
    if not workflow.is_open(assessment):
        return [
            Item(
                _("Đã hết hạn tự đánh giá (%(day)s) mà đơn vị chưa nộp.")
                % {"day": day_text(deadline)},
                url,
                LATE,
                deadline,
            )
        ]
    leaves = periods.self_scored_counts([assessment.criteria_set_id])
    left = max(leaves.get(assessment.criteria_set_id, 0) - assessment.entered_count, 0)
    missing = len(workflow.blockers(assessment))
    items = [
        Item(
            _("Hạn tự đánh giá %(day)s.") % {"day": day_text(deadline)},
            url,
            _urgency(deadline),
            deadline,
        )
    ]
    if left:
        items.append(
            Item(
                ngettext("Còn %(n)d tiêu chí chưa chấm.", "Còn %(n)d tiêu chí chưa chấm.", left)
                % {"n": left},
                f"{url}#contents",
            )
        )
    if missing:
        items.append(
            Item(
                ngettext(
                    "%(n)d tiêu chí cần bổ sung tài liệu, giải trình hoặc lý do không áp dụng.",
                    "%(n)d tiêu chí cần bổ sung tài liệu, giải trình hoặc lý do không áp dụng.",
                    missing,
                )
                % {"n": missing},
                f"{url}#contents",
            )
        )
    if not left and not missing:
        submit = reverse("assessments:submit", args=[assessment.pk])
        items.append(Item(_("Đã chấm đủ: lãnh đạo đơn vị kiểm tra và nộp kết quả."), submit))
    return items


def _appraiser(user: User, period: AssessmentPeriod) -> list[Section]:
    rows = worklist.rows(user, period)
    mine = [row for row in rows if row.fields]
    url = f"{reverse('appraisal:worklist')}?period={period.pk}"
    ready = [row for row in mine if row.open_until is None and not row.finalized]
    left = sum(row.progress.total - row.progress.appraised for row in ready)
    pending = sum(row.progress.pending for row in ready)
    waiting = [row for row in mine if row.open_until is not None]
    items = []
    if left:
        items.append(
            Item(
                _("%(units)d đơn vị còn %(n)d tiêu chí chưa thẩm định trong lĩnh vực của bạn.")
                % {
                    "units": sum(1 for r in ready if r.progress.appraised < r.progress.total),
                    "n": left,
                },
                f"{url}&state=todo",
                _urgency(period.appraisal_closes),
                period.appraisal_closes,
            )
        )
    if pending:
        items.append(
            Item(
                ngettext(
                    "%(n)d tiêu chí đã yêu cầu giải trình chờ thẩm định lần 2.",
                    "%(n)d tiêu chí đã yêu cầu giải trình chờ thẩm định lần 2.",
                    pending,
                )
                % {"n": pending},
                f"{url}&state=pending",
                _urgency(period.final_appraisal_closes),
                period.final_appraisal_closes,
            )
        )
    if waiting:
        first = min(row.open_until for row in waiting)
        items.append(
            Item(
                ngettext(
                    "%(n)d đơn vị còn hạn tự đánh giá: thẩm định được từ sau %(day)s.",
                    "%(n)d đơn vị còn hạn tự đánh giá: thẩm định được từ sau %(day)s.",
                    len(waiting),
                )
                % {"n": len(waiting), "day": day_text(first)},
                f"{url}&state=waiting",
                DONE,
            )
        )
    return [Section(_("Thẩm định – %(title)s") % {"title": period.title}, items)]


def _lead(period: AssessmentPeriod) -> list[Section]:
    _fields, rows = worklist.progress_table(period)
    progress_url = reverse("appraisal:progress", args=[period.pk])
    items = []
    uncovered = gaps(period)
    if uncovered:
        items.append(
            Item(
                ngettext(
                    "%(n)d tiêu chí chưa được phân công thẩm định.",
                    "%(n)d tiêu chí chưa được phân công thẩm định.",
                    len(uncovered),
                )
                % {"n": len(uncovered)},
                reverse("appraisal:team", args=[period.pk]),
                LATE,
            )
        )
    no_survey = [row for row in rows if row.survey_missing and not row.finalized]
    if no_survey:
        items.append(
            Item(
                ngettext(
                    "%(n)d đơn vị chưa có điểm điều tra xã hội học.",
                    "%(n)d đơn vị chưa có điểm điều tra xã hội học.",
                    len(no_survey),
                )
                % {"n": len(no_survey)},
                reverse("appraisal:survey", args=[period.pk]),
            )
        )
    ready = [row for row in rows if row.total.complete and not row.finalized]
    if ready:
        items.append(
            Item(
                ngettext(
                    "%(n)d đơn vị đã thẩm định xong, chờ hoàn tất.",
                    "%(n)d đơn vị đã thẩm định xong, chờ hoàn tất.",
                    len(ready),
                )
                % {"n": len(ready)},
                progress_url,
            )
        )
    done = sum(row.finalized for row in rows)
    if rows:
        items.append(
            Item(
                _("Đã hoàn tất %(done)d/%(n)d đơn vị.") % {"done": done, "n": len(rows)},
                progress_url,
                DONE if done == len(rows) else TODO,
            )
        )
    return [Section(_("Tổ trưởng – %(title)s") % {"title": period.title}, items)]


def _admin(period: AssessmentPeriod) -> list[Section]:
    url = period.get_absolute_url()
    current = next((phase for phase in periods.phases(period) if phase.status == "open"), None)
    items = []
    if current is not None:
        items.append(
            Item(
                _("Giai đoạn hiện tại: %(phase)s, đến hết %(day)s.")
                % {"phase": current.label, "day": day_text(current.closes)},
                url,
                _urgency(current.closes),
                current.closes,
            )
        )
    rows = periods.unit_rows(period)
    if current is not None and current.closes == period.self_assessment_closes:
        late = [row for row in rows if row.state != UnitAssessment.State.SUBMITTED]
        if late:
            items.append(
                Item(
                    ngettext(
                        "%(n)d đơn vị chưa nộp kết quả tự đánh giá.",
                        "%(n)d đơn vị chưa nộp kết quả tự đánh giá.",
                        len(late),
                    )
                    % {"n": len(late)},
                    f"{url}?progress=in_progress",
                )
            )
    published = Publication.objects.filter(year=period.year).order_by("-version").first()
    if published is not None:
        items.append(
            Item(
                _("Đã công bố kết quả năm %(year)d, phiên bản %(version)d.")
                % {"year": published.year, "version": published.version},
                published.get_absolute_url(),
                DONE,
            )
        )
    else:
        assessments = list(period.assessments.select_related("appraisal"))
        if assessments and all(is_finalized(a) for a in assessments):
            items.append(
                Item(
                    _("Mọi đơn vị đã hoàn tất thẩm định: kiểm tra kết quả và công bố."),
                    reverse("results:preview", args=[period.pk]),
                    SOON,
                )
            )
    open_requests = ExplanationRequest.objects.filter(
        assessment__period=period, assessment__appraisal__answers_sent_at__isnull=True
    ).count()
    if open_requests and current is not None:
        items.append(
            Item(
                ngettext(
                    "%(n)d yêu cầu giải trình đang chờ đơn vị trả lời.",
                    "%(n)d yêu cầu giải trình đang chờ đơn vị trả lời.",
                    open_requests,
                )
                % {"n": open_requests},
                url,
                DONE,
            )
        )
    return [Section(_("Quản trị – %(title)s") % {"title": period.title}, items)]
