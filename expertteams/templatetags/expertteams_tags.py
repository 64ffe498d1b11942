from django import template

from expertteams.links import case_page_url, step_url

register = template.Library()


@register.simple_tag
def case_url(case) -> str:
    """The case page (``cases:detail``) of ``case``."""
    return case_page_url(case)


@register.simple_tag
def step_link(step) -> str:
    """The case page at ``step`` (``links.step_url``): works for a step of any age."""
    return step_url(step)
