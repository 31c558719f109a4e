"""Whole numbers read from what the outside world sends: ids and counts in forms, query strings and CSV files.

Python alone is no guard: `"²".isdigit()` is true while `int("²")` fails, `int()` reads other scripts' digits
("٣" is 3) and refuses more than 4,300 of them, and a number past a bigint fails in the database. So every id or
count a request or a file holds is read here: ASCII digits only, and few enough for any integer column.
"""

# 18 digits stay below PostgreSQL's bigint (9,223,372,036,854,775,807); no id or count of ours comes near.
MAX_DIGITS = 18


def whole_number(text, *, max_digits=MAX_DIGITS):
    """The number (0 or more) that `text` writes in at most `max_digits` ASCII digits, else None."""
    if isinstance(text, str) and 0 < len(text) <= max_digits and text.isascii() and text.isdigit():
        return int(text)
    return None


def whole_numbers(texts, *, max_digits=MAX_DIGITS):
    """The numbers `texts` write (see whole_number), or None if any of them is not one."""
    numbers = [whole_number(text, max_digits=max_digits) for text in texts]
    return None if None in numbers else numbers
