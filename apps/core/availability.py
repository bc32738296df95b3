"""While the database or Redis cannot be reached every page answers a Chinese 503 page, and the outage is
logged once (not a traceback per request); the first request after they answer again logs the recovery.

`ServiceGateMiddleware` sits first in MIDDLEWARE: it answers /healthz itself (before the host check and the
HTTPS redirect, so a plain-HTTP health check of a load balancer or of compose gets its 200/503), then checks
that the database connects and Redis answers (Redis at most every few seconds per process). A connection lost
in the middle of a request reaches `handler500` (`outage_or_server_error`), which answers the same page.
"""

import logging
import sys
import threading
import time

from django.conf import settings
from django.db import connections
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string

logger = logging.getLogger("portal.availability")

REDIS_RECHECK_SECONDS = 5


def _redis_errors():
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    return RedisConnectionError, RedisTimeoutError


def outage_exceptions():
    from kombu.exceptions import OperationalError as BrokerDown

    return (OperationalError, InterfaceError, BrokerDown, *_redis_errors())


class _State:
    """Per process: what is down now (logged when it goes down and when it comes back) and the last Redis ping."""

    lock = threading.Lock()
    down = set()
    redis_ok_at = 0.0

    @classmethod
    def report_down(cls, service, exc):
        with cls.lock:
            first = service not in cls.down
            cls.down.add(service)
        if first:
            logger.error("%s无法连接，页面暂时答复“系统维护中”：%s: %s", service, exc.__class__.__name__, exc)

    @classmethod
    def report_up(cls, service):
        if service in cls.down:
            with cls.lock:
                cls.down.discard(service)
            logger.warning("%s已恢复连接。", service)


def maintenance_response():
    """The page a person meets during an outage: no database, no session, no context processors."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "60"
    return response


def check_database():
    # connects when the request has no connection yet; a kept connection is health-checked by Django
    # (CONN_HEALTH_CHECKS) at its first query, and a failure there reaches outage_or_server_error
    connections["default"].ensure_connection()


def check_redis():
    import redis

    now = time.monotonic()
    if now - _State.redis_ok_at < REDIS_RECHECK_SECONDS:
        return
    redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()
    _State.redis_ok_at = now


class ServiceGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            from .views import healthz

            return healthz(request)
        if request.path_info.startswith(settings.STATIC_URL):
            return self.get_response(request)
        for service, check, errors in (("数据库", check_database, (OperationalError, InterfaceError)),
                                       ("Redis", check_redis, _redis_errors())):
            try:
                check()
            except errors as exc:
                _State.redis_ok_at = 0.0
                _State.report_down(service, exc)
                return maintenance_response()
            _State.report_up(service)
        return self.get_response(request)


def outage_or_server_error(request):
    """handler500: a database or Redis connection lost during the request is the maintenance page too."""
    exc = sys.exc_info()[1]
    if exc is not None and isinstance(exc, outage_exceptions()):
        _State.redis_ok_at = 0.0
        service = "数据库" if isinstance(exc, (OperationalError, InterfaceError)) else "Redis"
        _State.report_down(service, exc)
        return maintenance_response()
    return HttpResponseServerError(render_to_string("500.html"))


class NotOutageFilter(logging.Filter):
    """django.request would log a traceback per request during an outage; the gate logs it once instead."""

    def filter(self, record):
        exc = record.exc_info[1] if record.exc_info else None
        return not (exc is not None and isinstance(exc, outage_exceptions()))
