"""A plan's progress report as a PDF in the form of Decree 30/2020 (core/documents.py): issued by
the plan's owner (the unit, or for the province's plan the office in charge of PAR), listing
every task with its status on the day, and the completion rate. Rendered on demand: a plan
changes with every update, unlike a publication."""

from django.conf import settings
from django.utils import timezone

from parindex.catalog.documents import formal_name, issuing_body
from parindex.core.documents import Document, IssuingBody, render_pdf

from . import progress, tracking
from .models import Plan


def _issuer(plan: Plan) -> tuple[IssuingBody, str]:
    if plan.unit is None:
        body = IssuingBody(
            superior=settings.DOCUMENT_AUTHORITY,
            name=(settings.DOCUMENT_ISSUER,),
            place=settings.PROVINCE_NAME,
        )
        return body, settings.DOCUMENT_ISSUER
    body = issuing_body(
        plan.unit.name,
        plan.unit.kind,
        authority=settings.DOCUMENT_AUTHORITY,
        province=settings.PROVINCE_NAME,
    )
    return body, formal_name(plan.unit.name, plan.unit.kind)


def progress_pdf(plan: Plan) -> bytes:
    today = timezone.localdate()
    issuer, name = _issuer(plan)
    tasks = list(plan.tasks.with_context())
    rows = [
        {
            "task": task,
            "status": tracking.STATUS_LABELS[progress.status(tracking.facts(task), today)],
        }
        for task in tasks
    ]
    document = Document(
        issuer=issuer,
        kind="Báo cáo",
        summary=f"Tiến độ thực hiện {plan.title} của {name}",
        day=today,
    )
    context = {
        "document": document,
        "plan": plan,
        "rows": rows,
        "rate": progress.completion_rate((tracking.facts(t) for t in tasks), today),
        "today": today,
    }
    return render_pdf("plans/pdf_progress.html", context)
