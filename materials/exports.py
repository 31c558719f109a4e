"""The documents as downloads: one file, and "Download all" as one ZIP streamed as it is written.

zipfile writes to an output it cannot seek (ZipFile finds no tell()) by putting each entry's sizes and CRC in a
data descriptor after its data, so nothing is held but the chunk being copied: a worker's memory does not grow
with the documents' size. The files are stored, not deflated: PDFs, Office files and images are compressed
already.
"""

import zipfile

from django.http import FileResponse, StreamingHttpResponse

CHUNK_BYTES = 1024 * 1024


class Chunks:
    """A write-only file the ZIP is written into; `taken()` hands over what was written since the last call."""

    def __init__(self):
        self.written = []

    def write(self, data):
        self.written.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def taken(self):
        data, self.written = b"".join(self.written), []
        return data


def zip_chunks(entries):
    """Yield the bytes of a ZIP of `entries`, [(name in the archive, MaterialFile)], as it is written."""
    output = Chunks()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, version in entries:
            entry = zipfile.ZipInfo(name, date_time=version.uploaded_at.timetuple()[:6])
            entry.file_size = version.size  # decides whether the entry needs ZIP64 sizes
            with version.file.open("rb") as source, archive.open(entry, "w") as target:
                while chunk := source.read(CHUNK_BYTES):
                    target.write(chunk)
                    yield output.taken()
    yield output.taken()  # the last data descriptor and the central directory, written on closing


def archive_names(entries):
    """[(a unique name in the archive, version)]: the kept names, with " (2)" before the extension of a repeat."""
    seen, named = set(), []
    for version in entries:
        name, count = version.original_name, 1
        while name.lower() in seen:
            count += 1
            stem, _dot, extension = version.original_name.rpartition(".")
            name = f"{stem} ({count}).{extension}"
        seen.add(name.lower())
        named.append((name, version))
    return named


def file_response(version):
    """One file as a download: its own type, never shown in the page nor sniffed as another."""
    response = FileResponse(
        version.file.open("rb"), as_attachment=True, filename=version.original_name, content_type=version.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def zip_response(entries, filename):
    response = StreamingHttpResponse(zip_chunks(archive_names(entries)), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
