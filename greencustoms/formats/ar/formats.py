"""Arabic dates: 10 نوفمبر 2015، 09:30, day, month and year in the order of the text (Django's own Arabic has no
date-and-time format, and falls back to the English order "نوفمبر 10, 2015"), the comma the Arabic one."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، H:i"
MONTH_DAY_FORMAT = "j F"
TIME_FORMAT = "H:i"
