"""Each document as PDF bytes: what it says is gathered here, how it looks is in templates/documents/pdf/."""

import re

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from delegations.selectors import funded_registration
from participants.selectors import attended_days
from workshops.selectors import partners_by_role

from .rendering import data_uri, qr_code, render_pdf, render_pdf_in_parts
from .selectors import badge_code, badge_holders, letterhead_of, official_list

BADGES_PER_SHEET = 8
# How many pages a part of a long document holds (documents.rendering.render_pdf_in_parts): a part takes a second or
# two to draw, so a job's progress moves at least that often.
SHEETS_PER_PART = 12
CERTIFICATES_PER_PART = 40


def letterhead_context(workshop):
    letterhead = letterhead_of(workshop)
    # An organisation in two roles (host and sponsor) is named once, where its first role puts it: documents
    # list who organised the workshop, not their roles.
    organisers = dict.fromkeys(
        organisation for _label, organisations in partners_by_role(workshop) for organisation in organisations
    )
    return {
        "workshop": workshop,
        "letterhead": letterhead,
        "logo": data_uri(bytes(letterhead.logo), letterhead.logo_type) if letterhead.logo else "",
        "signature": data_uri(bytes(letterhead.signature), letterhead.signature_type) if letterhead.signature else "",
        "partners": [organisation.name for organisation in organisers],
    }


def verification_url(certificate):
    return settings.SITE_URL.rstrip("/") + reverse("documents:verify_certificate", kwargs={"code": certificate.code})


def certificates_pdf(workshop, certificates, progress=None):
    """One page per certificate, in the order given, each stating the days its holder attended; `progress(done,
    total)` as parts are drawn."""
    letterhead = {**letterhead_context(workshop), "workshop_days": len(workshop.days)}
    days = attended_days(workshop, [certificate.registration_id for certificate in certificates])

    def pages(part):
        return {
            **letterhead,
            "pages": [
                {
                    "certificate": certificate,
                    "participant": certificate.registration.participant,
                    "days": days[certificate.registration_id],
                    "verification_url": verification_url(certificate),
                    "qr": qr_code(verification_url(certificate)),
                }
                for certificate in part
            ],
        }

    return render_pdf_in_parts(
        template="certificates",
        parts=in_parts(certificates, CERTIFICATES_PER_PART),
        context_of=pages,
        progress=progress,
    )


def in_parts(items, size):
    """`items` in lists of `size`; one empty part when there is none, so that the document still has its page."""
    return [items[start : start + size] for start in range(0, len(items), size)] or [[]]


def name_size(name):
    """The badge's name size in points: long names shrink rather than break inside a word."""
    longest_word = max((len(word) for word in name.split()), default=0)
    length = len(name)
    if length <= 18 and longest_word <= 12:
        return 17
    if length <= 28 and longest_word <= 16:
        return 14
    if length <= 44 and longest_word <= 22:
        return 11
    return 8


def badges_pdf(workshop, registration_ids=None, progress=None):
    """Eight badges to a sheet; `progress(done, total)` as parts are drawn."""
    letterhead = letterhead_context(workshop)

    def sheets(part):
        badges = [
            {
                "participant": registration.participant,
                "role": role,
                "name_size": name_size(registration.participant.display_name),
                "qr": qr_code(badge_code(registration.pk)),
            }
            for registration, role in part
        ]
        return {
            **letterhead,
            "sheets": [badges[start : start + BADGES_PER_SHEET] for start in range(0, len(badges), BADGES_PER_SHEET)],
        }

    holders = badge_holders(workshop, registration_ids)
    return render_pdf_in_parts(
        template="badges",
        parts=in_parts(holders, BADGES_PER_SHEET * SHEETS_PER_PART),
        context_of=sheets,
        progress=progress,
    )


def css_escape(character):
    """A character as a CSS string holds it: as itself, or as a hex escape if it could end the string (quotes,
    backslash, and the newlines CSS counts: LF, CR, FF), the <style> element (<, >, &), or is any other control
    character (NUL among them) or one that prints nothing. The space after the digits ends the escape."""
    if character.isprintable() and character not in "\"'\\<>&":
        return character
    return f"\\{ord(character):x} "


def css_string(text):
    """Text as a CSS string literal, safe inside <style> (where HTML escaping does not apply): whatever a person
    typed, it cannot end the string, the rule or the element."""
    escaped = "".join(map(css_escape, text))
    return mark_safe(f'"{escaped}"')  # noqa: S308 -- every character that could end the string or the element is escaped


def page_x_of_y():
    """ "Page X of Y" as CSS content, translated: the counters go where the sentence puts them."""
    parts = re.split(r"(%\(page\)s|%\(pages\)s)", _("Page %(page)s of %(pages)s"))
    counters = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}
    return mark_safe(" ".join(counters.get(part) or css_string(part) for part in parts if part))  # noqa: S308


def official_list_pdf(workshop, language):
    with translation.override(language):
        context = {
            **letterhead_context(workshop),
            "sections": official_list(workshop),
            "today": timezone.localdate(),
            "css_symbol": css_string(letterhead_of(workshop).document_symbol),
            "css_title": css_string(workshop.title),
            "css_page_x_of_y": page_x_of_y(),
        }
        return render_pdf(template="official_list", context=context)


def funding_sentence(registration):
    """Who pays for the participant's journey, as the visa letter states it: the organisers when the delegate's
    nomination was granted funding, else the participant."""
    if funded_registration(registration):
        return _("The participant’s travel and stay are funded by the organisers of the workshop.")
    return _("The participation is at the participant’s own expense.")


def visa_letter_pdf(visa_request):
    """The letter as it was issued: drawn from its snapshot, never from today's records, and the passport number,
    which no one changes once asked for, from its encrypted column."""
    workshop = visa_request.registration.workshop
    letter = {**visa_request.snapshot, "passport_number": visa_request.passport_number}
    return render_pdf(
        template="visa_letter",
        context={**letterhead_context(workshop), "letter": letter},
        language=visa_request.snapshot.get("language"),
    )
