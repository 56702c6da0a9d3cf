"""Small helpers for the strategy editor's templates."""

from __future__ import annotations

from django import template
from django.urls import reverse

from kommplan.strategies.services import part_label as _part_label

register = template.Library()


@register.simple_tag(takes_context=True)
def part_url(context, kind: str, action: str, item=None) -> str:
    """{% part_url "goal" "edit" goal %}: the address of an editor action on a part."""
    strategy = context["strategy"]
    args = [strategy.organisation.slug, strategy.pk]
    if item is not None:
        args.append(item.pk)
    return reverse(f"strategies:{kind}_{action}", args=args)


@register.filter
def part_label(part) -> str:
    return _part_label(part)
