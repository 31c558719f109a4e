"""Spanish dates: 10 de noviembre de 2015, 09:30 (Django's own writes "a las 09:30", which reads wrong after a
deadline's "hasta el")."""

DATE_FORMAT = r"j \d\e F \d\e Y"
DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i"
MONTH_DAY_FORMAT = r"j \d\e F"
TIME_FORMAT = "H:i"
