"""Settings for the Green Customs Workshop Portal, read from the environment.

With nothing set the portal runs for a try-out: SQLite under var/, Celery tasks run
in-process, email is printed on the console. PORTAL_ENV=production turns on the
deployment checks and requires the secrets below; every variable is listed in the README.
"""

import sys
from pathlib import Path

import environ
from cryptography.fernet import Fernet
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
env.read_env(BASE_DIR / ".env")  # optional; a real environment variable wins

PORTAL_ENV = env.str("PORTAL_ENV", default="development")
if PORTAL_ENV not in ("development", "production"):
    sys.exit(f"Configuration error: PORTAL_ENV must be 'development' or 'production', not {PORTAL_ENV!r}.")
PRODUCTION = PORTAL_ENV == "production"


def required_in_production(name, development_default, cast=str):
    """Read a variable that production must set; exit with a plain sentence if it is missing."""
    if name in env.ENVIRON:
        return env.get_value(name, cast=cast)
    if PRODUCTION:
        sys.exit(f"Configuration error: {name} must be set when PORTAL_ENV=production (see README, 'Environment').")
    return development_default


DEBUG = env.bool("DEBUG", default=not PRODUCTION)
SECRET_KEY = required_in_production("SECRET_KEY", "dev-only-not-secret-green-customs-portal-key-0123456789")
ALLOWED_HOSTS = required_in_production("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"], cast=list)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    # Before admin: its TranslationAdmin and the translated columns must be in place when admin loads.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_countries",
    "allauth",
    "allauth.account",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "accounts",
    "workshops",
    "participants",
    "questions",
    "sessions.apps.ProgrammeConfig",
    "outbox",
    "activity",
    "documents",
    "delegations",
    "outcomes",
    "materials",
    "travel",
    "console",
    "website",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files come from whitenoise under any server (gunicorn included), not only under runserver.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "greencustoms.middleware.SecurityHeadersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# No inline script or style anywhere (static/js/portal.js holds the little code pages need), nothing from
# another origin, no plugins, no <base>, no framing; forms post only to the portal itself.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

ROOT_URLCONF = "greencustoms.urls"
WSGI_APPLICATION = "greencustoms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "website.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60 if PRODUCTION else 0)
# A kept connection is checked before a request reuses it, so a PostgreSQL or PgBouncer restart costs no request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# PgBouncer in transaction mode hands each transaction any server connection, so a cursor left open across
# transactions is lost: behind it, set DISABLE_SERVER_SIDE_CURSORS (the exports read in chunks by key anyway).
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool("DISABLE_SERVER_SIDE_CURSORS", default=False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer fails a request (and /healthz) in seconds, not the system's TCP timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# allauth's rate limits count in this cache; in production every worker must share it (Redis, e.g. rediscache://).
CACHES = {"default": env.cache_url_config(required_in_production("CACHE_URL", "locmemcache://"))}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # A Redis outage must not take logins down: the rate limits degrade, with a log line (greencustoms/cache.py).
    CACHES["default"]["BACKEND"] = "greencustoms.cache.DegradingRedisCache"
# django-environ leaves ?key_prefix= of CACHE_URL under a lowercase name Django ignores: portals (or test runs)
# sharing one Redis database keep apart only with the prefix in its place.
if "key_prefix" in CACHES["default"]:
    CACHES["default"]["KEY_PREFIX"] = CACHES["default"].pop("key_prefix")

# A session is read from the cache (Redis in production), not the database, on every request of a logged-in person.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Django's and allauth's, reading the user of each logged-in request in one raw statement (accounts/backends.py).
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: the email address is the login, and it must be verified before it is used.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Green Customs] "
ACCOUNT_ADAPTER = "website.adapter.AccountAdapter"
# They answer as slowly for an address without an account as for one with (issue 26's timing probe).
ACCOUNT_FORMS = {"signup": "website.forms.SignupForm", "reset_password": "website.forms.ResetPasswordForm"}
# Signup and password reset answer alike whether an address has an account or not, and reset mails no
# address without one (so the portal never writes to strangers on someone else's behalf).
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# Every form that checks the password of a person signed in (changing it, confirming it again, deleting the account)
# refuses the sixth try in a minute, right password or wrong, like allauth's password change; templates/429.html says
# to wait a minute. The login form refuses the sixth failed try for an address (login_failed) for five minutes.
CONFIRMATION_TRIES = "5/m/user"
# Brute force and mail bombing: limits per IP address, per account ("key") and per logged-in user.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": CONFIRMATION_TRIES,
    "manage_email": "10/m/user",
    "reauthenticate": CONFIRMATION_TRIES,
    # Not one of allauth's actions: /me/delete/ (website.views.me.delete_account) counts its tries under it.
    "delete_account": CONFIRMATION_TRIES,
}

LANGUAGE_CODE = "en"
# English and French are the WCO's working languages; Spanish and Arabic are those of the CITES Secretariat and the
# UN bodies beside them (Arabic is read right to left: base.html takes the direction from Django's get_language_bidi).
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# How each language writes dates (greencustoms/formats/<language>/formats.py), before Django's own formats.
FORMAT_MODULE_PATH = ["greencustoms.formats"]
# The content people type (titles, programmes, organisation names) has a column per language of LANGUAGES
# (workshops/translation.py, sessions/translation.py). Text missing in one language falls back to the others
# in LANGUAGES' order, so a French page shows an English title rather than nothing.
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_FALLBACK_LANGUAGES = tuple(code for code, _name in LANGUAGES)
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Bootstrap comes from the npm package (package.json), never a hand-committed copy.
# The PDFs' fonts: the Noto families of npm's @fontsource packages (package.json), read where npm put them.
DOCUMENT_FONTS_DIR = env.path("DOCUMENT_FONTS_DIR", default=BASE_DIR / "node_modules" / "@fontsource")
# Arabic and the scripts of the Asia/Pacific region a participant's name may come in, in the order a character
# looks for its glyph (documents.fonts.FAMILIES, after Noto Sans, is the same list; static/css/portal.css imports
# each package and names its family in the same order). Cyrillic (Mongolian too) needs none: every system's
# sans-serif has it.
WEB_FONT_PACKAGES = [
    "noto-naskh-arabic",
    "noto-sans-thai",
    "noto-sans-khmer",
    "noto-sans-lao",
    "noto-sans-myanmar",
    "noto-sans-devanagari",
    "noto-sans-bengali",
    "noto-sans-tamil",
    "noto-sans-sinhala",
    "noto-serif-tibetan",
    "noto-sans-kr",
    "noto-sans-sc",
    "noto-sans-jp",
]
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    # Browsers have no font of their own for these scripts on many systems (names showed as boxes): portal.css
    # imports the packages' @font-face rules, whose unicode-range makes a page download only what it shows.
    *(
        (f"vendor/fontsource/{package}", BASE_DIR / "node_modules" / "@fontsource" / package)
        for package in WEB_FONT_PACKAGES
    ),
]
# Uploads no URL serves (nomination letters): permission-checked views read them through the storage "private",
# a folder (PRIVATE_MEDIA_ROOT) on one machine, or an S3-compatible bucket every web node and worker sees.
PRIVATE_MEDIA_ROOT = env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private"))
PRIVATE_STORAGE_BUCKET = env.str("PRIVATE_STORAGE_BUCKET", default="")
if PRIVATE_STORAGE_BUCKET:
    PRIVATE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": PRIVATE_STORAGE_BUCKET,
            "endpoint_url": env.str("PRIVATE_STORAGE_ENDPOINT_URL", default="") or None,
            "region_name": env.str("PRIVATE_STORAGE_REGION", default="") or None,
            "access_key": env.str("PRIVATE_STORAGE_ACCESS_KEY", default="") or None,
            "secret_key": env.str("PRIVATE_STORAGE_SECRET_KEY", default="") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    PRIVATE_STORAGE = {"BACKEND": "core.storage.PrivateFolderStorage"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": PRIVATE_STORAGE,
    # The workshop's documents (materials): under PRIVATE_MEDIA_ROOT, served only by a view that checks who asks.
    # Another backend (an object store) may replace it; the documents reach it through Django's storage API only.
    "materials": PRIVATE_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Country names as the United Nations writes them, which is what delegations expect to read.
COUNTRIES_OVERRIDE = {
    "KR": _("Republic of Korea"),
    "KP": _("Democratic People's Republic of Korea"),
    "VN": _("Viet Nam"),
    "LA": _("Lao People's Democratic Republic"),
    "IR": _("Iran (Islamic Republic of)"),
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: EMAIL_URL picks the backend (smtp://user:pass@host:587, consolemail://, ...). In development without it,
# each email is one line on the console and a whole .eml file under var/mail/ (greencustoms.mail).
if env.str("EMAIL_URL", default="") or PRODUCTION:
    vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
else:
    EMAIL_BACKEND = "greencustoms.mail.OneLineConsoleBackend"
    EMAIL_FILE_PATH = BASE_DIR / "var" / "mail"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Green Customs Workshops <workshops@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
# The bodies and attachments of a sent email are kept this many days (to answer "what did we send?"), then removed;
# the row itself stays, so that the same event is never mailed twice.
OUTBOX_RETENTION_DAYS = env.int("OUTBOX_RETENTION_DAYS", default=30)

# A participant's phone, dietary and accessibility needs (and other apps' workshop-only data) are erased
# this many days after the last day of their last workshop.
PERSONAL_DATA_RETENTION_DAYS = env.int("PERSONAL_DATA_RETENTION_DAYS", default=90)

# Passport numbers are encrypted at rest (Fernet: AES with an HMAC) under these keys, comma-separated, newest first:
# the newest encrypts, any of them decrypts, so a new key is put in front, `manage.py reencrypt_passport_numbers`
# is run, and the old one is then removed. A key: `python -c "from cryptography.fernet import Fernet;
# print(Fernet.generate_key().decode())"`. Outside production, a fixed development key (not secret).
PASSPORT_ENCRYPTION_KEYS = required_in_production(
    "PASSPORT_ENCRYPTION_KEYS", ["dKbbvBSU7TrC0bI8aBDmb3jqDsVc3NkWrSzkr1JMXgI="], cast=list
)
for _key in PASSPORT_ENCRYPTION_KEYS:
    try:
        Fernet(_key)
    except ValueError:
        sys.exit(
            "Configuration error: each key of PASSPORT_ENCRYPTION_KEYS must be a Fernet key "
            "(32 url-safe base64-encoded bytes; see README, 'Environment')."
        )
if not PASSPORT_ENCRYPTION_KEYS:
    sys.exit("Configuration error: PASSPORT_ENCRYPTION_KEYS holds no key (see README, 'Environment').")

# Celery: without a broker, tasks run eagerly in the web process (the try-out default).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
# A task not acknowledged within this many seconds is handed to another worker; every
# retry countdown must stay below it or Redis would deliver the task twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}
CELERY_BROKER_CONNECTION_TIMEOUT = 5
# Two queues, each with its own workers: the outbox's deliveries wait on mail servers, so a slow one must not
# hold up documents and sweeps (`default`). Workers name the queues they serve (-Q mail, -Q default; deploy/); a
# worker started without -Q (the Procfile, one machine, the tests) serves both, as task_queues lists them.
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES = [Queue("default"), Queue("mail")]
CELERY_TASK_ROUTES = {"outbox.tasks.*": {"queue": "mail"}}
# Beat: the outbox sweeper hands back emails stuck by a broker outage or a killed worker; the
# reminder sweep queues the reminders that have fallen due; the passport purge erases visa letter data that
# is due. All are safe to run at once or twice.
CELERY_BEAT_SCHEDULE = {
    "sweep-outbox": {"task": "outbox.tasks.sweep_outbox", "schedule": 300.0},
    "prune-sent-emails": {"task": "outbox.tasks.prune_sent_emails", "schedule": 86400.0},
    "sweep-reminders": {"task": "participants.tasks.sweep_reminders", "schedule": 300.0},
    "purge-passport-data": {"task": "documents.tasks.purge_passport_data", "schedule": 3600.0},
    "email-due-certificates": {"task": "documents.tasks.email_due_certificates", "schedule": 900.0},
    "sweep-nomination-reminders": {"task": "delegations.tasks.sweep_closing_reminders", "schedule": 300.0},
    "purge-held-invitation-files": {"task": "participants.tasks.purge_held_invitation_files", "schedule": 900.0},
    "erase-personal-fields": {"task": "participants.tasks.erase_personal_fields", "schedule": 86400.0},
    "sweep-speaker-reminders": {"task": "materials.tasks.sweep_speaker_reminders", "schedule": 900.0},
    # The evaluation opens at the end of the last session: within five minutes of it.
    "sweep-surveys": {"task": "outcomes.tasks.sweep_surveys", "schedule": 300.0},
}

# In production whitenoise serves what collectstatic gathered (hashed names, compressed); in development it reads
# the source folders directly and sees each edit, so `gunicorn` from the Procfile serves styled pages too.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# The addresses of the reverse proxies in front of the portal (nginx: deploy/). Only from one of them is the
# client's address read from X-Forwarded-For (website.adapter.AccountAdapter.get_client_ip, which allauth's rate
# limits and ours count by); a request from anywhere else counts as its own address, whatever headers it sends.
# Django reads X-Forwarded-Proto from every request: behind a proxy the web nodes listen where only it reaches them
# (127.0.0.1 in deploy/), and it sets the header itself.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
if TRUSTED_PROXIES or PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every step of every PDF, and fontTools every font file it decompresses.
    "loggers": {
        **{name: {"level": "WARNING"} for name in ("weasyprint.progress", "fontTools")},
        # Without a broker, tasks run eagerly in the process: kombu warns on each that the (unused) broker has no
        # hostname, and Celery reports each success, burying what the console is for (one line per email).
        **(
            {"kombu.connection": {"level": "ERROR"}, "celery.app.trace": {"level": "WARNING"}}
            if CELERY_TASK_ALWAYS_EAGER
            else {}
        ),
    },
}
