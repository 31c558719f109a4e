"""The workshop's documents in `make bench`: the page of a workshop with 40 documents (against the same page
without any) and "Download all" over 200 MB of documents (against the ZIP of 40 small ones), measured by
bench/run.py's own page and export harness, which it hands in (this module is imported by run.py, not the other
way round).

Documents are written with bulk_create and the storage API, never through the services: what is measured is
reading them. Their files go to a temporary PRIVATE_MEDIA_ROOT, removed at the end.
"""

import os
import shutil
import tempfile
from dataclasses import dataclass

MB = 1_000_000
DOCUMENTS = 40
# Of the 40: this many are the workshop's own, the others one per session; every other one has a French file too.
WORKSHOP_DOCUMENTS = 10
LARGE_FILE_BYTES = 5 * MB  # 40 of them: the 200 MB ZIP
# Random bytes after a PDF header: as incompressible as the PDFs and slides a workshop shares.
PDF_HEADER = b"%PDF-1.7\n%"

# Set before Django reads its settings (run.py imports this module first): the servers inherit it.
os.environ["PRIVATE_MEDIA_ROOT"] = tempfile.mkdtemp(prefix="bench-private-")


@dataclass
class BenchDocuments:
    page_slug: str  # the workshop whose page shows 40 documents
    compared_slug: str  # a workshop of the same programme without any
    zip_slug: str  # the workshop whose 40 documents make 200 MB


def documents(workshop, sessions, *, size, now):
    from django.core.files.base import ContentFile

    from materials.models import Material, MaterialFile

    materials = Material.objects.bulk_create(
        Material(
            workshop=workshop,
            session=None if n < WORKSHOP_DOCUMENTS else sessions[n - WORKSHOP_DOCUMENTS],
            title_en=f"Benchmark document {n}",
            title_fr=f"Document de test {n}" if n % 2 else "",
            kind="presentation" if n >= WORKSHOP_DOCUMENTS else "other",
            symbol=f"GC/BENCH/{n}",
            visibility="participants" if n % 5 == 0 else "public",
        )
        for n in range(DOCUMENTS)
    )
    versions = []
    for n, material in enumerate(materials):
        for language in ("en", "fr") if n % 2 else ("en",):
            version = MaterialFile(
                material=material,
                language=language,
                original_name=f"document-{n}-{language}.pdf",
                extension="pdf",
                content_type="application/pdf",
                size=size,
                uploaded_at=now,
            )
            content = PDF_HEADER + os.urandom(size - len(PDF_HEADER))
            version.file.save(version.original_name, ContentFile(content), save=False)
            versions.append(version)
    MaterialFile.objects.bulk_create(versions)


def seed(world):
    """40 small documents on the medium workshop (60 sessions, like the large one they are compared with) and 40 of
    5 MB on the small one."""
    from django.utils import timezone

    from sessions.models import ProgrammeSession

    now = timezone.now()
    by_size = sorted(world.workshops.items())
    small, medium, large = (workshop for _size, workshop in by_size)
    for workshop, size in ((medium, 2_000), (small, LARGE_FILE_BYTES)):
        sessions = list(ProgrammeSession.objects.filter(workshop=workshop).order_by("starts_at"))
        documents(workshop, sessions, size=size, now=now)
    return BenchDocuments(page_slug=medium.slug, compared_slug=large.slug, zip_slug=small.slug)


def pages(bench_documents, page):
    """The workshop page with 40 documents: anonymous (from the cache) and logged in (rendered for the visitor),
    each with the queries of the same page without documents."""
    path = f"/workshops/{bench_documents.page_slug}/"
    return [
        page("40 documents, anonymous", path, target=2.0, flat_with="60 sessions, anonymous"),
        page("40 documents, logged in", path, "visitor", target=0.8, flat_with="60 sessions, logged in"),
    ]


def measure_zips(bench_documents, cookie, export, measure_export):
    """The "Download all" ZIP of 40 small documents (the baseline), then of 40 of 5 MB, each by a fresh one-worker
    gunicorn warmed up on the small one; as an organiser, who reads every document (eight are for participants)."""
    small = f"/workshops/{bench_documents.page_slug}/documents/all-en.zip"
    large = f"/workshops/{bench_documents.zip_slug}/documents/all-en.zip"
    zips = [
        export("ZIP of 40 documents, 0.1 MB", small, small, 0),
        export("ZIP of 40 documents, 200 MB", large, small, 0),
    ]
    for measured in zips:
        measure_export(measured, cookie)
    return zips


def rows(zips, verdict, milliseconds):
    baseline, large = zips
    growth = large.peak - baseline.peak
    streamed = large.first_byte < large.total / 10
    return [
        [
            measured.label,
            f"first byte {milliseconds(measured.first_byte)}, worker peak {measured.peak / MB:.0f} MB"
            + (f" ({growth / MB:+.1f} MB over 0.1 MB)" if measured is large else ""),
            "",
            "",
            str(measured.queries),
            milliseconds(measured.total),
            f"{measured.size / MB:.1f} MB",
            "streamed, < +20 MB" if measured is large else "",
            ("FAIL" if measured.failures else verdict(streamed and growth < 20 * MB)) if measured is large else "",
        ]
        for measured in zips
    ]


def clean_up():
    shutil.rmtree(os.environ["PRIVATE_MEDIA_ROOT"], ignore_errors=True)
