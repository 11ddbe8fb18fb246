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
