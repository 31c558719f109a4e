"""Small real files of every kind a workshop document may be, and the ones it may not, as uploads."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.support.delegations import PDF, pdf_document

OOXML_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">{}</Types>'
)
MAIN_PARTS = {
    "docx": ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
    "pptx": (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
    "pptm": ("ppt/presentation.xml", "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"),
}


SCRIPTED_PDF = pdf_document(catalogue=b"/OpenAction 4 0 R", more=[b"<< /S /JavaScript /JS (app.alert(1)) >>"])


def padded_pdf(size):
    """A valid PDF of about `size` bytes: a comment after its end makes up the rest (readers skip it)."""
    return PDF + b"%" + b"x" * max(0, size - len(PDF) - 2) + b"\n"


def office_bytes(kind, *, macro=False):
    part, content_type = MAIN_PARTS[kind]
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr(
            "[Content_Types].xml", OOXML_TYPES.format(f'<Override PartName="/{part}" ContentType="{content_type}"/>')
        )
        archive.writestr(part, "<document/>")
        if macro:
            archive.writestr(part.split("/")[0] + "/vbaProject.bin", b"\x00macro")
    return output.getvalue()


def odf_bytes(mimetype, *, macro=False):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", "<office:document-content/>")
        if macro:
            archive.writestr("Basic/Standard/Module1.xml", "<script/>")
    return output.getvalue()


def image_bytes(format_name):
    output = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(output, format=format_name)
    return output.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf_upload(name="Concept note.pdf", content=PDF):
    return upload(name, content, "application/pdf")
