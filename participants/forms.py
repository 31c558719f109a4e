from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.languages import in_any_language, shown_text
from questions.engine import AnswerForm
from workshops.models import Organisation
from workshops.selectors import similar_organisations

from . import answers, services
from .models import Participant


class ProfileForm(forms.ModelForm):
    """What organisers need to know about a participant; the organisation can be one not listed yet."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by(shown_text("name")),
        required=False,
        empty_label=_("Choose your organisation…"),
    )
    new_organisation = forms.CharField(
        label=_("Organisation not in the list?"),
        max_length=255,
        required=False,
        help_text=_("Type its full name, e.g. Korea Customs Service."),
    )
    # Offered when the name typed is close to listed ones, so that nobody adds a near-duplicate by accident.
    close_match = forms.ChoiceField(label=_("Is it one of these?"), required=False, widget=forms.RadioSelect)

    class Meta:
        model = Participant
        fields = [
            "full_name",
            "organisation",
            "new_organisation",
            "close_match",
            "position",
            "country",
            "phone",
            "list_contact_details",
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
        self.suggestions = self.close_matches()
        if self.suggestions:
            self.fields["close_match"].choices = [
                *((str(organisation.pk), str(organisation)) for organisation in self.suggestions),
                ("new", _("None of these: add “%(name)s” as a new organisation") % {"name": self.typed_name()}),
            ]
        else:
            del self.fields["close_match"]
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page writes the <form> tag, with its csrf token and `next`
        self.helper.add_input(Submit("submit", self.submit_label, css_class="btn-gc"))

    def typed_name(self):
        """The new organisation's name as typed, before the field's validation: a name holding a null character
        (which PostgreSQL refuses in a query) is not looked up; the field's own validator reports it."""
        name = " ".join(self.data.get(self.add_prefix("new_organisation"), "").split())
        return "" if "\x00" in name else name

    def close_matches(self):
        """The listed organisations close to the new one typed, when no listed one was chosen."""
        if not self.is_bound or self.data.get(self.add_prefix("organisation")) or not self.typed_name():
            return []
        if Organisation.objects.filter(in_any_language("name__iexact", self.typed_name())).exists():
            return []  # the very name is listed: it is used as it is
        return similar_organisations(self.typed_name())

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("organisation") and not cleaned.get("new_organisation", "").strip():
            self.add_error("organisation", _("Choose your organisation, or type its name below if it is not listed."))
        if self.suggestions:
            choice = cleaned.get("close_match")
            if not choice:
                self.add_error(
                    "close_match",
                    _("Organisations with a close name are listed already: choose yours, or confirm that it is new."),
                )
            elif choice != "new":
                cleaned["organisation"] = next(o for o in self.suggestions if str(o.pk) == choice)
                cleaned["new_organisation"] = ""
        return cleaned

    def save_profile(self, user):
        data = self.cleaned_data
        return services.save_profile(
            user_id=user.pk,
            organisation_id=data["organisation"].pk if data["organisation"] else None,
            new_organisation=data["new_organisation"],
            **{name: data[name] for name in services.PROFILE_DETAILS},
        )


class InvitationProfileForm(ProfileForm):
    """Accepting an invitation asks for the profile the participant list and badges need, when it is not complete:
    started from what the organiser typed for the invitation."""

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.inputs = []  # the page has its own accept and decline buttons
        if not self.instance.pk:
            organisation = Organisation.objects.filter(
                in_any_language("name__iexact", invitation.organisation_name)
            ).first()
            self.initial.update(
                full_name=invitation.name,
                country=invitation.country,
                organisation=organisation,
                new_organisation="" if organisation else invitation.organisation_name,
            )


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.inputs = []  # the page puts its button after the workshop's own questions


def registration_answer_form(data=None, files=None, *, workshop_id, participant, invitation_id=None, registration=None):
    """The workshop's registration questions for this person (questions.engine.AnswerForm): filled in with the
    registration's answers when it exists, else with the previous answers the questions suggest."""
    questions = answers.registration_questions(workshop_id)
    if registration is not None:
        initial = answers.answers_of([registration.pk]).get(registration.pk, {})
    else:
        initial = answers.previous_answers(participant=participant, workshop_id=workshop_id, questions=questions)
    return AnswerForm(
        data,
        files,
        questions=questions,
        respondent=answers.respondent(participant=participant, invitation_id=invitation_id),
        initial_answers=initial,
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("Your password, to confirm"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise forms.ValidationError(_("This is not your password."))
        return self.cleaned_data["password"]
