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
    started = time.monotonic()
    with translation.override(language or translation.get_language()):
        html = render_to_string(f"documents/pdf/{template}.html", context)
    font_config = FontConfiguration()
    fetcher = DocumentFetcher()
    fonts = CSS(string=stylesheet_for(html), font_config=font_config, url_fetcher=fetcher)
    pdf = HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[fonts], font_config=font_config)
    logger.info("Rendered %s (%d bytes) in %.2f s", template, len(pdf), time.monotonic() - started)
    return pdf
