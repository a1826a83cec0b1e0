"""Saving catalogue entries (levels, units, fields) with their audit trail."""

from django import forms
from django.db import models, transaction
from django.forms.models import model_to_dict

from parindex.accounts.models import User
from parindex.core.audit import changes, record


def _values(instance: models.Model, names) -> dict:
    values = model_to_dict(instance, fields=names)
    # Many-to-many values come back as model instances; keep their primary keys.
    return {
        name: sorted(v.pk for v in value) if isinstance(value, list) else value
        for name, value in values.items()
    }


@transaction.atomic
def save_entry(form: forms.ModelForm, *, by: User) -> models.Model:
    """Save a valid catalogue form; record old -> new of the changed fields."""
    names = list(form.fields)
    creating = form.instance.pk is None
    before = (
        {} if creating else _values(type(form.instance).objects.get(pk=form.instance.pk), names)
    )
    instance = form.save()
    after = _values(instance, names)
    label = instance._meta.model_name
    if creating:
        record(f"{label}.create", instance, by=by, new=after)
        return instance
    old, new = changes(before, after)
    if new:
        record(f"{label}.update", instance, by=by, old=old, new=new)
    return instance
