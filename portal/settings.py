"""Settings for the friendship union portal.

Everything that differs between a laptop and production is read from the
environment (see `.env.example`); there is one settings module for all cases.
"""

import os
from datetime import date, timedelta
from pathlib import Path

import dj_database_url
from csp import constants as csp_constants
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-DEVELOPMENT-ONLY-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_ckeditor_5",
    # Security: CSP header, admin login lockout, two-factor sign-in (docs/operations.md).
    "csp",
    # axes and the OTP plugins through portal/third_party.py: their labels in Vietnamese.
    "portal.third_party.AxesConfig",
    "django_otp",
    "portal.third_party.OTPTOTPConfig",
    "portal.third_party.OTPStaticConfig",
    # The mail queue: messages are rows written in the action's transaction (docs/operations.md).
    "portal.third_party.MailerConfig",
    "portal",
    "unions",
    "members",
    "news",
    "congresses",
    "aid",
    "events",
    "albums",
    "documents",
    # After every app whose objects it finds (search.kinds).
    "search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A styled 503 with Retry-After while the database is unreachable (docs/operations.md).
    "portal.middleware.DatabaseUnavailableMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "portal.middleware.RememberLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes must come last: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
                "unions.context_processors.site",
                "csp.context_processors.nonce",
            ],
            # Django's `date` filter with its answers kept (portal/templatetags/dates.py).
            "builtins": ["portal.templatetags.dates"],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    (BASE_DIR / "var").mkdir(exist_ok=True)
    # SQLite gains nothing from persistent connections and locks less without them.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Django 6 behaviour now: a URL typed without a scheme is taken as https.
FORMS_URLFIELD_ASSUME_HTTPS = True

if os.environ.get("REDIS_URL"):
    # Several servers (docs/operations.md, "Scaling"): one Redis holds the cache and the
    # sessions for all of them, so an invalidation or a login on one is seen by all.
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.PortalRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_PREFIX", "portal"),
        }
    }
    # Read from Redis, written through to the database: a Redis restart signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Optional read replicas: DATABASE_REPLICA_URL (several, comma-separated). Reads go to a
# replica, writes and the requests just after a write to the primary (portal/db.py).
for _n, _url in enumerate(env_list("DATABASE_REPLICA_URL")):
    DATABASES[f"replica{_n or ''}"] = {
        **dj_database_url.parse(_url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"]),
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
if len(DATABASES) > 1:
    DATABASE_ROUTERS = ["portal.db.ReplicaRouter"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Vietnamese first and default; content fields get _vi and _en twins.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
FORMAT_MODULE_PATH = ["portal.formats"]
LANGUAGE_COOKIE_NAME = "lang"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

MODELTRANSLATION_DEFAULT_LANGUAGE = "vi"
MODELTRANSLATION_LANGUAGES = ("vi", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("vi",), "vi": ()}
# Served by the portal itself, never from a CDN (see docs/decisions.md).
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# Static and media files.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Backups (manage.py backup / restore) are encrypted with this key: 32 random bytes in
# base64 (`manage.py backup --generate-key`). Kept off the server's backups themselves.
BACKUP_ENCRYPTION_KEY = os.environ.get("BACKUP_ENCRYPTION_KEY", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "portal.staticfiles.StaticFilesStorage"
        )
    },
}
# The origins media is served from besides the portal's own (the Content-Security-Policy).
MEDIA_ORIGINS = []
if os.environ.get("DJANGO_S3_BUCKET"):
    # Media in an S3-compatible store, shared by every server: the `s3` extra
    # (`make install-runtime S3=1`); portal/storage.py, docs/operations.md "Scaling".
    try:
        from portal.storage import s3_settings
    except ImportError as exc:
        raise ImproperlyConfigured(
            "DJANGO_S3_BUCKET needs django-storages and boto3: make install-runtime S3=1"
        ) from exc
    STORAGES["default"], MEDIA_ORIGINS = s3_settings(
        os.environ, page_cache_seconds=int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "300"))
    )
FILE_UPLOAD_PERMISSIONS = 0o644
# A request's fields other than files; images (10 MB, portal.images) and congress PDFs (20 MB,
# congresses.files) come on top. nginx's client_max_body_size must let all of it through
# (docs/operations.md, section 5; tests/security/test_upload_limits.py compares them).
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# The largest video file an article may carry (news.video). nginx allows it only on the
# article pages of the admin.
VIDEO_UPLOAD_MAX_BYTES = 200 * 1024 * 1024

# The admin lives under a configurable path (a little less noise from scanners).
ADMIN_PATH = os.environ.get("DJANGO_ADMIN_PATH", "admin/").strip("/") + "/"

# Rich text editing (CKEditor 5); the portal sanitizes what is stored with nh3.
CKEDITOR_5_FILE_UPLOAD_PERMISSION = "staff"
# Editor uploads go through portal.images (content checks, EXIF removed, renditions).
CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME = "news:editor_upload"
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "png", "webp", "gif"]
CKEDITOR_5_CONFIGS = {
    "default": {
        "toolbar": [
            "heading",
            "|",
            "bold",
            "italic",
            "link",
            "bulletedList",
            "numberedList",
            "blockQuote",
            "|",
            "imageUpload",
            "insertTable",
            "mediaEmbed",
            "|",
            "undo",
            "redo",
        ],
        "image": {
            "toolbar": ["imageTextAlternative", "|", "toggleImageCaption"],
        },
        "table": {"contentToolbar": ["tableColumn", "tableRow", "mergeTableCells"]},
        "language": "vi",
    },
}

# Security. Production (DEBUG off) is strict by default; see docs/operations.md.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Production runs behind a reverse proxy that ends TLS (docs/operations.md, section 5); the
# development server is reached directly. The proxy count follows, so the two agree unless
# both are set, and `manage.py check` refuses a pair that disagrees (portal.checks).
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", default=not DEBUG)
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp). Scripts only from the portal itself or with the
# per-response nonce (`<script nonce="{{ CSP_NONCE }}">`); never inline handlers.
# Style *attributes* stay allowed: CKEditor 5 positions its UI and sizes images and
# tables with them, and a style attribute cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", csp_constants.NONCE],
        "style-src": ["'self'", csp_constants.NONCE],
        "style-src-attr": ["'unsafe-inline'"],
        # data: and blob: for CKEditor's icons and the preview of an image being uploaded.
        "img-src": ["'self'", "data:", "blob:", *MEDIA_ORIGINS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'", *MEDIA_ORIGINS],
        "object-src": ["'none'"],
        "frame-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
    }
}
if not DEBUG:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True

# Browser features the portal never uses are switched off (portal.middleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "publickey-credentials-get=(), usb=(), browsing-topics=()"
)

# Staff sessions end after a working day.
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_AGE", str(10 * 3600)))

# Reverse proxies in front of the portal that append to X-Forwarded-For; 0 means the
# portal is reached directly and REMOTE_ADDR is the client (portal.security.client_ip).
# Behind a proxy (BEHIND_PROXY) one, nginx, unless set.
TRUSTED_PROXY_COUNT = int(
    os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "1" if BEHIND_PROXY else "0")
)

# Admin login lockout (django-axes, portal.security.LockoutHandler): 5 failures for one user
# name from one address within 15 minutes lock that pair for an hour. A user name that failed
# 5 times from any addresses is not locked (anyone could keep its owner out) but guarded: the
# password alone no longer signs in, only the password and a second-factor code together.
AUTHENTICATION_BACKENDS = [
    "portal.security.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "portal.security.LockoutHandler"
AXES_FAILURE_LIMIT = 5
AXES_FAILURE_WINDOW = timedelta(minutes=15)
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "portal.security.client_ip"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.security.lockout_response"
AXES_VERBOSE = False

# Two-factor sign-in (django-otp, TOTP, with recovery codes from otp_static): open to every
# staff account, required for superusers and the roles below (docs/operations.md, section 9).
# Only a developer (DEBUG on) can switch the requirement off.
REQUIRE_ADMIN_2FA = True if not DEBUG else env_bool("DJANGO_REQUIRE_ADMIN_2FA", default=False)
TWO_FACTOR_REQUIRED_ROLES = ["Administrator", "Secretariat", "Leadership", "Editor"]
# The authenticator app shows the home union's name; this only while none is set.
OTP_TOTP_ISSUER_FALLBACK = os.environ.get("DJANGO_OTP_ISSUER", "Friendship union portal")


def OTP_TOTP_ISSUER(device):  # noqa: N802 - django-otp calls the setting with the device
    # A dotted path, as for the other callables named here: the settings import no app.
    from django.utils.module_loading import import_string

    return import_string("unions.otp.totp_issuer")(device)


OTP_TOTP_THROTTLE_FACTOR = 1
# The admin never shows an authenticator's secret key, not even to superusers.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Personal data (Decree 13/2023/NĐ-CP, portal/privacy.py). The privacy notice's text is
# templates/portal/privacy.html: changing it means a new version and date here, so that
# each consent stored from then on names the text the person saw.
PRIVACY_NOTICE_VERSION = "1"
PRIVACY_NOTICE_DATE = date(2026, 12, 6)


def env_days(name, default):
    """A retention period in whole days (at least 1) from the environment."""
    raw = os.environ.get(name, str(default)).strip()
    try:
        days = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number of days, not {raw!r}.") from None
    if days < 1:
        raise ImproperlyConfigured(f"{name} must be at least 1 day, not {days}.")
    return days


# How long each kind of personal data is kept; `manage.py apply_retention` (daily) removes
# what is older, and the privacy notice quotes the same numbers.
PRIVACY_RETENTION_REJECTED_APPLICATION_DAYS = env_days(
    "PRIVACY_RETENTION_REJECTED_APPLICATION_DAYS", 90
)
PRIVACY_RETENTION_COMMENT_EMAIL_DAYS = env_days("PRIVACY_RETENTION_COMMENT_EMAIL_DAYS", 180)
PRIVACY_RETENTION_ACCESS_LOG_DAYS = env_days("PRIVACY_RETENTION_ACCESS_LOG_DAYS", 30)

# Whole public pages in the shared cache, dropped on every content change (portal/pagecache.py).
# Only with a cache all workers share (REDIS_URL), unless DJANGO_PAGE_CACHE says otherwise.
PAGE_CACHE = env_bool("DJANGO_PAGE_CACHE", default=bool(os.environ.get("REDIS_URL")))
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "300"))
MIDDLEWARE.insert(
    MIDDLEWARE.index("axes.middleware.AxesMiddleware"), "portal.pagecache.PageCacheMiddleware"
)

# make bench only (DJANGO_BENCH=1): a ceiling view and an X-Query-Count header
# (portal/bench.py); neither exists otherwise.
BENCH = env_bool("DJANGO_BENCH", default=False)
if BENCH:
    MIDDLEWARE.insert(0, "portal.bench.QueryCountMiddleware")
if len(DATABASES) > 1:
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "portal.db.PrimaryPinMiddleware",
    )

# E-mail (docs/operations.md, "E-mail"). Every message is queued in the database by
# django-mailer inside the transaction of the action that caused it, and sent by a worker
# (`manage.py runmailer`, or `send_mail` from a timer) that retries: an action never waits
# for SMTP nor fails because of it. Without EMAIL_HOST, mail is printed on the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587" if EMAIL_HOST else "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=bool(EMAIL_HOST))
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = "mailer.backend.DbBackend"
MAILER_EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
# Where join applications are announced; the Secretariat group's members when empty.
SECRETARIAT_EMAIL = os.environ.get("SECRETARIAT_EMAIL", "")
# The site's address for the links in e-mails (no request at hand when a worker renders them).
SITE_URL = os.environ.get(
    "SITE_URL",
    "http://127.0.0.1:8000" if DEBUG or not ALLOWED_HOSTS else f"https://{ALLOWED_HOSTS[0]}",
).rstrip("/")
# The queue's file lock lives in var/, not in the current directory.
MAILER_LOCK_PATH = str(BASE_DIR / "var" / "send_mail")
# A worker finding the queue empty looks again after this many seconds.
MAILER_EMPTY_QUEUE_SLEEP = 10

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Request bodies are never logged: forms carry personal data.
        "django.request": {"level": "ERROR"},
        # Axes logs every attempt at INFO; lockouts are logged by portal.security.
        "axes": {"level": "WARNING"},
        # django-mailer names each recipient at INFO (an applicant's address is personal
        # data); failures are still logged, at WARNING and above, without them.
        "mailer": {"level": "WARNING"},
    },
}
