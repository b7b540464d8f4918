"""Settings of Síťař, driven by the environment.

Everything has a default that works on a fresh checkout (SQLite file, tasks run inline); production and the test suite
set DATABASE_URL (PostgreSQL), DJANGO_SECRET_KEY, DJANGO_DEBUG, DJANGO_ALLOWED_HOSTS and CELERY_BROKER_URL.
"""

import importlib.util
from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# ---- Sign-in hardening, secret key (issue 14, item 10) ----------------------------------------------------------
# The fallback key is public (it is in this file): good for a laptop with DJANGO_DEBUG=1 only. Without debug the
# served application (config.wsgi, config.asgi) refuses to start on it, on no key at all or on a weak one
# (config.startup), rather than sign sessions and reset links with a key anyone can read; management commands, which
# sign nothing (migrate, makemigrations, check), still run.
DEVELOPMENT_SECRET_KEY = "django-insecure-sitar-development-only-key-do-not-deploy"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="") or DEVELOPMENT_SECRET_KEY
# ---- end of the secret key block ----------------------------------------------------------------------------------
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "config.admin_apps.SitarAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_filters",
    "guardian",
    "simple_history",
    "django_htmx",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "territory",
    "network",
    "organizations",
    "contacts",
    "imports",
    "meetings",
    "surveys",
    "permissions",
    "api",
    "catalogue",
    "evaluation",
    "duplicates",
    "offline",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and API answers gzipped for the tablets' mobile data (static files come compressed from WhiteNoise, which
    # answers before this). Django pads each gzipped answer randomly against BREACH (the CSRF token in the pages).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.CzechFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor sign-in (see its settings block below): the verified device of the session, then the gate that sends
    # a user who must use 2FA and has no device to enrol, and ends a session that skipped the code step.
    "django_otp.middleware.OTPMiddleware",
    "permissions.two_factor.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The kit's templates first: its registration/ pages override django.contrib.auth's and the admin's.
        "DIRS": [BASE_DIR / "core" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "permissions.context_processors.roles",
            ]
        },
    }
]

DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# The cache counts API throttles; with several server processes point CACHE_URL at Redis (rediscache://…).
CACHES = {
    "default": env.cache_url("CACHE_URL", default="locmemcache://"),
    # Network metrics by the state of the network (network.analysis.metrics.graph_metrics): kept in each process, since the key
    # is the network's content nothing needs to be told of a change; bounded, a national network is about 1 MB.
    "metrics": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "sitar-network-metrics",
        "OPTIONS": {"MAX_ENTRIES": env.int("METRICS_CACHE_ENTRIES", default=32)},
    },
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Django 6 behaviour now: a web address typed without a scheme is taken as https.
FORMS_URLFIELD_ASSUME_HTTPS = True

AUTHENTICATION_BACKENDS = [
    # Django's ModelBackend, also reading whether the user has a second factor (the 2FA gate needs it every request).
    "permissions.signin.UserBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Guardian would otherwise create an AnonymousUser row on migrate; anonymous users see nothing here.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Django's form renderer, with selects (hundreds of options on some forms) written out in Python: the same HTML.
FORM_RENDERER = "core.form_renderer.FormRenderer"

LANGUAGE_CODE = "cs"
LANGUAGES = [("cs", _("Czech")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "config" / "locale"]
TIME_ZONE = "Europe/Prague"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end libraries from pinned packages, no CDN. Leaflet (the map) from django-leaflet, served as /static/leaflet/…;
# only its static files are used: as an app it would pull in GeoDjango (GDAL) through its admin.
STATICFILES_DIRS = [
    ("leaflet", Path(importlib.util.find_spec("leaflet").origin).parent / "static" / "leaflet"),
    # vis-network (the network map's graph drawing) from npm (package.json, package-lock.json; installed into
    # node_modules by scripts/lib.sh ensure_node_modules), served as /static/vis-network/…: its browser build with the
    # stylesheet beside it, not the standalone one, which injects its styles inline where CSP forbids them.
    ("vis-network", BASE_DIR / "node_modules" / "vis-network" / "dist"),
    # The offline app's page module and service worker library, bundled from offline/src/ by `npm run build`
    # (scripts/lib.sh ensure_frontend_build; not committed), served as /static/offline/app.js and
    # /static/offline/sw-lib.js beside the app's own static files (the icons).
    ("offline", BASE_DIR / "offline" / "build" / "offline"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Security: strict whenever debug is off; DJANGO_SECURE_SSL=0 turns the HTTPS-only parts off for a plain-HTTP benchmark.
SECURE_SSL = env.bool("DJANGO_SECURE_SSL", default=not DEBUG)
SECURE_SSL_REDIRECT = SECURE_SSL
SESSION_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_SECURE = SECURE_SSL
SECURE_HSTS_SECONDS = 31536000 if SECURE_SSL else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_SSL
SECURE_HSTS_PRELOAD = SECURE_SSL
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

EMAIL_BACKEND = env.str("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="sitar@localhost")
# Where Síťař is reached, for the links in e-mails sent by background tasks (no request to take it from).
SITAR_BASE_URL = env.str("SITAR_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Files uploaded for a background job (the registry import) wait here for the worker: on a disk that web server and
# worker share. Each is removed when its job ends.
SITAR_UPLOAD_DIR = Path(env.str("SITAR_UPLOAD_DIR", default=str(BASE_DIR / "var" / "uploads")))
# Documents of meetings (minutes, attendance sheets, memoranda) under the upload directory, served only through the
# meeting's download view (no URL of their own): STORAGES["attachments"]. The largest one accepted, in MB.
SITAR_ATTACHMENT_MAX_MB = env.int("SITAR_ATTACHMENT_MAX_MB", default=10)
STORAGES["attachments"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(SITAR_UPLOAD_DIR / "attachments")},
}
# Offline tablets (issue 20): the longest a tablet works from its copy without a sync. A sync cursor older than this
# gets the whole copy again (/api/v1/sync/), and work logged offline may be dated back at most this far (recorded_at).
SITAR_OFFLINE_MAX_DAYS = env.int("SITAR_OFFLINE_MAX_DAYS", default=14)
# The largest registry file the import page accepts (the whole registry is some tens of MB).
SITAR_REGISTRY_UPLOAD_MAX = env.int("SITAR_REGISTRY_UPLOAD_MAX", default=200 * 1024 * 1024)

# Celery: with no broker the tasks run inline, so the quick start needs no Redis.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task whose worker died (acks_late: never acknowledged) is delivered again after this many seconds; it must exceed
# the longest task. The test worker (tests/celery_worker.py) uses a short one so a killed worker's task comes back.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}
# Seconds a bulk-import job (its check or its import) and a registry import may run on the worker; past that the job
# stops and its page says so (core.jobs.job_time_limits). Keep them under the visibility timeout.
SITAR_BULK_TIME_LIMIT = env.int("SITAR_BULK_TIME_LIMIT", default=600)
SITAR_REGISTRY_TIME_LIMIT = env.int("SITAR_REGISTRY_TIME_LIMIT", default=1800)
CELERY_TIMEZONE = TIME_ZONE
# Beat: the cooperation network's metrics per ORP and kraj, on the first of every month at 2:00.
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE = {
    "snapshot-network-monthly": {
        "task": "network.tasks.snapshot_take_task",
        "schedule": crontab(day_of_month=1, hour=2, minute=0),
    },
    # Follow-ups due tomorrow or overdue: one e-mail per assignee, every morning before work.
    "followup-reminders-daily": {"task": "meetings.tasks.followup_remind_task", "schedule": crontab(hour=6, minute=30)},
    # Uploaded files never imported (bulk import batches, registry files of lost jobs) are forgotten after a day.
    "uploads-purge-hourly": {"task": "imports.tasks.uploads_purge_task", "schedule": crontab(minute=15)},
    # The public catalogue as open data (HSDS 3.0 CSV + datapackage.json), every night, served at /hsds/data/.
    "hsds-export-nightly": {"task": "catalogue.tasks.export_hsds_task", "schedule": crontab(hour=3, minute=10)},
    # The OSPOD whose form of an open round is not submitted: an e-mail 7 days and 1 day before the deadline.
    "collection-remind-daily": {"task": "evaluation.tasks.round_remind_task", "schedule": crontab(hour=6, minute=40)},
    # The indicators of the approved forms as open data (suppressed CSV + datapackage.json), served at /evaluation/data/.
    "evaluation-export-nightly": {
        "task": "evaluation.tasks.export_evaluation_task",
        "schedule": crontab(hour=3, minute=30),
    },
    # Partner surveys: reminders a week and two days before the deadline; rounds past their deadline close.
    "surveys-remind-daily": {"task": "surveys.tasks.round_remind_task", "schedule": crontab(hour=6, minute=50)},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # The token first: DRF answers a missing, expired or revoked token with 401 and `WWW-Authenticate: Token`
        # (from the first class), so a client knows to sign in again.
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.WriteRateThrottle"],
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "auth": env.str("API_THROTTLE_AUTH", default="10/minute"),
        "writes": env.str("API_THROTTLE_WRITES", default="120/minute"),
        # The public catalogue's open data (/hsds/), per address.
        "public": env.str("API_THROTTLE_PUBLIC", default="600/minute"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Síťař API",
    "VERSION": "1",
    "COMPONENT_SPLIT_REQUEST": True,
    # The docs page's JavaScript and CSS come from the installed sidecar package, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets that share a field name with another set ("status", "category") get a stable component name
    # instead of a hash suffix (Status184Enum) that changes whenever a choice does.
    "ENUM_NAME_OVERRIDES": {
        "ErasureGroundEnum": "contacts.models.ErasureGround",
        "LinkKindEnum": "network.models.LinkKind",
        "LinkStatusEnum": "network.models.LinkStatus",
        "MeetingKindEnum": "meetings.models.MeetingKind",
        "OrganizationKindEnum": "organizations.models.OrganizationKind",
        "OrganizationStatusEnum": "organizations.models.OrganizationStatus",
        "NeedCategoryEnum": "meetings.models.NeedCategory",
        "NeedStatusEnum": "meetings.models.NeedStatus",
        "ServiceStatusEnum": "organizations.models.ServiceStatus",
    },
    # The default enum hook first (it names the enum components), then the error answers of every operation.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.document_errors"],
}

# --- Two-factor sign-in and API tokens (django-otp, django-rest-knox) ------------------------------------------------
# 2FA (TOTP + one-use recovery codes) is required of superusers and regional leads, optional for everyone else; a user
# who has a device always gives a code. SITAR_2FA_REQUIRED=0 lifts the requirement (not the code of a user with a
# device): `make run` sets it from DEMO_2FA (default 0) so the demo users sign in with a password, the tests turn it off
# except in the tests of 2FA itself.
SITAR_2FA_REQUIRED = env.bool("SITAR_2FA_REQUIRED", default=True)
# The name the authenticator app shows next to the account.
OTP_TOTP_ISSUER = "Síťař"
# How many recovery codes a user gets (each works once).
SITAR_RECOVERY_CODES = 10
# API tokens: stored as a SHA-512 digest only, valid for API_TOKEN_TTL_DAYS, revoked by /api/v1/auth/logout/(-all/).
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env.int("API_TOKEN_TTL_DAYS", default=30)),
    "AUTO_REFRESH": False,
    "USER_SERIALIZER": None,
}
# --- end of two-factor sign-in and API tokens ------------------------------------------------------------------------

# The map's tile layer ({z}/{x}/{y}); empty → the map shows the markers without a background. The page works the same
# when tiles cannot load (no connection in the field).
MAP_TILES_URL = env.str("MAP_TILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = env.str("MAP_TILES_ATTRIBUTION", default="© OpenStreetMap contributors")

# --- Shared tablets (issue 14, item 9): no cached pages, idle sessions end, a Content-Security-Policy ---------------
# A tablet passes from hand to hand. Every answer to a signed-in user is no-store (config.middleware; static files
# are served by WhiteNoise before it and stay cacheable), so the back button shows the next person nothing.
MIDDLEWARE += ["config.middleware.ContentSecurityPolicyMiddleware", "config.middleware.NoStoreForSignedInMiddleware"]
INSTALLED_APPS += ["csp"]  # django-csp's checks of its settings
# A session ends after this many seconds without a request: the expiry moves on with the requests, the session written
# at most once a minute (config.middleware.SlidingSessionMiddleware; token requests have no session). "Shared device"
# on the login form also ends it when the browser closes (permissions.login).
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_IDLE_TIMEOUT", default=8 * 60 * 60)
SESSION_TOUCH_SECONDS = 60
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
    "config.middleware.SlidingSessionMiddleware",
)
# django-csp's policy for every page, the API docs and the admin alike: no inline script, no eval, no inline style
# (Leaflet and vis-network style their elements through the DOM, which CSP allows). Images from here, data: (icons
# inside CSS) and the map's tile server, which the middleware adds from MAP_TILES_URL.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        # The offline app (issue 20): its service worker (/sw.js) and web app manifest, from here only.
        "worker-src": [SELF],
        "manifest-src": [SELF],
    }
}
# --- end of shared tablets ------------------------------------------------------------------------------------------

# Demo users' password (seed_demo); printed by `make run`.
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="sitar-demo-2026")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}

# ---- Sign-in hardening: trusted proxies and lockout (issue 14, items 5 and 6) -------------------------------------
# How many reverse proxies in front of the app append to X-Forwarded-For. 0 (the default): the header is ignored and
# the peer's address (REMOTE_ADDR) counts, so a client cannot pick its own address per request; N: the Nth address
# from the end of the header, the one the outermost trusted proxy saw. DRF's throttles read NUM_PROXIES directly;
# django-axes asks permissions.signin.client_address, which applies the same rule (so django-ipware and axes'
# AXES_IPWARE_* settings are not used).
NUM_PROXIES = env.int("DJANGO_NUM_PROXIES", default=0)
REST_FRAMEWORK["NUM_PROXIES"] = NUM_PROXIES
AXES_CLIENT_IP_CALLABLE = "permissions.signin.client_address"

# django-axes: after LOGIN_FAILURE_LIMIT failed sign-ins of one account, or from one address, that account or address
# is refused (the right password too) for LOGIN_LOCKOUT_MINUTES after the last failure (0: until unlocked by a
# regional lead on /roles/lockouts/ or by a superuser in the admin). The HTML login, the admin's login and the API
# token all count (every authenticate() that passes its request).
INSTALLED_APPS += ["axes"]
# Last: it turns a sign-in axes refused into the lockout page (permissions.signin.lockout_response).
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
# First: a locked-out account or address is refused before its password is checked.
AUTHENTICATION_BACKENDS = ["permissions.signin.LockoutBackend", *AUTHENTICATION_BACKENDS]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
_LOCKOUT_MINUTES = env.int("LOGIN_LOCKOUT_MINUTES", default=30)
AXES_COOLOFF_TIME = timedelta(minutes=_LOCKOUT_MINUTES) if _LOCKOUT_MINUTES > 0 else None
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "permissions.signin.lockout_response"
AXES_USERNAME_CALLABLE = "permissions.signin.attempted_username"
# A success must not wipe the failures: with per-address counting it would also wipe the failures of other accounts
# from that address (guess four times, sign in to one's own account, guess again).
AXES_RESET_ON_SUCCESS = False
# Failures are kept (AccessFailureLog, in the admin, at most 1 000 per account); successful sign-ins are not logged.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_DISABLE_ACCESS_LOG = True
# ---- end of the sign-in hardening block ---------------------------------------------------------------------------

# The public catalogue (/katalog/, /hsds/): how long any cache may keep an answer before asking again with its ETag.
CATALOGUE_MAX_AGE = env.int("CATALOGUE_MAX_AGE", default=60)
# Its answers kept in the cache for the catalogue's state (catalogue.caching): rendered once per address and state.
CATALOGUE_CACHE = env.bool("CATALOGUE_CACHE", default=True)
# The nightly HSDS export's folder (catalogue.tasks), served read-only at /hsds/data/; and the licence its
# datapackage.json names for the data (a name from the Open Definition list, e.g. "CC-BY-4.0"; empty: none named).
HSDS_EXPORT_DIR = Path(env.str("HSDS_EXPORT_DIR", default=str(BASE_DIR / "var" / "open-data" / "hsds")))
HSDS_EXPORT_LICENSE = env.str("HSDS_EXPORT_LICENSE", default="")
# The nightly open-data package of the indicators (evaluation.tasks, licence CC BY 4.0), served at /evaluation/data/.
EVALUATION_EXPORT_DIR = Path(
    env.str("EVALUATION_EXPORT_DIR", default=str(BASE_DIR / "var" / "open-data" / "evaluation"))
)
