"""gunicorn settings for cellule: ``gunicorn -c gunicorn.conf.py wsgi:app``.

Everything comes from the environment so one file serves every instance.
Workers keep no local state: sessions are signed cookies, rate limits live in
Redis (CELLULE_RATELIMIT_STORAGE_URI), files in the shared CELLULE_UPLOAD_DIR,
mail in the database outbox. Any number of workers and instances can serve.
"""
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never grows unbounded.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Heartbeat files in memory rather than on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# nginx on the same host sets X-Forwarded-Proto; trust it from there only.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
# No control socket: its default path is per user, shared by every instance on a host.
control_socket_disable = True
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# The request id (X-Request-ID, set by nginx or by cellule) joins these lines to the app's logs.
access_log_format = os.environ.get(
    "GUNICORN_ACCESS_LOG_FORMAT",
    '%(h)s "%(r)s" %(s)s %(B)s %(M)sms pid=%(p)s rid=%({x-request-id}o)s "%(a)s"')
