"""Settings, read from the environment (django-environ).

With DEBUG on, everything has a safe local default: an SQLite file in the
project and the local-memory cache. With DEBUG off the process refuses to start
unless SECRET_KEY, ALLOWED_HOSTS and the audit chain's keys (AUDIT_HMAC_KEY,
AUDIT_SIGNING_KEY) are set, so a production deployment never runs on a
development key or an open host list.
"""

import base64
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)


def _required_in_production(name: str) -> str:
    value = env.str(name, default="").strip()
    if not value and not DEBUG:
        raise ImproperlyConfigured(
            f"{name} is not set. With DEBUG off, {name} must be set in the environment "
            f"(set DEBUG=true for local development)."
        )
    return value


SECRET_KEY = _required_in_production("SECRET_KEY") or "django-insecure-local-development-only"
ALLOWED_HOSTS = [
    host.strip() for host in _required_in_production("ALLOWED_HOSTS").split(",") if host.strip()
] or ["127.0.0.1", "localhost", "[::1]", "testserver"]

# The audit chain's two keys (see reviews/audit.py). AUDIT_HMAC_KEY keys every
# event's hash, so someone who can write to the database but does not hold it
# cannot re-hash an edited chain; it is not SECRET_KEY, which rotates with
# sessions and is shared with every signed cookie. AUDIT_SIGNING_KEY (base64 of a
# 32-byte Ed25519 private key) signs the published checkpoints; its public half
# is shown on /transparency/. Both are required with DEBUG off (generate them
# with `manage.py generate_audit_keys`); with DEBUG on, fixed development keys
# that no production may use.
DEVELOPMENT_AUDIT_HMAC_KEY = "medreview-development-audit-hmac-key"
DEVELOPMENT_AUDIT_SIGNING_KEY = "snjNoNNCXYz6oii6QJZtYOZoMLh+ZnNlZM8c1VyTdsQ="
AUDIT_HMAC_KEY = _required_in_production("AUDIT_HMAC_KEY") or DEVELOPMENT_AUDIT_HMAC_KEY
AUDIT_SIGNING_KEY = _required_in_production("AUDIT_SIGNING_KEY") or DEVELOPMENT_AUDIT_SIGNING_KEY
if not DEBUG and AUDIT_HMAC_KEY == SECRET_KEY:
    raise ImproperlyConfigured("AUDIT_HMAC_KEY must not be the same as SECRET_KEY.")
if not DEBUG and DEVELOPMENT_AUDIT_HMAC_KEY == AUDIT_HMAC_KEY:
    raise ImproperlyConfigured("AUDIT_HMAC_KEY is the published development key.")
if not DEBUG and DEVELOPMENT_AUDIT_SIGNING_KEY == AUDIT_SIGNING_KEY:
    raise ImproperlyConfigured("AUDIT_SIGNING_KEY is the published development key.")
try:
    if len(base64.b64decode(AUDIT_SIGNING_KEY, validate=True)) != 32:
        raise ValueError
except ValueError:
    raise ImproperlyConfigured(
        "AUDIT_SIGNING_KEY is not the base64 of a 32-byte Ed25519 private key "
        "(generate one with `manage.py generate_audit_keys`)."
    ) from None

INSTALLED_APPS = [
    "config.apps.PlatformAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "django_ratelimit",
    "config",
    "django_tasks",
    "django_tasks_db",
    "mfa",
    "accounts",
    "outbox",
    "reviews",
    "articles",
    "interpretation",
    "transfer",
    "demo",
    "bench",
    # Apps that exist only for a purpose such as the tests (comma-separated module paths).
    *env.list("EXTRA_INSTALLED_APPS", default=[]),
]

MIDDLEWARE = [
    # First: it sees every answer on the interpretation's paths, Django's own included.
    "interpretation.middleware.NoStoreForLabValues",
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff give a one-time code from their authenticator app before any admin page.
    "mfa.middleware.AdminSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, as django-axes requires: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Keep each process's connection between requests: opening one costs more than most
# queries (SQLite reads the whole schema again), and PostgreSQL a new backend.
# Health checks drop a connection that broke while idle.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The task worker writes beside the web process: every transaction takes the
    # write lock when it begins (waiting up to 20 s for it), so two processes wait
    # for each other instead of failing to upgrade a read lock ("database is locked").
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="medreview"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "medreview",
        }
    }

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTHENTICATION_BACKENDS = [
    # Counts failed logins and locks the account and address (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hour
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

# The admin's second factor (the mfa app): the name authenticator apps show.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Reviewed Medical Answers")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
# English only: the site has one language, and with translation off no {% url %},
# {% static %} or date filter looks up an active language.
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
# Where `manage.py collectstatic` writes (and whitenoise serves from) with DEBUG off.
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# In development, serve static files straight from the app folders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGIN_URL = "admin:login"

# Security: production values by default, relaxed only for local development.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 0 if DEBUG else env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8  # a working day

# Content-Security-Policy (django-csp): everything from this origin, no inline
# script (a page that needs its own script gets a nonce), no framing, no plugins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# The client's address (config/client_address.py), for rate limits and django-axes
# alike: the number of proxies in front of the app that append to X-Forwarded-For.
# 0 (no proxy) ignores the header: a client may write anything there.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if not 0 <= TRUSTED_PROXY_COUNT <= 10:
    raise ImproperlyConfigured(
        f"TRUSTED_PROXY_COUNT is {TRUSTED_PROXY_COUNT}: give the number of proxies in "
        "front of the app (0 when clients connect directly)."
    )
AXES_CLIENT_IP_CALLABLE = "config.client_address.client_ip"

# Rate limits (django-ratelimit) on the follow-up form and the interpretation API.
# They count in the shared cache (Redis when REDIS_URL is set; production refuses
# to pass `check --deploy` without it). RATELIMIT_ENABLE=false switches them off,
# for benchmarks and load runs only.
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
RATELIMIT_VIEW = "config.ratelimits.too_many_requests"
RATELIMIT_RATES = {
    "follow_up": env.str("RATELIMIT_FOLLOW_UP", default="5/10m"),
    "problem_report": env.str("RATELIMIT_PROBLEM_REPORT", default="5/10m"),
    "interpret_api": env.str("RATELIMIT_API", default="60/m"),
    "interpret_form": env.str("RATELIMIT_FORM", default="30/m"),
}
SILENCED_SYSTEM_CHECKS = [
    # Django's own RedisCache increments atomically (Redis INCR); django-ratelimit
    # only lists the third-party Redis backend as supported.
    "django_ratelimit.W001",
]
if not REDIS_URL:
    # Without Redis each process counts on its own: fine on a developer's machine;
    # production is refused by our own deploy check (config/checks.py, config.E001).
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.console.EmailBackend"
        if DEBUG
        else "django.core.mail.backends.smtp.EmailBackend"
    ),
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="board@medreview.localhost")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
# A mail server that stops answering fails the attempt (retried later), never hangs the worker.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)

# Background work (django-tasks with its database backend): a task is a row written
# in the same transaction as the decision that causes it, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Outgoing mail (the outbox app): a failed attempt is tried again after a delay that
# doubles each time (base, capped); after the last attempt the email is undeliverable
# and waits in the admin for an administrator. A delivery task that has run longer than
# the lease is taken for lost (its worker died) and is enqueued again.
OUTBOX_RETRY_BASE_SECONDS = env.float("OUTBOX_RETRY_BASE_SECONDS", default=60)
OUTBOX_RETRY_MAX_SECONDS = env.float("OUTBOX_RETRY_MAX_SECONDS", default=3600)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=10)
OUTBOX_LEASE_SECONDS = env.float("OUTBOX_LEASE_SECONDS", default=300)

# Error reports never carry lab values (see config/reporting.py).
DEFAULT_EXCEPTION_REPORTER_FILTER = "config.reporting.HealthDataReporterFilter"
ADMINS = [("Operations", a) for a in env.list("ADMIN_EMAILS", default=[])]

# Simple-history: record who made each change and why.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
# Past versions are shown, never restored from the history page: a restore would
# write around the services (no guards, no rendering, no audit event).
SIMPLE_HISTORY_REVERT_DISABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# The audience cookie remembers how a reader wants articles worded (not health data).
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"

AUDIENCE_COOKIE_NAME = "audience"
AUDIENCE_COOKIE_MAX_AGE = 60 * 60 * 24 * 365

# Shared HTTP caches (Varnish, a CDN) keep reader pages this long at most; an approval
# purges the pages it touches at once through each purge address (reviews.frontend_cache).
READER_PAGE_SHARED_SECONDS = env.int("READER_PAGE_SHARED_SECONDS", default=300)
READER_PAGE_STALE_SECONDS = env.int("READER_PAGE_STALE_SECONDS", default=60)
FRONTEND_CACHE_PURGE_URLS = env.list("FRONTEND_CACHE_PURGE_URLS", default=[])

# Absolute links in emails.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# Who owns and who funds the site, in a sentence each, for the About page.
SITE_OWNER = env.str("SITE_OWNER", default="")
SITE_FUNDING = env.str("SITE_FUNDING", default="")
