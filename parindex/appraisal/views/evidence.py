"""The files the team reads: those backing the items it appraises, and those a unit sent with
its explanations (the version sent)."""

from django.http import HttpRequest
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from parindex.assessments import files

from .. import access


# The one response of the site shown in a frame: the sheet shows the evidence beside the answers.
@xframe_options_sameorigin
@require_GET
def evidence_file(request: HttpRequest, pk: int):
    """Downloaded, or shown in the page with ?inline=1 when it is a PDF or an image."""
    stored = access.get_evidence_file(request.user, pk)
    return files.serve(stored, inline=request.GET.get("inline") == "1")
