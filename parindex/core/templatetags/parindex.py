from functools import cache

from django import template
from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html

from parindex.core import audit
from parindex.core.numbers import format_deduction, format_exact, format_points, format_size

register = template.Library()


@register.filter
def points(value) -> str:
    return "–" if value is None or value == "" else format_points(value)


@register.filter
def deduction(value) -> str:
    """A penalty (stored positive) printed as the negative figure it is: −2,00."""
    return "–" if value is None or value == "" else format_deduction(value)


@register.filter
def decimal(value) -> str:
    return "–" if value is None or value == "" else format_exact(value)


@register.simple_tag
def language_choices() -> list[tuple[str, str]]:
    """settings.LANGUAGES, each named in its own language, for the language switch (Django's
    name_local spells "Tiếng Việt" in decomposed Unicode, its catalogue English as "Tiếng Anh")."""
    choices = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            choices.append((code, str(name)))
    return choices


register.filter("filesize", format_size)


@cache
def _choices(field: str) -> dict:
    model, _dot, name = field.rpartition(".")
    return dict(apps.get_model(model)._meta.get_field(name).flatchoices)


@register.filter
def choice_label(value, field: str) -> str:
    """The label of a stored choice, from the TextChoices of the model field named
    "app_label.Model.field": {{ item.node.method|choice_label:"catalog.Criterion.method" }}, for
    values that are not on a model instance (which has get_FOO_display). An unknown value shows
    as it is."""
    return str(_choices(field).get(value, value or ""))


@register.filter
def short_hash(value: str) -> str:
    """A SHA-256 by its first 12 characters, enough to tell versions apart; the whole on hover."""
    return format_html('<code title="{}">{}…</code>', value, value[:12])


@register.filter
def audit_key(key: str, target_type: str = "") -> str:
    return audit.key_label(key, target_type)


@register.filter
def audit_action(action: str) -> str:
    return audit.action_label(action)


@register.filter
def audit_value(value, key: str = "") -> str:
    """A value of an audit entry as the province writes it; a hash shortened."""
    if key in audit.HASH_KEYS and isinstance(value, str) and value:
        return short_hash(value)
    return audit.value_text(value, key)


ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


@register.filter
def roman(number: int) -> str:
    """A section's number in a document: 1 -> "I", 4 -> "IV"."""
    digits = []
    for value, letters in ROMAN:
        count, number = divmod(number, value)
        digits.append(letters * count)
    return "".join(digits)
