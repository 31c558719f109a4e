from django import forms
from django.utils.translation import gettext_lazy as _

from core.languages import choices_offered_by, recipient_language
from participants.models import Gender

from .models import Nomination


class NominationForm(forms.ModelForm):
    funding_requested = forms.BooleanField(label=_("Funding is requested for this delegate"), required=False)

    class Meta:
        model = Nomination
        fields = ("passport_name", "email", "position", "gender", "language", "funding_requested", "funding_reason")
        labels = {"language": _("Delegate's language")}
        widgets = {"funding_reason": forms.Textarea(attrs={"rows": 3, "maxlength": 1000})}
        help_texts = {
            "passport_name": _("Exactly as written in the delegate's passport."),
            "email": _("The delegate's own address: the invitation to register is sent there."),
            "gender": _("Optional; used only for the gender balance of the workshop."),
            "language": _("The language of their invitation and of every email until they have an account."),
            "funding_reason": _(
                "Why your administration cannot cover the travel (required when funding is requested)."
            ),
        }

    def __init__(self, *args, focal_point, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gender"].choices = [("", "—"), *Gender.choices]
        # The workshop's languages, the focal point's own first chosen if it offers it.
        self.fields["language"].choices = choices_offered_by(workshop)
        self.fields["language"].initial = recipient_language(user=focal_point, workshop=workshop)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("funding_requested") and not cleaned.get("funding_reason", "").strip():
            self.add_error("funding_reason", _("Say why funding is requested."))
        return cleaned

    def _post_clean(self):
        # The nomination service checks the rules (quota, window, duplicates) under the workshop lock.
        pass


class LetterForm(forms.Form):
    letter = forms.FileField(
        label=_("Nomination letter (PDF, at most 5 MB)"),
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
