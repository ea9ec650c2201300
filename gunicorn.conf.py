"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py dxportal.wsgi`."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Workers are processes: the app keeps no state in them (sessions, cache and rate limits live in
# PostgreSQL and Redis), so any number may run, on any number of machines.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
# The app is imported once, in the master, before the workers are forked: a worker that starts
# (or is recycled) is ready at once instead of importing Django and the portal again, which costs
# about a second of CPU. Nothing connects to PostgreSQL or Redis at import time; each worker opens
# its own connections on its first request. (Code changes need a restart, not a HUP.)
preload_app = True
# Recycle workers now and then, so slow leaks cannot build up. Cheap with preload_app (a fork);
# at a few hundred requests a second a worker lives for a minute or more.
max_requests = 20000
max_requests_jitter = 2000
# One line per request on standard output; GUNICORN_ACCESSLOG="" turns it off where a proxy in
# front already logs every request (the benchmarks do, on both sides they compare).
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
