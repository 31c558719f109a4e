import functools
import importlib.resources
import zoneinfo
from collections import defaultdict

from django import forms
from django.utils import timezone
from django.utils.text import slugify

from core.dates import validate_supported_date

from .models import Workshop

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
