"""``get_<field>_display`` that translates one label, not every choice of the field.

Django's own ``Model._get_FIELD_display`` builds a dict of all the field's choices on every call, and
hashing each lazy label translates it: a timeline page of 50 steps (``step.get_kind_display``, a
participant's party, an escalation's measure, ...) spent a quarter of its rendering time in some 1,350
translations. ``install`` gives every model the same method over a dict built once per field, labels
kept lazy, so only the label shown is translated, in the language of the request.

Installed from ``core.apps`` before any model class is made (``class_prepared``); a model that defines
its own ``get_<field>_display`` keeps it, and so does a field with callable choices (their list may
change, so it is not read once).
"""

from __future__ import annotations

from functools import cache, partialmethod

from django.db import models
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str


@cache
def choice_labels(field: models.Field) -> dict:
    """The field's choices as value -> (lazy) label, built once per field."""
    return dict(field.flatchoices)


def get_field_display(instance: models.Model, *, field: models.Field):
    """The label of the instance's value of ``field``, or the value itself when it is not a choice."""
    value = getattr(instance, field.attname)
    try:
        label = choice_labels(field).get(value, value)
    except TypeError:  # an unhashable value (a list in a JSONField): Django's own way
        return models.Model._get_FIELD_display(instance, field)
    return force_str(label, strings_only=True)


def install(sender: type[models.Model], **kwargs) -> None:
    """``class_prepared`` receiver: replace the ``get_<field>_display`` Django added to ``sender``."""
    for field in sender._meta.fields:
        name = f"get_{field.name}_display"
        if (
            field.choices is not None
            and not isinstance(field.choices, CallableChoiceIterator)
            and isinstance(sender.__dict__.get(name), partialmethod)
        ):
            setattr(sender, name, partialmethod(get_field_display, field=field))
