from django import template
from django.utils.html import format_html

from ..progress import Status
from ..tracking import STATUS_COLORS, STATUS_LABELS

register = template.Library()


@register.simple_tag
def status_badge(status: Status) -> str:
    """A task's status as the badge every page shows."""
    return format_html(
        '<span class="badge text-bg-{}">{}</span>', STATUS_COLORS[status], STATUS_LABELS[status]
    )
