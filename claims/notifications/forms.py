from django import forms
from django.utils.translation import gettext_lazy as _

from claims.models import Flag, NotificationPreference


class NotificationPreferenceForm(forms.ModelForm):
    """What an editor may set about their own e-mails; nothing else is assignable."""

    categories = forms.MultipleChoiceField(
        label=_("Flag categories"),
        choices=Flag.Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked means all categories."),
    )

    class Meta:
        model = NotificationPreference
        fields = ["frequency", "categories", "min_severity", "language"]
