from django import template

from parindex.assessments import files

register = template.Library()


@register.simple_tag
def evidence_upload_hint() -> str:
    """The accepted files and the size limit, for upload forms rendered without the evidence
    views' context (the scorecard's items)."""
    return files.upload_hint()
