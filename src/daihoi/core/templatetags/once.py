from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from daihoi.core.once import FIELD, new_token

register = template.Library()


@register.simple_tag
def once_field() -> SafeString:
    """The hidden one-time token of a create form (a new one at every use)."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())
