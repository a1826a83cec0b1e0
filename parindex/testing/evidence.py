"""The evidence block of a scorecard item, as its tests use it: the addresses, an upload posted as
the browser posts it, the block's page, and a period whose self-assessment window has closed."""

from datetime import timedelta

from django.urls import reverse

from parindex.assessments import deadlines
from parindex.testing.factories import criterion

# What an officer types about an official document.
REFERENCE = {
    "title": "Quyết định ban hành Kế hoạch CCHC năm 2026",
    "reference_number": "125/QĐ-UBND",
    "issued_on": "15/01/2026",
    "issuer": "UBND tỉnh Điện Biên",
    "summary": "Ban hành Kế hoạch cải cách hành chính năm 2026",
}
# The reason given for an archive that unpacks to far more than it weighs.
BOMB = "Tệp có cấu trúc nén bất thường"


def evidence_url(name: str, assessment, code: str, *extra) -> str:
    """The address `assessments:<name>` of item `code` (then `extra` arguments)."""
    return reverse(
        f"assessments:{name}", args=[assessment.pk, criterion(assessment, code).pk, *extra]
    )


def post_evidence(client, assessment, code, file=None, *, htmx=False, **reference):
    """An upload to item `code`: a file, or only an official document's `reference`, or both."""
    data = dict(reference) | ({"file": file} if file is not None else {})
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(evidence_url("evidence_upload", assessment, code), data, headers=headers)


def evidence_block(client, assessment, code) -> str:
    """The item's evidence block as its own page (the form without JavaScript)."""
    return client.get(evidence_url("evidence_upload", assessment, code)).content.decode()


def close_window(assessment) -> None:
    """The self-assessment opened 20 days ago and closed yesterday."""
    today = deadlines.today()
    period = assessment.period
    period.self_assessment_opens = today - timedelta(days=20)
    period.self_assessment_closes = today - timedelta(days=1)
    period.save()
