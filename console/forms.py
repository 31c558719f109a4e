import datetime

from django import forms
from django.conf import settings
from django.utils.formats import date_format
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from activity.models import ActionKind
from core.dates import validate_supported_date, with_weekday
from core.languages import (
    choices_offered_by,
    column,
    language_codes,
    name_in_text,
    offered_by,
    shown_text,
    text_attributes,
)
from core.numbers import whole_number
from delegations.models import FocalPoint
from materials.models import Material
from participants.models import Invitation, Participant, Registration
from questions.models import CONDITION_KINDS, Purpose, Question, QuestionKind
from questions.services import QUESTION_FIELDS
from questions.services import TRANSLATED_FIELDS as QUESTION_TRANSLATED_FIELDS
from sessions.models import ProgrammeSession, Speaker
from sessions.services import TRANSLATED_FIELDS as SESSION_TRANSLATED_FIELDS
from workshops.forms import CountrySelect, WorkshopClockMixin, country_time_zones, suggested_slug, time_zone_choices
from workshops.models import Organisation, OrganisationKind, Workshop
from workshops.services import EDITABLE_FIELDS, TRANSLATED_FIELDS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class LanguageGroup:
    """One text in each of a form's languages, as `console/_in_languages.html` lays it out: side by side when there
    are two languages at most; else the default language's field beside a tab for each other language (tabs a radio
    button chooses, so they work without scripts), stacked on a phone either way."""

    SIDE_BY_SIDE = 2

    def __init__(self, label, fields_by_language):
        """`label`: what the text is ("Title"); `fields_by_language`: (language, bound field) pairs, the default
        language first."""
        self.label = label
        self.fields = [field for _language, field in fields_by_language]
        (default, self.first), *others = fields_by_language
        self.first_name = capfirst(name_in_text(default))
        # The tab shown when the page opens: the first whose field has an error, else the first.
        shown = next((field for _language, field in others if field.errors), others[0][1] if others else None)
        self.tabs = [
            {"field": field, "language": language, "name": capfirst(name_in_text(language)), "shown": field is shown}
            for language, field in others
        ]

    @property
    def side_by_side(self):
        return len(self.fields) <= self.SIDE_BY_SIDE

    @property
    def picker_name(self):
        # The radio buttons that choose a tab send a value no form reads; the name only groups them.
        return f"{self.first.html_name}-language"


class TranslatedFieldsMixin:
    """A form with a field per language for each text people read (`title_en`, `title_fr`, ...), in the `languages`
    given (a workshop's, or every language of the portal for a new workshop): each is labelled with its language and
    marked with it (`lang`, for spell checkers and screen readers, and `dir`: English typed on an Arabic page
    runs left to right). Other languages' columns are not in the form, so
    saving it keeps what they hold. The template lays each field's languages out with `form.in_languages`."""

    translated_fields = ()
    text_areas = {}

    def __init__(self, *args, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = [code for code in language_codes() if code in languages]
        for name in self.translated_fields:
            original = self._meta.model._meta.get_field(name)
            for language in language_codes():
                if language not in self.languages:
                    del self.fields[column(name, language)]
                    continue
                field = self.fields[column(name, language)]
                # The default language's text is required where the field is; every other language is optional.
                field.required = language == settings.LANGUAGE_CODE and not original.blank
                if name in self.text_areas:
                    field.widget = forms.Textarea(attrs={"rows": self.text_areas[name]})
                field.label = format_lazy("{} ({})", capfirst(original.verbose_name), name_in_text(language))
                field.widget.attrs.update(text_attributes(language))

    def in_languages(self):
        """{"title": the LanguageGroup of the title's bound fields (English, French, ...), ...}"""
        return {
            name: LanguageGroup(
                capfirst(self._meta.model._meta.get_field(name).verbose_name),
                [(language, self[column(name, language)]) for language in self.languages],
            )
            for name in self.translated_fields
        }


class WorkshopForm(TranslatedFieldsMixin, WorkshopClockMixin, forms.ModelForm):
    """Dates and times are entered on the workshop's own clock, whatever the organiser's.

    The slug and the time zone may be left empty: they are then proposed from the title and year and from the
    country (static/js/workshop-form.js proposes them as the organiser types, when the browser runs scripts).
    """

    translated_fields = TRANSLATED_FIELDS
    text_areas = {"summary": 3, "objectives": 4}

    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        help_text=_("Type a city to find it. Left empty, the country's main time zone is used."),
    )

    class Meta:
        model = Workshop
        fields = EDITABLE_FIELDS
        widgets = {
            "country": CountrySelect,
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            "registration_opens_at": DATETIME_INPUT,
            "registration_closes_at": DATETIME_INPUT,
            "nomination_opens_at": DATETIME_INPUT,
            "nomination_closes_at": DATETIME_INPUT,
            "funding_deadline": DATETIME_INPUT,
        }
        help_texts = {
            "slug": _("The workshop's address on the site. Left empty, it is made from the title and the year."),
            "registration_opens_at": _("On the workshop's clock (its time zone). Leave empty to open on publication."),
            "registration_closes_at": _("On the workshop's clock. Leave empty to close when the workshop starts."),
            "nomination_opens_at": _("On the workshop's clock. Leave empty to open on publication."),
            "nomination_closes_at": _("On the workshop's clock. Leave empty to close when the workshop starts."),
            "funding_deadline": _("On the workshop's clock. Leave empty to accept requests until nominations close."),
        }

    def __init__(self, *args, **kwargs):
        # A new workshop's form has a field for each language of the portal: its languages are chosen in it.
        instance = kwargs.get("instance")
        super().__init__(*args, languages=offered_by(instance if instance and instance.pk else None), **kwargs)
        self.fields["time_zone"].choices = [("", _("The country's main time zone")), *time_zone_choices()]
        self.fields["slug"].required = False
        self.fields["slug"].widget.attrs["data-suggest-from"] = (
            f"id_{column('title', settings.LANGUAGE_CODE)} id_start_date"
        )
        self.fields["time_zone"].widget.attrs["data-propose-from"] = "id_country"

    def clean(self):
        # The proposals come first: the registration window is read on the clock of the zone chosen.
        cleaned = self.cleaned_data
        if not cleaned.get("time_zone") and cleaned.get("country"):
            zones = country_time_zones().get(str(cleaned["country"]))
            if zones:
                cleaned["time_zone"] = zones[0]
            else:
                self.add_error("time_zone", _("This country has no time zone of its own: choose one."))
        # The slug is proposed from the title in the default language, the one every workshop has.
        title = cleaned.get(column("title", settings.LANGUAGE_CODE))
        if not cleaned.get("slug") and title and cleaned.get("start_date"):
            others = Workshop.objects.exclude(pk=self.instance.pk)
            cleaned["slug"] = suggested_slug(
                title, cleaned["start_date"], taken=lambda slug: others.filter(slug=slug).exists()
            )
        return super().clean()


class CancelWorkshopForm(forms.Form):
    message = forms.CharField(
        label=_("Message to every registrant"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Say why the workshop is cancelled and what happens next; it is emailed to each registrant."),
    )


class DuplicateWorkshopForm(forms.Form):
    """The copy's title in each of the workshop's languages (the default language's required) and where it starts."""

    slug = forms.SlugField(label=_("Slug"), max_length=120, help_text=_("The new workshop's address on the site."))
    start_date = forms.DateField(
        label=_("New first day"),
        widget=DATE_INPUT,
        validators=[validate_supported_date],
        help_text=_("The programme moves by the same number of days."),
    )

    def __init__(self, *args, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = languages
        titles = {
            column("title", language): forms.CharField(
                label=format_lazy("{} ({})", _("Title"), name_in_text(language)),
                max_length=255,
                required=language == settings.LANGUAGE_CODE,
                widget=forms.TextInput(attrs=text_attributes(language)),
            )
            for language in languages
        }
        self.fields = {**titles, **self.fields}

    def service_fields(self):
        """The cleaned data as duplicate_workshop takes it; a title left empty is no title in that language (one of
        a language the workshop does not offer stays the original's)."""
        data = dict(self.cleaned_data)
        titles = {column("title", language): data.pop(column("title", language)) or None for language in self.languages}
        return {**data, "titles": titles}

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if Workshop.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("Another workshop already uses this slug."))
        return slug


class SessionForm(TranslatedFieldsMixin, forms.ModelForm):
    """A session is placed on one of the workshop's days, from a start to an end time on its clock."""

    translated_fields = SESSION_TRANSLATED_FIELDS
    text_areas = {"description": 3}

    day = forms.TypedChoiceField(label=_("Day"), coerce=datetime.date.fromisoformat)
    start_time = forms.TimeField(label=_("Starts"), widget=TIME_INPUT)
    end_time = forms.TimeField(label=_("Ends"), widget=TIME_INPUT)

    class Meta:
        model = ProgrammeSession
        fields = (
            *(column(name, language) for name in SESSION_TRANSLATED_FIELDS for language in language_codes()),
            "kind",
            "day",
            "start_time",
            "end_time",
            "topics",
            "takes_attendance",
        )

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, languages=offered_by(workshop), **kwargs)
        self.workshop = workshop
        self.fields["day"].choices = [(day.isoformat(), with_weekday(day)) for day in workshop.days]
        self.fields["end_time"].help_text = _("Times are in %(zone)s.") % {"zone": workshop.time_zone}
        if self.instance.pk:
            starts, ends = (
                value.astimezone(workshop.tzinfo) for value in (self.instance.starts_at, self.instance.ends_at)
            )
            self.initial.update(day=starts.date().isoformat(), start_time=starts.time(), end_time=ends.time())

    def session_fields(self):
        """The cleaned data as the programme services take it, with times on the workshop's clock."""
        data = dict(self.cleaned_data)
        day, zone = data.pop("day"), self.workshop.tzinfo
        data["starts_at"] = datetime.datetime.combine(day, data.pop("start_time"), zone)
        data["ends_at"] = datetime.datetime.combine(day, data.pop("end_time"), zone)
        return data

    def _post_clean(self):
        # The programme services validate the whole session (times, workshop days, room clashes).
        pass


class SpeakerForm(forms.ModelForm):
    class Meta:
        model = Speaker
        fields = ("participant", "name", "organisation", "role")

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        # One filter() call, so both conditions hold for the same registration: a cancellation
        # at another workshop must not hide someone registered at this one.
        # The speaker's current participant stays a choice even when not registered here (a
        # duplicated workshop keeps last year's speakers), so saving the form does not drop them.
        registered_here = Participant.objects.filter(
            registrations__workshop=workshop,
            registrations__status__in=[s for s in Registration.Status.values if s != Registration.Status.CANCELLED],
        )
        current = Participant.objects.filter(pk=self.instance.participant_id)
        self.fields["participant"].queryset = (registered_here | current).distinct().order_by("full_name")
        self.fields["organisation"].queryset = Organisation.objects.order_by(shown_text("name"))
        self.fields["organisation"].help_text = _("Leave empty to use the participant's own organisation.")

    def _post_clean(self):
        pass


class CheckInSearchForm(forms.Form):
    q = forms.CharField(label=_("Search by name"), required=False)

    def search(self):
        """The name typed, or nothing when it cannot be searched for (a NUL character, say)."""
        return self.cleaned_data["q"] if self.is_valid() else ""


class RegistrationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, help_text=_("Name, email or organisation"))
    status = forms.ChoiceField(label=_("Status"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    kind = forms.ChoiceField(label=_("Organisation kind"), required=False)

    def __init__(self, *args, countries_present=(), **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", _("Any"))]
        self.fields["status"].choices = anything + list(Registration.Status.choices)
        # Only the countries present are named: translating the world's 250 names was most of the page's gettext.
        self.fields["country"].choices = anything + sorted(
            ((code, countries.name(code) or code) for code in countries_present if code), key=lambda choice: choice[1]
        )
        self.fields["kind"].choices = anything + list(OrganisationKind.choices)

    def filters(self):
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "search": data.get("q", "").strip(),
            "status": data.get("status", ""),
            "country": data.get("country", ""),
            "organisation_kind": data.get("kind", ""),
        }


DECISION_CHOICES = [
    (Registration.Status.CONFIRMED, _("Confirm")),
    (Registration.Status.WAITLISTED, _("Waitlist")),
    (Registration.Status.REJECTED, _("Reject")),
]


class DecisionForm(forms.Form):
    """One decision for the ticked registrations, for every registration the table's filter matches (on every
    page), or for the one whose row button was pressed."""

    registrations = forms.TypedMultipleChoiceField(coerce=int, required=False)
    every_match = forms.BooleanField(required=False)
    decision = forms.ChoiceField(choices=DECISION_CHOICES, required=False)
    single = forms.CharField(required=False)
    message = forms.CharField(required=False, widget=forms.Textarea)

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        ids = Registration.objects.filter(workshop=workshop).values_list("pk", flat=True)
        self.fields["registrations"].choices = [(pk, pk) for pk in ids]

    def clean(self):
        cleaned = super().clean()
        single = cleaned.get("single", "")
        if single:
            # A row button sends "<registration id>:<decision>".
            pk, _sep, decision = single.partition(":")
            pk = whole_number(pk)
            if pk is None or decision not in dict(DECISION_CHOICES):
                raise forms.ValidationError(_("Unknown decision."))
            cleaned["registrations"], cleaned["decision"] = [pk], decision
        elif cleaned.get("every_match"):
            # The view reads the matching registrations from the filter the page was showing.
            cleaned["registrations"] = None
        elif not cleaned.get("registrations"):
            raise forms.ValidationError(_("Tick at least one registration."))
        if not cleaned.get("decision"):
            raise forms.ValidationError(_("Choose a decision."))
        return cleaned


class TimelineFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("What"), required=False)
    person = forms.TypedChoiceField(label=_("Who"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Everything")), *ActionKind.choices]
        self.fields["person"].choices = [("", _("Anyone")), *people]

    def filters(self):
        data = self.cleaned_data if self.is_valid() else {}
        return {"kind": data.get("kind", ""), "actor_id": data.get("person")}


MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def answer_by_field():
    return forms.DateField(
        label=_("Answer by"),
        required=False,
        widget=DATE_INPUT,
        validators=[validate_supported_date],
        help_text=_("Optional. The link stops working at the end of this day; by default, when the workshop starts."),
    )


def answer_by_expiry(workshop, answer_by):
    """When the link of an invitation to answer by `answer_by` stops working: the end of that day in the
    workshop's zone, or None for the default (the workshop's start)."""
    if not answer_by:
        return None
    return datetime.datetime.combine(answer_by + datetime.timedelta(days=1), datetime.time.min, workshop.tzinfo)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=Invitation._meta.get_field("email").max_length)
    name = forms.CharField(label=_("Name"), max_length=200)
    organisation_name = forms.CharField(label=_("Organisation"), max_length=255, required=False)
    country = forms.ChoiceField(label=_("Country"), choices=[("", "—"), *countries], required=False)
    language = forms.ChoiceField(
        label=_("Language of the emails"),
        required=False,
        help_text=_(
            "Used until the person has an account; then their account's language is, if the workshop offers it."
        ),
    )
    answer_by = answer_by_field()

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = choices_offered_by(workshop)
        self.fields["language"].initial = workshop.default_language


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
        help_text=_(
            "Columns email, name, organisation, country, language (a code of one of the workshop's languages, such "
            "as en; empty: the workshop's default); UTF-8; comma or semicolon separated."
        ),
    )
    answer_by = answer_by_field()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class OrganisationReviewForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ("kind", "country")


class OrganisationMergeForm(forms.Form):
    merge = forms.ModelChoiceField(
        label=_("Merge this organisation…"), queryset=Organisation.objects.order_by(shown_text("name")), empty_label="—"
    )
    keep = forms.ModelChoiceField(
        label=_("…into this one, which is kept"),
        queryset=Organisation.objects.order_by(shown_text("name")),
        empty_label="—",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("merge") and cleaned.get("merge") == cleaned.get("keep"):
            raise forms.ValidationError(_("Choose two different organisations: one to keep and one to merge into it."))
        return cleaned


NOMINATION_DECISIONS = [("approved", _("Approve")), ("rejected", _("Reject"))]


class NominationDecisionForm(forms.Form):
    """Approve or reject the ticked nominations, or the one whose row button was pressed."""

    nominations = forms.TypedMultipleChoiceField(coerce=int, required=False)
    decision = forms.ChoiceField(choices=NOMINATION_DECISIONS, required=False)
    single = forms.CharField(required=False)
    message = forms.CharField(required=False, max_length=2000, widget=forms.Textarea)

    def __init__(self, *args, nomination_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominations"].choices = [(pk, pk) for pk in nomination_ids]

    def clean(self):
        cleaned = super().clean()
        single = cleaned.get("single", "")
        if single:
            pk, _sep, decision = single.partition(":")
            pk = whole_number(pk)
            if pk is None or decision not in dict(NOMINATION_DECISIONS):
                raise forms.ValidationError(_("Unknown decision."))
            cleaned["nominations"], cleaned["decision"] = [pk], decision
        if not cleaned.get("nominations"):
            raise forms.ValidationError(_("Tick at least one nominee."))
        if not cleaned.get("decision"):
            raise forms.ValidationError(_("Choose a decision."))
        return cleaned


class QuotaForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by(shown_text("name"))
    )
    seats = forms.IntegerField(label=_("Seats"), min_value=0, max_value=10000)
    funded_seats = forms.IntegerField(label=_("Funded seats"), min_value=0, max_value=10000, initial=0)

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("funded_seats") or 0) > (cleaned.get("seats") or 0):
            self.add_error("funded_seats", _("The funded seats cannot outnumber the seats."))
        return cleaned


class QuotaUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
        help_text=_("Columns organisation, seats, funded_seats; UTF-8; comma or semicolon separated."),
    )

    clean_file = UploadForm.clean_file


class FocalPointForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by(shown_text("name"))
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=FocalPoint._meta.get_field("email").max_length,
        help_text=_("Their account's address; if they have none yet, they sign up with it."),
    )


class AttendanceFilterForm(forms.Form):
    """The attendance page's search and filters; a value it does not know is left out (no filter), never a 500."""

    q = forms.CharField(label=_("Search"), required=False, help_text=_("Name, email or organisation"))
    country = forms.ChoiceField(label=_("Country"), required=False)
    organisation = forms.TypedChoiceField(label=_("Organisation"), required=False, coerce=int, empty_value=None)
    funded = forms.ChoiceField(
        label=_("Funding"), required=False, choices=[("", _("Any")), ("yes", _("Funded")), ("no", _("Not funded"))]
    )
    missing = forms.ChoiceField(label=_("Missing"), required=False)
    view = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("Everyone confirmed")),
            ("no-shows", _("No-shows: never recorded")),
            ("no-certificate", _("No certificate: too few days")),
        ],
    )

    def __init__(self, *args, workshop, countries_present=(), organisations_present=(), **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", _("Any"))]
        self.fields["country"].choices = anything + sorted(
            ((code, countries.name(code) or code) for code in countries_present if code), key=lambda choice: choice[1]
        )
        self.fields["organisation"].choices = anything + [(str(pk), name) for pk, name in organisations_present]
        self.fields["missing"].choices = [
            ("", _("Nothing")),
            ("any", _("A day or more")),
            *((day.isoformat(), with_weekday(day, "MONTH_DAY_FORMAT")) for day in workshop.days),
        ]

    def filters(self):
        """The valid filters only: one bad value drops that filter, not the others."""
        self.is_valid()  # cleaned_data then holds the valid fields alone
        data = self.cleaned_data
        return {
            "search": (data.get("q") or "").strip(),
            "country": data.get("country") or "",
            "organisation": data.get("organisation"),
            "funded": data.get("funded") or "",
            "missing": data.get("missing") or "",
            "view": data.get("view") or "",
        }


class MaterialForm(TranslatedFieldsMixin, forms.ModelForm):
    """A workshop document's details; on adding it, also its first file and that file's language."""

    translated_fields = ("title",)

    class Meta:
        model = Material
        fields = (
            *(column("title", language) for language in language_codes()),
            "kind",
            "symbol",
            "visibility",
            "session",
        )

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, languages=offered_by(workshop), **kwargs)
        self.fields["session"].queryset = ProgrammeSession.objects.filter(workshop=workshop).order_by("starts_at")
        self.fields["session"].empty_label = _("The whole workshop")
        self.fields["session"].label_from_instance = lambda session: (
            f"{date_format(session.starts_at.astimezone(workshop.tzinfo), 'D j N H:i')} · {session.title}"
        )

    def _post_clean(self):
        """The service checks the document (materials.services.checked_fields), not the model form."""


class MaterialFileForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the file"))
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, PowerPoint, Word, Excel, OpenDocument, PNG or JPEG; at most 50 MB.")
    )

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = choices_offered_by(workshop)


class SpeakerDeadlineForm(forms.Form):
    closes_at = forms.DateTimeField(
        label=_("Speakers may upload their presentations until"),
        required=False,
        widget=DATETIME_INPUT,
        validators=[validate_supported_date],
        help_text=_("Empty: until the workshop ends. A reminder goes to those who have not uploaded, 3 days before."),
    )


# The longest list of choices typed at once: more belongs in a country question or a short text.
MOST_CHOICES_AT_ONCE = 100


class QuestionForm(TranslatedFieldsMixin, forms.ModelForm):
    """A question of a questionnaire (the registration's or a survey's), with its first choices typed one a line."""

    translated_fields = QUESTION_TRANSLATED_FIELDS
    text_areas = {"help_text": 2}

    choices = forms.CharField(label=_("Choices"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    class Meta:
        model = Question
        fields = ("kind", *QUESTION_FIELDS, "key")
        widgets = {
            "earliest_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "latest_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, questionnaire, languages, **kwargs):
        super().__init__(*args, languages=languages, **kwargs)
        self.questionnaire = questionnaire
        self.fields["choices"].help_text = _(
            "For a question answered from a list: one choice a line, its texts in this order, separated by |: "
            "%(languages)s. A text left out is shown in English."
        ) % {"languages": " | ".join(str(capfirst(name_in_text(language))) for language in self.languages)}
        self.fields["key"].required = False
        self.fields["key"].help_text = _("Left empty, it is made from the English question.")
        if questionnaire.purpose != Purpose.REGISTRATION:
            self.fields["kind"].choices = [
                (value, label) for value, label in self.fields["kind"].choices if value != QuestionKind.FILE
            ]
        self.fields["condition_question"].queryset = (
            Question.objects.filter(
                questionnaire_id=questionnaire.pk, kind__in=CONDITION_KINDS, archived_at__isnull=True
            )
            .exclude(pk=self.instance.pk)
            .order_by("position", "pk")
        )
        if self.instance.pk:
            # A key never changes (the answers and "the same question" at other workshops name it); choices are
            # added and hidden one by one on the questions page.
            self.fields["key"].disabled = True
            del self.fields["choices"]

    def clean_choices(self):
        lines = [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]
        if len(lines) > MOST_CHOICES_AT_ONCE:
            raise forms.ValidationError(_("Type at most %(count)s choices at once.") % {"count": MOST_CHOICES_AT_ONCE})
        choices = []
        for line in lines:
            texts = [text.strip() for text in line.split("|")]
            labels = {language: text for language, text in zip(self.languages, texts, strict=False) if text}
            if not labels or any(len(text) > 300 for text in labels.values()):
                raise forms.ValidationError(
                    _("Each choice is at most 300 characters a language: “%(line)s”.") % {"line": line[:60]}
                )
            choices.append(labels)
        return choices

    def question_fields(self):
        """The cleaned data as questions.services takes it."""
        return {name: value for name, value in self.cleaned_data.items() if name in QUESTION_FIELDS}


class ChoiceForm(forms.Form):
    """A choice added to a question answered from a list: its text in each of the workshop's languages, and its key."""

    key = forms.SlugField(
        label=_("Key"), max_length=50, required=False, help_text=_("Left empty, it is made from the text.")
    )

    def __init__(self, *args, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = [code for code in language_codes() if code in languages]
        for language in self.languages:
            field = forms.CharField(
                label=format_lazy("{} ({})", _("Choice"), name_in_text(language)),
                max_length=300,
                required=language == settings.LANGUAGE_CODE,
            )
            field.widget.attrs.update(text_attributes(language))
            self.fields[column("label", language)] = field
        self.order_fields([*(column("label", language) for language in self.languages), "key"])

    def in_languages(self):
        return {
            "label": LanguageGroup(
                _("Choice"), [(language, self[column("label", language)]) for language in self.languages]
            )
        }

    def labels(self):
        return {
            language: self.cleaned_data[column("label", language)]
            for language in self.languages
            if self.cleaned_data.get(column("label", language))
        }
