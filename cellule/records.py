"""What each table holds, named as people name it.

Used where a table shows through to people: the sections of « Mes données » (a
person's export, by table) and the targets of the audit log (``target_type`` is a
table name). ``tests/core/test_plain_words.py`` checks every table has its name.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

RECORD_NAMES = {
    "api_token": _l("Jetons d'accès à l'API"),
    "audit_event": _l("Journal des actions"),
    "auth_token": _l("Liens d'invitation et de réinitialisation"),
    "calendar_day_tally": _l("Décomptes des événements par jour"),
    "calendar_event": _l("Événements de l'agenda"),
    "calendar_feed_token": _l("Abonnements à l'agenda"),
    "calendar_feed_version": _l("Versions des flux de l'agenda"),
    "collection_audit_entry": _l("Historique des réponses aux collectes"),
    "collection_campaign": _l("Campagnes de collecte"),
    "collection_questionnaire": _l("Questionnaires"),
    "collection_region_extension": _l("Questions régionales"),
    "collection_response": _l("Réponses aux collectes"),
    "collection_review_comment": _l("Commentaires d'examen"),
    "collection_snapshot": _l("Transmissions au conseil national"),
    "collection_snapshot_figures": _l("Chiffres des transmissions au conseil national"),
    "collection_snapshot_lines": _l("Lignes d'export des transmissions au conseil national"),
    "collection_stored_workbook": _l("Classeurs d'export des campagnes de collecte"),
    "form_submission": _l("Formulaires de création envoyés"),
    "membership": _l("Rôles"),
    "outbox_message": _l("Courriels envoyés"),
    "ptce": _l("PTCE"),
    "ptce_activity": _l("Types d'activité des PTCE"),
    "ptce_sector": _l("Secteurs des PTCE"),
    "ptce_tombstone": _l("PTCE retirés de l'annuaire"),
    "recovery_code": _l("Codes de secours"),
    "region": _l("Régions"),
    "resource_attachment": _l("Pièces jointes des fiches"),
    "resource_national_proposal": _l("Propositions à la bibliothèque nationale"),
    "resource_pending_change": _l("Modifications de fiches en attente de relecture"),
    "resource_revision": _l("Versions des fiches ressources"),
    "resource_sheet": _l("Fiches ressources"),
    "resource_sheet_sector": _l("Secteurs des fiches"),
    "resource_sheet_tag": _l("Mots-clés des fiches"),
    "resource_sheet_tally": _l("Décomptes des fiches par bibliothèque"),
    "resource_tag_tally": _l("Mots-clés en usage dans les bibliothèques"),
    "resource_sheet_topic": _l("Thèmes des fiches"),
    "transfer_action": _l("Actions de suivi des transferts"),
    "transfer_assessment": _l("Évaluations des cycles de transfert"),
    "transfer_cycle": _l("Cycles de transfert"),
    "transfer_cycle_mentee": _l("PTCE accompagnés"),
    "transfer_cycle_region": _l("Régions concernées par les cycles de transfert"),
    "transfer_need": _l("Besoins de transfert"),
    "transfer_offer": _l("Offres de transfert"),
    "transfer_session": _l("Séances de transfert"),
    "transfer_session_attendee": _l("Participations aux séances de transfert"),
    "user_account": _l("Compte"),
    "visit": _l("Visites apprenantes"),
    "visit_feedback": _l("Avis sur les visites"),
    "visit_registration": _l("Inscriptions aux visites"),
}


def record_name(table: str):
    """The name of what ``table`` holds, in the reader's language (the table's own name if unknown)."""
    return RECORD_NAMES.get(table, table)
