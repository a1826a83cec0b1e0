"""Background work of the results (Django's tasks framework; the worker is `manage.py
db_worker`, see docs/operations.md)."""

from django.tasks import task

from .models import PreviewWorkbook, Publication


@task
def store_documents(publication_id: int) -> int:
    """Render and store the published documents of a publication (stored_documents.py);
    returns how many were rendered. Publishing enqueues it once its transaction commits."""
    # Imported here: rendering pulls in the exports, which import publishing, which enqueues
    # this task.
    from . import stored_documents

    publication = Publication.objects.filter(pk=publication_id).first()
    if publication is None:
        return 0
    return stored_documents.store_publication(publication)


@task
def build_preview_workbook(workbook_id: int) -> None:
    """Build a preview workbook asked for (preview.request_workbook), unless it is gone."""
    # Imported here: the preview enqueues this task.
    from . import preview

    asked = PreviewWorkbook.objects.filter(pk=workbook_id).select_related("period").first()
    if asked is not None:
        preview.build_workbook(asked)
