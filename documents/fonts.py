"""The fonts of the PDFs: the Noto families of npm's @fontsource packages (package.json), read from node_modules.

Fontsource splits each family into files by Unicode range (a Korean family is 120 files per weight), and
WeasyPrint loads every @font-face it is given. So a document declares only the files it needs: for each
character it prints, the first file in the order of FAMILIES that holds it, as a browser would fall back.
Each file gets a family name of its own ("Noto Sans KR 37"): WeasyPrint merges the fonts of one family name
into one PDF font, which would mix up the glyphs of different files.
"""

import bisect
import functools
import io
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from fontTools.ttLib import TTFont

# The order in which a character looks for its glyph: Latin, Cyrillic (Mongolian too), Greek and Vietnamese
# first; then Arabic; then the scripts of South and South-East Asia; then Korean, Chinese and Japanese, whose fonts
# also hold Latin letters that must not win over Noto Sans. The web pages use the same families after the system's
# own (settings.WEB_FONT_PACKAGES, static/css/portal.css).
FAMILIES = [
    ("noto-sans", "Noto Sans"),
    # Arabic (the documents of an Arabic workshop, Arabic names), before the families whose files' ranges also
    # name Arabic letters they do not all draw (Noto Sans SC's): a word's letters must come from one font to join.
    ("noto-naskh-arabic", "Noto Naskh Arabic"),
    ("noto-sans-thai", "Noto Sans Thai"),
    ("noto-sans-khmer", "Noto Sans Khmer"),
    ("noto-sans-lao", "Noto Sans Lao"),
    ("noto-sans-myanmar", "Noto Sans Myanmar"),
    ("noto-sans-devanagari", "Noto Sans Devanagari"),
    ("noto-sans-bengali", "Noto Sans Bengali"),
    ("noto-sans-tamil", "Noto Sans Tamil"),
    ("noto-sans-sinhala", "Noto Sans Sinhala"),
    # Noto draws Tibetan only with serifs.
    ("noto-serif-tibetan", "Noto Serif Tibetan"),
    ("noto-sans-kr", "Noto Sans KR"),
    ("noto-sans-sc", "Noto Sans SC"),
    ("noto-sans-jp", "Noto Sans JP"),
]
WEIGHTS = (400, 700)


@dataclass(frozen=True)
class FontSubset:
    """One file of a family, in every weight: "Noto Sans KR" [37] covers some thousand syllables."""

    family: str
    name: str  # the family name this file is declared under
    ranges: tuple  # ((first, last), ...) code points
    paths: tuple  # ((weight, path), ...)

    def font_faces(self):
        ranges = ", ".join(f"U+{first:x}-{last:x}" for first, last in self.ranges)
        return "\n".join(
            f'@font-face {{ font-family: "{self.name}"; font-weight: {weight}; font-style: normal; '
            f'src: url("{path.as_uri()}"); unicode-range: {ranges}; }}'
            for weight, path in self.paths
        )


def fonts_dir():
    return Path(settings.DOCUMENT_FONTS_DIR).resolve()


# Fontsource's CSS is generated, one @font-face per file: its src and unicode-range are read with patterns
# (a CSS parser takes seconds over the 750 rules of these packages).
FONT_FACE = re.compile(r"@font-face\s*{(?P<body>[^}]*)}")
WOFF_URL = re.compile(r"url\((?P<url>[^)]+\.woff)\)\s*format\('woff'\)")
UNICODE_RANGE = re.compile(r"unicode-range:\s*(?P<ranges>[^;]+);")


def parse_range(text):
    first, _dash, last = text.strip().removeprefix("U+").partition("-")
    return int(first, 16), int(last or first, 16)


def read_package(package):
    """{subset: (ranges, {weight: path})} from a package's CSS; a missing package or file stops here, loudly."""
    subsets = {}
    for weight in WEIGHTS:
        css = fonts_dir() / package / f"{weight}.css"
        if not css.is_file():
            raise ImproperlyConfigured(
                f"The font package @fontsource/{package} is missing ({css}): run `npm ci` in the project root."
            )
        for face in FONT_FACE.finditer(css.read_text()):
            url, ranges = WOFF_URL.search(face["body"]), UNICODE_RANGE.search(face["body"])
            if not (url and ranges):
                raise ImproperlyConfigured(f"{css} has a @font-face without a WOFF file or a unicode-range.")
            # WOFF, not WOFF2: it turns into TrueType (which the PDF embeds) fifty times faster.
            path = (css.parent / url["url"]).resolve()
            if not path.is_file():
                raise ImproperlyConfigured(f"The font file {path} is missing: run `npm ci` in the project root.")
            subset = path.name.removeprefix(f"{package}-").removesuffix(f"-{weight}-normal.woff")
            subsets.setdefault(subset, (tuple(map(parse_range, ranges["ranges"].split(","))), {}))[1][weight] = path
    return subsets


@functools.cache
def font_subsets():
    """Every file of every family, in the order of FAMILIES, read once from the packages' CSS."""
    subsets = []
    for package, family in FAMILIES:
        for subset, (ranges, paths) in read_package(package).items():
            if set(paths) != set(WEIGHTS):
                raise ImproperlyConfigured(f"@fontsource/{package} lacks a weight of its {subset} file.")
            subsets.append(FontSubset(family, f"{family} {subset}", ranges, tuple(sorted(paths.items()))))
    return tuple(subsets)


@functools.cache
def family_spans():
    """Per family: its files' ranges sorted by first code point, their starts, and the longest range's length."""
    by_family = {}
    for subset in font_subsets():
        by_family.setdefault(subset.family, []).extend((first, last, subset) for first, last in subset.ranges)
    families = []
    for spans in by_family.values():
        spans.sort(key=lambda span: span[0])
        longest = max(last - first for first, last, _subset in spans)
        families.append((spans, [first for first, _last, _subset in spans], longest))
    return families


def subset_for(point):
    """The first file, in the order of FAMILIES, that holds this code point; None if no family does."""
    for spans, starts, longest in family_spans():
        # A family's files overlap a little (shared punctuation), so every span starting close enough before
        # the point is looked at, not only the last one.
        index = bisect.bisect_right(starts, point) - 1
        while index >= 0 and point - starts[index] <= longest:
            first, last, subset = spans[index]
            if first <= point <= last:
                return subset
            index -= 1
    return None


def stylesheet_for(text):
    """The @font-face rules and the font stack a document printing `text` needs."""
    needed = {subset_for(ord(character)) for character in set(text)} - {None}
    chosen = [subset for subset in font_subsets() if subset in needed]
    stack = ", ".join(f'"{subset.name}"' for subset in chosen)
    faces = "\n".join(subset.font_faces() for subset in chosen)
    return f"{faces}\nhtml {{ font-family: {stack or 'sans-serif'}; }}"


@functools.cache
def truetype(path):
    """A WOFF file as the TrueType bytes a PDF embeds; each worker converts a file once."""
    font = TTFont(path)
    font.flavor = None
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
