"""Reading the audit log: a strategy's entries, and their changes in words people read.

Entries store field names and raw values (ids for foreign keys, codes for choices). Shown to an
administrator they become field labels ("Ansvarlig bruker"), choice labels ("Pågår") and the
names of related objects, looked up in one query per related model for a whole page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kommplan.lib.charts import format_number

from .models import AuditEntry, AuditEvent

# Events that belong to a strategy's log (failed log-ins belong to no strategy).
STRATEGY_EVENTS = [
    AuditEvent.CREATE,
    AuditEvent.UPDATE,
    AuditEvent.DELETE,
    AuditEvent.STATUS,
    AuditEvent.PERMISSION,
]

# Names services log that are not model fields.
_EXTRA_LABELS = {
    "measurements": gettext_lazy("antall målinger"),
    "version": gettext_lazy("versjon"),
}


@dataclass(frozen=True)
class ChangeLine:
    name: str
    label: str
    before: str | None  # None: not shown (nothing before a creation)
    after: str | None  # None: not shown (nothing after a deletion)


@dataclass(frozen=True)
class LogRow:
    entry: AuditEntry
    type_label: str
    changes: list[ChangeLine]


def strategy_log(strategy, *, event: str = "") -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.filter(strategy=strategy).order_by("-created_at", "-pk")
    if event:
        entries = entries.filter(event=event)
    return entries


def readable_rows(entries: Sequence[AuditEntry]) -> list[LogRow]:
    """Each entry with its object type and changes in words; one query per related model."""
    models_by_entry = [_model(entry.object_type) for entry in entries]
    labels = _related_labels(
        (model, name, values)
        for entry, model in zip(entries, models_by_entry, strict=True)
        if model is not None
        for name, values in (entry.changes or {}).items()
    )
    rows = []
    for entry, model in zip(entries, models_by_entry, strict=True):
        changes = [
            _line(entry, model, name, values, labels)
            for name, values in sorted((entry.changes or {}).items(), key=_field_order(model))
            # A new object's empty fields say nothing.
            if not (entry.event == AuditEvent.CREATE and _empty(_after(values)))
        ]
        type_label = capfirst(model._meta.verbose_name) if model else entry.object_type
        rows.append(LogRow(entry=entry, type_label=type_label, changes=changes))
    return rows


def _field_order(model: type[models.Model] | None):
    """Changes in the order the model declares its fields (as forms show them)."""
    names = [field.name for field in model._meta.get_fields()] if model else []

    def key(item: tuple[str, Any]) -> tuple[int, str]:
        name = item[0]
        return (names.index(name) if name in names else len(names), name)

    return key


def _after(values: Any) -> Any:
    return values[1] if isinstance(values, list) and len(values) > 1 else values


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _related_labels(
    changes: Iterable[tuple[type[models.Model], str, Any]],
) -> dict[tuple[type[models.Model], Any], str]:
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for model, name, values in changes:
        field = _field(model, name)
        if field is None or not field.is_relation or not isinstance(values, list | tuple):
            continue
        for value in values:
            for pk in value if isinstance(value, list) else [value]:
                if pk is not None:
                    wanted[field.related_model].add(pk)
    labels = {}
    for related, ids in wanted.items():
        for obj in related._default_manager.filter(pk__in=ids):
            labels[related, obj.pk] = _object_label(obj)
    return labels


def _object_label(obj: models.Model) -> str:
    if hasattr(obj, "get_full_name"):
        return obj.get_full_name() or obj.get_username()
    return str(obj)


def _line(entry, model, name, values, labels) -> ChangeLine:
    field = _field(model, name)
    if field is not None:
        label = capfirst(str(field.verbose_name))
    else:
        label = capfirst(str(_EXTRA_LABELS.get(name, name.replace("_", " "))))
    before, after = (
        (list(values) + [None, None])[:2] if isinstance(values, list) else (None, values)
    )
    shown_before = None if entry.event == AuditEvent.CREATE else _value(field, before, labels)
    shown_after = None if entry.event == AuditEvent.DELETE else _value(field, after, labels)
    return ChangeLine(name=name, label=label, before=shown_before, after=shown_after)


def _value(field: models.Field | None, value: Any, labels) -> str:
    if _empty(value):
        return _("(tomt)")
    if field is not None and field.is_relation:
        ids = value if isinstance(value, list) else [value]
        return ", ".join(
            labels.get((field.related_model, pk), _("#%(id)s (slettet)") % {"id": pk}) for pk in ids
        )
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Ja") if value else _("Nei")
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            return date_format(datetime.fromisoformat(value), "SHORT_DATETIME_FORMAT")
        except ValueError:
            return value
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return date_format(date.fromisoformat(value), "DATE_FORMAT")
        except ValueError:
            return value
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {item}" for key, item in value.items())
    return str(value)
