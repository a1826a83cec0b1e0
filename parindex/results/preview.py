"""The lead's and the admin's check before publishing: the period's results computed from the
current data, as the report and the workbook they would be once published. The workbook takes
about a second for sixty units: it is built in the background (build_preview_workbook),
its progress recorded on a PreviewWorkbook, and downloaded once built."""

import functools
import logging
import time
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.accounts.models import User
from parindex.assessments.models import AssessmentPeriod

from . import publishing
from .exports import workbook
from .models import PreviewWorkbook
from .reports import LevelRows, Report, local, ranked, result_row

logger = logging.getLogger(__name__)
FOLDER = "ket-qua/xem-truoc"
PROGRESS_SECONDS = 0.3


def preview_report(period: AssessmentPeriod) -> Report:
    """The period's results as they would be published now (`publishing.compute`)."""
    levels = [
        LevelRows(
            name=block.level.name,
            code=block.level.code,
            mean_index=block.mean_index,
            areas=block.area_means(),
            units_ranked=ranked(block.rows),
            rows=[result_row(publishing.snapshot(row)) for row in block.rows],
        )
        for block in publishing.compute(period)
    ]
    return Report(period.title, period.year, None, local(timezone.now()), levels)


def preview_workbook(
    period: AssessmentPeriod, progress: Callable[[int, int], None] | None = None
) -> bytes:
    """The same workbook from the current data, marked as a preview on every sheet and page;
    `progress` as exports.workbook takes it."""
    return workbook(preview_report(period), progress)


def latest_workbook(period: AssessmentPeriod, user: User) -> PreviewWorkbook | None:
    """The last preview workbook `user` asked for of `period`."""
    return PreviewWorkbook.objects.filter(period=period, requested_by=user).first()


@transaction.atomic
def request_workbook(period: AssessmentPeriod, *, by: User) -> PreviewWorkbook:
    """Ask for the preview workbook of `period` from the data as it is now; one being built for
    `by` already is returned rather than asked for twice. Side effects: the PreviewWorkbook,
    the earlier ones of `by` for `period` removed with their files, the task enqueued once
    committed."""
    earlier = list(PreviewWorkbook.objects.filter(period=period, requested_by=by))
    pending = next((one for one in earlier if one.building), None)
    if pending is not None:
        return pending
    for one in earlier:
        if one.file:
            one.file.delete(save=False)
        one.delete()
    asked = PreviewWorkbook.objects.create(period=period, requested_by=by)
    transaction.on_commit(functools.partial(build_preview_workbook.enqueue, asked.pk))
    return asked


@task
def build_preview_workbook(workbook_id: int) -> None:
    """The background task (the worker is `manage.py db_worker`): build a preview workbook asked
    for (request_workbook), unless it is gone."""
    asked = PreviewWorkbook.objects.filter(pk=workbook_id).select_related("period").first()
    if asked is not None:
        build_workbook(asked)


def build_workbook(asked: PreviewWorkbook) -> None:
    """Build the workbook `asked` for, recording the units written as it goes, then the file;
    a failure is recorded as its error (and logged) for the page to show. Side effects: the
    PreviewWorkbook's progress, file, finish and error; the file in the default storage."""
    rows = PreviewWorkbook.objects.filter(pk=asked.pk)
    counts = {"units_done": 0, "units_total": 0}
    written = [-PROGRESS_SECONDS]

    def progress(done: int, total: int) -> None:
        counts.update(units_done=done, units_total=total)
        # Written at most every PROGRESS_SECONDS: a write a unit took longer than the sheets on
        # SQLite; the last counts are written with the file.
        now = time.monotonic()
        if now - written[0] >= PROGRESS_SECONDS:
            rows.update(**counts)
            written[0] = now

    try:
        content = preview_workbook(asked.period, progress)
    except Exception:
        logger.exception("Preview workbook %s of period %s failed", asked.pk, asked.period_id)
        rows.update(
            finished_at=timezone.now(),
            error=_("Không tạo được bảng tính; hãy thử lại hoặc báo quản trị hệ thống."),
        )
        return
    name = f"{FOLDER}/ky-{asked.period_id}/bang-tinh-{asked.pk}.xlsx"
    asked.file.save(name, ContentFile(content), save=False)
    rows.update(file=asked.file.name, finished_at=timezone.now(), **counts)
