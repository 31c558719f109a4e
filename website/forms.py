"""The filters of the public workshop list."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.languages import in_any_language
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
