"""French dates: 10 novembre 2015, 09:30 (Django's own, with the comma before the time)."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
TIME_FORMAT = "H:i"
