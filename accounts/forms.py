import zoneinfo

from django import forms

from accounts.models import CURRENCIES, User
from accounts.services import PREFERENCE_FIELDS


class PreferencesForm(forms.ModelForm):
    timezone = forms.ChoiceField(
        choices=[(tz, tz.replace("_", " ")) for tz in sorted(zoneinfo.available_timezones())],
        help_text="Dates, weeks and months follow this time zone.",
    )
    default_currency = forms.ChoiceField(
        choices=[(code, f"{code} — {name}") for code, name in sorted(CURRENCIES.items())],
    )

    class Meta:
        model = User
        fields = PREFERENCE_FIELDS
        widgets = {"report_frequency": forms.RadioSelect}
        help_texts = {"display_name": "How FinSync greets you. Leave empty to use your email."}
