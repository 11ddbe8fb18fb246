"""Hostile Markdown: nothing executable survives, on the page as in the renderer."""
from html.parser import HTMLParser

import pytest

from cellule.text import render_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)" onclick="alert(2)">clic</a>',
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[clic](java\nscript:alert(1))",
    "[clic](&#106;avascript:alert(1))",
    "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![image](javascript:alert(1))",
    "![image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '![x](https://example.org/x.png "t" onerror=alert(1))',
    "[ref]\n\n[ref]: javascript:alert(1)",
    "<iframe src=https://evil.example></iframe>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<svg><script>alert(1)</script></svg>",
    "<https://example.org/\" onmouseover=\"alert(1)>",
    "`<script>` in code is text",
]


class Audit(HTMLParser):
    """Collects every tag, attribute and URL of a piece of HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, name.lower(), (value or "")) for name, value in attrs)


def assert_harmless(html: str) -> None:
    audit = Audit()
    audit.feed(html)
    assert not {"script", "iframe", "svg", "img", "style", "object", "embed"} & set(audit.tags), html
    for tag, name, value in audit.attrs:
        assert not name.startswith("on"), html
        assert name not in {"style", "src", "srcdoc"}, html
        if name == "href":
            scheme = value.strip().lower().split(":", 1)[0] if ":" in value else ""
            assert scheme in {"", "http", "https", "mailto"}, html


@pytest.mark.parametrize("source", HOSTILE)
def test_renderer_neutralises(source):
    assert_harmless(str(render_markdown(source, top=2)))


def test_safe_markdown_still_renders():
    html = str(render_markdown("# Titre\n\n**gras** et [lien](https://example.org)\n\n| a | b |\n|---|---|\n| 1 | 2 |", top=2))
    assert "<h2>Titre</h2>" in html and "<strong>gras</strong>" in html and "<table>" in html
    assert 'href="https://example.org"' in html and 'rel="noopener noreferrer nofollow"' in html


def test_sheet_page_neutralises_every_payload(client, make_sheet):
    body = "\n\n".join(HOSTILE)
    sheet = make_sheet(title='<script>alert("titre")</script>', summary="<b onmouseover=alert(1)>r</b>",
                       body=body, tags=["<img src=x onerror=alert(1)>"])
    page = client.get(f"/hauts-de-france/fiches/{sheet.id}").get_data(as_text=True)
    main = page.split('<main', 1)[1].split("</main>")[0]
    assert_harmless(main.replace('href="/', 'href="http://cellule.test/'))
    assert "&lt;script&gt;alert(&#34;titre&#34;)&lt;/script&gt;" in page


def test_revision_and_search_pages_neutralise(client, login, make_sheet):
    sheet = make_sheet(title="Fiche piégée", body="coopérative <script>alert(1)</script> [x](javascript:alert(1))")
    login("coordinator", region="hauts-de-france")
    for url in (f"/hauts-de-france/fiches/{sheet.id}/historique/1", "/hauts-de-france/fiches/?q=cooperative",
                f"/hauts-de-france/fiches/{sheet.id}/historique"):
        page = client.get(url).get_data(as_text=True)
        main = page.split('<main', 1)[1].split("</main>")[0]
        assert_harmless(main.replace('href="/', 'href="http://cellule.test/'))
        assert "<script>" not in main


def test_a_text_is_rendered_once_and_its_level_kept_apart():
    """The HTML is kept by text and level: a second page showing the text reuses it, and the same text
    under another heading level gets its own headings."""
    from cellule import text

    source = "# Programme\n\nAccueil & <script>alert(1)</script> présentation"
    text._rendered.cache_clear()
    first = render_markdown(source, 3)
    assert render_markdown(source, 3) is first
    assert text._rendered.cache_info().hits == 1 and text._rendered.cache_info().misses == 1
    assert first.startswith("<h3>Programme</h3>") and "<script" not in first
    assert render_markdown(source, 2).startswith("<h2>Programme</h2>")
    assert render_markdown(None, 2) == render_markdown("", 2) == ""
    with pytest.raises(ValueError):
        render_markdown(source, 1)
