"""Forms of the grant pipeline. They collect input; the rules live in ``subsidies.services``."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from core.forms import AmountField, DateInput
from core.models import ExpertTeam, Organisation, Role, User
from core.private_files import PrivateFileForm
from subsidies.models import DecisionOutcome, GrantScheme, SchemeKind


class StartApplicationForm(forms.Form):
    scheme = forms.ModelChoiceField(
        label=_("Regeling"),
        queryset=GrantScheme.objects.filter(kind=SchemeKind.CASE_BOUND, active=True),
        empty_label=None,
    )
    provider_organisation = forms.ModelChoiceField(
        label=_("Zorgaanbieder of gezinshuis"),
        queryset=Organisation.objects.filter(
            kind__in=(Organisation.Kind.PROVIDER, Organisation.Kind.FAMILY_HOME)
        ),
    )
    invited_users = forms.ModelMultipleChoiceField(
        label=_("Uit te nodigen medewerkers"),
        queryset=User.objects.filter(roles__role=Role.PROVIDER, is_active=True)
        .distinct()
        .order_by("username"),
        required=False,
        help_text=_("Zij stellen de aanvraag op; zij zien alleen de aanvraag, niet het casusdossier."),
        widget=forms.CheckboxSelectMultiple,
    )
    title = forms.CharField(label=_("Titel"), max_length=200, required=False)
    purpose = forms.CharField(
        label=_("Waarvoor is het geld"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class DraftForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200, required=False)
    purpose = forms.CharField(
        label=_("Waarvoor is het geld"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    motivation = forms.CharField(
        label=_("Motivatie"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )


class CostLineForm(forms.Form):
    description = forms.CharField(label=_("Omschrijving"), max_length=200)
    amount = AmountField(label=_("Bedrag (€)"), help_text=_("Bijvoorbeeld 8.500,00"))
    # Off unless ticked: a first save must not mark every line as an investment.
    is_investment = forms.BooleanField(label=_("Investeringskosten"), required=False, initial=False)

    def has_changed(self) -> bool:
        # An empty row stays empty when only the checkbox was touched: it is skipped, not an error.
        return any(self[name].data not in (None, "") for name in ("description", "amount")) or (
            self.is_bound and bool(self.initial)
        )


CostLineFormSet = formset_factory(CostLineForm, extra=1, can_delete=True)


def cost_lines_from(formset) -> list[dict]:
    """The filled, not deleted rows of a valid cost-line formset."""
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("description")
    ]


class AttachmentForm(PrivateFileForm):
    """An attachment of a draft application."""


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Besluit"),
        choices=[(DecisionOutcome.GRANTED, _("Toekennen")), (DecisionOutcome.REJECTED, _("Afwijzen"))],
        widget=forms.RadioSelect,
    )
    amount = AmountField(
        label=_("Toe te kennen bedrag (€)"),
        required=False,
        min_value=Decimal("0"),
    )
    reason = forms.CharField(
        label=_("Motivering"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Verplicht bij afwijzen."),
    )
    confirm_checks = forms.BooleanField(
        label=_("Ik heb vorm, subsidiabiliteit en budget getoetst."),
        required=True,
    )


class ScoreForm(forms.Form):
    """One field per criterion of the scheme (``criterion_<id>``)."""

    def __init__(self, *args, criteria, initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_scores = initial_scores or {}
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name} (0–{criterion.max_score})",
                min_value=0,
                max_value=criterion.max_score,
                initial=initial_scores.get(criterion.pk),
            )

    def scores(self) -> dict[int, int]:
        return {criterion.pk: self.cleaned_data[f"criterion_{criterion.pk}"] for criterion in self.criteria}


class CallApplicationForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Namens organisatie"), queryset=Organisation.objects.none())
    title = forms.CharField(label=_("Titel van het voorstel"), max_length=200)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=user.organisation_ids(Role.PROVIDER)
        )


class CompletionRequestForm(forms.Form):
    """The committee asks the applicant to complete the application (Awb 4:5); the term is suspended."""

    message = forms.CharField(
        label=_("Wat ontbreekt er?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Noem geen persoonsgegevens; de aanvrager en het expertteam lezen dit in de aanvraag."),
    )
    completion_due = forms.DateField(
        label=_("Aanvullen uiterlijk op"),
        widget=DateInput(),
        help_text=_("Standaard twee weken."),
    )


class NotConsiderForm(forms.Form):
    reason = forms.CharField(
        label=_("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("De aanvraag is niet binnen de gestelde termijn aangevuld."),
    )


class ConflictDeclarationForm(forms.Form):
    """A committee member's own tie to an organisation or an expert team (one of the two)."""

    organisation = forms.ModelChoiceField(
        label=_("Organisatie"), queryset=Organisation.objects.order_by("name"), required=False
    )
    expert_team = forms.ModelChoiceField(
        label=_("Expertteam"), queryset=ExpertTeam.objects.order_by("name"), required=False
    )
    description = forms.CharField(
        label=_("Aard van de band"),
        max_length=200,
        help_text=_("Bijvoorbeeld: toezichthouder, oud-medewerker."),
    )
    valid_from = forms.DateField(label=_("Vanaf"), widget=DateInput())
    valid_until = forms.DateField(label=_("Tot en met"), widget=DateInput(), required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
