"""Background work of the desk, run by the task worker (`manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from consultations import services


@task()
def send_consultation_mail(consultation_id: int) -> bool:
    """Send a request's pending mails; a failure is recorded on the request and retried later."""
    return services.send_consultation_mail(consultation_id)
