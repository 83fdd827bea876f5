"""Forms of the review screens. They only validate: the workflow services do the writing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from claims.models import Flag, Rating
from sources.models import Evidence, Source


class RatingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Rating) -> str:
        return f"{obj.label_ar} / {obj.label_en}"


class VerdictForm(forms.Form):
    rating = RatingChoiceField(
        label=_("Rating"),
        queryset=Rating.objects.order_by("order"),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    rationale = forms.CharField(
        label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"})
    )
    # The version the reviewer loaded: a save against a newer one is refused, not merged.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class EvidenceForm(forms.Form):
    url = forms.URLField(label=_("Source URL"), required=False, assume_scheme="https")
    title = forms.CharField(label=_("Source title"), max_length=500, required=False)
    kind = forms.ChoiceField(label=_("Kind of source"), choices=Source.Kind.choices)
    stance = forms.ChoiceField(label=_("Stance"), choices=Evidence.Stance.choices)
    excerpt = forms.CharField(
        label=_("Excerpt"), required=False, widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"})
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"})
    )

    def clean(self):
        data = super().clean()
        if not data.get("url") and not data.get("title", "").strip():
            raise forms.ValidationError(_("Give the source's URL or its title."))
        return data


class FlagResolveForm(forms.Form):
    status = forms.ChoiceField(choices=Flag.Status.choices)
    note = forms.CharField(required=False, max_length=2000)
    # The status the reviewer saw: a decision someone else made since is not overwritten.
    seen = forms.ChoiceField(choices=Flag.Status.choices, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)
