from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from workshops.models import Organisation

from .models import Participant


class ProfileForm(forms.ModelForm):
    """What organisers need to know about a participant; the organisation can be one not listed yet."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("Choose your organisation…"),
    )
    new_organisation = forms.CharField(
        label=_("Organisation not in the list?"),
        max_length=255,
        required=False,
        help_text=_("Type its full name, e.g. Korea Customs Service."),
    )

    class Meta:
        model = Participant
        fields = [
            "full_name",
            "organisation",
            "new_organisation",
            "position",
            "country",
            "phone",
            "dietary_needs",
            "accessibility_needs",
            "gender",
        ]
        help_texts = {"full_name": _("As it should appear on your badge and certificate.")}

    submit_label = _("Save profile")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The fields a complete profile needs (Participant.is_complete) are required here.
        for name in ("full_name", "position", "country"):
            self.fields[name].required = True
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page writes the <form> tag, with its csrf token and `next`
        self.helper.add_input(Submit("submit", self.submit_label, css_class="btn-gc"))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("organisation") and not cleaned.get("new_organisation", "").strip():
            self.add_error("organisation", _("Choose your organisation, or type its name below if it is not listed."))
        return cleaned


class RegistrationForm(ProfileForm):
    """Registering confirms the profile details for this workshop and may add a note for the organisers."""

    note = forms.CharField(
        label=_("Anything the organisers should know?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional, e.g. arrival date or a question about the programme."),
    )

    class Meta(ProfileForm.Meta):
        fields = [*ProfileForm.Meta.fields, "note"]

    submit_label = _("Register")


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("Your password, to confirm"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise forms.ValidationError(_("This is not your password."))
        return self.cleaned_data["password"]
