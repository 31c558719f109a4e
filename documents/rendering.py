"""HTML templates to PDF with WeasyPrint: the one place documents are drawn.

A document may load nothing but the font files of documents.fonts and images given inline as data: URIs
(QR codes, the letterhead's images), so rendering never reaches the network nor reads another file.
"""

import base64
import io
import logging
import time
from pathlib import Path
from urllib import request

import segno
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from .fonts import fonts_dir, stylesheet_for, truetype

logger = logging.getLogger(__name__)


class DocumentFetcher(URLFetcher):
    """Serves data: URIs and the font files; refuses every other address."""

    def __init__(self):
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)

    def fetch(self, url, headers=None):
        if url.startswith("file:"):
            path = Path(request.url2pathname(url.removeprefix("file:"))).resolve()
            if path.suffix != ".woff" or not path.is_relative_to(fonts_dir()):
                raise FatalURLFetchingError(f"A document may not load {url}.")
            return URLFetcherResponse(url, truetype(path), {"Content-Type": "font/ttf"})
        return super().fetch(url, headers)


def data_uri(content, mimetype):
    return f"data:{mimetype};base64,{base64.b64encode(content).decode()}"


def qr_code(text):
    """A QR code as a PNG data: URI of one pixel per module; templates draw it with `image-rendering: pixelated`
    so that it prints sharp at any size. Far quicker to make and to draw than an SVG or a large PNG."""
    buffer = io.BytesIO()
    segno.make_qr(text, error="m").save(buffer, kind="png", scale=1, border=0)
    return data_uri(buffer.getvalue(), "image/png")


def render_pdf(*, template, context, language=None):
    """Render templates/documents/pdf/<template>.html to PDF bytes, in `language` (default: the active one)."""
    return render_pdf_in_parts(template=template, parts=[None], context_of=lambda part: context, language=language)


def render_pdf_in_parts(*, template, parts, context_of, language=None, progress=None):
    """One PDF of the pages of every part, each part drawn as a document of its own from `context_of(part)`, then
    their pages written as one file; `progress(done, total)` is told after each part.

    For documents whose pages stand alone (sheets of badges, certificates): a worker drawing five hundred badges
    says how far it got every couple of seconds instead of once at the end, and holds one part's layout at a time
    besides the pages drawn so far.
    """
    started = time.monotonic()
    font_config = FontConfiguration()
    fetcher = DocumentFetcher()
    documents = []
    with translation.override(language or translation.get_language()):
        for done, part in enumerate(parts, start=1):
            html = render_to_string(f"documents/pdf/{template}.html", context_of(part))
            fonts = CSS(string=stylesheet_for(html), font_config=font_config, url_fetcher=fetcher)
            document = HTML(string=html, url_fetcher=fetcher).render(stylesheets=[fonts], font_config=font_config)
            documents.append(document)
            if progress:
                progress(done, len(parts))
    pages = [page for document in documents for page in document.pages]
    pdf = documents[0].copy(pages).write_pdf()
    logger.info("Rendered %s (%d bytes) in %.2f s", template, len(pdf), time.monotonic() - started)
    return pdf
