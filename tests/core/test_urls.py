"""URL helpers."""
from flask import url_for

from cellule.urls import RowLinks


def test_row_links_answer_what_url_for_would(app):
    """urls.RowLinks builds each row's link from one url_for per endpoint and other values: the
    same path as url_for, for ids of any length, an id in the middle of a path and a prefix."""
    cases = [("visits.detail", "visit_id", {"region_slug": "la-reunion"}),
             ("resources.national_detail", "sheet_id", {}),
             ("resources.detail", "sheet_id", {"region_slug": "hauts-de-france"}),
             ("visits.edit", "visit_id", {"region_slug": "bretagne"})]
    with app.test_request_context("/", base_url="https://cellule.example.org/sous-dossier/"):
        for endpoint, name, values in cases:
            links = RowLinks(name)
            for id in (1, 7, 10, 8191, 123456789):
                assert links(endpoint, id, **values) == url_for(endpoint, **{name: id}, **values)
            assert len(links._paths) == 1  # one url_for for all of them


def test_row_links_keep_paths_per_mount_point_and_application(app):
    """RowLinks' paths are kept across requests (a page of 18 regions' events builds none), but
    each mount point and each application finds its own: a link never takes another's prefix."""
    from cellule import create_app
    from cellule import urls

    def link(application, root: str) -> str:
        with application.test_request_context("/", base_url=f"https://cellule.example.org{root}"):
            made = RowLinks("visit_id")("visits.detail", 42, region_slug="bretagne")
            assert made == url_for("visits.detail", visit_id=42, region_slug="bretagne")
            return made

    assert link(app, "/") == "/bretagne/visites/42"
    assert link(app, "/sous-dossier/") == "/sous-dossier/bretagne/visites/42"
    assert link(app, "/") == "/bretagne/visites/42"
    other = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x",
                        "APPLICATION_ROOT": "/"})
    assert link(other, "/ailleurs/") == "/ailleurs/bretagne/visites/42"
    assert len(urls._KNOWN_PATHS[app.url_map]) == 2 and len(urls._KNOWN_PATHS[other.url_map]) == 1
    with app.test_request_context("/"):
        of = RowLinks("visit_id").of("visits.detail", region_slug="la-reunion")
        assert [of(i) for i in (1, 123456)] == ["/la-reunion/visites/1", "/la-reunion/visites/123456"]


def test_row_links_take_the_requests_region_when_left_out(app):
    """A list may leave the region out (the transfers overview does): ``url_for`` takes the request's
    region from the URL defaults, and so does the kept path, request after request."""
    from flask import g

    from cellule.blueprints.directory.models import Region
    from cellule.extensions import db

    made = {}
    for slug in ("bretagne", "normandie", "bretagne"):
        with app.test_request_context(f"/{slug}/transferts/"):
            g.region = db.session.scalar(db.select(Region).where(Region.slug == slug))
            link = RowLinks("cycle_id")("transfers.cycle", 5)
            assert link == url_for("transfers.cycle", cycle_id=5)
            made[slug] = link
    assert made == {"bretagne": "/bretagne/transferts/cycles/5", "normandie": "/normandie/transferts/cycles/5"}


def test_kept_url_answers_what_url_for_would_and_builds_each_link_once(app, monkeypatch):
    """A list's page links (``paging.links``, the counted pager) come from ``urls.kept_url``: the same
    URL as ``url_for`` (the query's order, accents and spaces, lists, values left out as None, the
    request's region filled in), built once per application, mount point and values."""
    from flask import g

    from cellule import urls
    from cellule.blueprints.directory.models import Region
    from cellule.extensions import db

    cases = [("transfers.overview", {"besoins": 2, "cycles": None}),
             ("transfers.other_offers", {"page": 3, "topic": "hr", "region": 7}),
             ("directory.national_list", {"q": "Pôle émeraude & co", "page": 2}),
             ("directory.national_list", {"secteur": ["energy", "culture"], "page": 2}),
             ("resources.review", {"revoir": 4, "modifications": 2})]
    built = []
    real = urls.url_for
    monkeypatch.setattr(urls, "url_for", lambda *a, **k: built.append(a) or real(*a, **k))
    for root in ("/", "/sous-dossier/"):
        for _ in range(3):
            with app.test_request_context("/bretagne/transferts/", base_url=f"https://cellule.example.org{root}"):
                g.region = db.session.scalar(db.select(Region).where(Region.slug == "bretagne"))
                for endpoint, values in cases:
                    assert urls.kept_url(endpoint, **values) == real(endpoint, **values)
                assert urls.kept_url("transfers.overview", _anchor="x") == real("transfers.overview", _anchor="x")
    assert len(built) == 2 * len(cases) + 2 * 3  # once per mount point and values; _anchor each time
    with app.test_request_context("/normandie/transferts/"):
        g.region = db.session.scalar(db.select(Region).where(Region.slug == "normandie"))
        assert urls.kept_url("transfers.overview", offres=2) == "/normandie/transferts/?offres=2"


def test_kept_url_keeps_the_querys_order_types_and_url_fors_refusals(app):
    """Values in another order, or equal values of other types (1, True, 1.0), are other links, as
    url_for writes them; a set (which url_for takes, a key cannot hold) and an explicit None region
    (url_for refuses to build) are url_for's each time; the links' store is not the row paths'."""
    import pytest
    from werkzeug.routing import BuildError

    from cellule import urls

    with app.test_request_context("/"):
        for values in ({"page": 2, "q": "x"}, {"q": "x", "page": 2}, {"page": 1}, {"page": True}, {"page": 1.0},
                       {"secteur": {"energy"}, "page": 2}):
            for _ in range(2):
                assert urls.kept_url("directory.national_list", **values) == url_for("directory.national_list", **values)
        assert urls.kept_url("directory.national_list", page=2, q="x") != urls.kept_url("directory.national_list",
                                                                                         q="x", page=2)
        with pytest.raises(BuildError):
            url_for("visits.region_list", region_slug=None)
        with pytest.raises(BuildError):
            urls.kept_url("visits.region_list", region_slug=None)
        paths = dict(urls._KNOWN_PATHS.get(app.url_map, {}))
        for n in range(urls._KNOWN_MAX + 2):  # a flood of free-text queries
            urls.kept_url("directory.national_list", q=f"texte {n}")
        assert len(urls._KNOWN_URLS[app.url_map]) <= urls._KNOWN_MAX + 1
        assert urls._KNOWN_PATHS.get(app.url_map, {}) == paths
