"""Calendar fixtures: an event factory, an independent iCalendar parser (vobject), a tiny HTML tree."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser

import pytest

from cellule.blueprints.calendar import bodies, feeds
from cellule.blueprints.calendar.models import Event, EventKind, Visibility
from cellule.extensions import db
from tests import vcal

_n = itertools.count(1)


@pytest.fixture
def viewed(monkeypatch):
    """How many feed requests reached the view (those answered in front of Flask do not)."""
    calls = []
    real = bodies.feed_response
    monkeypatch.setattr(bodies, "feed_response", lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


@pytest.fixture
def make_event(region):
    """Create and commit an event: ``make_event("bretagne", title=…, visibility=Visibility.MEMBERS)``.

    ``region_slug=None`` makes a national event. Default: public regional meeting in ten days.
    Written through the ORM, then ``feeds.refresh`` as every calendar service does.
    """

    def make(region_slug: str | None = "hauts-de-france", **fields) -> Event:
        n = next(_n)
        start = fields.pop("starts_at", datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=10))
        values = dict(uid=f"test-{n}@cellule", kind=EventKind.REGIONAL_MEETING, title=f"Événement {n}",
                      starts_at=start, ends_at=start + timedelta(hours=2), location="Salle du conseil",
                      visibility=Visibility.PUBLIC,
                      region_id=region(region_slug).id if region_slug else None)
        values.update(fields)
        event = Event(**values)
        db.session.add(event)
        db.session.flush()
        feeds.refresh([event])
        db.session.commit()
        return event

    return make


def parse_ics(data: bytes):
    """Parse with vobject — a parser independent of the icalendar package that wrote the feed."""
    return vcal.read(data)


def vevents(data: bytes) -> dict:
    """The feed's VEVENTs by UID, as parsed by vobject."""
    cal = parse_ics(data)
    return {ev.uid.value: ev for ev in getattr(cal, "vevent_list", [])}


@pytest.fixture
def ics():
    """Helpers to read feeds with vobject: ``ics.events(bytes)``, ``ics.calendar(bytes)``."""

    class Reader:
        events = staticmethod(vevents)
        calendar = staticmethod(parse_ics)

    return Reader


# -- a tiny HTML tree for structure checks ------------------------------------
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict
    children: list = field(default_factory=list)
    parent: "Node | None" = None
    texts: list = field(default_factory=list)

    @property
    def text(self) -> str:
        parts = list(self.texts)
        for child in self.children:
            parts.append(child.text)
        return " ".join(" ".join(parts).split())

    def find_all(self, tag: str, **attrs) -> list["Node"]:
        found = []
        for child in self.children:
            if child.tag == tag and all(_matches(child.attrs.get(_attr(k)), v) for k, v in attrs.items()):
                found.append(child)
            found.extend(child.find_all(tag, **attrs))
        return found

    def find(self, tag: str, **attrs) -> "Node | None":
        found = self.find_all(tag, **attrs)
        return found[0] if found else None


def _attr(keyword: str) -> str:
    """``class_`` → class, ``aria_current`` → aria-current."""
    return keyword.rstrip("_").replace("_", "-")


def _matches(value, wanted) -> bool:
    if wanted is True:
        return value is not None
    if value is None:
        return False
    return wanted in value.split() if isinstance(wanted, str) and " " not in wanted else value == wanted


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: (v if v is not None else "") for k, v in attrs}, parent=self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.texts.append(data)


def html_tree(data: bytes) -> Node:
    builder = _Builder()
    builder.feed(data.decode("utf-8"))
    return builder.root
