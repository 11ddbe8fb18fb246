"""The faster ``html_params`` (cellule/forms.py) writes exactly what WTForms' own writes."""
from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup
from wtforms.widgets import core

from cellule.forms import fast_html_params

ORIGINAL = getattr(core, "_cellule_original_html_params", core.html_params)

keys = st.text(alphabet=string.ascii_lowercase + "_", min_size=1, max_size=12).filter(lambda k: k.strip("_"))
values = st.one_of(
    st.booleans(), st.integers(), st.text(max_size=30),
    st.text(max_size=30).map(Markup),  # already safe values keep their markup, quotes become &quot;
    st.sampled_from(['"', "'", "<script>", "&amp;", 'a"b', "é à", "\u00a0"]),
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(keys, values, max_size=8))
def test_same_output_as_wtforms(attributes):
    assert fast_html_params(**attributes) == ORIGINAL(**attributes)
    assert type(fast_html_params(**attributes)) is Markup


def test_widgets_use_it_and_render_escaped_values(app):
    from cellule.blueprints.auth.forms import ProfileForm

    assert core.html_params is fast_html_params and core.Input.html_params is fast_html_params
    with app.test_request_context("/"):
        form = ProfileForm(prefix="profile", data={"name": 'Awa "<b>" & co'})
        html = str(form.name()) + str(form.name.label())
    assert 'value="Awa &#34;&lt;b&gt;&#34; &amp; co"' in html
    assert '<label for="profile-name">' in html
