"""Background work of the annual report (the results' worker runs it: `manage.py db_worker`)."""

from django.tasks import task

from .models import AnnualReport


@task
def build_annual_report(report_id: int) -> None:
    """Build an annual report asked for (building.request_report), unless it is gone."""
    # Imported here: building enqueues this task.
    from . import building

    asked = AnnualReport.objects.filter(pk=report_id).select_related("publication").first()
    if asked is not None:
        building.build(asked)
