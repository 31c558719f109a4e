import pytest

# A name in each script the portal's participants write in. Extraction keeps the first group character for
# character; the second group's scripts draw some vowel signs before their consonant, so their extracted text
# is checked for the name's characters in order (tests.support.pdfs.is_subsequence).
NAMES_EXTRACTED_EXACTLY = {
    "Latin": "José Müller-Ørsted",
    "Vietnamese": "Nguyễn Thị Hương",
    "Mongolian Cyrillic": "Батбаяр Өлзийбат",
    "Hangul": "김민준",
    "Thai": "สมชาย ใจดี",
    "Khmer": "សុខ ចាន់ថា",
    "Sinhala": "කුමාර පෙරේරා",
    "Chinese": "王秀英",
    "Japanese": "山田 花子 さくら",
}
NAMES_REORDERED = {
    "Lao": "ສົມພອນ ແກ້ວມະນີ",
    "Devanagari": "राजेश कुमार शर्मा",
    "Bengali": "রবীন্দ্রনাথ ঠাকুর",
    "Myanmar": "အောင်ဆန်း စုကြည်",
    "Tamil": "முத்துலட்சுமி ரெட்டி",
    "Tibetan": "བསྟན་འཛིན་རྒྱ་མཚོ",
}
ALL_NAMES = {**NAMES_EXTRACTED_EXACTLY, **NAMES_REORDERED}


@pytest.fixture
def names():
    return ALL_NAMES
