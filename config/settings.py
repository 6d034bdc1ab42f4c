"""ASCN Hub settings: one module, driven by environment variables (see .env.example)."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.caches import cache_config
from config.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# Off unless asked for: a hand deployment that sets nothing must not run in debug mode with a public key.
# `make run` (and every development target of the Makefile) and the test settings ask for it.
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set: the hub runs in production mode unless DEBUG=true is set. For development "
            "use `make run` (which sets DEBUG=true) or set DEBUG=true; for production see README, Production."
        )
    SECRET_KEY = "insecure-development-key-only-for-debug-mode"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if not DEBUG else ["*"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",
    "hub.core",
    "hub.network",
    "hub.accounts",
    "hub.projects",
    "hub.monitoring",
    "hub.meetings",
    "hub.plans",
    "hub.exchange",
    "hub.partnerships",
    "hub.demo",
    "hub.search",
    "hub.opendata",
    "hub.jobs",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "hub.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous GETs answered from the cache under the data version, and conditional GET (hub/core/pagecache.py).
    "hub.core.pagecache.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Refuses NUL/control characters, out-of-range numbers and unreadable bodies before any view (hub/core/guard.py).
    "hub.core.guard.RequestGuardMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # Django's cached loader, with each template's runs of fixed text, translations and literal links
            # rendered once per language (hub/core/templatefold.py).
            "loaders": [
                (
                    "hub.core.templatefold.Loader",
                    ["django.template.loaders.filesystem.Loader", "django.template.loaders.app_directories.Loader"],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
            # {% url %} through a memory of reversed addresses in every template (hub/core/urlcache.py).
            "builtins": ["hub.core.templatetags.memory"],
        },
    },
]

# SQLite (WAL) when DATABASE_URL is unset; PostgreSQL (or any dj-database-url address) otherwise.
DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / "var")))
DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Prepared statements (PostgreSQL): each connection (kept CONN_MAX_AGE seconds) prepares a query it has
        # sent DB_PREPARE_THRESHOLD times and then only binds and executes it, skipping the parse and plan that
        # otherwise come with every query. That needs the parameters bound by the server (psycopg's
        # server-side binding). Behind a pooler in transaction mode (PgBouncer before 1.21 or without
        # max_prepared_statements), set DB_PREPARE_THRESHOLD=0: binding stays on the server, nothing is
        # prepared. DB_SERVER_SIDE_BINDING=false goes back to Django's default (client-side binding).
        _prepare_threshold = env_int("DB_PREPARE_THRESHOLD", 5)
        _options = {
            "server_side_binding": env_bool("DB_SERVER_SIDE_BINDING", True),
            "prepare_threshold": _prepare_threshold if _prepare_threshold > 0 else None,
        }
        # The planner's cost of a random page read, per connection: PostgreSQL's default (4) is for spinning
        # disks and makes it scan small tables whole and sort, once per row of a list, rather than read an index
        # (the members list: 0.55 ms of execution against 0.22). Empty: the server's setting.
        if (_random_page_cost := env_float("DB_RANDOM_PAGE_COST", 1.1)) is not None:
            _options["options"] = f"-c random_page_cost={_random_page_cost}"
        # What DATABASE_URL's query string gives (?sslmode=require, ?options=...) wins.
        DATABASES["default"]["OPTIONS"] = {**_options, **DATABASES["default"].get("OPTIONS", {})}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "ascn.sqlite3",
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Argon2id first (OWASP's parameters, see hub/accounts/hashers.py); the others only verify older hashes.
PASSWORD_HASHERS = [
    "hub.accounts.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:me"
LOGOUT_REDIRECT_URL = "network:home"

# Background tasks (imports, big reports: hub.jobs): django-tasks with its database backend, so the embedded
# default needs no broker; `manage.py db_worker` runs them (`make run` and `make serve` start it).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# E-mail (invitations, password reset): printed on the console unless an SMTP server is configured.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL exclude each other: set at most one")

# Sessions and CSRF: the cookies are not readable by scripts where nothing needs them to be, and
# never sent with cross-site requests other than top-level navigation.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 14 * 24 * 3600)
CSRF_COOKIE_SAMESITE = "Lax"
# Django's database sessions, read with plain SQL on every signed-in request (hub/core/sessions.py).
SESSION_ENGINE = "hub.core.sessions"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("id", _("Bahasa Indonesia"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# The ASEAN scripts' fonts come from an installed package, under fonts/ (hub/core/fonts.py, static/css/scripts.css).
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "hub.core.fonts.ScriptFontFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Development serves static files from the app folders directly; production from collectstatic's output.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Production hardening: on whenever DEBUG is off.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # The header alone puts nobody on the browsers' preload list (that takes a submission at
    # hstspreload.org), so it is on by default and `check --deploy` is clean; turn it off if the
    # domain must never be submitted.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Accounts: invitation links' lifetime; sign-in throttling (failures per e-mail or address in a window).
INVITATION_DAYS = env_int("INVITATION_DAYS", 7)
LOGIN_THROTTLE_ATTEMPTS = env_int("LOGIN_THROTTLE_ATTEMPTS", 5)
LOGIN_THROTTLE_MINUTES = env_int("LOGIN_THROTTLE_MINUTES", 15)
# LOGIN_THROTTLE_ATTEMPTS counts one e-mail from one address; these count one address (any e-mail) and one
# e-mail (any address): looser, so that a stranger cannot pause other people's sign-in (hub/accounts/services.py).
LOGIN_THROTTLE_ADDRESS_ATTEMPTS = env_int("LOGIN_THROTTLE_ADDRESS_ATTEMPTS", 50)
LOGIN_THROTTLE_EMAIL_ATTEMPTS = env_int("LOGIN_THROTTLE_EMAIL_ATTEMPTS", 50)
# Password-reset e-mails: at most so many per address, and requests per client address, in the window.
PASSWORD_RESET_PER_EMAIL = env_int("PASSWORD_RESET_PER_EMAIL", 3)
PASSWORD_RESET_PER_IP = env_int("PASSWORD_RESET_PER_IP", 20)
PASSWORD_RESET_WINDOW_MINUTES = env_int("PASSWORD_RESET_WINDOW_MINUTES", 60)
# Reverse proxies in front of the hub (the client's address is read from X-Forwarded-For accordingly).
NUM_PROXIES = env_int("NUM_PROXIES", 0)

# Meeting documents: outside the web root, served only through the meetings app's rights checks.
MEETING_FILES_DIR = Path(env_str("MEETING_FILES_DIR", str(DATA_DIR / "files")))
MEETING_UPLOAD_MAX_BYTES = env_int("MEETING_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
# Absolute links in e-mails; the domain of iCalendar UIDs.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
ICAL_UID_DOMAIN = env_str("ICAL_UID_DOMAIN", "ascn-hub.asean")

# The reference dataset (sourced facts) that `loadreference` reads.
REFERENCE_DATA_DIR = BASE_DIR / "data"

# The cache: CACHE_URL selects a shared one (redis://host:6379/0) for several app servers; unset, a file cache
# in DATA_DIR shared by the machine's workers (config/caches.py). Public responses are kept under the data version
# (hub/core/dataversion.py) for at most CACHE_PAGE_SECONDS; PUBLIC_CACHE=false turns the public cache off.
CACHES = {"default": cache_config(env_str("CACHE_URL", ""), DATA_DIR, env_int("CACHE_PAGE_SECONDS", 600))}
CACHE_PAGE_SECONDS = env_int("CACHE_PAGE_SECONDS", 600)
PUBLIC_CACHE = env_bool("PUBLIC_CACHE", True)

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
