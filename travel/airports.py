"""Airports by IATA code, from the bundled `airportsdata` list (names, cities, countries and time zones)."""

import functools
import zoneinfo

import airportsdata


@functools.cache
def all_airports():
    """{IATA code: airportsdata's record}, loaded once per process (7,884 airports)."""
    return airportsdata.load("IATA")


def airport(code):
    """The record of an IATA code typed in any case, or None for a code no airport has."""
    code = (code or "").strip().upper()
    return all_airports().get(code) if len(code) == 3 and code.isascii() and code.isalpha() else None


def airport_zone(code):
    """The time zone an airport's clocks show (an itinerary's times are typed as the boarding pass prints them)."""
    return zoneinfo.ZoneInfo(airport(code)["tz"])


def airport_text(code):
    found = airport(code)
    return f"{found['iata']} — {found['name']}, {found['city']}" if found else code
