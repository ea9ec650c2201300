import time

import pytest
from django.urls import reverse

from dxportal.lib.antispam import started_token

pytestmark = pytest.mark.django_db


def test_probe(seed, client):
    url = reverse("consultations:consultation-form", args=["aomori-dx"])
    r = client.get(url)
    open("/tmp/probe/get.html", "w").write(r.content.decode())
    r = client.post(
        url,
        {
            "company_name": "",
            "phone": "abc",
            "support_items": ["1", "2"],
            "consent": "on",
            "municipality": "札幌市",
            "email": "x@",
            "started": started_token(now=time.time() - 10),
        },
    )
    open("/tmp/probe/post.html", "w").write(r.content.decode())
