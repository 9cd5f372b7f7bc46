"""FinSync settings: one file, read from the environment (the README's Configuration table lists every variable).

A fresh clone runs with nothing but Python: SQLite under var/, Celery tasks run eagerly in-process,
email goes to the console and var/mail/, and development secrets are generated once into
var/dev-secrets.json. With DJANGO_ENV=production every secret must come from the environment.
"""

import json
import os
import secrets
from pathlib import Path

import environ
from celery.schedules import crontab
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in ("development", "production"):
    raise ImproperlyConfigured(f"DJANGO_ENV must be 'development' or 'production', not {DJANGO_ENV!r}.")
PRODUCTION = DJANGO_ENV == "production"
VAR_DIR = Path(env.str("FINSYNC_VAR_DIR", default=str(BASE_DIR / "var")))

REQUIRED_IN_PRODUCTION = (
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SITE_URL",
    "DATABASE_URL",
    "REDIS_URL",
    "FINSYNC_ENCRYPTION_KEYS",
    "EMAIL_URL",
    "DEFAULT_FROM_EMAIL",
)
if PRODUCTION:
    missing = [name for name in REQUIRED_IN_PRODUCTION if not env.str(name, default="").strip()]
    if missing:
        raise ImproperlyConfigured(
            f"FinSync will not start in production without {', '.join(missing)}: "
            "set it in the environment (see the README's Configuration table)."
        )


def _development_secrets() -> dict:
    """Secrets for a development checkout, generated once and kept in the git-ignored var/ folder."""
    path = VAR_DIR / "dev-secrets.json"
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return json.loads(path.read_text())
    generated = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    }
    with os.fdopen(fd, "w") as f:
        json.dump(generated, f)
    return generated


_dev = {} if PRODUCTION else _development_secrets()

SECRET_KEY = env.str("SECRET_KEY", default="") or _dev["SECRET_KEY"]
# MultiFernet keys: the first encrypts, every one decrypts (rotate with `manage.py rotate_encryption_keys`).
ENCRYPTION_KEYS = env.list("FINSYNC_ENCRYPTION_KEYS", default=[]) or [_dev["ENCRYPTION_KEYS"]]

DEBUG = False if PRODUCTION else env.bool("DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Absolute links in emails are built on this (tasks have no request to take the host from).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_celery_beat",
    "accounts",
    "banking",
    "transactions",
    "budgets",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "finsync.security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
]

if PRODUCTION:  # gunicorn serves the collected static files through WhiteNoise; runserver does it in development
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "finsync.urls"
WSGI_APPLICATION = "finsync.wsgi.application"

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
                "accounts.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'finsync.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so a real Celery worker process can share the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # PostgreSQL's JIT compiles any plan it guesses is costly: seconds spent on a page's aggregate that runs in
    # milliseconds without it (measured: the category list of a 100k-transaction history, 1.9 s of 2.07 s).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "finsync",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts: email login through django-allauth, with MFA ---
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60  # reset links work for one hour

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 1
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[FinSync] "
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "FinSync"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
USERSESSIONS_TRACK_ACTIVITY = True

# --- Banking: Plaid (the Demo Bank needs no configuration) ---
PLAID_CLIENT_ID = env.str("PLAID_CLIENT_ID", default="")
PLAID_SECRET = env.str("PLAID_SECRET", default="")
PLAID_ENV = env.str("PLAID_ENV", default="sandbox")
PLAID_HOST = env.str("PLAID_HOST", default="")  # an explicit base URL (a local fake) overrides PLAID_ENV
PLAID_WEBHOOK_URL = env.str("PLAID_WEBHOOK_URL", default="")
PLAID_REDIRECT_URI = env.str("PLAID_REDIRECT_URI", default="")
# Calls per minute for all workers together (a token bucket in Redis, see banking/ratelimit.py). 2,500 is
# Plaid's production limit per client on /transactions/sync, the call a sync makes most; its other
# endpoints allow at least that, so one budget at the tightest keeps every call within its own limit.
PLAID_CALLS_PER_MINUTE = env.int("PLAID_CALLS_PER_MINUTE", default=2500)
if PLAID_CALLS_PER_MINUTE < 60:
    raise ImproperlyConfigured(f"PLAID_CALLS_PER_MINUTE must be at least 60, not {PLAID_CALLS_PER_MINUTE}.")
if PLAID_ENV not in ("sandbox", "production"):
    raise ImproperlyConfigured(f"PLAID_ENV must be 'sandbox' or 'production', not {PLAID_ENV!r}.")
FINSYNC_PURGE_AFTER_DAYS = env.int("FINSYNC_PURGE_AFTER_DAYS", default=30)
IMPORT_MAX_BYTES = env.int("FINSYNC_IMPORT_MAX_MB", default=10) * 1024 * 1024  # the largest statement file
CORPUS_DIR = Path(env.str("FINSYNC_CORPUS", default=str(BASE_DIR.parent / "shared" / "corpus")))

# --- Celery: a Redis broker when configured, otherwise tasks run eagerly in-process ---
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
# With the broker down, publishing must fail in about two seconds, not hang a web request.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5, "visibility_timeout": 3600}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "sync-due-connections": {"task": "banking.tasks.sync_due_connections", "schedule": 15 * 60},
    "purge-disconnected-connections": {
        "task": "banking.tasks.purge_disconnected_connections",
        "schedule": crontab(hour=4, minute=30),
    },
    "retry-notification-emails": {
        "task": "accounts.tasks.retry_notification_emails",
        "schedule": 10 * 60,
    },
    "send-bill-reminders": {"task": "budgets.tasks.send_bill_reminders", "schedule": crontab(minute=5)},
    "send-due-reports": {"task": "reports.tasks.send_due_reports", "schedule": crontab(minute=10)},
}

# --- Email: never attachments or amounts; a link back to the app ---
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "accounts.email.ConsoleAndFileBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="FinSync <finsync@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 10

# --- Security headers; `manage.py check --deploy` is clean in production ---
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = PRODUCTION
# The __Host- prefix pins a cookie to this host over HTTPS; browsers refuse it over plain HTTP.
SESSION_COOKIE_NAME = "__Host-sessionid" if PRODUCTION else "finsync_session"
CSRF_COOKIE_NAME = "__Host-csrftoken" if PRODUCTION else "finsync_csrftoken"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'self'; object-src 'none'"
)

# --- Internationalisation, static files, logging ---
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
LOCALE_PATHS = [BASE_DIR / "locale"]  # allauth's Title Case in FinSync's sentence case
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint tells every step of every PDF at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
