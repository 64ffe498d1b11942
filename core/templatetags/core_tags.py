import math

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core.links import url_for_each

register = template.Library()


def url_in_list(context, name: str, *args) -> str:
    """``reverse(name, args=args)`` for a row of a list: one ``reverse`` per rendering of the page
    (``core.links.url_for_each``, kept in the render context), the row's last argument put in place."""
    key = ("url_in_list", name, args[:-1])
    url = context.render_context.get(key)
    if url is None:
        url = context.render_context[key] = url_for_each(name, *args[:-1])
    return url(args[-1])


@register.simple_tag(takes_context=True)
def url_each(context, name: str, *args) -> str:
    """``{% url name arg ... %}`` for the rows of a list (``url_in_list``): 25 cases, 50 steps."""
    return url_in_list(context, name, *args)


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs) -> str:
    """The current query string with some parameters replaced (for pagination and sorting links)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.simple_tag
def filter_field(field) -> str:
    """One field of a list page's filter bar (label, control, help text, errors) in the markup of crispy's
    Bootstrap 5 field, in one pass. Crispy renders a field through a dozen nested templates: the case
    list's seven filters cost a sixth of the page that way (docs/scaling.md)."""
    css = "form-select" if isinstance(field.field.widget, forms.Select) else "form-control"
    attrs = {"class": css}
    described_by = []
    help_html = error_html = ""
    if field.help_text:
        described_by.append(f"{field.auto_id}_helptext")
        help_html = format_html(
            '<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, field.help_text
        )
    if field.errors:
        attrs.update({"class": f"{css} is-invalid", "aria-invalid": "true"})
        described_by.append(f"{field.auto_id}_error")
        error_html = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.auto_id,
            format_html_join("", "<p><strong>{}</strong></p>", ((error,) for error in field.errors)),
        )
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    required = mark_safe('<span class="asteriskField">*</span>') if field.field.required else ""  # noqa: S308
    return format_html(
        '<div id="div_{}" class="mb-3"><label for="{}" class="form-label">{}{}</label>{}{}{}</div>',
        field.auto_id,
        field.id_for_label,
        field.label,
        required,
        field.as_widget(attrs=attrs),
        help_html,
        error_html,
    )


@register.filter
def minutes(duration) -> int:
    """A ``timedelta`` in whole minutes, rounded up (``{{ cooloff_timedelta|minutes }}``)."""
    return math.ceil(duration.total_seconds() / 60)
