"""The {% panel %} tag renders a home-page panel's card, its labelled section and its heading."""

import pytest
from django.template import Context, Template, TemplateSyntaxError


def render(source: str, **context) -> str:
    return Template("{% load panels %}" + source).render(Context(context))


def collapsed(html: str) -> str:
    return " ".join(html.split()).replace("> <", "><")


def test_panel_labels_its_section_with_its_heading():
    html = render('{% panel "werkverdeling" "Werkverdeling in uw team" "mb-3" %}<p>body</p>{% endpanel %}')

    assert collapsed(html) == (
        '<section class="card mb-4" aria-labelledby="werkverdeling-kop"><div class="card-body">'
        '<h2 class="h5 mb-3" id="werkverdeling-kop">Werkverdeling in uw team</h2>'
        "<p>body</p></div></section>"
    )


def test_panel_heading_without_extra_classes_is_h5():
    html = render('{% panel "aanbieder" heading %}{% endpanel %}', heading="Aanvragen")

    assert '<h2 class="h5" id="aanbieder-kop">Aanvragen</h2>' in html


def test_panel_escapes_its_heading_and_name():
    html = render(
        "{% panel name heading %}{% endpanel %}", name='x"y', heading="<script>alert(1)</script> & co"
    )

    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</h2>" in html
    assert 'aria-labelledby="x&quot;y-kop"' in html


def test_panel_aside_shares_the_heading_row():
    html = render(
        '{% panel "gebruikers" "Gebruikers" %}{% panelaside "mb-3" %}<a href="/x">{{ label }}</a>{% endpanelaside %}'
        "<ul></ul>{% endpanel %}",
        label="Beheer",
    )

    assert collapsed(html) == (
        '<section class="card mb-4" aria-labelledby="gebruikers-kop"><div class="card-body">'
        '<div class="d-flex justify-content-between align-items-center mb-3">'
        '<h2 class="h5 mb-0" id="gebruikers-kop">Gebruikers</h2><a href="/x">Beheer</a></div>'
        "<ul></ul></div></section>"
    )


def test_panel_aside_row_margin_defaults_to_mb_2():
    html = render('{% panel "p" "P" %}{% panelaside %}x{% endpanelaside %}{% endpanel %}')

    assert '<div class="d-flex justify-content-between align-items-center mb-2">' in html


@pytest.mark.parametrize(
    "source",
    [
        '{% panel "p" %}{% endpanel %}',
        '{% panel "p" "P" %}{% panelaside %}a{% endpanelaside %}{% panelaside %}b{% endpanelaside %}{% endpanel %}',
        '{% panel "p" "P" "mb-3" %}{% panelaside %}a{% endpanelaside %}{% endpanel %}',
    ],
)
def test_panel_rejects_malformed_use(source):
    with pytest.raises(TemplateSyntaxError):
        Template("{% load panels %}" + source)


def test_panel_aside_outside_a_panel_is_an_error():
    with pytest.raises(TemplateSyntaxError):
        render("{% if True %}{% panelaside %}x{% endpanelaside %}{% endif %}")
