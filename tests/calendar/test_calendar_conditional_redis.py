"""With a shared Redis, the WSGI layer answers public feed polls from it (``version_cache.py``).

Each test runs under a Redis key prefix of its own and deletes only its own keys after.
"""
from __future__ import annotations

import gc
import threading
import uuid

import pytest
import redis

from cellule.blueprints.auth.identity import EXTENSION as IDENTITY
from cellule.blueprints.calendar import services, tokens, version_cache, versions
from cellule.extensions import db

REDIS_URL = "redis://127.0.0.1:6379/15"


def _with_redis(prefix: str) -> dict:
    return {"IDENTITY_CACHE_URL": REDIS_URL, "IDENTITY_CACHE_PREFIX": prefix}


PREFIX = f"test-feeds-{uuid.uuid4().hex}:"
pytestmark = pytest.mark.config(**_with_redis(PREFIX))


@pytest.fixture(autouse=True)
def _own_keys_deleted(app):
    client = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
    yield
    for key in client.scan_iter(match=f"cellule:{PREFIX}*", count=500):
        client.delete(key)
    client.close()
    version_cache.cache(app).close()
    app.extensions[IDENTITY].close()


@pytest.fixture
def second_instance(other_app):
    """Another worker or host of the deployment: own engine, own Redis clients (closed after)."""
    made = other_app()
    yield made
    version_cache.cache(made).close()
    made.extensions[IDENTITY].close()


def test_redis_is_used_when_configured_and_not_otherwise(app, other_app):
    assert version_cache.cache(app) is not None
    assert version_cache.cache(other_app(IDENTITY_CACHE_URL="local")) is None
    assert version_cache.cache(other_app(IDENTITY_CACHE_URL="off")) is None


@pytest.mark.parametrize("path", ["/agenda.ics", "/bretagne/agenda.ics"])
def test_redis_a_change_through_one_instance_is_seen_through_another_at_once(
        client, second_instance, make_event, viewed, path):
    event = make_event("bretagne", title="Avant")
    elsewhere = second_instance.test_client()
    etag = client.get(path).headers["ETag"]
    assert elsewhere.get(path, headers={"If-None-Match": etag}).status_code == 304  # fills Redis
    assert elsewhere.get(path, headers={"If-None-Match": etag}).status_code == 304  # from Redis
    assert len(viewed) == 1
    services.update_event(event, title="Après")  # through this instance's session
    db.session.commit()
    changed = elsewhere.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and b"SUMMARY:Apr\xc3\xa8s" in changed.data
    assert changed.headers["ETag"] != etag
    assert elsewhere.get(path, headers={"If-None-Match": changed.headers["ETag"]}).status_code == 304
    assert client.get(path, headers={"If-None-Match": changed.headers["ETag"]}).status_code == 304


def test_redis_a_304_sends_no_sql_statement(client, make_event, queries):
    make_event("bretagne")
    national, regional = (client.get(p).headers["ETag"] for p in ("/agenda.ics", "/bretagne/agenda.ics"))
    with queries.count():  # the first polls read the database and fill Redis
        assert client.get("/agenda.ics", headers={"If-None-Match": national}).status_code == 304
        assert client.get("/bretagne/agenda.ics", headers={"If-None-Match": regional}).status_code == 304
    assert len(queries) == 2, queries.report()
    with queries.count():
        assert client.get("/agenda.ics", headers={"If-None-Match": national}).status_code == 304
        assert client.get("/bretagne/agenda.ics", headers={"If-None-Match": regional}).status_code == 304
    assert len(queries) == 0, queries.report()


def test_redis_a_renamed_region_renews_its_feed(client, region, make_event):
    make_event("bretagne")
    etag = client.get("/bretagne/agenda.ics").headers["ETag"]
    assert client.get("/bretagne/agenda.ics", headers={"If-None-Match": etag}).status_code == 304
    bretagne = region("bretagne")
    bretagne.name = "Breizh"  # no event changes: the region's row is in the feed's state
    db.session.commit()
    try:
        renamed = client.get("/bretagne/agenda.ics", headers={"If-None-Match": etag})
        assert renamed.status_code == 200 and b"Breizh" in renamed.data
    finally:  # regions are kept from test to test
        bretagne.name = "Bretagne"
        db.session.commit()


def test_redis_a_state_read_before_a_change_is_never_served_after_it(app, make_event):
    """The reader's database read sees the old row, the writer commits and announces, then the
    reader stores what it read: that copy carries the old generation and is a miss."""
    event = make_event(None, title="Avant")
    cache = version_cache.cache(app)

    def national():
        with db.engine.connect() as connection:
            return versions.national(connection)

    def old_then_change():
        old = national()
        services.update_event(event, title="Après")
        db.session.commit()  # committed and announced while the reader has not stored yet
        return old

    old = cache.state("national", old_then_change)
    new = cache.state("national", national)
    assert new != old and new == national()
    assert cache.state("national", lambda: pytest.fail("the database was read")) == new


def test_redis_personal_feeds_keep_the_database_path_and_a_revoked_token_answers_404(
        client, make_user, queries):
    user = make_user("coordinator", region="bretagne")
    old = f"/agenda/perso/{tokens.regenerate(user)}.ics"
    db.session.commit()
    etag = client.get(old).headers["ETag"]
    with queries.count():
        assert client.get(old, headers={"If-None-Match": etag}).status_code == 304
    assert len(queries) == 1, queries.report()  # its person, token and versions: one query
    tokens.regenerate(user)  # the old address is revoked
    db.session.commit()
    assert client.get(old, headers={"If-None-Match": etag}).status_code == 404


@pytest.mark.parametrize("path", ["/agenda.ics", "/bretagne/agenda.ics"])
def test_redis_down_gives_the_same_answers_as_without_it(app, client, make_event, caplog, path):
    version_cache.cache(app).close()
    app.extensions[version_cache.EXTENSION] = version_cache.RedisFeedStates("redis://127.0.0.1:1/0", "down:")
    event = make_event("bretagne", title="Avant")
    etag = client.get(path).headers["ETag"]
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304  # resting: the database
    services.update_event(event, title="Après")
    db.session.commit()  # the announcement fails after the commit: logged, not raised
    changed = client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and b"SUMMARY:Apr\xc3\xa8s" in changed.data
    assert client.get("/nulle-part/agenda.ics", headers={"If-None-Match": etag}).status_code == 404
    assert "Redis unavailable" in caplog.text


def test_redis_a_poll_connection_closed_by_redis_is_opened_again(app, client, make_event, queries, caplog):
    """Redis restarted or dropped the layer's kept connection (its idle timeout): the next poll reconnects."""
    make_event("bretagne")
    etag = client.get("/bretagne/agenda.ics").headers["ETag"]
    asked = {"If-None-Match": etag}
    assert client.get("/bretagne/agenda.ics", headers=asked).status_code == 304  # fills Redis
    kept = version_cache.cache(app)._polls.kept.connection
    kept.send_command("CLIENT", "ID")
    admin = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
    assert admin.client_kill_filter(_id=kept.read_response()) == 1
    admin.close()
    with queries.count():
        assert client.get("/bretagne/agenda.ics", headers=asked).status_code == 304
        assert client.get("/bretagne/agenda.ics", headers=asked).status_code == 304
    assert len(queries) == 0, queries.report()  # Redis answered, on a new connection
    assert "Redis unavailable" not in caplog.text


def test_redis_a_threads_poll_connection_goes_back_to_the_pool_when_the_thread_ends(app):
    """Servers that run each request in a thread of its own must not keep one Redis connection per thread."""
    cache = version_cache.cache(app)
    pool = cache.client.connection_pool
    threads = [threading.Thread(target=cache.state, args=("national", lambda: None)) for _ in range(5)]
    for thread in threads:
        thread.start()
        thread.join()
    gc.collect()
    assert not pool._in_use_connections and len(pool._available_connections) >= 1
