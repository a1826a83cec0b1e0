from django import template

from parindex.assessments import evidence

register = template.Library()


@register.simple_tag
def evidence_upload_hint() -> str:
    """The accepted files and the size limit, for upload forms rendered without the evidence
    views' context (the scorecard's items)."""
    return evidence.upload_hint()
