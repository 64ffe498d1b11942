"""The filter bars' field renderer (``core_tags.filter_field``) and select (``core.forms.FilterSelect``):
the markup of crispy's Bootstrap 5 field (label, control, help text, errors wired up for assistive
technology) in one pass, with the options Django's own select would show."""

from django import forms
from django.template import Context, Template

from core.forms import FilterSelect


class Filters(forms.Form):
    q = forms.CharField(label="Zoeken", required=False, help_text="Naam of nummer")
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Alle"), ("open", "Open <nu>"), ("dicht", "Dicht")],
        widget=FilterSelect,
    )
    kind = forms.ChoiceField(
        label="Soort",
        choices=[("Gesprekken", [("a", "Apart"), ("b", "Samen")]), ("c", "Notitie")],
        widget=FilterSelect,
    )


def render(field) -> str:
    return Template("{% load core_tags %}{% filter_field field %}").render(Context({"field": field}))


def test_a_select_shows_its_label_options_and_the_chosen_one():
    html = render(Filters({"status": "dicht", "kind": "c"})["status"])

    assert html.startswith(
        '<div id="div_id_status" class="mb-3"><label for="id_status" class="form-label">Status</label>'
    )
    assert '<select name="status" class="form-select" id="id_status">' in html
    assert '<option value="dicht" selected>Dicht</option>' in html
    assert '<option value="open">Open &lt;nu&gt;</option>' in html  # labels are escaped
    assert html.count("<option") == 3 and html.count(" selected") == 1
    assert "is-invalid" not in html and "aria-invalid" not in html


def test_the_select_gives_the_same_options_as_djangos_own():
    bound = Filters({"status": "open", "kind": "b"})
    for name in ("status", "kind"):
        ours = render(bound[name])
        django = bound[name].as_widget(widget=forms.Select(choices=bound.fields[name].choices))
        options = [line.strip() for line in django.splitlines() if "<option" in line or "optgroup" in line]
        assert options, name
        for line in options:
            assert line.replace(' selected=""', " selected") in ours or line in ours, (name, line)


def test_an_invalid_value_is_marked_and_explained_to_assistive_technology():
    form = Filters({"status": "bogus", "kind": "c"})
    form.is_valid()

    html = render(form["status"])

    assert 'class="form-select is-invalid" aria-invalid="true" aria-describedby="id_status_error"' in html
    assert (
        '<div id="id_status_error" class="invalid-feedback"><p><strong>Selecteer een geldige keuze.' in html
    )


def test_a_text_field_gets_its_help_text_and_a_required_field_its_mark():
    form = Filters()

    text = render(form["q"])
    assert (
        '<input type="text" name="q" class="form-control" aria-describedby="id_q_helptext" id="id_q">' in text
    )
    assert '<div id="id_q_helptext" class="form-text">Naam of nummer</div>' in text
    assert "asteriskField" not in text
    assert '<span class="asteriskField">*</span>' in render(form["kind"])
