"""The main indicators the council aggregates: stored in each snapshot's figures, shown by the dashboard."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

# variable, statistic, label
INDICATORS = [
    ("jobs_created", "sum", _l("Emplois créés (total)")),
    ("jobs_maintained", "sum", _l("Emplois maintenus (total)")),
    ("current_members", "mean", _l("Membres par PTCE (moyenne)")),
    ("staff_fte", "sum", _l("ETP dédiés à l'animation (total)")),
    ("volunteers", "sum", _l("Bénévoles (total)")),
    ("budget_amount", "median", _l("Budget annuel (médiane, €)")),
    ("share_public_subsidies", "mean", _l("Part des subventions publiques (moyenne, %)")),
    ("decision_sharing", "mean", _l("Partage de la décision, 0 à 5 (moyenne)")),
]
