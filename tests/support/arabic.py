"""Arabic text for the tests of right to left: a workshop offering Arabic, its programme and its organisations get
Arabic content of their own, as an organiser would type it, so pages and documents in Arabic carry Arabic words of
the workshop's as well as the catalogue's."""

from core.languages import language_codes
from sessions.models import ProgrammeSession

TITLE = "ورشة العمل الإقليمية للجمارك الخضراء لآسيا والمحيط الهادئ"
# A word of the title, written without dots: Noto Naskh Arabic draws a dotted letter as a dotless base and its
# dots, glyphs that letters share, so a PDF's text layer may name another letter of the same shape for it (see
# tests/documents/test_arabic_pdfs.py); a word of undotted letters reads back exactly as typed, or reversed.
UNDOTTED_WORD = "العمل"
SUMMARY = (
    "جمعت ورشة العمل موظفي الجمارك من أنحاء المنطقة مع منظمة الجمارك العالمية وبرنامج الأمم المتحدة للبيئة "
    "وأمانات الاتفاقات البيئية المتعددة الأطراف، لتبادل الممارسات الجيدة في مكافحة الجرائم البيئية على الحدود."
)
OBJECTIVES = (
    "تعزيز قدرات الجمارك وشراكاتها مع السلطات البيئية.\n"
    "تعريف الموظفين بالاتفاقات البيئية المتعددة الأطراف التي يطبقونها على الحدود.\n"
    "إدراج أدوات الإنفاذ وتبادل المعلومات في العمل اليومي."
)
VENUE = "مركز التدريب التابع لدائرة الجمارك الكورية"
CITY = "سيول"
SESSION_TITLES = [
    "افتتاح ورشة العمل",
    "مبادرة الجمارك الخضراء والاتفاقات البيئية المتعلقة بالتجارة",
    "النفايات الخطرة والمواد الكيميائية: اتفاقيات بازل وروتردام واستكهولم",
    "دور الجمارك في مكافحة الجرائم البيئية",
    "تبادل المعلومات وإدارة المخاطر",
]
ROOM = "القاعة الرئيسية"
ORGANISATIONS = {
    "Korea Customs Service": "دائرة الجمارك الكورية",
    "UN Environment": "برنامج الأمم المتحدة للبيئة",
}


def in_arabic(workshop):
    """The workshop, offering Arabic, its sessions and its partners given Arabic text (their Arabic columns), saved."""
    workshop.languages = [code for code in language_codes() if code in {*workshop.languages, "ar"}]
    workshop.title_ar, workshop.summary_ar, workshop.objectives_ar = TITLE, SUMMARY, OBJECTIVES
    workshop.venue_ar, workshop.city_ar = VENUE, CITY
    workshop.save()
    for index, session in enumerate(ProgrammeSession.objects.filter(workshop=workshop).order_by("starts_at", "pk")):
        session.title_ar = SESSION_TITLES[index % len(SESSION_TITLES)]
        session.room_ar = ROOM
        session.save()
    for partner in workshop.partners.select_related("organisation"):
        organisation = partner.organisation
        if organisation.name_en in ORGANISATIONS:
            organisation.name_ar = ORGANISATIONS[organisation.name_en]
            organisation.save()
    return workshop
