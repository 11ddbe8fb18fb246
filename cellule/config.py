"""Default configuration. Overridden by instance/config.py, then CELLULE_* variables."""
from datetime import timedelta


class Defaults:
    """Safe defaults for a developer machine; production sets CELLULE_* variables."""

    SQLALCHEMY_DATABASE_URI = None  # filled in create_app: SQLite file in instance/
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SQLALCHEMY_RECORD_QUERIES = False

    SECRET_KEY = None  # filled in create_app from instance/secret_key when unset
    # Encryption of secrets kept in the database (TOTP keys). Unset: a key derived from
    # SECRET_KEY. A Fernet key (Fernet.generate_key()) makes SECRET_KEY rotatable on its own;
    # during a key rotation, the previous keys go in OLD_DATA_KEYS (flask rotate-data-key).
    DATA_KEY = None
    OLD_DATA_KEYS: tuple = ()
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session

    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_DEFAULT_TIMEZONE = "Europe/Paris"
    LANGUAGES = ("fr", "en")

    MAIL_SERVER = None  # None: the outbox writes messages to the log instead of SMTP
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_DEFAULT_SENDER = "cellule <ne-pas-repondre@cellule.local>"
    MAIL_TIMEOUT = 10
    MAIL_SUPPRESS_SEND = False  # the outbox decides; Flask-Mail must not swallow mail under TESTING
    OUTBOX_DELIVER_INLINE = False  # `make run` turns it on; production uses `outbox send`
    OUTBOX_MAX_ATTEMPTS = 6
    OUTBOX_BACKOFF_SECONDS = 60  # doubled at each failed attempt

    RATELIMIT_STORAGE_URI = "memory://"
    # Signed-in identities kept between requests (auth/identity.py): a Redis URL; "local" (one
    # host: a dict per worker); "off"; None: the rate limits' Redis if they use one, else "local".
    # That Redis also keeps the public feeds' states for the 304 layer (calendar/version_cache.py).
    IDENTITY_CACHE_URL = None
    IDENTITY_CACHE_PREFIX = ""  # several deployments sharing one Redis database: one prefix each
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_SIGNIN = "10 per minute;50 per hour"

    INVITATION_MAX_AGE = timedelta(days=14)
    PASSWORD_RESET_MAX_AGE = timedelta(hours=2)
    PASSWORD_MIN_LENGTH = 12
    PASSWORD_HASH_METHOD = "scrypt"
    # Roles that must sign in with a second factor (TOTP); others may opt in from their profile.
    TWO_FACTOR_REQUIRED_ROLES = ("coordinator", "council_admin", "council_observer")
    TWO_FACTOR_PENDING_SECONDS = 300  # time allowed between the password and the code
    TWO_FACTOR_ISSUER = "cellule"
    RATELIMIT_TWO_FACTOR = "5 per minute;30 per hour"
    # Retention (flask purge): audit and sign-in events are kept this long.
    AUDIT_RETENTION = timedelta(days=365)
    OUTBOX_RETENTION = timedelta(days=90)  # copies of sent or failed mail
    UPLOAD_ORPHAN_GRACE = timedelta(hours=1)  # an upload may wait this long for its row's commit
    PRIVACY_CONTACT = "l'adresse de contact de votre CRESS"  # set CELLULE_PRIVACY_CONTACT in production

    UPLOAD_DIR = None  # filled in create_app: instance/uploads
    # Flask 3.1 request limits: the whole body, one non-file form field, the number of fields.
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 2 * 1024 * 1024
    MAX_FORM_PARTS = 1000
    PROXY_FIX_HOPS = 0  # production behind nginx: 1 (trust one proxy's X-Forwarded-For/-Proto)
    TRUSTED_HOSTS = None  # production: ["cellule.example.org"]; other Host headers get 400
    # PTCE maps: bundled outlines of régions/départements need no tile server. A tile URL
    # ("https://{s}.tile.example.org/{z}/{x}/{y}.png") adds a background; the CSP allows its host.
    MAP_TILE_URL = None
    MAP_TILE_ATTRIBUTION = ""

    # PRODUCTION=True turns on HSTS, https URLs and __Host- Secure cookies (cellule/security.py).
    PRODUCTION = False
    SECURITY_HSTS = False
    LANGUAGE_COOKIE_NAME = "cellule_lang"
    LANGUAGE_COOKIE_SECURE = False

    LOG_JSON = False   # True: one JSON object a line on stderr, with the request id
    LOG_LEVEL = "INFO"

    SITE_NAME = "cellule"
    SERVER_NAME = None
    # The site's address for links in mail and invitations (https://cellule.example.org);
    # required by commands that send mail (reminders, outbox); `make run` sets it for its port.
    BASE_URL = None
    PREFERRED_URL_SCHEME = "http"
