"""Complete settings with safe defaults; every deployment-specific value comes from the
environment (see .env.example). Profiles (local, production, test) only adjust this."""

from pathlib import Path

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

from .env import cache_config, database_config, env_bool, env_int, env_list, env_str

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(env_str("INFOFINANCE_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_SITE_NAME = "Info Finance"

# The fast path (infofinance/fastpath, docs/architecture.md): off restores stock Django and
# Wagtail behaviour everywhere it deviates from them.
FAST_PATH = env_bool("FAST_PATH", True)
# With it on, five of Wagtail's apps load without its v3 API, which the site does not mount
# (infofinance/fastpath/wagtail_apps.py).


def _api_free(config: str, stock: str) -> str:
    return f"infofinance.fastpath.wagtail_apps.{config}" if FAST_PATH else stock


INSTALLED_APPS = [
    "infofinance.core",
    "infofinance.wiring",
    "infofinance.fastpath",
    "infofinance.audit",
    # Above wagtail.admin: its templates override Wagtail's admin templates with inline scripts.
    "infofinance.webheaders",
    "infofinance.accounts",
    "infofinance.images",
    "infofinance.home",
    "infofinance.news",
    "infofinance.brokers",
    "infofinance.reviews",
    "infofinance.complaints",
    "infofinance.events",
    "infofinance.markets",
    "infofinance.banners",
    "infofinance.pages",
    "infofinance.search",
    "infofinance.discovery",
    "infofinance.demo",
    "infofinance.pagecache",
    "wagtail.contrib.simple_translation",
    _api_free("RedirectsConfig", "wagtail.contrib.redirects"),
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    _api_free("LocalesConfig", "wagtail.locales"),
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    _api_free("SnippetsConfig", "wagtail.snippets"),
    _api_free("DocumentsConfig", "wagtail.documents"),
    _api_free("ImagesConfig", "wagtail.images"),
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "infofinance.ops",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Accounts (infofinance.accounts above them: its templates and catalogue win).
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.facebook",
    "allauth.mfa",
    "csp",
]

MIDDLEWARE = [
    # Outermost: it stores the final (compressed, ETagged) response for anonymous readers.
    "infofinance.pagecache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy and Permissions-Policy (infofinance.webheaders); outside
    # XFrameOptionsMiddleware, whose X-Frame-Options decides frame-ancestors.
    "infofinance.webheaders.middleware.ContentSecurityPolicyMiddleware",
    "infofinance.webheaders.middleware.PermissionsPolicyMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before LocaleMiddleware, so that it sees the response after LocaleMiddleware added Vary.
    "infofinance.core.middleware.PathDecidesLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff reach /admin/ only with an enrolled authenticator and an MFA-verified session.
    "infofinance.accounts.middleware.AdminRequiresMFAMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "infofinance.urls"
WSGI_APPLICATION = "infofinance.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "infofinance.core.context_processors.site_chrome",
                "infofinance.news.context_processors.navigation",
                "infofinance.pages.context_processors.footer",
            ],
        },
    },
]

DATABASES = {
    "default": database_config(env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"))
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# PostgreSQL: the pages' hand-written statements are prepared once per connection
# (infofinance.fastpath.db); turn off behind a pooler that cannot keep prepared statements.
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", True)
if DATABASE_PREPARED_STATEMENTS and "postgresql" in DATABASES["default"]["ENGINE"]:
    # Plan them once, without their parameters, rather than at every run (PostgreSQL's
    # default re-plans a statement whose generic plan looks costlier, such as the related
    # ranking). Only prepared statements have a plan cache: the ORM's are not prepared.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = " ".join(
        filter(None, [_options.get("options"), "-c plan_cache_mode=force_generic_plan"])
    )

CACHES = {"default": cache_config(env_str("CACHE_URL"), VAR_DIR / "cache")}

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Vietnamese at the root, English under /en/. The path alone decides the language.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
# Our catalogue (written by makemessages), then our translations of other packages' strings
# (never rewritten by makemessages). The first entry wins, and both win over the packages' own.
LOCALE_PATHS = [PROJECT_DIR / "locale", PROJECT_DIR / "locale_thirdparty"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# Slugs are made ASCII by our own function on the server (infofinance.core.slugs); the admin's
# JavaScript keeps Unicode so that it never turns "đ" into "dj" before we see it.
WAGTAIL_ALLOW_UNICODE_SLUGS = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "static_collected")))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Public media (images, renditions) served by the app itself; production leaves it to nginx.
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "infofinance.core.staticfiles.MinifiedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 3600  # unhashed names; hashed ones get a year (immutable)
WAGTAILIMAGES_IMAGE_MODEL = "images.CustomImage"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Regulators publish licences as PDF or as images.
WAGTAILDOCS_EXTENSIONS = ["pdf", "png", "jpg", "jpeg", "webp", "csv", "docx", "xlsx", "txt"]
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# Complaint evidence: outside MEDIA_ROOT (never served by the proxy), only through the
# permission-checked download view; checked by content and limited in size, count and pixels.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
COMPLAINT_EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
COMPLAINT_EVIDENCE_MAX_FILES = 10
COMPLAINT_IMAGE_MAX_PIXELS = 16_000_000  # a screenshot or a photo of a document
# Limits against floods (complaints/limits.py), per calendar day, per account and per client
# address, counted in the shared cache; 0 turns one off. Above them: a 429 page, nothing saved.
COMPLAINTS_PER_ACCOUNT_PER_DAY = env_int("COMPLAINTS_PER_ACCOUNT_PER_DAY", 5)
COMPLAINTS_PER_ADDRESS_PER_DAY = env_int("COMPLAINTS_PER_ADDRESS_PER_DAY", 20)
REVIEWS_PER_ACCOUNT_PER_DAY = env_int("REVIEWS_PER_ACCOUNT_PER_DAY", 10)
REVIEWS_PER_ADDRESS_PER_DAY = env_int("REVIEWS_PER_ADDRESS_PER_DAY", 30)
COMPLAINT_EVIDENCE_BYTES_PER_ACCOUNT_PER_DAY = env_int(
    "COMPLAINT_EVIDENCE_BYTES_PER_ACCOUNT_PER_DAY", 100 * 1024 * 1024
)
COMPLAINT_EVIDENCE_BYTES_PER_ADDRESS_PER_DAY = env_int(
    "COMPLAINT_EVIDENCE_BYTES_PER_ADDRESS_PER_DAY", 300 * 1024 * 1024
)
# Site-wide: above this many complaints in an hour from accounts younger than a day, new ones
# are held for staff, and the complaint managers are e-mailed (at most once an hour).
COMPLAINT_NEW_ACCOUNT_CAP_PER_HOUR = env_int("COMPLAINT_NEW_ACCOUNT_CAP_PER_HOUR", 20)
# Refused CSRF checks are logged where staff see them (the audit app's security events).
CSRF_FAILURE_VIEW = "infofinance.audit.views.csrf_failure"

WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILREDIRECTS_AUTO_CREATE = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Staff log in and reset passwords through allauth (with MFA), never through Wagtail's own forms.
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILADMIN_LOGIN_URL = "account_login"
# Login-restricted pages and documents send readers to allauth's login, not Wagtail's own.
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True

# Background work: Wagtail's own tasks stay immediate; our queued work uses the "queue" backend,
# which the worker (manage.py worker) runs together with the periodic jobs.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "queue": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}
# TASKS_URL=redis://… runs the queue on Redis (django-tasks-rq; its own switch, not CACHE_URL).
# Only the worker and whatever enqueues import RQ (infofinance/ops/redis_queue.py).
TASKS_URL = env_str("TASKS_URL")
if TASKS_URL:
    TASKS["queue"] = {"BACKEND": "infofinance.ops.redis_queue.RQBackend", "QUEUES": ["default"]}
    RQ_QUEUES = {"default": {"URL": TASKS_URL, "DEFAULT_TIMEOUT": 3600}}
# A task RUNNING whose worker has not been heard of for this many seconds is re-queued (its
# worker died); after TASKS_MAX_ATTEMPTS such deaths it is marked failed. docs/operations.md.
TASKS_ABANDONED_AFTER = env_int("TASKS_ABANDONED_AFTER", 600)
TASKS_MAX_ATTEMPTS = env_int("TASKS_MAX_ATTEMPTS", 3)
# `manage.py tasks_health` fails when a task has waited longer, or no periodic run is that old.
TASKS_HEALTH_MAX_WAIT = env_int("TASKS_HEALTH_MAX_WAIT", 300)
TASKS_HEALTH_MAX_PERIODIC_AGE = env_int("TASKS_HEALTH_MAX_PERIODIC_AGE", 300)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Info Finance <no-reply@infofinance.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# No one frames the site; Wagtail's preview views ask for SAMEORIGIN themselves (the editor's
# preview panel), and those responses alone get frame-ancestors 'self' (infofinance.webheaders).
X_FRAME_OPTIONS = "DENY"
# Browser features no page uses; a view that needs one allows it for its own responses with
# infofinance.webheaders.policy.allow_features (for example camera="self").
PERMISSIONS_POLICY = dict.fromkeys(
    (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ),
    (),
)
# The admin shows no Gravatar pictures: a third-party request carrying a hash of each staff
# member's e-mail, which the admin's Content-Security-Policy would block anyway.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# The real client address behind a reverse proxy (infofinance.audit.clientip, docs/security.md):
# how many proxies in front append to X-Forwarded-For, or a header a trusted proxy sets to the
# client's address. Off by default: with no proxy trusted, a forged X-Forwarded-For is ignored.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
TRUSTED_CLIENT_IP_HEADER = env_str("TRUSTED_CLIENT_IP_HEADER")
# allauth's rate limits and client address read the same values.
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = TRUSTED_CLIENT_IP_HEADER or None

# Accounts (django-allauth): e-mail login, mandatory verification, TOTP with recovery codes.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
# Messages live in the session: a reader who gets one ("You have signed out.") carries a session
# cookie until it is shown, so the page cache never serves them a page without it; the emptied
# session then drops the cookie again.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "infofinance.accounts.adapter.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "infofinance.accounts.adapter.SocialAccountAdapter"
ACCOUNT_USER_DISPLAY = "infofinance.accounts.adapter.user_display"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_FORMS = {"signup": "infofinance.accounts.forms.SignupForm"}
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Info Finance] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
# Counted in the shared cache (diskcache or Redis), so every process sees the same attempts.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/10m/ip,5/15m/key",
    "signup": "10/h/ip",
    "reset_password": "10/h/ip,3/h/key",
    "reset_password_from_key": "20/h/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Info Finance"
MFA_RECOVERY_CODE_COUNT = 10
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_PROVIDERS = {}
# Google and Facebook appear only when their keys are set.
if env_str("GOOGLE_CLIENT_ID") and env_str("GOOGLE_CLIENT_SECRET"):
    SOCIALACCOUNT_PROVIDERS["google"] = {
        "APP": {
            "client_id": env_str("GOOGLE_CLIENT_ID"),
            "secret": env_str("GOOGLE_CLIENT_SECRET"),
        },
        "SCOPE": ["profile", "email"],
    }
if env_str("FACEBOOK_APP_ID") and env_str("FACEBOOK_APP_SECRET"):
    SOCIALACCOUNT_PROVIDERS["facebook"] = {
        "APP": {"client_id": env_str("FACEBOOK_APP_ID"), "secret": env_str("FACEBOOK_APP_SECRET")},
        "SCOPE": ["email", "public_profile"],
        "METHOD": "oauth2",
    }

# Content-Security-Policy (django-csp; docs/security.md). Public pages: one static policy with no
# inline code, so that the page cache and nginx may keep them. A nonce appears only in the
# header of a response whose template used request.csp_nonce, and such a response is never
# cached (infofinance.pagecache). Zalo's own share button (its script, then its frame) is
# allowed only when the site has a Zalo Official Account (ZALO_OA_ID), and loaded only when a
# reader asks for it. Forms post to the site itself; social logins redirect to their provider.
ZALO_OA_ID = env_str("ZALO_OA_ID")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE, *(["https://sp.zalo.me"] if ZALO_OA_ID else [])],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": ["https://*.zalo.me"] if ZALO_OA_ID else [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [
            SELF,
            *(["https://accounts.google.com"] if "google" in SOCIALACCOUNT_PROVIDERS else []),
            *(["https://www.facebook.com"] if "facebook" in SOCIALACCOUNT_PROVIDERS else []),
        ],
        "object-src": [NONE],
    }
}
# What Wagtail's admin (/admin/) changes in it (infofinance.webheaders): its own scripts and a
# nonce only (Wagtail's inline scripts are overridden: infofinance/webheaders/templates and
# choosers.py), inline styles (Wagtail's own), pictures being uploaded, the preview panel.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "frame-src": [SELF],
    }
}

# Complete pages for anonymous readers, kept in the shared cache (0 turns the page cache off).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# nginx's proxy_cache_path (levels=1:2) when nginx caches public pages in front (deploy/): the
# application deletes the files of the pages a change makes stale. Needs a Redis CACHE_URL.
PAGE_CACHE_NGINX_DIR = env_str("PAGE_CACHE_NGINX_DIR", "")

# Site-wide options editors do not change but operators may (ZALO_OA_ID: above, with the CSP).
NEWS_PAGE_SIZE = 12
# Listings count at most this many pages (older articles: search, sitemaps, feeds).
LISTING_MAX_PAGES = 100

# Events (docs/events.md): a guest's unconfirmed registration holds its seat this long; a seat
# offered to the first person waiting is theirs this long (each event may change it); floods of
# registrations are refused per client network, account and target address.
EVENTS_GUEST_HOLD_MINUTES = env_int("EVENTS_GUEST_HOLD_MINUTES", 30)
EVENTS_DEFAULT_OFFER_HOURS = env_int("EVENTS_DEFAULT_OFFER_HOURS", 12)
EVENTS_REGISTRATIONS_PER_ADDRESS_PER_HOUR = env_int("EVENTS_REGISTRATIONS_PER_ADDRESS_PER_HOUR", 30)
EVENTS_REGISTRATIONS_PER_ACCOUNT_PER_HOUR = env_int("EVENTS_REGISTRATIONS_PER_ACCOUNT_PER_HOUR", 10)
EVENTS_MAILS_PER_RECIPIENT_PER_DAY = env_int("EVENTS_MAILS_PER_RECIPIENT_PER_DAY", 5)

# Banners (docs/banners.md): the heaviest image staff may upload for one, and the impression
# posts one client network may send in an hour (a reader's browser sends a few per page).
BANNERS_IMAGE_MAX_BYTES = env_int("BANNERS_IMAGE_MAX_BYTES", 500 * 1024)
BANNERS_VIEW_POSTS_PER_ADDRESS_PER_HOUR = env_int("BANNERS_VIEW_POSTS_PER_ADDRESS_PER_HOUR", 600)

# Safe fetch (infofinance/core/safefetch.py), for every URL the site fetches (imports, feeds,
# webhooks): the largest body, the time limits in seconds (connect, total) and the private
# `host:port` pairs allowed anyway (only tests set them, for their local server).
SAFE_FETCH_MAX_BYTES = env_int("SAFE_FETCH_MAX_BYTES", 10 * 1024 * 1024)
SAFE_FETCH_TIMEOUT = (5, env_int("SAFE_FETCH_TIMEOUT", 30))
SAFE_FETCH_ALLOWED: list[str] = []

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
