import functools
import importlib.resources
import zoneinfo
from collections import defaultdict

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.dates import validate_supported_date
from core.languages import in_any_language

from .models import WcoRegion, Workshop

# The moments a workshop's form takes on the workshop's clock.
CLOCK_FIELDS = (
    "registration_opens_at",
    "registration_closes_at",
    "nomination_opens_at",
    "nomination_closes_at",
    "funding_deadline",
)


@functools.cache
def country_time_zones():
    """{"KR": ["Asia/Seoul"], "US": ["America/New_York", …]}: the zones of each country, its main one first, from
    the zone.tab of the IANA time zone database, which the pinned tzdata package ships."""
    zones = defaultdict(list)
    table = importlib.resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    for line in table.splitlines():
        if line and not line.startswith("#"):
            country, _coordinates, zone, *_comment = line.split("\t")
            zones[country].append(zone)
    return dict(zones)


@functools.cache
def time_zone_choices():
    """Every IANA zone, grouped by region ("Asia": "Seoul", ...) and sorted, for a select people search by typing a
    city; zones that name no region (UTC, legacy aliases such as "Japan") are left out but for UTC."""
    regions = defaultdict(list)
    for name in sorted(zoneinfo.available_timezones()):
        region, slash, place = name.partition("/")
        if slash and region not in ("Etc", "SystemV", "US", "Canada", "Brazil", "Chile", "Mexico"):
            regions[region].append((name, place.replace("_", " ").replace("/", " / ")))
    return [("UTC", [("UTC", "UTC")]), *sorted(regions.items())]


class CountrySelect(forms.Select):
    """The country list, each country carrying its main time zone for the form's script to propose."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        zones = country_time_zones().get(str(value))
        if zones:
            option["attrs"]["data-time-zone"] = zones[0]
        return option


def suggested_slug(title, start_date, *, taken):
    """ "asia-pacific-regional-green-customs-workshop-2027": the title and year, numbered when already taken."""
    stem = slugify(f"{title} {start_date.year}")[:110].strip("-") or str(start_date.year)
    slug, number = stem, 2
    while taken(slug):
        slug, number = f"{stem}-{number}", number + 1
    return slug


class WorkshopClockMixin:
    """For a workshop's form: its registration window is typed on the workshop's clock.

    The page shows the times in the active time zone (the workshop's stored one when it has one);
    they are read back as wall-clock times in the zone chosen on the form, so changing the zone
    keeps 09:00 at 09:00. Every date is bounded by the field itself, before any time zone arithmetic.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField | forms.DateTimeField):
                field.validators.append(validate_supported_date)

    def clean(self):
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone")
        # An unknown zone is left for the model's validator to name beside the field.
        if zone_name and zone_name in zoneinfo.available_timezones():
            zone = Workshop(time_zone=zone_name).tzinfo
            for name in CLOCK_FIELDS:
                if cleaned.get(name):
                    cleaned[name] = timezone.make_aware(timezone.make_naive(cleaned[name]), zone)
        return cleaned


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
