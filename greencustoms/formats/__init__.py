"""How each of the portal's languages writes a date (settings.FORMAT_MODULE_PATH): read before Django's own formats
for the language, which fill in what a module here leaves out.

Dates are written as UN documents write them, day first and the month in words ("10 November 2015", times on the
24-hour clock), in every language: Django's English writes "Nov. 10, 2015, 9 a.m.", and its Arabic mixes two
orders. A page, email or document names a format (`{{ day|date:"DATE_FORMAT" }}`, `date_format(day,
"DATETIME_FORMAT")`), never a pattern of its own, so each language's grammar (Spanish "10 de noviembre de 2015")
is written here once. `core.dates.with_weekday` puts the day's name before one of them. Every DATE_FORMAT starts
with the day's number: `date_range` writes "10–13 November 2015" from it.
"""
