"""Identifier checks shared by the form and the CSV import."""
import pytest

from cellule.blueprints.directory.validation import (Invalid, clean_department, clean_rna,
                                                      clean_sectors, clean_siret)


@pytest.mark.parametrize("value", ["732 829 320 00074", "73282932000074",
                                   "35600000000048",   # La Poste head office
                                   "35600000049837"])  # a La Poste establishment: Luhn fails, sum rule holds
def test_valid_siret(app, value):
    assert clean_siret(value) == value.replace(" ", "")


@pytest.mark.parametrize("value, words", [("73282932000075", "clé de contrôle"), ("1234", "14 chiffres"),
                                          ("", "obligatoire"), ("7328293200007A", "14 chiffres")])
def test_invalid_siret_says_why(app, value, words):
    with app.test_request_context():
        with pytest.raises(Invalid) as exc:
            clean_siret(value)
        assert words in str(exc.value)


def test_rna(app):
    assert clean_rna(" w123456789 ") == "W123456789"
    assert clean_rna("") is None
    with app.test_request_context(), pytest.raises(Invalid):
        clean_rna("W12345")


def test_departments_include_corsica_and_overseas(app):
    assert clean_department("2a") == "2A" and clean_department("974") == "974" and clean_department("1") == "01"
    with app.test_request_context():
        for bad in ("20", "975", "99", ""):
            with pytest.raises(Invalid):
                clean_department(bad)


def test_sectors_by_code_or_label_ignoring_accents(app):
    assert clean_sectors(["energy", "Energie, transition energetique", "AGRICULTURE ET ALIMENTATION"]) == [
        "energy", "agriculture_food"]
    with app.test_request_context(), pytest.raises(Invalid) as exc:
        clean_sectors(["Astrologie"])
    assert "Astrologie" in str(exc.value)
