"""Values kept per content version: drawn once, never served after a change of public data."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations.models import Desk
from consultations.offer import desk_offer
from dxportal import public_content, versioned
from tests.consultations.form_client import SLUG, form_url, submit, to_confirmation, typed


class Drawer:
    """A draw function that counts its calls."""

    def __init__(self, value) -> None:
        self.value, self.calls = value, 0

    def __call__(self):
        self.calls += 1
        return self.value


def test_a_value_is_drawn_once_per_content_version(db):
    drawer = Drawer("一")
    assert versioned.versioned("sample", drawer) == "一"
    assert versioned.versioned("sample", drawer) == "一"
    assert drawer.calls == 1
    public_content.new_content_version()
    drawer.value = "二"
    assert versioned.versioned("sample", drawer) == "二"
    assert drawer.calls == 2


def test_another_process_takes_the_value_from_the_shared_cache(db):
    drawer = Drawer({"name": "窓口"})
    versioned.versioned("sample", drawer)
    versioned._store.clear()  # a process that has not seen it yet
    assert versioned.versioned("sample", drawer) == {"name": "窓口"}
    assert drawer.calls == 1


def test_nothing_found_is_not_kept(db):
    drawer = Drawer(None)
    assert versioned.versioned("missing", drawer) is None
    assert versioned.versioned("missing", drawer) is None
    assert drawer.calls == 2


def test_a_request_on_an_older_version_never_hands_its_values_to_a_newer_one(db):
    old = public_content.content_version()
    public_content.new_content_version()
    new = public_content.content_version()
    versioned._forget_old(new)
    # A request that began before the change still draws under the old version...
    versioned._store[old, "sample"] = "古い"
    # ...and a request on the new version does not see it.
    assert versioned.versioned("sample", Drawer("新しい")) == "新しい"


def test_the_store_is_bounded(db, monkeypatch):
    monkeypatch.setattr(versioned, "MAX_ENTRIES", 3)
    for number in range(10):
        versioned.versioned(f"sample-{number}", Drawer(number))
    assert len(versioned._store) <= 3


def test_a_request_reads_the_content_version_once(desk, client, monkeypatch):
    client.get(form_url())  # the blank form and the offer kept for this version
    reads = []
    original = cache.get

    def counting_get(key, *args, **kwargs):
        reads.append(key)
        return original(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counting_get)
    response = to_confirmation(client, typed())
    assert response.status_code == 200  # the confirmation page, with its furniture
    assert reads.count(public_content.VERSION_KEY) == 1


def test_outside_a_request_the_version_is_read_afresh(db):
    first = public_content.content_version()
    cache.set(public_content.VERSION_KEY, first + 1, timeout=None)  # another server's change
    assert public_content.content_version() == first + 1


@pytest.mark.parametrize("step", ["confirm", "send"])
def test_a_staff_edit_of_the_desk_shows_on_the_next_post(desk, client, step):
    client.get(form_url())
    row = Desk.objects.get(slug=SLUG)
    row.name = "改称した総合窓口"
    row.save()
    if step == "send":
        response = client.get(submit(client, typed())["Location"])
    else:
        response = to_confirmation(client, typed())
    assert "改称した総合窓口" in response.content.decode()


def test_the_offer_costs_no_query_once_kept(desk):
    desk_offer(SLUG)
    with CaptureQueriesContext(connection) as queries:
        offer = desk_offer(SLUG)
    # Only the content version, read from the cache (here the database cache table).
    assert [q for q in queries.captured_queries if "dxportal_cache" not in q["sql"]] == []
    assert offer.desk.slug == SLUG and offer.items
