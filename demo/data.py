"""Demo content for `manage.py seed_demo`, kept as plain data so it can be read and edited like a document.

Organisations are referred to by a key: the acronym of an international body, or the ISO country code of a
Customs administration. Programme times are local to the workshop (its time zone) and days count from its first
day. Every person below is fictional; every address is under the reserved .example domain.
"""

import datetime
from decimal import Decimal

from participants.models import Gender
from sessions.models import SessionKind, SpeakerRole
from workshops.models import OrganisationKind, PartnerRole

# The demo accounts are printed by the command on every run, so anyone can log in to a fresh demo.
ADMIN_ACCOUNT = {"email": "admin@example.org", "name": "Demo Administrator", "password": "gc-admin-demo"}  # noqa: S105
ORGANISER_ACCOUNT = {"email": "organiser@example.org", "name": "Demo Organiser", "password": "gc-organiser-demo"}  # noqa: S105
# The secretariat creates workshops and oversees all of them (the permission comes from this group).
SECRETARIAT_ACCOUNT = {
    "email": "secretariat@example.org",
    "name": "Demo Secretariat",
    "password": "gc-secretariat-demo",
}  # noqa: S105
SECRETARIAT_GROUP = "Secretariat"
PARTICIPANT_ACCOUNT = {
    "email": "participant@example.org",
    "name": "Aishath Shifa",
    "password": "gc-participant-demo",  # noqa: S105
    "organisation": "MV",
    "position": "Customs Officer, Enforcement Section",
    "gender": Gender.FEMALE,
    "dietary_needs": "Halal",
}

# The focal point of the Thai Customs Department, who nominates its delegates to the upcoming workshop.
FOCAL_POINT_ACCOUNT = {
    "email": "focalpoint@example.org",
    "name": "Supaporn Wongsa",
    "password": "gc-focalpoint-demo",  # noqa: S105
    "organisation": "TH",
}

INTERNATIONAL_BODIES = {
    "WCO": {
        "name": "World Customs Organization",
        "kind": OrganisationKind.INTERGOVERNMENTAL,
        "website": "https://www.wcoomd.org/",
    },
    "RILO A/P": {
        "name": "WCO Regional Intelligence Liaison Office for Asia and the Pacific",
        "kind": OrganisationKind.INTERGOVERNMENTAL,
        "wco_region": "ap",
    },
    "UNEP": {
        "name": "United Nations Environment Programme",
        "kind": OrganisationKind.UN_PROGRAMME,
        "website": "https://www.unep.org/",
    },
    "CITES": {
        "name": "CITES Secretariat",
        "kind": OrganisationKind.CONVENTION_SECRETARIAT,
        "website": "https://cites.org/",
    },
    "BRS": {
        "name": "Secretariat of the Basel, Rotterdam and Stockholm Conventions",
        "kind": OrganisationKind.CONVENTION_SECRETARIAT,
        "website": "https://www.brsmeas.org/",
    },
}

# Customs administrations of the WCO Asia/Pacific region, keyed by country code: (name, acronym).
CUSTOMS_ADMINISTRATIONS = {
    "KR": ("Korea Customs Service", "KCS"),
    "AU": ("Australian Border Force", "ABF"),
    "BD": ("Bangladesh Customs", ""),
    "KH": ("General Department of Customs and Excise of Cambodia", "GDCE"),
    "CN": ("General Administration of Customs of China", "GACC"),
    "FJ": ("Fiji Revenue and Customs Service", "FRCS"),
    "IN": ("Central Board of Indirect Taxes and Customs", "CBIC"),
    "ID": ("Directorate General of Customs and Excise of Indonesia", "DGCE"),
    "JP": ("Japan Customs", ""),
    "MY": ("Royal Malaysian Customs Department", "RMCD"),
    "MN": ("Customs General Administration of Mongolia", "CGA"),
    "NP": ("Department of Customs, Nepal", ""),
    "NZ": ("New Zealand Customs Service", ""),
    "PH": ("Bureau of Customs, Philippines", "BOC"),
    "LK": ("Sri Lanka Customs", ""),
    "TH": ("Thai Customs Department", ""),
    "VN": ("General Department of Viet Nam Customs", "GDVC"),
    "MV": ("Maldives Customs Service", "MCS"),
}

# (full name, mailbox, administration, position, gender, dietary needs); the address is mailbox@<cc>.customs.example.
F, M, X = Gender.FEMALE, Gender.MALE, Gender.UNDISCLOSED
CUSTOMS_PARTICIPANTS = [
    ("Kim Min-jun (김민준)", "minjun.kim", "KR", "Assistant Director, Investigation Bureau", M, ""),
    ("Lee Seo-yeon (이서연)", "seoyeon.lee", "KR", "Customs Inspector, Incheon Airport Customs", F, ""),
    ("Park Ji-hoon (박지훈)", "jihoon.park", "KR", "Intelligence Analyst, Risk Management Bureau", M, ""),
    ("Choi Yu-na (최유나)", "yuna.choi", "KR", "Customs Officer, Busan Main Customs", X, "Vegetarian"),
    ("Sarah O'Connell", "sarah.oconnell", "AU", "Supervisor, Environmental Border Enforcement", F, ""),
    ("Daniel Tran", "daniel.tran", "AU", "Border Force Officer, Cargo Targeting", M, "No shellfish"),
    ("Farhana Akter (ফারহানা আক্তার)", "farhana.akter", "BD", "Assistant Commissioner, Chittagong Custom House", F, "Halal"),
    ("Mohammad Rahim Uddin", "rahim.uddin", "BD", "Revenue Officer, Customs Intelligence", M, "Halal"),
    ("Sok Dara (សុខ ដារ៉ា)", "dara.sok", "KH", "Deputy Chief, Anti-Smuggling Office", M, ""),
    ("Chan Sophea", "sophea.chan", "KH", "Customs Officer, Phnom Penh Autonomous Port", F, ""),
    ("Wang Lei (王磊)", "lei.wang", "CN", "Deputy Division Director, Anti-Smuggling Bureau", M, ""),
    ("Zhang Xiaoyan (张晓燕)", "xiaoyan.zhang", "CN", "Senior Officer, Risk Management Department", F, ""),
    ("Litia Vuniwaqa", "litia.vuniwaqa", "FJ", "Senior Customs Officer, Border Protection", F, ""),
    ("Ravinesh Prasad", "ravinesh.prasad", "FJ", "Customs Officer, Intelligence Unit", M, "Vegetarian"),
    ("Priya Raghavan", "priya.raghavan", "IN", "Deputy Commissioner of Customs, Chennai", F, "Vegetarian"),
    ("Arjun Mehta", "arjun.mehta", "IN", "Superintendent, Directorate of Revenue Intelligence", M, "Vegetarian"),
    ("Dewi Kusumawati", "dewi.kusumawati", "ID", "Head of Section, Enforcement and Investigation", F, "Halal"),
    ("Agus Santoso", "agus.santoso", "ID", "Customs Inspector, Tanjung Priok", M, "Halal"),
    ("Sato Haruka (佐藤遥)", "haruka.sato", "JP", "Customs Specialist, Enforcement Division", F, ""),
    (
        "Tanaka Kenji (田中健二)",
        "kenji.tanaka",
        "JP",
        "Deputy Director, Intellectual Property and Environment Unit",
        M,
        "",
    ),
    ("Nurul Aisyah binti Hassan", "nurul.aisyah", "MY", "Senior Assistant Director, Enforcement Division", F, "Halal"),
    ("Lim Wei Ming", "weiming.lim", "MY", "Customs Officer, Port Klang", M, ""),
    ("Bat-Erdene Ganbold (Бат-Эрдэнэ Ганболд)", "baterdene.ganbold", "MN", "Senior Inspector, Border Control", M, ""),
    ("Oyuntsetseg Dorj (Оюунцэцэг Дорж)", "oyuntsetseg.dorj", "MN", "Risk Analyst, Customs Control Department", F, ""),
    ("Sita Shrestha (सीता श्रेष्ठ)", "sita.shrestha", "NP", "Customs Officer, Tribhuvan Airport Customs Office", F, ""),
    ("Ramesh Adhikari", "ramesh.adhikari", "NP", "Chief Customs Administrator, Birgunj", M, "Vegetarian"),
    ("Aroha Ngata", "aroha.ngata", "NZ", "Customs Officer, Intelligence and Targeting", X, ""),
    ("Maria Cristina Reyes", "cristina.reyes", "PH", "Chief, Environmental Protection Compliance Division", F, ""),
    ("Jose Santos dela Cruz", "jose.delacruz", "PH", "Special Agent, Customs Intelligence and Investigation", M, ""),
    ("Nadeesha Perera", "nadeesha.perera", "LK", "Assistant Superintendent, Biodiversity Protection Unit", F, ""),
    ("Kasun Jayasinghe", "kasun.jayasinghe", "LK", "Customs Officer, Colombo Port", M, "No beef"),
    ("Nattapong Srisuk (ณัฐพงษ์ ศรีสุข)", "nattapong.srisuk", "TH", "Customs Technical Officer, Suvarnabhumi", M, ""),
    ("Kanokwan Chaiyaporn (กนกวรรณ ชัยพร)", "kanokwan.chaiyaporn", "TH", "Senior Officer, Investigation Bureau", F, ""),
    ("Nguyễn Thị Lan", "lan.nguyen", "VN", "Deputy Head, Anti-Smuggling and Investigation Department", F, ""),
    ("Trần Văn Minh", "minh.tran", "VN", "Customs Officer, Hai Phong Customs", M, ""),
    ("Ahmed Naseem", "ahmed.naseem", "MV", "Senior Customs Officer, Malé Seaport", M, "Halal"),
]

# Who reads French first: Cambodia and Viet Nam are members of the Francophonie. Their emails come in French.
FRENCH_SPEAKING_PARTICIPANTS = {"dara.sok", "sophea.chan", "lan.nguyen"}

# Who did not appear at check-in in Seoul, so that attendance figures are not all a perfect 100 %.
SEOUL_NO_SHOWS = {"ravinesh.prasad", "minh.tran"}
# Who stayed in Seoul on the third day, the field visit at Incheon airport (0 is the first day).
SEOUL_FIELD_VISIT_DAY = 2
SEOUL_MISSED_FIELD_VISIT = {"arjun.mehta", "weiming.lim", "kasun.jayasinghe"}
# Who flew home after the second day: two of the four days, fewer than the three a Seoul certificate needs.
SEOUL_LEFT_EARLY = {"ramesh.adhikari"}


# Fictional representatives who speak for the partner organisations: key -> (name, organisation key).
SPEAKERS = {
    "kcs_head": ("Han Jae-won (한재원)", "KR"),
    "kcs_risk": ("Yoon Hye-jin (윤혜진)", "KR"),
    "wco_env": ("Claire Dubois", "WCO"),
    "wco_risk": ("Tomás Herrera", "WCO"),
    "rilo": ("Jung Dong-hyun (정동현)", "RILO A/P"),
    "unep": ("Grace Wanjiru", "UNEP"),
    "cites": ("Lukas Berger", "CITES"),
    "brs": ("Amina Diallo", "BRS"),
}

# A session: day (0 is the first day), local start and end, kind, title, room, topics, description and
# speakers as [(speaker, role)].
# A speaker is a key of SPEAKERS, or the mailbox of a participant who presents a case from their administration.
K = SessionKind
CHAIR, MODERATOR, SPEAKER = SpeakerRole.CHAIR, SpeakerRole.MODERATOR, SpeakerRole.SPEAKER
HALL = "Main hall"
LAB = "Training room 2"
COFFEE = {"kind": K.BREAK, "title": "Coffee break", "room": "Foyer"}
LUNCH = {"kind": K.BREAK, "title": "Lunch", "room": "Restaurant"}

SEOUL_WORKSHOP = {
    "slug": "asia-pacific-green-customs-seoul-2015",
    "title": "Asia/Pacific Regional Green Customs Workshop",
    "city": "Seoul",
    "country": "KR",
    "wco_region": "ap",
    "time_zone": "Asia/Seoul",
    "venue": "Korea Customs Service training facility",
    "languages": ["en", "fr"],
    "start_date": datetime.date(2015, 11, 10),
    "end_date": datetime.date(2015, 11, 13),
    "capacity": 40,
    "requires_approval": True,
    "certificate_min_days": 3,
    # Each administration named its delegates through its focal point, as at the real workshop.
    "admission": "nominations",
    "summary": (
        "The first Green Customs workshop for the Asia/Pacific region brought Customs officers from across the "
        "region together with the WCO, UNEP and the secretariats of CITES and of the Basel, Rotterdam and "
        "Stockholm Conventions. Over four days they shared good practice against environmental crime at the border, "
        "from wildlife and timber to hazardous waste, chemicals and ozone-depleting substances."
    ),
    "objectives": (
        "Strengthen the capacity of Customs, and its partnerships with environmental authorities, to stop the "
        "illegal trade in environmentally sensitive commodities while keeping their legal trade moving.\n"
        "Give officers a working knowledge of the multilateral environmental agreements they enforce at the border.\n"
        "Make the WCO's enforcement tools, such as ENVIRONET, and regional information exchange part of daily work."
    ),
}
SEOUL_PARTNERS = [
    ("RILO A/P", PartnerRole.ORGANISER),
    ("UNEP", PartnerRole.ORGANISER),
    ("KR", PartnerRole.HOST),
    ("KR", PartnerRole.SPONSOR),
    ("WCO", PartnerRole.PARTNER),
    ("CITES", PartnerRole.PARTNER),
    ("BRS", PartnerRole.PARTNER),
]
SEOUL_PROGRAMME = [
    {
        "day": 0,
        "start": "08:30",
        "end": "09:00",
        "kind": K.BREAK,
        "title": "Registration of participants",
        "room": "Foyer",
    },
    {
        "day": 0,
        "start": "09:00",
        "end": "09:45",
        "kind": K.OPENING,
        "title": "Opening of the workshop",
        "room": HALL,
        "description": "Welcome by the host administration and the WCO, and introduction of the participants.",
        "speakers": [("rilo", CHAIR), ("kcs_head", SPEAKER), ("wco_env", SPEAKER)],
    },
    {
        "day": 0,
        "start": "09:45",
        "end": "10:15",
        "kind": K.PLENARY,
        "title": "Objectives and programme of the workshop",
        "room": HALL,
        "topics": "Green Customs Initiative",
        "description": "What the four days should achieve, and how the sessions build on one another.",
        "speakers": [("rilo", SPEAKER)],
    },
    {"day": 0, "start": "10:15", "end": "10:30", **COFFEE},
    {
        "day": 0,
        "start": "10:30",
        "end": "12:00",
        "kind": K.PRESENTATION,
        "title": "The Green Customs Initiative and trade-related environmental agreements",
        "room": HALL,
        "topics": "Green Customs Initiative, MEAs",
        "description": "The agreements that rely on Customs controls, and the partners that support them.",
        "speakers": [("unep", SPEAKER)],
    },
    {"day": 0, "start": "12:00", "end": "13:30", **LUNCH},
    {
        "day": 0,
        "start": "13:30",
        "end": "15:00",
        "kind": K.PRESENTATION,
        "title": "CITES at the border: permits, appendices and specimens",
        "room": HALL,
        "topics": "CITES, illegal wildlife trade, timber",
        "description": "How permits work, which checks Customs makes, and which species are most at risk.",
        "speakers": [("cites", SPEAKER)],
    },
    {"day": 0, "start": "15:00", "end": "15:15", **COFFEE},
    {
        "day": 0,
        "start": "15:15",
        "end": "17:00",
        "kind": K.PRESENTATION,
        "title": "Hazardous waste and chemicals: the Basel, Rotterdam and Stockholm Conventions",
        "room": HALL,
        "topics": "Basel Convention, Rotterdam Convention, Stockholm Convention, e-waste",
        "description": "Prior informed consent, notification documents and the signs of illegal waste shipments.",
        "speakers": [("brs", SPEAKER)],
    },
    {
        "day": 1,
        "start": "09:00",
        "end": "10:30",
        "kind": K.PLENARY,
        "title": "The role of Customs in fighting environmental crime",
        "room": HALL,
        "topics": "environmental crime, WCO",
        "description": "A global view of the threats, and of what Customs achieves when administrations act together.",
        "speakers": [("wco_env", SPEAKER)],
    },
    {"day": 1, "start": "10:30", "end": "10:45", **COFFEE},
    {
        "day": 1,
        "start": "10:45",
        "end": "12:00",
        "kind": K.PRESENTATION,
        "title": "WCO tools for environmental enforcement, including ENVIRONET",
        "room": HALL,
        "topics": "ENVIRONET, CEN, WCO",
        "description": "A walk through ENVIRONET, the Customs Enforcement Network and the WCO's guidance for Members.",
        "speakers": [("wco_env", SPEAKER)],
    },
    {"day": 1, "start": "12:00", "end": "13:30", **LUNCH},
    {
        "day": 1,
        "start": "13:30",
        "end": "15:00",
        "kind": K.PRESENTATION,
        "title": "Ozone-depleting substances under the Montreal Protocol",
        "room": HALL,
        "topics": "Montreal Protocol, ODS, licensing",
        "description": "Licensing, mislabelled refrigerants and how to spot ozone-depleting substances in cargo.",
        "speakers": [("unep", SPEAKER)],
    },
    {"day": 1, "start": "15:00", "end": "15:15", **COFFEE},
    {
        "day": 1,
        "start": "15:15",
        "end": "17:00",
        "kind": K.PANEL,
        "title": "Country experiences: recent cases from the region",
        "room": HALL,
        "topics": "seizures, case studies",
        "description": "Officers present cases from their administrations and what each one taught them.",
        "speakers": [
            ("rilo", MODERATOR),
            ("lei.wang", SPEAKER),
            ("cristina.reyes", SPEAKER),
            ("kanokwan.chaiyaporn", SPEAKER),
        ],
    },
    {
        "day": 2,
        "start": "09:00",
        "end": "10:30",
        "kind": K.PRESENTATION,
        "title": "Risk management and profiling of environmentally sensitive shipments",
        "room": HALL,
        "topics": "risk management, profiling, targeting",
        "description": "Indicators, selectivity criteria and the data that help target high-risk consignments.",
        "speakers": [("wco_risk", SPEAKER), ("kcs_risk", SPEAKER)],
    },
    {"day": 2, "start": "10:30", "end": "10:45", **COFFEE},
    {
        "day": 2,
        "start": "10:45",
        "end": "12:30",
        "kind": K.BREAKOUT,
        "title": "Profiling exercise on sea and air cargo",
        "room": LAB,
        "topics": "profiling, risk indicators",
        "description": "Groups work through manifests and declarations and decide which shipments to examine.",
        "speakers": [("wco_risk", MODERATOR), ("kcs_risk", MODERATOR)],
    },
    {"day": 2, "start": "12:30", "end": "13:30", **LUNCH},
    {
        "day": 2,
        "start": "13:30",
        "end": "17:00",
        "kind": K.FIELD_VISIT,
        "takes_attendance": True,
        "title": "Field visit: cargo examination at Incheon",
        "room": "Incheon International Airport",
        "topics": "inspection, detection equipment",
        "description": "Host officers show how suspect consignments are examined, sampled and documented.",
        "speakers": [("kcs_risk", SPEAKER)],
    },
    {
        "day": 3,
        "start": "09:00",
        "end": "10:30",
        "kind": K.PRESENTATION,
        "title": "Information exchange through RILO A/P and the CEN",
        "room": HALL,
        "topics": "information exchange, RILO, CEN",
        "description": "How to report seizures, request information and work with other administrations on a case.",
        "speakers": [("rilo", SPEAKER)],
    },
    {"day": 3, "start": "10:30", "end": "10:45", **COFFEE},
    {
        "day": 3,
        "start": "10:45",
        "end": "12:00",
        "kind": K.PANEL,
        "title": "Working with environmental authorities and convention focal points",
        "room": HALL,
        "topics": "partnerships, national coordination",
        "description": "How Customs and environmental authorities share tasks, data and training at national level.",
        "speakers": [("unep", MODERATOR), ("cites", SPEAKER), ("brs", SPEAKER), ("kcs_head", SPEAKER)],
    },
    {"day": 3, "start": "12:00", "end": "13:30", **LUNCH},
    {
        "day": 3,
        "start": "13:30",
        "end": "15:00",
        "kind": K.PLENARY,
        "title": "Conclusions and next steps for the region",
        "room": HALL,
        "topics": "regional priorities",
        "description": "Participants agree on the follow-up they will take home, with a focus on information exchange.",
        "speakers": [("rilo", CHAIR)],
    },
    {
        "day": 3,
        "start": "15:00",
        "end": "15:45",
        "kind": K.CLOSING,
        "title": "Closing of the workshop",
        "room": HALL,
        "description": "A message from the WCO Secretary General is read out; the host closes the workshop.",
        "speakers": [("wco_env", SPEAKER), ("kcs_head", SPEAKER)],
    },
]

# The upcoming workshop's dates are set relative to the day it is first seeded, then left alone.
UPCOMING_SCHEDULE = {"starts_in_days": 60, "duration_days": 3, "opened_days_ago": 14, "closes_days_before_start": 10}
UPCOMING_WORKSHOP = {
    "slug": "green-customs-chemicals-waste-bangkok",
    "title": "Green Customs Workshop on Chemicals and Waste Controls",
    "city": "Bangkok",
    "country": "TH",
    "wco_region": "ap",
    "time_zone": "Asia/Bangkok",
    "venue": "Thai Customs Department training centre",
    # Offered in Spanish too: delegates from the Americas are invited to share their experience of e-waste controls.
    "languages": ["en", "fr", "es"],
    "capacity": 35,
    "requires_approval": False,
    "admission": "both",
    "funding_budget": 4,
    "summary": (
        "A follow-up workshop for the Asia/Pacific region on the border controls for hazardous waste, chemicals and "
        "ozone-depleting substances, with practical exercises on documents and risk indicators."
    ),
    "objectives": (
        "Help frontline officers recognise illegal shipments of waste and chemicals.\n"
        "Strengthen cooperation between Customs and the national authorities of the Basel, Rotterdam, Stockholm "
        "and Montreal agreements."
    ),
}
UPCOMING_PARTNERS = [
    ("RILO A/P", PartnerRole.ORGANISER),
    ("UNEP", PartnerRole.ORGANISER),
    ("TH", PartnerRole.HOST),
    ("BRS", PartnerRole.PARTNER),
]
UPCOMING_PROGRAMME = [
    {
        "day": 0,
        "start": "09:00",
        "end": "09:45",
        "kind": K.OPENING,
        "title": "Opening and introductions",
        "room": HALL,
        "speakers": [("rilo", CHAIR), ("unep", SPEAKER)],
    },
    {
        "day": 0,
        "start": "09:45",
        "end": "11:00",
        "kind": K.PRESENTATION,
        "title": "Waste shipments under the Basel Convention",
        "room": HALL,
        "topics": "Basel Convention, e-waste, plastic waste",
        "speakers": [("brs", SPEAKER)],
    },
    {"day": 0, "start": "11:00", "end": "11:15", **COFFEE},
    {
        "day": 0,
        "start": "11:15",
        "end": "12:30",
        "kind": K.PRESENTATION,
        "title": "Chemicals and ozone-depleting substances in trade",
        "room": HALL,
        "topics": "Rotterdam Convention, Montreal Protocol",
        "speakers": [("unep", SPEAKER)],
    },
    {
        "day": 1,
        "start": "09:00",
        "end": "12:00",
        "kind": K.BREAKOUT,
        "title": "Document and risk-indicator exercise",
        "room": LAB,
        "topics": "profiling, documents",
        "speakers": [("wco_risk", MODERATOR)],
    },
    {"day": 1, "start": "12:00", "end": "13:00", **LUNCH},
    {
        "day": 1,
        "start": "13:00",
        "end": "16:00",
        "kind": K.FIELD_VISIT,
        "title": "Visit to a container terminal",
        "room": "Laem Chabang Port",
        "topics": "inspection",
    },
    {
        "day": 2,
        "start": "09:00",
        "end": "11:00",
        "kind": K.PLENARY,
        "title": "National action plans and information exchange",
        "room": HALL,
        "topics": "information exchange, RILO",
        "speakers": [("rilo", MODERATOR)],
    },
    {
        "day": 2,
        "start": "11:00",
        "end": "11:30",
        "kind": K.CLOSING,
        "title": "Closing of the workshop",
        "room": HALL,
        "speakers": [("rilo", SPEAKER)],
    },
]
# Participants from the Seoul workshop who have already registered for the upcoming one.
UPCOMING_REGISTRANTS = ["nattapong.srisuk", "dara.sok", "nurul.aisyah", "nadeesha.perera", "baterdene.ganbold"]

# The regional workshop for the Middle East and North Africa (the WCO's region "North of Africa, Near and Middle
# East"), in Amman, offered in English and Arabic. Its default language is Arabic: a participant whose own language
# it does not offer (French, read in the Maghreb) is written to in Arabic. Its dates are set relative to the day it
# is first seeded, like the upcoming workshop's.
MENA_SCHEDULE = {"starts_in_days": 100, "duration_days": 3, "opened_days_ago": 7, "closes_days_before_start": 14}
MENA_WORKSHOP = {
    "slug": "green-customs-mena-amman",
    "title": "Regional Green Customs Workshop for the Middle East and North Africa",
    "city": "Amman",
    "country": "JO",
    "wco_region": "mena",
    "time_zone": "Asia/Amman",
    "venue": "Jordan Customs training centre",
    "languages": ["en", "ar"],
    "default_language": "ar",
    "capacity": 30,
    "requires_approval": False,
    "admission": "open",
    "summary": (
        "A regional Green Customs workshop for the Customs administrations of the Middle East and North Africa, with "
        "the WCO, UNEP and the secretariats of CITES and of the Basel, Rotterdam and Stockholm Conventions: three "
        "days on the illegal trade in wildlife, ozone-depleting substances, chemicals and hazardous waste through the "
        "region's ports, airports and land borders."
    ),
    "objectives": (
        "Give front-line officers the knowledge to recognise illegal shipments of wildlife, ozone-depleting "
        "substances, chemicals and waste.\n"
        "Strengthen cooperation between the region's Customs administrations, and with their national environmental "
        "authorities.\n"
        "Make regional information exchange, through the WCO's ENVIRONET and CEN, part of daily work."
    ),
}
# Customs administrations of the region, keyed by country code: (name, acronym).
MENA_CUSTOMS_ADMINISTRATIONS = {
    "JO": ("Jordan Customs", ""),
    "EG": ("Egyptian Customs Authority", ""),
    "MA": ("Customs and Indirect Tax Administration of Morocco", "ADII"),
}
MENA_PARTNERS = [
    ("UNEP", PartnerRole.ORGANISER),
    ("WCO", PartnerRole.ORGANISER),
    ("JO", PartnerRole.HOST),
    ("CITES", PartnerRole.PARTNER),
    ("BRS", PartnerRole.PARTNER),
]
# The region's own speakers, beside those of SPEAKERS.
MENA_SPEAKERS = {
    "jc_head": ("Khaled Al-Masri (خالد المصري)", "JO"),
    "unep_wa": ("Rania Haddad (رانيا حداد)", "UNEP"),
}
MENA_HALL = "Main hall"
MENA_PROGRAMME = [
    {
        "day": 0,
        "start": "09:00",
        "end": "09:45",
        "kind": K.OPENING,
        "title": "Opening of the workshop",
        "room": MENA_HALL,
        "description": "Welcome by the host administration and the WCO, and introduction of the participants.",
        "speakers": [("jc_head", CHAIR), ("wco_env", SPEAKER)],
    },
    {
        "day": 0,
        "start": "09:45",
        "end": "11:00",
        "kind": K.PRESENTATION,
        "title": "The Green Customs Initiative in the Middle East and North Africa",
        "room": MENA_HALL,
        "topics": "Green Customs Initiative, MEAs",
        "description": (
            "The environmental agreements that rely on Customs controls, and what the region's administrations have "
            "achieved so far."
        ),
        "speakers": [("unep_wa", SPEAKER)],
    },
    {"day": 0, "start": "11:00", "end": "11:15", **COFFEE},
    {
        "day": 0,
        "start": "11:15",
        "end": "12:45",
        "kind": K.PRESENTATION,
        "title": "CITES at the border: permits and the wildlife trade through the region",
        "room": MENA_HALL,
        "topics": "CITES, illegal wildlife trade",
        "description": (
            "How CITES permits work, the checks Customs makes, and the species most often smuggled through the "
            "region: falcons, tortoises, reptiles and ivory."
        ),
        "speakers": [("cites", SPEAKER)],
    },
    {"day": 0, "start": "12:45", "end": "14:00", **LUNCH},
    {
        "day": 0,
        "start": "14:00",
        "end": "15:30",
        "kind": K.PRESENTATION,
        "title": "Ozone-depleting substances and refrigerants under the Montreal Protocol",
        "room": MENA_HALL,
        "topics": "Montreal Protocol, ODS, licensing",
        "description": "Licensing, mislabelled refrigerants and how to spot ozone-depleting substances in cargo.",
        "speakers": [("unep_wa", SPEAKER)],
    },
    {
        "day": 1,
        "start": "09:00",
        "end": "10:30",
        "kind": K.PRESENTATION,
        "title": "Hazardous waste and e-waste: the Basel Convention",
        "room": MENA_HALL,
        "topics": "Basel Convention, e-waste",
        "description": "Prior informed consent, notification documents and the signs of illegal waste shipments.",
        "speakers": [("brs", SPEAKER)],
    },
    {"day": 1, "start": "10:30", "end": "10:45", **COFFEE},
    {
        "day": 1,
        "start": "10:45",
        "end": "12:30",
        "kind": K.BREAKOUT,
        "title": "Risk profiling exercise on container cargo",
        "room": LAB,
        "topics": "profiling, risk indicators",
        "description": "Groups work through manifests and declarations and decide which shipments to examine.",
        "speakers": [("wco_risk", MODERATOR)],
    },
    {"day": 1, "start": "12:30", "end": "13:30", **LUNCH},
    {
        "day": 1,
        "start": "13:30",
        "end": "16:00",
        "kind": K.FIELD_VISIT,
        "title": "Field visit: cargo inspection at Queen Alia International Airport",
        "room": "Queen Alia International Airport",
        "topics": "inspection, detection equipment",
        "description": "Host officers show how suspect consignments are examined, sampled and documented.",
        "speakers": [("jc_head", SPEAKER)],
    },
    {
        "day": 2,
        "start": "09:00",
        "end": "10:30",
        "kind": K.PRESENTATION,
        "title": "Information exchange through ENVIRONET and the Customs Enforcement Network",
        "room": MENA_HALL,
        "topics": "information exchange, ENVIRONET, CEN",
        "description": "How to report seizures, request information and work with other administrations on a case.",
        "speakers": [("wco_env", SPEAKER)],
    },
    {"day": 2, "start": "10:30", "end": "10:45", **COFFEE},
    {
        "day": 2,
        "start": "10:45",
        "end": "12:00",
        "kind": K.PLENARY,
        "title": "National action plans and regional cooperation",
        "room": MENA_HALL,
        "topics": "regional priorities",
        "description": "Each administration sets out its next steps; the region agrees on its priorities.",
        "speakers": [("unep_wa", MODERATOR), ("jc_head", SPEAKER)],
    },
    {
        "day": 2,
        "start": "12:00",
        "end": "12:30",
        "kind": K.CLOSING,
        "title": "Closing of the workshop",
        "room": MENA_HALL,
        "speakers": [("wco_env", SPEAKER), ("jc_head", SPEAKER)],
    },
]
# Who has registered so far, with the language of their account: two read Arabic; the Moroccan officer's account is
# in French, which the workshop does not offer, so the emails come to him in its default language, Arabic.
# (full name, mailbox, administration, position, gender, dietary needs, language).
MENA_PARTICIPANTS = [
    (
        "Layla Al-Khatib (ليلى الخطيب)",
        "layla.alkhatib",
        "JO",
        "Customs Inspector, Environmental Crime Section",
        F,
        "Halal",
        "ar",
    ),
    ("Omar Farouk (عمر فاروق)", "omar.farouk", "EG", "Senior Customs Officer, Alexandria Port", M, "Halal", "ar"),
    ("Youssef Benali (يوسف بن علي)", "youssef.benali", "MA", "Customs Inspector, Tanger Med Port", M, "Halal", "fr"),
]

# Documents. The letterheads name who signs; the demo participant is registered for the upcoming workshop and
# has been issued a visa support letter (made-up passport data, erased 30 days after that workshop).
LETTERHEADS = {
    "asia-pacific-green-customs-seoul-2015": {
        "signatory_name": "Demo Organiser",
        "signatory_title": "Green Customs Initiative, UN Environment",
        "document_symbol": "GC/AP/2015/INF/1",
    },
    UPCOMING_WORKSHOP["slug"]: {
        "signatory_name": "Demo Organiser",
        "signatory_title": "Green Customs Initiative, UN Environment",
        "document_symbol": "GC/AP/INF/1",
    },
    MENA_WORKSHOP["slug"]: {
        "signatory_name": "Demo Organiser",
        "signatory_title": "Green Customs Initiative, UN Environment",
        "document_symbol": "GC/MENA/INF/1",
    },
}
DEMO_VISA_REQUEST = {
    "passport_name": "AISHATH SHIFA",
    "nationality": "MV",
    "date_of_birth": datetime.date(1990, 4, 12),
    "passport_number": "LA0123456",
    "passport_validity_years": 5,
}

# Seoul: every administration's quota held its delegates (two, four for the host), nominated by its focal point,
# whose address is focal.point@<cc>.customs.example.
SEOUL_MINIMUM_QUOTA = 2
# The upcoming workshop: administrations with a quota (seats, funded seats), and the nominations made so far
# (mailbox of the delegate, whether funding is requested and why).
UPCOMING_QUOTAS = {"TH": (2, 1), "KH": (2, 1), "LK": (2, 1), "MN": (2, 1), "NP": (2, 1), "VN": (2, 1)}
UPCOMING_NOMINATIONS = [
    ("kanokwan.chaiyaporn", ""),
    ("sophea.chan", "The administration's travel budget for the year is spent."),
    ("oyuntsetseg.dorj", ""),
]

# Travel of Seoul's funded delegates, paid in US dollars. The DSA rate is illustrative: a figure of the size the UN
# published for Seoul in November 2015, typed as an organiser would type the published one, not the official rate.
SEOUL_TRAVEL_TERMS = {
    "currency": "USD",
    "budget": Decimal("25000.00"),
    "dsa_percentage": Decimal(100),
    "terminal_expenses": Decimal("38.00"),
}
SEOUL_DSA_RATE = {
    "place": "Seoul, Republic of Korea",
    "starts_on": datetime.date(2015, 11, 1),
    "ends_on": datetime.date(2015, 11, 30),
    "rate": Decimal("256.00"),
    "currency": "USD",
}
SEOUL_HOTEL_BLOCK = {
    "hotel": "Lotte City Hotel Mapo",
    "first_night": datetime.date(2015, 11, 9),
    "last_night": datetime.date(2015, 11, 13),
    "rooms": 10,
}
# The funded delegates: (mailbox, from, via, arrival at Incheon (day of November, local time, flight),
# departure (day, time, flight), ticket bought by the organisers in USD).
SEOUL_FUNDED = [
    ("farhana.akter", "DAC", "BKK", (9, "08:10", "TG 656"), (14, "10:35", "TG 657"), "1126.40"),
    ("dara.sok", "PNH", "HKG", (9, "13:55", "CX 438"), (14, "09:15", "CX 439"), "842.00"),
    ("litia.vuniwaqa", "NAN", "HKG", (9, "06:20", "CX 410"), (14, "10:05", "CX 411"), "1873.10"),
    ("ramesh.adhikari", "KTM", "BKK", (9, "08:10", "TG 656"), (12, "10:35", "TG 657"), "968.50"),
    ("oyuntsetseg.dorj", "ULN", "", (9, "04:05", "OM 301"), (14, "13:20", "OM 302"), "612.00"),
    ("kasun.jayasinghe", "CMB", "BKK", (9, "16:45", "TG 658"), (14, "19:55", "TG 659"), "1015.00"),
    ("lan.nguyen", "HAN", "", (9, "23:55", "VN 416"), (14, "10:50", "VN 417"), "540.00"),
    ("ahmed.naseem", "MLE", "CMB", (9, "10:40", "KE 474"), (14, "18:05", "KE 473"), "1290.00"),
    ("arjun.mehta", "DEL", "", (9, "17:30", "KE 482"), (14, "20:25", "KE 481"), "1042.00"),
]
# The organisers excused Kasun Jayasinghe's field visit (a medical appointment), not Arjun Mehta's: his night of
# the 12th is deducted. Nguyễn Thị Lan's claim was paid one
# journey's terminal expenses less: the hotel's shuttle met her at the airport.
SEOUL_EXCUSED = {"kasun.jayasinghe": ["2015-11-12"]}
SEOUL_ADJUSTED = {
    "lan.nguyen": (Decimal("-38.00"), "The hotel's shuttle met her at the airport: one journey's terminal expenses.")
}
SEOUL_CLAIMED_AT = datetime.datetime(2015, 11, 18, 10, 0)
SEOUL_SETTLED_AT = datetime.datetime(2015, 11, 27, 15, 0)
# The upcoming workshop's terms and rate table (illustrative), its room block, and the demo participant's open
# itinerary: she is the Maldives' funded delegate.
UPCOMING_TRAVEL_TERMS = {
    "currency": "USD",
    "budget": Decimal("12000.00"),
    "dsa_percentage": Decimal(100),
    "terminal_expenses": Decimal("30.00"),
}
UPCOMING_DSA_RATE = {"place": "Bangkok, Thailand", "rate": Decimal("199.00"), "currency": "USD"}
UPCOMING_HOTEL = {"hotel": "Amari Watergate Bangkok", "rooms": 4}
UPCOMING_ITINERARY = {
    "origin_airport": "MLE",
    "via_airports": "CMB",
    "arrival_airport": "BKK",
    "arrival_flight": "UL 402",
    "departure_airport": "BKK",
    "departure_flight": "UL 403",
}

# The French text of the demo content, keyed by its English text: workshops, programmes, rooms and organisation
# names or acronyms that differ in French. Text without an entry is left untranslated (readers see the English).
FRENCH = {
    # Organisations
    "World Customs Organization": "Organisation mondiale des douanes",
    "WCO": "OMD",
    "WCO Regional Intelligence Liaison Office for Asia and the Pacific": (
        "Bureau régional de liaison chargé du renseignement de l'OMD pour l'Asie et le Pacifique"
    ),
    "RILO A/P": "BRLR A/P",
    "United Nations Environment Programme": "Programme des Nations Unies pour l'environnement",
    "UNEP": "PNUE",
    "CITES Secretariat": "Secrétariat de la CITES",
    "Secretariat of the Basel, Rotterdam and Stockholm Conventions": (
        "Secrétariat des Conventions de Bâle, de Rotterdam et de Stockholm"
    ),
    "Korea Customs Service": "Service des douanes de Corée",
    "Thai Customs Department": "Département des douanes de Thaïlande",
    # The Seoul workshop
    "Asia/Pacific Regional Green Customs Workshop": "Atelier régional Douanes vertes pour l'Asie et le Pacifique",
    "Seoul": "Séoul",
    "Korea Customs Service training facility": "Centre de formation du Service des douanes de Corée",
    SEOUL_WORKSHOP["summary"]: (
        "Le premier atelier Douanes vertes pour la région Asie-Pacifique a réuni des agents des douanes de toute la "
        "région, l'OMD, le PNUE et les secrétariats de la CITES et des Conventions de Bâle, de Rotterdam et de "
        "Stockholm. Pendant quatre jours, ils ont partagé leurs bonnes pratiques contre la criminalité "
        "environnementale aux frontières, des espèces sauvages et du bois aux déchets dangereux, aux produits "
        "chimiques et aux substances qui appauvrissent la couche d'ozone."
    ),
    SEOUL_WORKSHOP["objectives"]: (
        "Renforcer les capacités de la douane, et ses partenariats avec les autorités environnementales, pour mettre "
        "fin au commerce illégal de marchandises sensibles pour l'environnement tout en facilitant leur commerce "
        "légal.\n"
        "Donner aux agents une connaissance pratique des accords multilatéraux sur l'environnement qu'ils font "
        "appliquer à la frontière.\n"
        "Faire des outils de lutte de l'OMD, comme ENVIRONET, et de l'échange régional d'informations une part du "
        "travail quotidien."
    ),
    "Coffee break": "Pause café",
    "Lunch": "Déjeuner",
    "Foyer": "Hall d'accueil",
    "Main hall": "Salle plénière",
    "Training room 2": "Salle de formation 2",
    "Restaurant": "Restaurant",
    "Registration of participants": "Inscription des participants",
    "Opening of the workshop": "Ouverture de l'atelier",
    "Welcome by the host administration and the WCO, and introduction of the participants.": (
        "Accueil par l'administration hôte et l'OMD, et présentation des participants."
    ),
    "Objectives and programme of the workshop": "Objectifs et programme de l'atelier",
    "What the four days should achieve, and how the sessions build on one another.": (
        "Ce que les quatre jours doivent permettre d'atteindre, et comment les séances s'enchaînent."
    ),
    "The Green Customs Initiative and trade-related environmental agreements": (
        "L'Initiative Douanes vertes et les accords environnementaux liés au commerce"
    ),
    "The agreements that rely on Customs controls, and the partners that support them.": (
        "Les accords qui reposent sur les contrôles douaniers, et les partenaires qui les soutiennent."
    ),
    "CITES at the border: permits, appendices and specimens": (
        "La CITES à la frontière : permis, annexes et spécimens"
    ),
    "How permits work, which checks Customs makes, and which species are most at risk.": (
        "Le fonctionnement des permis, les contrôles de la douane et les espèces les plus menacées."
    ),
    "Hazardous waste and chemicals: the Basel, Rotterdam and Stockholm Conventions": (
        "Déchets dangereux et produits chimiques : les Conventions de Bâle, de Rotterdam et de Stockholm"
    ),
    "Prior informed consent, notification documents and the signs of illegal waste shipments.": (
        "Le consentement préalable en connaissance de cause, les documents de notification et les indices de "
        "transferts illicites de déchets."
    ),
    "The role of Customs in fighting environmental crime": (
        "Le rôle de la douane dans la lutte contre la criminalité environnementale"
    ),
    "A global view of the threats, and of what Customs achieves when administrations act together.": (
        "Une vue d'ensemble des menaces, et de ce que la douane obtient quand les administrations agissent ensemble."
    ),
    "WCO tools for environmental enforcement, including ENVIRONET": (
        "Les outils de l'OMD pour la lutte contre la fraude environnementale, dont ENVIRONET"
    ),
    "A walk through ENVIRONET, the Customs Enforcement Network and the WCO's guidance for Members.": (
        "Présentation d'ENVIRONET, du Réseau douanier de lutte contre la fraude et des orientations de l'OMD pour "
        "ses Membres."
    ),
    "Ozone-depleting substances under the Montreal Protocol": (
        "Les substances qui appauvrissent la couche d'ozone et le Protocole de Montréal"
    ),
    "Licensing, mislabelled refrigerants and how to spot ozone-depleting substances in cargo.": (
        "Les licences, les réfrigérants mal étiquetés et la détection des substances qui appauvrissent la couche "
        "d'ozone dans les cargaisons."
    ),
    "Country experiences: recent cases from the region": "Expériences nationales : affaires récentes dans la région",
    "Officers present cases from their administrations and what each one taught them.": (
        "Des agents présentent des affaires de leur administration et les leçons qu'ils en ont tirées."
    ),
    "Risk management and profiling of environmentally sensitive shipments": (
        "Gestion des risques et profilage des envois sensibles pour l'environnement"
    ),
    "Indicators, selectivity criteria and the data that help target high-risk consignments.": (
        "Indicateurs, critères de sélectivité et données qui aident à cibler les envois à haut risque."
    ),
    "Profiling exercise on sea and air cargo": "Exercice de profilage sur le fret maritime et aérien",
    "Groups work through manifests and declarations and decide which shipments to examine.": (
        "En groupes, les participants étudient manifestes et déclarations et choisissent les envois à contrôler."
    ),
    "Field visit: cargo examination at Incheon": "Visite de terrain : contrôle du fret à Incheon",
    "Incheon International Airport": "Aéroport international d'Incheon",
    "Host officers show how suspect consignments are examined, sampled and documented.": (
        "Les agents hôtes montrent comment les envois suspects sont contrôlés, échantillonnés et documentés."
    ),
    "Information exchange through RILO A/P and the CEN": "L'échange d'informations par le BRLR A/P et le CEN",
    "How to report seizures, request information and work with other administrations on a case.": (
        "Comment signaler une saisie, demander des informations et mener une affaire avec d'autres administrations."
    ),
    "Working with environmental authorities and convention focal points": (
        "Travailler avec les autorités environnementales et les correspondants des conventions"
    ),
    "How Customs and environmental authorities share tasks, data and training at national level.": (
        "Comment la douane et les autorités environnementales partagent tâches, données et formation au niveau "
        "national."
    ),
    "Conclusions and next steps for the region": "Conclusions et prochaines étapes pour la région",
    "Participants agree on the follow-up they will take home, with a focus on information exchange.": (
        "Les participants s'accordent sur les suites qu'ils donneront chez eux, en particulier l'échange "
        "d'informations."
    ),
    "Closing of the workshop": "Clôture de l'atelier",
    "A message from the WCO Secretary General is read out; the host closes the workshop.": (
        "Lecture d'un message du Secrétaire général de l'OMD ; l'administration hôte clôt l'atelier."
    ),
    # The upcoming workshop
    "Green Customs Workshop on Chemicals and Waste Controls": (
        "Atelier Douanes vertes sur le contrôle des produits chimiques et des déchets"
    ),
    "Thai Customs Department training centre": "Centre de formation du Département des douanes de Thaïlande",
    UPCOMING_WORKSHOP["summary"]: (
        "Un atelier de suivi pour la région Asie-Pacifique sur les contrôles aux frontières des déchets dangereux, "
        "des produits chimiques et des substances qui appauvrissent la couche d'ozone, avec des exercices pratiques "
        "sur les documents et les indicateurs de risque."
    ),
    UPCOMING_WORKSHOP["objectives"]: (
        "Aider les agents de première ligne à reconnaître les envois illicites de déchets et de produits chimiques.\n"
        "Renforcer la coopération entre la douane et les autorités nationales chargées des accords de Bâle, de "
        "Rotterdam, de Stockholm et de Montréal."
    ),
    "Opening and introductions": "Ouverture et présentations",
    "Waste shipments under the Basel Convention": "Les transferts de déchets et la Convention de Bâle",
    "Chemicals and ozone-depleting substances in trade": (
        "Les produits chimiques et les substances qui appauvrissent la couche d'ozone dans le commerce"
    ),
    "Document and risk-indicator exercise": "Exercice sur les documents et les indicateurs de risque",
    "Visit to a container terminal": "Visite d'un terminal à conteneurs",
    "Laem Chabang Port": "Port de Laem Chabang",
    "National action plans and information exchange": "Plans d'action nationaux et échange d'informations",
}

# The Spanish text of the demo content, keyed by its English text as FRENCH is: the organisations and the upcoming
# workshop, the one that offers Spanish. Spanish uses "desechos" for the Basel Convention's wastes, as its text does.
SPANISH = {
    # Organisations
    "World Customs Organization": "Organización Mundial de Aduanas",
    "WCO": "OMA",
    "WCO Regional Intelligence Liaison Office for Asia and the Pacific": (
        "Oficina Regional de Enlace en materia de Inteligencia de la OMA para Asia y el Pacífico"
    ),
    "United Nations Environment Programme": "Programa de las Naciones Unidas para el Medio Ambiente",
    "UNEP": "PNUMA",
    "CITES Secretariat": "Secretaría de la CITES",
    "Secretariat of the Basel, Rotterdam and Stockholm Conventions": (
        "Secretaría de los Convenios de Basilea, Rotterdam y Estocolmo"
    ),
    "Korea Customs Service": "Servicio de Aduanas de Corea",
    "Thai Customs Department": "Departamento de Aduanas de Tailandia",
    # The upcoming workshop
    "Green Customs Workshop on Chemicals and Waste Controls": (
        "Taller de Aduanas Verdes sobre el control de productos químicos y desechos"
    ),
    "Thai Customs Department training centre": "Centro de formación del Departamento de Aduanas de Tailandia",
    UPCOMING_WORKSHOP["summary"]: (
        "Un taller de seguimiento para la región de Asia y el Pacífico sobre los controles fronterizos de los "
        "desechos peligrosos, los productos químicos y las sustancias que agotan la capa de ozono, con ejercicios "
        "prácticos sobre documentos e indicadores de riesgo."
    ),
    UPCOMING_WORKSHOP["objectives"]: (
        "Ayudar a los funcionarios de primera línea a reconocer los envíos ilícitos de desechos y productos "
        "químicos.\n"
        "Reforzar la cooperación entre las aduanas y las autoridades nacionales encargadas de los Convenios de "
        "Basilea, Rotterdam y Estocolmo y del Protocolo de Montreal."
    ),
    "Opening and introductions": "Apertura y presentaciones",
    "Waste shipments under the Basel Convention": "Los movimientos de desechos en el marco del Convenio de Basilea",
    "Coffee break": "Pausa para el café",
    "Chemicals and ozone-depleting substances in trade": (
        "Los productos químicos y las sustancias que agotan la capa de ozono en el comercio"
    ),
    "Document and risk-indicator exercise": "Ejercicio sobre documentos e indicadores de riesgo",
    "Lunch": "Almuerzo",
    "Visit to a container terminal": "Visita a una terminal de contenedores",
    "National action plans and information exchange": "Planes de acción nacionales e intercambio de información",
    "Closing of the workshop": "Clausura del taller",
    "Main hall": "Sala plenaria",
    "Training room 2": "Sala de formación 2",
    "Foyer": "Vestíbulo",
    "Restaurant": "Restaurante",
    "Laem Chabang Port": "Puerto de Laem Chabang",
}

# The Arabic text of the demo content (Modern Standard Arabic, as UN documents write it), keyed by its English text:
# the organisations and the workshop in Amman. Acronyms (WCO, UNEP, CITES) stay in Latin script, as the glossary
# (locale/glossary.md) says, so they have no entry.
ARABIC = {
    # Organisations
    "World Customs Organization": "منظمة الجمارك العالمية",
    "United Nations Environment Programme": "برنامج الأمم المتحدة للبيئة",
    "CITES Secretariat": "أمانة اتفاقية سايتس",
    "Secretariat of the Basel, Rotterdam and Stockholm Conventions": "أمانة اتفاقيات بازل وروتردام واستكهولم",
    "Jordan Customs": "دائرة الجمارك الأردنية",
    "Egyptian Customs Authority": "مصلحة الجمارك المصرية",
    "Customs and Indirect Tax Administration of Morocco": "إدارة الجمارك والضرائب غير المباشرة بالمغرب",
    # The workshop in Amman
    "Regional Green Customs Workshop for the Middle East and North Africa": (
        "حلقة العمل الإقليمية للجمارك الخضراء لمنطقة الشرق الأوسط وشمال أفريقيا"
    ),
    "Amman": "عمّان",
    "Jordan Customs training centre": "مركز التدريب التابع لدائرة الجمارك الأردنية",
    MENA_WORKSHOP["summary"]: (
        "حلقة عمل إقليمية للجمارك الخضراء تجمع إدارات الجمارك في منطقة الشرق الأوسط وشمال أفريقيا مع منظمة الجمارك "
        "العالمية وبرنامج الأمم المتحدة للبيئة وأمانتي اتفاقية سايتس واتفاقيات بازل وروتردام واستكهولم، وتتناول على "
        "مدى ثلاثة أيام الاتجار غير المشروع بالأحياء البرية والمواد المستنفدة لطبقة الأوزون والمواد الكيميائية "
        "والنفايات الخطرة عبر موانئ المنطقة ومطاراتها ومنافذها البرية."
    ),
    MENA_WORKSHOP["objectives"]: (
        "تزويد موظفي الخطوط الأمامية بالمعارف اللازمة للتعرف على الشحنات غير المشروعة من الأحياء البرية والمواد "
        "المستنفدة لطبقة الأوزون والمواد الكيميائية والنفايات.\n"
        "تعزيز التعاون بين إدارات الجمارك في المنطقة، ومع السلطات البيئية الوطنية في كل بلد.\n"
        "جعل تبادل المعلومات على المستوى الإقليمي، عبر منصتي ENVIRONET وCEN التابعتين لمنظمة الجمارك العالمية، جزءاً "
        "من العمل اليومي."
    ),
    "Opening of the workshop": "افتتاح حلقة العمل",
    "Welcome by the host administration and the WCO, and introduction of the participants.": (
        "كلمات ترحيب من الإدارة المضيفة ومنظمة الجمارك العالمية، ثم تعارف بين المشاركين."
    ),
    "The Green Customs Initiative in the Middle East and North Africa": (
        "مبادرة الجمارك الخضراء في الشرق الأوسط وشمال أفريقيا"
    ),
    (
        "The environmental agreements that rely on Customs controls, and what the region's administrations have "
        "achieved so far."
    ): "الاتفاقات البيئية التي تعتمد على الرقابة الجمركية، وما حققته إدارات الجمارك في المنطقة حتى الآن.",
    "Coffee break": "استراحة قهوة",
    "CITES at the border: permits and the wildlife trade through the region": (
        "اتفاقية سايتس على الحدود: التصاريح والاتجار بالأحياء البرية عبر المنطقة"
    ),
    (
        "How CITES permits work, the checks Customs makes, and the species most often smuggled through the "
        "region: falcons, tortoises, reptiles and ivory."
    ): (
        "آلية عمل تصاريح اتفاقية سايتس، والفحوص التي تجريها الجمارك، والأنواع الأكثر تهريباً عبر المنطقة: الصقور "
        "والسلاحف والزواحف والعاج."
    ),
    "Lunch": "غداء",
    "Ozone-depleting substances and refrigerants under the Montreal Protocol": (
        "المواد المستنفدة لطبقة الأوزون ومواد التبريد في إطار بروتوكول مونتريال"
    ),
    "Licensing, mislabelled refrigerants and how to spot ozone-depleting substances in cargo.": (
        "نظم الترخيص، ومواد التبريد ذات البيانات المضللة، وكيفية الكشف عن المواد المستنفدة لطبقة الأوزون في الشحنات."
    ),
    "Hazardous waste and e-waste: the Basel Convention": "النفايات الخطرة والنفايات الإلكترونية: اتفاقية بازل",
    "Prior informed consent, notification documents and the signs of illegal waste shipments.": (
        "الموافقة المسبقة عن علم، ووثائق الإخطار، ومؤشرات الشحنات غير المشروعة من النفايات."
    ),
    "Risk profiling exercise on container cargo": "تمرين على تحليل المخاطر في شحنات الحاويات",
    "Groups work through manifests and declarations and decide which shipments to examine.": (
        "تدرس المجموعات بيانات الشحن والإقرارات الجمركية وتحدد الشحنات التي ينبغي فحصها."
    ),
    "Field visit: cargo inspection at Queen Alia International Airport": (
        "زيارة ميدانية: تفتيش الشحنات في مطار الملكة علياء الدولي"
    ),
    "Queen Alia International Airport": "مطار الملكة علياء الدولي",
    "Host officers show how suspect consignments are examined, sampled and documented.": (
        "يعرض موظفو الإدارة المضيفة كيفية فحص الشحنات المشتبه بها وأخذ العينات منها وتوثيقها."
    ),
    "Information exchange through ENVIRONET and the Customs Enforcement Network": (
        "تبادل المعلومات عبر منصة ENVIRONET وشبكة الإنفاذ الجمركي"
    ),
    "How to report seizures, request information and work with other administrations on a case.": (
        "كيفية الإبلاغ عن المضبوطات وطلب المعلومات والتعاون مع الإدارات الأخرى في قضية ما."
    ),
    "National action plans and regional cooperation": "خطط العمل الوطنية والتعاون الإقليمي",
    "Each administration sets out its next steps; the region agrees on its priorities.": (
        "تعرض كل إدارة خطواتها المقبلة، ويتفق المشاركون على أولويات المنطقة."
    ),
    "Closing of the workshop": "اختتام حلقة العمل",
    "Main hall": "القاعة الرئيسية",
    "Training room 2": "قاعة التدريب 2",
    "Foyer": "البهو",
    "Restaurant": "المطعم",
}

# Each language's text of the demo content, by language code. A workshop's rows take the languages it offers; an
# organisation's, every language.
TRANSLATIONS = {"fr": FRENCH, "es": SPANISH, "ar": ARABIC}
# The languages of the demo's own documents (SEOUL_DOCUMENTS' titles and paragraphs), in their order.
DOCUMENT_LANGUAGES = ("en", "fr")

# Seoul's own documents (materials): each a short PDF drawn by the portal's PDF machinery in every language it
# lists. "session" names a session of SEOUL_PROGRAMME by its title; "paragraphs" are what the PDF says.
SEOUL_DOCUMENTS = [
    {
        "kind": "concept_note",
        "symbol": "GC/AP/2015/1",
        "title": ("Concept note", "Note conceptuelle"),
        "visibility": "public",
        "paragraphs": (
            (
                "Customs administrations of Asia and the Pacific stand at the border where illegal trade in ozone-"
                "depleting substances, hazardous waste, chemicals and endangered species is stopped.",
                "This workshop brings together front-line officers, the WCO, UN Environment and the secretariats "
                "of the conventions to share what works.",
            ),
            (
                "Les administrations douanières d'Asie et du Pacifique se tiennent à la frontière où s'arrête le "
                "commerce illicite de substances qui appauvrissent la couche d'ozone, de déchets dangereux, de "
                "produits chimiques et d'espèces menacées.",
                "Cet atelier réunit des agents de terrain, l'OMD, ONU Environnement et les secrétariats des "
                "conventions pour partager ce qui fonctionne.",
            ),
        ),
    },
    {
        "kind": "agenda",
        "symbol": "GC/AP/2015/2",
        "title": ("Annotated agenda", "Ordre du jour annoté"),
        "visibility": "public",
        "paragraphs": (
            (
                "Day 1: the agreements and their controls. Day 2: enforcement tools and country cases. "
                "Day 3: risk management and the field visit at Incheon. Day 4: cooperation and conclusions.",
            ),
            (
                "Jour 1 : les accords et leurs contrôles. Jour 2 : outils de contrôle et cas nationaux. "
                "Jour 3 : gestion des risques et visite de terrain à Incheon. Jour 4 : coopération et conclusions.",
            ),
        ),
    },
    {
        "kind": "information_note",
        "symbol": "GC/AP/2015/INF/1",
        "title": ("Information note for participants", "Note d'information pour les participants"),
        "visibility": "participants",
        "paragraphs": (
            (
                "The workshop is held at the Korea Customs Service headquarters. Bring your passport for the field "
                "visit: the airport's cargo area checks every visitor's identity.",
            ),
            (
                "L'atelier se tient au siège du Service des douanes de Corée. Munissez-vous de votre passeport pour "
                "la visite de terrain : la zone de fret de l'aéroport contrôle l'identité de chaque visiteur.",
            ),
        ),
    },
    {
        "kind": "presentation",
        "session": "CITES at the border: permits, appendices and specimens",
        "title": ("CITES permits and the checks Customs makes", ""),
        "visibility": "public",
        "paragraphs": (("Appendices I, II and III; what a permit must show; specimens most often smuggled.",),),
    },
    {
        "kind": "presentation",
        "session": "Ozone-depleting substances under the Montreal Protocol",
        "title": ("Spotting mislabelled refrigerants", ""),
        "visibility": "public",
        "paragraphs": (("Licensing under the Montreal Protocol, and the labels and cylinders that give ODS away.",),),
    },
    {
        "kind": "presentation",
        "session": "Hazardous waste and chemicals: the Basel, Rotterdam and Stockholm Conventions",
        "title": ("Illegal waste shipments: the signs", ""),
        "visibility": "participants",
        "paragraphs": (("Notification documents, e-waste declared as second-hand goods, and recent seizures.",),),
    },
]


# Seoul's own registration questions (questions app), in English and French, in the order the form asks them.
# `choices` are (key, English, French); a question shown only for another's answer names it by key in `shown_when`.
SEOUL_QUESTIONS = [
    {
        "key": "dietary-needs",
        "kind": "single_choice",
        "label_en": "Do you have dietary needs for the workshop lunches and dinner?",
        "label_fr": "Avez-vous des besoins alimentaires pour les déjeuners et le dîner de l'atelier ?",
        "required": True,
        "suggest_previous": True,
        "choices": [
            ("none", "None", "Aucun"),
            ("vegetarian", "Vegetarian", "Végétarien"),
            ("halal", "Halal", "Halal"),
            ("no-shellfish", "No shellfish", "Sans fruits de mer"),
        ],
    },
    {
        "key": "arrival-date",
        "kind": "date",
        "label_en": "When do you arrive in Seoul?",
        "label_fr": "Quand arrivez-vous à Séoul ?",
        "help_text_en": "For the airport pick-up and the hotel.",
        "help_text_fr": "Pour l'accueil à l'aéroport et l'hôtel.",
        "earliest_date": datetime.date(2015, 11, 6),
        "latest_date": datetime.date(2015, 11, 10),
        "personal": True,
    },
    {
        "key": "customs-unit",
        "kind": "short_text",
        "label_en": "Which Customs unit do you work in?",
        "label_fr": "Dans quelle unité douanière travaillez-vous ?",
        "help_text_en": "e.g. Investigation Bureau, airport cargo, risk management.",
        "help_text_fr": "Par exemple : enquêtes, fret aérien, gestion des risques.",
        "suggest_previous": True,
        "organisation_kind": "customs",
    },
    {
        "key": "handled-cites-permits",
        "kind": "yes_no",
        "label_en": "Have you handled CITES permits in your work?",
        "label_fr": "Avez-vous traité des permis CITES dans votre travail ?",
        "required": True,
    },
    {
        "key": "cites-permits-per-year",
        "kind": "number",
        "label_en": "About how many CITES permits do you check in a year?",
        "label_fr": "Combien de permis CITES contrôlez-vous environ par an ?",
        "min_number": 0,
        "max_number": 100000,
        "shown_when": ("handled-cites-permits", "yes"),
    },
    {
        "key": "field-visit",
        "kind": "information",
        "label_en": "The field visit to Incheon Airport Customs on 12 November needs your passport at the gate.",
        "label_fr": "La visite de terrain à la douane de l'aéroport d'Incheon le 12 novembre demande votre passeport.",
    },
]


# Seoul's evaluation, answered after the workshop by most of those who attended (the answers drawn from a seeded
# generator): the share who answered, the ratings' weights (1 to 5), and what people wrote.
SEOUL_EVALUATION_SEED = 2015
SEOUL_EVALUATION_ANSWERED = 0.8
SEOUL_EVALUATION_WROTE = 0.7  # of those who answered, the share who wrote something to each open question
SEOUL_RATING_WEIGHTS = (0, 1, 4, 10, 9)
SEOUL_EVALUATION_TEXTS = {
    "apply": [
        "Risk profiling of chemical shipments declared under HS chapters 28 and 29.",
        "Check the PIC Circular before releasing pesticide consignments.",
        "Train my colleagues at the port on ozone-depleting substances and their mislabelled cylinders.",
        "Use the iPIC contacts to confirm imports of ODS with the exporting country.",
        "Set up a contact point with the environment ministry for Basel notifications.",
        "Share the field visit's sampling techniques with the laboratory.",
    ],
    "suggestions": [
        "More time for the practical exercises.",
        "Invite prosecutors next time: cases fail in court.",
        "A shorter first day, and the presentations shared before the workshop.",
        "Translate the handouts into French.",
    ],
}
