from django import template

from claims.display import inert_html

register = template.Library()


@register.filter
def inert(value) -> str:
    """Article text for display: escaped, control characters visible (see claims.display)."""
    return inert_html("" if value is None else str(value))
