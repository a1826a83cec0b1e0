"""The lead's and the admin's check before publishing: the period's results computed from the
current data, as the report and the workbook they would be once published."""

from django.utils import timezone

from parindex.assessments.models import AssessmentPeriod

from . import publishing
from .exports import workbook
from .reports import LevelRows, Report, local, ranked, result_row


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


def preview_workbook(period: AssessmentPeriod) -> bytes:
    """The same workbook from the current data, marked as a preview on every sheet and page."""
    return workbook(preview_report(period))
