"""The field macro's faster rendering writes exactly the HTML WTForms writes."""
from __future__ import annotations

import pytest
from flask import render_template_string
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import (BooleanField, DateField, EmailField, HiddenField, IntegerField, PasswordField,
                     RadioField, SelectField, StringField, TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import html_params

from cellule.forms import choices, hidden_fields, quick_html_params, render_field

TRICKY = 'Dupont & fils <"l\'atelier">'


class SampleForm(FlaskForm):
    name = StringField("Nom <et> prénom", validators=[DataRequired(), Length(min=2, max=160)],
                       render_kw={"autocomplete": "name", "class_": "wide"})
    email = EmailField("Adresse", validators=[Optional()])
    secret = PasswordField("Mot de passe", validators=[DataRequired()])
    seats = IntegerField("Places", validators=[NumberRange(min=1, max=40)])
    day = DateField("Jour")
    agree = BooleanField("J'accepte")
    ref = HiddenField()
    kind = SelectField("Type", choices=choices([("a", "A & B"), ("b", '"B"')]))
    notes = TextAreaField("Notes")
    pick = RadioField("Choix", choices=choices({"x": "X", "y": "Y"}))


ATTRIBUTE_SETS = [
    {},
    {"aria-describedby": "name-aide name-erreur", "aria-invalid": "true"},
    {"class_": "other", "data_role": "x_y", "aria_label": TRICKY},
    {"readonly": True, "disabled": False, "placeholder": Markup('<b>"déjà sûr"</b>'), "value": TRICKY},
    {"maxlength": 3, "title": None},
]


@pytest.fixture
def form(app):
    with app.test_request_context("/", method="POST",
                                  data={"name": TRICKY, "email": "a@b.fr", "seats": "0", "agree": "y",
                                        "ref": TRICKY, "kind": "b", "notes": TRICKY, "pick": "y"}):
        sample = SampleForm()
        sample.validate()  # errors on some fields: flags and values as after a refused POST
        yield sample


@pytest.mark.parametrize("attributes", ATTRIBUTE_SETS)
def test_every_field_renders_as_wtforms_renders_it(form, attributes):
    for field in form:
        assert render_field(field, **attributes) == field(**attributes), field.name


def test_hidden_fields_are_flask_wtf_hidden_tag(app, form):
    assert hidden_fields(form) == form.hidden_tag()
    app.config["WTF_CSRF_ENABLED"] = True  # the token field too
    with app.test_request_context("/"):
        protected = SampleForm()
        assert "csrf_token" in hidden_fields(protected)
        assert hidden_fields(protected) == protected.hidden_tag()


@pytest.mark.parametrize("attributes", ATTRIBUTE_SETS + [{"checked": True, "z": 0, "a": 1.5, "b": ""}])
def test_attribute_writer_matches_wtforms(attributes):
    written = quick_html_params(**attributes)
    assert isinstance(written, Markup)
    assert written == html_params(**attributes)


def test_the_macro_writes_wtforms_labels(form):
    page = render_template_string('{% from "_macros/forms.html" import field %}'
                                  "{{ field(f.name) }}{{ field(f.seats) }}{{ field(f.agree) }}{{ field(f.ref) }}",
                                  f=form)
    assert form.seats.errors and not form.name.errors
    for name in ("name", "seats", "agree"):
        assert str(form[name].label()) in page
    assert str(form.name()) in page and str(form.ref()) in page
    assert str(form.seats(**{"aria-describedby": "seats-erreur", "aria-invalid": "true"})) in page
