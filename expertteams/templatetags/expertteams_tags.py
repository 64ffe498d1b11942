from django import template

from expertteams.links import case_page_url

register = template.Library()


@register.simple_tag
def case_url(case) -> str:
    """The case page (``cases:detail``) of ``case``."""
    return case_page_url(case)
