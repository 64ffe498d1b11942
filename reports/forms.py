from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput


class ReportRequestForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Regio"), queryset=None, empty_label=None)
    year = forms.TypedChoiceField(
        label=_("Jaar"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Of kies hieronder een periode."),
    )
    period_start = forms.DateField(label=_("Periode vanaf"), required=False, widget=DateInput())
    period_end = forms.DateField(label=_("Periode tot en met"), required=False, widget=DateInput())

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        this_year = timezone.localdate().year
        self.fields["year"].choices = [("", _("Zelf een periode kiezen"))] + [
            (year, str(year)) for year in range(this_year, this_year - 6, -1)
        ]
        self.fields["year"].initial = this_year

    def clean(self):
        data = super().clean()
        year, start, end = data.get("year"), data.get("period_start"), data.get("period_end")
        if year:
            data["period_start"], data["period_end"] = date(year, 1, 1), date(year, 12, 31)
        elif not start or not end:
            raise forms.ValidationError(
                _("Kies een jaar, of vul zowel het begin als het einde van de periode in.")
            )
        elif end < start:
            raise forms.ValidationError(_("Het einde van de periode ligt voor het begin."))
        elif (end - start).days > 3 * 366:
            raise forms.ValidationError(_("Kies een periode van hoogstens drie jaar."))
        return data
