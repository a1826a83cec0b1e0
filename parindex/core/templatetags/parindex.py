from django import template

from parindex.core.numbers import format_exact, format_points

register = template.Library()


@register.filter
def points(value) -> str:
    return "–" if value is None or value == "" else format_points(value)


@register.filter
def decimal(value) -> str:
    return "–" if value is None or value == "" else format_exact(value)
