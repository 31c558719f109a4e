"""Reading PDFs back in tests: their text, their fonts, and whether any glyph is missing."""

import io

from django.urls import resolve, reverse
from pypdf import PdfReader
from pypdf.generic import ContentStream

from documents.models import PdfJob


def reader(content):
    assert content.startswith(b"%PDF-"), content[:40]
    return PdfReader(io.BytesIO(content))


def pdf_text(content):
    return "\n".join(page.extract_text() for page in reader(content).pages)


def page_count(content):
    return len(reader(content).pages)


def fonts(content):
    """{font name: embedded?} over every page: a font is embedded when its descriptor carries a font file."""
    found = {}
    for page in reader(content).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descriptor = (
                font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                if "/DescendantFonts" in font
                else font.get("/FontDescriptor")
            )
            descriptor = descriptor.get_object() if descriptor else {}
            found[str(font["/BaseFont"])] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return found


def notdef_glyphs(content):
    """How many .notdef glyphs (glyph 0, the empty box) the pages draw: a font missing a character draws one."""
    count = 0
    document = reader(content)
    for page in document.pages:
        stream = ContentStream(page.get_contents(), document)
        for operands, operator in stream.operations:
            strings = []
            if operator == b"Tj":
                strings = [operands[0]]
            elif operator == b"TJ":
                strings = [item for item in operands[0] if isinstance(item, bytes | str)]
            for string in strings:
                # A string pypdf decoded as text (its bytes happened to read as PDFDocEncoding) keeps its bytes.
                data = string if isinstance(string, bytes) else string.original_bytes
                count += sum(1 for index in range(0, len(data) - 1, 2) if data[index : index + 2] == b"\0\0")
    return count


def is_subsequence(wanted, text):
    """Whether the characters of `wanted` appear in `text` in order (spaces ignored).

    Text extraction puts a Devanagari or Bengali vowel sign where it is drawn, before its consonant, and may
    repeat a cluster's letters; the name's characters are still all there, in order.
    """
    remaining = iter("".join(text.split()))
    return all(character in remaining for character in "".join(wanted.split()))


def made_in_the_console(client, workshop, kind, language="en"):
    """(job, file response, PDF bytes) of a whole workshop's PDF asked for in the console by the client's user: the
    tests run tasks in-process, so the job is done when the click's answer comes."""
    started = client.post(
        reverse("console:pdf_job_start", kwargs={"slug": workshop.slug}), {"kind": kind, "language": language}
    )
    job = PdfJob.objects.get(pk=resolve(started["Location"]).kwargs["job_id"])
    assert job.state == PdfJob.State.DONE, job
    response = client.get(reverse("console:pdf_job_file", kwargs={"slug": workshop.slug, "job_id": job.pk}))
    return job, response, b"".join(response.streaming_content)
