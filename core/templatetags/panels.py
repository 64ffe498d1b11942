"""The chrome of a home-page panel, in one place: ``{% panel %}`` wraps a panel's body in its card and heading.

::

    {% load panels %}
    {% panel "werkverdeling" _("Werkverdeling in uw team") "mb-3" %}
      ...body...
    {% endpanel %}

renders ``<section class="card mb-4" aria-labelledby="werkverdeling-kop"><div class="card-body">``, then
``<h2 class="h5 mb-3" id="werkverdeling-kop">Werkverdeling in uw team</h2>``, the body and ``</div></section>``.
The first argument names the panel (its heading's id is that name plus ``-kop``, which screen readers and the
accessibility tests use to label the section); the second is the heading text (escaped); the optional third
adds classes to the ``h5`` heading.

A panel with a link or a count beside its heading puts that in ``{% panelaside %}`` at the top level of the
body; the heading and the aside then share one row, which carries the spacing (``mb-2`` unless given)::

    {% panel "gebruikers" _("Gebruikers") %}
      {% panelaside "mb-3" %}<a class="small" href="...">Gebruikersbeheer</a>{% endpanelaside %}
      ...body...
    {% endpanel %}
"""

from django import template
from django.template.base import Node, NodeList
from django.utils.html import format_html

register = template.Library()


class PanelAsideNode(Node):
    """What sits beside a panel's heading; the enclosing ``PanelNode`` renders it into the heading row."""

    def __init__(self, nodelist: NodeList, margin):
        self.nodelist = nodelist
        self.margin = margin

    def render(self, context) -> str:
        # Reached only when the aside is not directly inside a panel (the panel takes its own out of its body).
        raise template.TemplateSyntaxError("{% panelaside %} belongs directly inside {% panel %}")


class PanelNode(Node):
    """A panel's card and heading (with its aside, if any) around its body."""

    def __init__(self, name, heading, heading_classes, aside: PanelAsideNode | None, nodelist: NodeList):
        self.name = name
        self.heading = heading
        self.heading_classes = heading_classes
        self.aside = aside
        self.nodelist = nodelist

    def render(self, context) -> str:
        heading_id = f"{self.name.resolve(context)}-kop"
        heading = self.heading.resolve(context)
        if self.aside is None:
            classes = "h5" if self.heading_classes is None else f"h5 {self.heading_classes.resolve(context)}"
            head = format_html('<h2 class="{}" id="{}">{}</h2>', classes, heading_id, heading)
        else:
            margin = self.aside.margin.resolve(context) if self.aside.margin else "mb-2"
            head = format_html(
                '<div class="d-flex justify-content-between align-items-center {}">\n'
                '    <h2 class="h5 mb-0" id="{}">{}</h2>\n    {}\n  </div>',
                margin,
                heading_id,
                heading,
                self.aside.nodelist.render(context),
            )
        return format_html(
            '<section class="card mb-4" aria-labelledby="{}"><div class="card-body">\n  {}{}</div></section>',
            heading_id,
            head,
            self.nodelist.render(context),
        )


@register.tag
def panel(parser, token) -> PanelNode:
    """``{% panel name heading [heading_classes] %}...{% endpanel %}``: see the module docstring."""
    bits = token.split_contents()
    if len(bits) not in (3, 4):
        raise template.TemplateSyntaxError(
            f"'{bits[0]}' takes a name, a heading and optionally heading classes"
        )
    name, heading = parser.compile_filter(bits[1]), parser.compile_filter(bits[2])
    heading_classes = parser.compile_filter(bits[3]) if len(bits) == 4 else None
    nodelist = parser.parse(("endpanel",))
    parser.delete_first_token()
    asides = [node for node in nodelist if isinstance(node, PanelAsideNode)]
    if len(asides) > 1:
        raise template.TemplateSyntaxError("a panel has at most one {% panelaside %}")
    if asides and heading_classes is not None:
        raise template.TemplateSyntaxError("a panel with a {% panelaside %} takes no heading classes")
    body = NodeList(node for node in nodelist if not isinstance(node, PanelAsideNode))
    return PanelNode(name, heading, heading_classes, asides[0] if asides else None, body)


@register.tag
def panelaside(parser, token) -> PanelAsideNode:
    """``{% panelaside [row_margin] %}...{% endpanelaside %}``, directly inside ``{% panel %}``."""
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError(
            f"'{bits[0]}' takes at most one argument, the heading row's margin"
        )
    nodelist = parser.parse(("endpanelaside",))
    parser.delete_first_token()
    return PanelAsideNode(nodelist, parser.compile_filter(bits[1]) if len(bits) == 2 else None)
