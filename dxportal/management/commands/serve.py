"""`make run`'s server: Django's development server, with a listen queue for a crowd."""

from __future__ import annotations

from django.contrib.staticfiles.management.commands.runserver import Command as RunserverCommand
from django.core.servers.basehttp import WSGIServer


class CrowdWSGIServer(WSGIServer):
    # Django's development server lets 10 connections wait; the 11th of 200 visitors sending at
    # the same moment was reset by the kernel before the portal saw it.
    request_queue_size = 256


class Command(RunserverCommand):
    help = (
        "開発用サーバを起動します（runserver と同じで、同時に多くの接続を受け付けます）。"
        "本番では gunicorn を使ってください。"
    )
    server_cls = CrowdWSGIServer
