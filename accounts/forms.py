from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import SCOPE_OF_ROLE, ExpertTeam, Organisation, Region, Role, RoleAssignment


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


class RoleForm(forms.Form):
    """One role with the scope it needs: an expert team, a region or an organisation."""

    role = forms.ChoiceField(label=_("Rol"), choices=[("", "---------"), *Role.choices])
    expert_team = forms.ModelChoiceField(
        label=_("Expertteam"),
        queryset=ExpertTeam.objects.all(),
        required=False,
        help_text=_("Voor procesbegeleider en teamcoördinator."),
    )
    region = forms.ModelChoiceField(
        label=_("Regio"),
        queryset=Region.objects.all(),
        required=False,
        help_text=_("Voor gemeente (beleid / rapportage)."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_("Voor zorgaanbieder."),
    )

    def clean(self):
        data = super().clean()
        needed = SCOPE_OF_ROLE.get(data.get("role"))
        if needed and not data.get(needed):
            self.add_error(needed, RoleAssignment.scope_required_message(needed))
        return data

    def role_kwargs(self) -> dict:
        data = self.cleaned_data
        return {key: data.get(key) for key in ("role", "expert_team", "region", "organisation")}


class InviteUserForm(forms.Form):
    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)
    email = forms.EmailField(label=_("E-mailadres"), max_length=254)


# The roles of a new user: the first row is required, further rows left empty are skipped.
InviteRoleFormSet = forms.formset_factory(
    RoleForm, extra=2, min_num=1, validate_min=True, max_num=6, validate_max=True
)
