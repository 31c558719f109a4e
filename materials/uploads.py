"""What an uploaded file is, judged by its bytes, and the safe short name it is kept under.

A document is one of the types of FILE_TYPES. The name the uploader gave decides nothing: a PDF is a file that
starts as one and that pypdf reads through, without a script; an Office file is a zip archive holding the parts
of its kind, without macros; an image is one Pillow reads as PNG or JPEG.
"""

import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError

from core.errors import DomainError
from delegations.services import acts_when_opened

from .models import MAX_FILE_BYTES

# What is kept of an accepted name: the download's name, short enough for every file system and mail client.
LONGEST_KEPT = 80
# The largest [Content_Types].xml or ODF mimetype read to tell an Office file's kind: they are a few kilobytes.
LONGEST_PART = 1024 * 1024


class MaterialError(DomainError):
    """A rule of the workshop's documents refused the operation."""


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    label: str


PDF = FileType("pdf", "application/pdf", "PDF")
PNG = FileType("png", "image/png", "PNG")
JPEG = FileType("jpg", "image/jpeg", "JPEG")
DOCX = FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word")
XLSX = FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel")
PPTX = FileType("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint")
ODT = FileType("odt", "application/vnd.oasis.opendocument.text", "OpenDocument text")
ODP = FileType("odp", "application/vnd.oasis.opendocument.presentation", "OpenDocument presentation")
IMAGE_TYPES = {"PNG": PNG, "JPEG": JPEG}  # Pillow's names of the formats
# The part that makes an Office Open XML archive a document of its kind.
OOXML_MAIN_PARTS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX, "ppt/presentation.xml": PPTX}
ODF_MIMETYPES = {ODT.content_type.encode(): ODT, ODP.content_type.encode(): ODP}

ACCEPTED = _("PDF, PowerPoint, Word, Excel, OpenDocument text or presentation, PNG or JPEG")


def checked_upload(upload):
    """(FileType, the name to keep) of an upload fit to be a workshop document; MaterialError says why not."""
    name = checked_name(upload.name or "")
    if not upload.size:
        raise MaterialError(_("The file is empty. Choose the document's file again."))
    if upload.size > MAX_FILE_BYTES:
        raise MaterialError(
            _("The file is larger than 50 MB. Save it smaller (compress its pictures) and upload it again.")
        )
    upload.seek(0)
    try:
        kind = file_type(upload)
    finally:
        upload.seek(0)
    return kind, kept_name(name, kind)


def checked_pdf_or_image(upload):
    """The name to keep an upload under when it is a PDF or a PNG or JPEG image (a registration question's file,
    through questions.engine); MaterialError says why not."""
    kind, name = checked_upload(upload)
    if kind not in (PDF, *IMAGE_TYPES.values()):
        raise MaterialError(_("This type of file is not accepted. Upload a PDF, PNG or JPEG file."))
    return name


def checked_name(name):
    if any(unicodedata.category(character) == "Cc" for character in name):
        raise MaterialError(_("The file name holds control characters. Rename the file and upload it again."))
    return name


def kept_name(name, kind):
    """The uploader's name made safe and short, with the extension of what the file is: no folder (Django's upload
    parser drops it already; other callers may pass one), no character a file system or a header may choke on."""
    name = unicodedata.normalize("NFKC", name).replace("\\", "/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    # Letters of any script, digits, . - ( ) ' and _ stay; anything else becomes a space, and runs of spaces one.
    stem = re.sub(r"[^\w\-.()']+", " ", stem).strip(" -_.")
    stem = stem[: LONGEST_KEPT - len(kind.extension) - 1].rstrip(" -_.") or "document"
    return f"{stem}.{kind.extension}"


def file_type(upload):
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return checked_pdf(upload)
    if head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff"):
        return checked_image(upload)
    if head.startswith(b"PK\x03\x04"):
        return checked_office_file(upload)
    raise not_accepted()


def not_accepted():
    return MaterialError(_("This type of file is not accepted. Upload a %(types)s file.") % {"types": ACCEPTED})


def checked_pdf(upload):
    try:
        document = PdfReader(upload)
        pages = len(document.pages)
        active = acts_when_opened(document)
    except FileNotDecryptedError as error:
        raise MaterialError(
            _("The PDF is protected by a password. Save it without one and upload it again.")
        ) from error
    except Exception as error:  # pypdf raises many kinds of error on a damaged file: each means it cannot be read
        raise unreadable_pdf() from error
    if not pages:
        raise unreadable_pdf()
    if active:
        raise MaterialError(
            _("The PDF holds a script or an action that starts a program. Print it to a new PDF and upload that.")
        )
    return PDF


def checked_image(upload):
    try:
        with Image.open(upload) as image:
            found = IMAGE_TYPES.get(image.format)
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as error:
        raise MaterialError(_("The image cannot be read: it may be damaged. Save it again and upload it.")) from error
    if found is None:
        raise not_accepted()
    return found


def checked_office_file(upload):
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if any(name.lower().endswith("vbaproject.bin") for name in names) or any(
                name.startswith(("Basic/", "Scripts/")) for name in names
            ):
                raise macros()
            if "[Content_Types].xml" in names:
                if b"macroenabled" in small_part(archive, "[Content_Types].xml").lower():
                    raise macros()
                for part, kind in OOXML_MAIN_PARTS.items():
                    if part in names:
                        return kind
            elif "mimetype" in names:
                kind = ODF_MIMETYPES.get(small_part(archive, "mimetype").strip())
                if kind:
                    return kind
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
        raise MaterialError(_("The file is a damaged archive. Save the document again and upload it.")) from error
    raise MaterialError(_("The file is an archive, not a document. Upload a %(types)s file.") % {"types": ACCEPTED})


def small_part(archive, name):
    if archive.getinfo(name).file_size > LONGEST_PART:
        raise zipfile.BadZipFile(name)
    return archive.read(name)


def macros():
    return MaterialError(
        _("Files with macros are not accepted. Save the document without macros (as .pptx, .docx or .xlsx).")
    )


def unreadable_pdf():
    return MaterialError(_("The PDF cannot be read: it may be damaged. Save it again and upload it."))
