"""``{% export_query "csv" %}``: the current list's query string for its export (all pages)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def export_query(context, format: str) -> str:
    """The current filters and sort with ``format`` set and the page left out: an export has every row."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    query["format"] = format
    return query.urlencode()
