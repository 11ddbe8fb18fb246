"""The labelled-enum base: values stored as before, labels in the reader's language, form choices."""
from __future__ import annotations

import sqlalchemy as sa
from wtforms.fields.choices import SelectChoice

from cellule.blueprints.calendar.models import EventKind
from cellule.blueprints.collection.lifecycle import ResponseStatus
from cellule.blueprints.directory.models import Ptce
from cellule.blueprints.directory.reference import Stage
from cellule.blueprints.resources.reference import Category
from cellule.enums import LabelledEnum
from cellule.extensions import db
from cellule.i18n import force_locale


def _labelled_enums():
    """Every LabelledEnum the application defines (the features import them all)."""
    found, todo = [], list(LabelledEnum.__subclasses__())
    while todo:
        cls = todo.pop()
        if cls.__module__.startswith("cellule."):  # not the throwaway enums some tests define
            found.append(cls)
        todo += cls.__subclasses__()
    return found


def test_every_feature_enum_is_labelled_and_no_enum_keeps_its_own_label_method(app):
    enums = _labelled_enums()
    names = {cls.__name__ for cls in enums}
    assert {"Role", "PartnerKind", "Stage", "CampaignStatus", "ResponseStatus", "Category", "Scope",
            "SheetStatus", "ProposalStatus", "NeedStatus", "CycleStatus", "Side", "SessionMode",
            "ActionStatus", "EventKind", "Visibility", "VisitStatus", "RegistrationStatus"} <= names
    for cls in enums:
        assert "label" not in vars(cls), f"{cls.__name__} defines its own label"
        for member in cls:
            assert member._label is not None, f"{cls.__name__}.{member.name} has no label"
            assert member.value.islower() and " " not in member.value


def test_values_are_stored_and_read_back_unchanged(app, make_ptce):
    assert ResponseStatus("not_started") is ResponseStatus.NOT_STARTED
    assert ResponseStatus.NOT_STARTED.value == "not_started"
    ptce = make_ptce("hauts-de-france", name="PTCE Stade")
    ptce.stage = Stage.CONSOLIDATED
    db.session.commit()
    stored = db.session.execute(sa.text("SELECT stage FROM ptce WHERE id = :id"), {"id": ptce.id}).scalar()
    assert stored == "consolidated"
    db.session.expire_all()
    assert db.session.get(Ptce, ptce.id).stage is Stage.CONSOLIDATED


def test_labels_follow_the_readers_language(app):
    with app.test_request_context():
        label = ResponseStatus.RETURNED.label  # made once, read in each language
        assert str(label) == "Renvoyé pour correction"
        assert str(EventKind.WEBINAR.label) == "Webinaire"
        with force_locale("en"):
            assert str(label) == "Returned for correction"
            assert str(Category.LEGAL.label) == "Legal"


def test_choices_labels_and_label_of(app):
    with app.test_request_context():
        choices = Stage.choices()
        assert all(isinstance(c, SelectChoice) for c in choices)
        assert [(c.value, str(c.label)) for c in choices][:2] == [("emerging", "Émergent"),
                                                                  ("developing", "En développement")]
        assert [c.value for c in Stage.choices(exclude={Stage.INACTIVE})] == ["emerging", "developing",
                                                                              "consolidated"]
        assert list(Stage.labels()) == list(Stage)
        assert str(ResponseStatus.label_of("draft")) == "Brouillon"
        assert str(ResponseStatus.label_of(ResponseStatus.DRAFT)) == "Brouillon"
        assert ResponseStatus.label_of(None) is None
        assert ResponseStatus.label_of("gone") == "gone"


def test_members_hash_by_identity_as_they_compare():
    """``LabelledEnum`` members are hashed by identity (in C), as they compare: a member is one key in a
    dict or a set whether it was read back by value, by name or through pickle, and a plain string
    of its value is another key."""
    import copy
    import pickle

    from cellule.blueprints.resources.reference import SheetStatus
    from cellule.blueprints.transfers.models import CycleStatus

    for member in (SheetStatus.DRAFT, CycleStatus.ACTIVE):
        found = {member: "x"}
        same = (type(member)(member.value), type(member)[member.name], pickle.loads(pickle.dumps(member)),
                copy.deepcopy(member))
        assert all(found[other] == "x" for other in same)
        assert hash(member) == object.__hash__(member)
        assert member.value not in found and len({member, *same}) == 1
    assert len({*SheetStatus, *CycleStatus}) == len(SheetStatus) + len(CycleStatus)
