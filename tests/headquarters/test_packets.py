import subprocess, time
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_explore(client, seed):
    t = time.time()
    page = client.get(reverse("headquarters:meeting-detail", args=[1])).content.decode()
    print("page", time.time() - t)
    open("/tmp/expl_page.html", "w").write(page)
    t = time.time()
    r = client.get(reverse("headquarters:meeting-packet-pdf", args=[1]))
    data = b"".join(r.streaming_content)
    print("pdf", time.time() - t, dict(r.headers))
    open("/tmp/expl.pdf", "wb").write(data)
