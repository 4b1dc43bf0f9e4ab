"""Settings, read from the environment (django-environ).

With DEBUG on, everything has a safe local default: an SQLite file in the
project and the local-memory cache. With DEBUG off the process refuses to start
unless SECRET_KEY and ALLOWED_HOSTS are set, so a production deployment never
runs on a development key or an open host list.
"""

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

INSTALLED_APPS = [
    "django.contrib.admin",
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
    "mfa",
    "reviews",
    "articles",
    "interpretation",
    "transfer",
    "demo",
    "bench",
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
# English only. Django's translation machinery, when on, looks up the active
# language on every {% url %}, {% static %} and date filter: about half of each
# reverse() here (60 → 25 µs), seven of them on every page.
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
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

# Rate limits (django-ratelimit) on the follow-up form and the interpretation API.
# They count in the shared cache (Redis when REDIS_URL is set). RATELIMIT_ENABLE=false
# switches them off, for benchmarks and load runs only.
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    # Behind the TLS-terminating proxy, count the client's address it forwards.
    RATELIMIT_IP_META_KEY = "HTTP_X_FORWARDED_FOR"
RATELIMIT_VIEW = "config.ratelimits.too_many_requests"
RATELIMIT_RATES = {
    "follow_up": env.str("RATELIMIT_FOLLOW_UP", default="5/10m"),
    "interpret_api": env.str("RATELIMIT_API", default="60/m"),
    "interpret_form": env.str("RATELIMIT_FORM", default="30/m"),
}
SILENCED_SYSTEM_CHECKS = [
    # Django's own RedisCache increments atomically (Redis INCR); django-ratelimit
    # only lists the third-party Redis backend as supported.
    "django_ratelimit.W001",
]
if not REDIS_URL:
    # Without Redis each process counts on its own: limits still apply, per process.
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

# Absolute links in emails.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
