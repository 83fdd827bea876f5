from django import forms
from django.utils.translation import gettext_lazy as _

from claims.models import Language


class ArticleSubmitForm(forms.Form):
    """Paste the text or upload a UTF-8 file; both go through ``article_submit``."""

    title = forms.CharField(label=_("Title"), max_length=500, required=False)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "dir": "auto"}),
    )
    file = forms.FileField(label=_("…or a UTF-8 text file"), required=False)
    url = forms.URLField(label=_("URL"), max_length=1000, required=False, assume_scheme="https")
    outlet = forms.CharField(label=_("Outlet"), max_length=200, required=False)
    published = forms.DateField(label=_("Published"), required=False, help_text="YYYY-MM-DD")
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Detect"))] + list(Language.choices),
    )

    def clean(self):
        data = super().clean()
        if not data.get("text", "").strip() and not data.get("file"):
            raise forms.ValidationError(_("Paste the article's text or choose a file."))
        return data

    def article_text(self) -> str | bytes:
        upload = self.cleaned_data.get("file")
        if upload:
            return upload.read()
        return self.cleaned_data["text"]
