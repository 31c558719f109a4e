"""The filters of the public workshop list; allauth's sign-up and password reset forms (ACCOUNT_FORMS), which take
as long to answer for an address without an account as for one with."""

from allauth.account import forms as allauth_forms
from allauth.account.adapter import get_adapter
from django import forms
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.models import User
from core.languages import in_any_language
from outbox.services import hand_off_nothing_on_commit
from workshops.models import WcoRegion, Workshop


def matching_text(text):
    """Workshops whose title, city, venue, partner organisation (name or acronym) in any language or country
    contains the text;
    countries are matched by their name in the active language ("Corée" finds Seoul in French)."""
    needle = text.casefold()
    country_codes = [code for code, name in countries if needle in str(name).casefold()]
    return (
        in_any_language("title__icontains", text)
        | in_any_language("city__icontains", text)
        | in_any_language("venue__icontains", text)
        | in_any_language("partners__organisation__name__icontains", text)
        | in_any_language("partners__organisation__acronym__icontains", text)
        | Q(country__in=country_codes)
    )


class WorkshopFilterForm(forms.Form):
    """The filters of the public workshop list; every choice is optional and read from the query string."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Title, city, country, venue or partner organisation"),
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    region = forms.ChoiceField(label=_("WCO region"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args, years=(), country_codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["year"].choices = every + [(year, str(year)) for year in years]
        self.fields["region"].choices = every + list(WcoRegion.choices)
        self.fields["country"].choices = every + sorted(
            ((code, countries.name(code)) for code in country_codes), key=lambda choice: choice[1]
        )

    def filter(self, workshops):
        if not self.is_valid():
            return workshops
        data = self.cleaned_data
        if data["q"]:
            workshops = workshops.filter(pk__in=Workshop.objects.filter(matching_text(data["q"])).values("pk"))
        if data["year"]:
            # A workshop belongs to every year it touches (one spanning New Year is in both).
            workshops = workshops.filter(start_date__year__lte=data["year"], end_date__year__gte=data["year"])
        if data["region"]:
            workshops = workshops.filter(wco_region=data["region"])
        if data["country"]:
            workshops = workshops.filter(country=data["country"])
        return workshops


# The answers to sign-up and to a password reset read alike for an address with an account and one without
# (ACCOUNT_PREVENT_ENUMERATION); the forms below make them take alike too. An attacker's probe told them apart by time
# alone: 22 ms for a known address against 222 ms for a new one at sign-up, 19 ms against 7 ms for a reset.


class SignupForm(allauth_forms.SignupForm):
    def clean(self):
        cleaned_data = super().clean()
        if self.account_already_exists and cleaned_data.get("password1"):
            # A new account's password is hashed as it is saved, slow by design (a fifth of a second and more). An
            # address that has an account gets no new one (its owner is mailed instead, as a new address is mailed its
            # verification link), but its answer waits for the same hashing, as Django's login hashes the password
            # typed for an address it does not know.
            make_password(cleaned_data["password1"])
        return cleaned_data


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def save(self, request, **kwargs):
        email = super().save(request, **kwargs)
        if not self.users:
            do_the_work_of_a_reset_email(request, email)
        return email


def do_the_work_of_a_reset_email(request, email):
    """What a password reset email costs a request, for an address without an account, which is mailed nothing
    (ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS): the email is rendered and written to the outbox as for an account (a stand-in,
    never saved), the row is rolled back at once, and the workers are handed a message where they would have been
    handed the row. Like the password Django's login hashes for an address it does not know."""
    stand_in = User(email=email)
    # Django's own token: allauth's reads the account's addresses from the database, which a stand-in has none of.
    token = default_token_generator.make_token(stand_in)
    adapter = get_adapter()
    context = {
        "user": stand_in,
        "password_reset_url": adapter.get_reset_password_from_key_url(f"0-{token}"),
        "uid": "0",
        "key": token,
        "request": request,
    }
    with transaction.atomic():
        adapter.send_password_reset_mail(stand_in, email, context)
        # Nobody is mailed: the row never was, and its hand-off to the workers goes with it.
        transaction.set_rollback(True)
    hand_off_nothing_on_commit()
