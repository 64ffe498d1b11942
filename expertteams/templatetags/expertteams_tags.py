from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from core.templatetags.core_tags import url_in_list
from expertteams.links import step_url

register = template.Library()


@register.simple_tag(takes_context=True)
def case_url(context, case) -> str:
    """The case page (``cases:detail``) of ``case``; one ``reverse`` for all the cases a page links."""
    return url_in_list(context, "cases:detail", case.reference)


@register.simple_tag
def step_link(step) -> str:
    """The case page at ``step`` (``links.step_url``): works for a step of any age."""
    return step_url(step)


@register.simple_tag
def step_field(label, value) -> str:
    """One ``<dt>``/``<dd>`` pair of a step's details: nothing for an empty value, "ja"/"nee" for a
    yes/no. A tag rather than an included template: a timeline page shows some 150 of them, and an
    include costs ten times as much to render."""
    if value is True or value is False:
        value = gettext("ja") if value else gettext("nee")
    elif not value:
        return ""
    return format_html('<dt class="col-sm-3">{}</dt><dd class="col-sm-9 pre-line">{}</dd>', label, value)
