"""Sample URL values for the isolation walk (tests/core/test_isolation.py).

Every URL argument of every route needs a sample here, built in region A
(Hauts-de-France). A feature that adds a route with a new argument adds one
line: ``"visit_id": lambda w: make_visit(w).id``. ``w`` is the walk's World.
"""
from __future__ import annotations

SAMPLES = {
    "slug": lambda w: w.ptce_a.slug,
    "membership_id": lambda w: w.member_a.memberships[0].id,
    "user_id": lambda w: w.member_a.id,
    "token": lambda w: "not-a-valid-token",
    "code": lambda w: "fr",
    "fmt": lambda w: "csv",
}

# Endpoints that people of another region may legitimately reach in region A,
# each with the reason. Everything else answers them 404.
OPEN_TO_OTHER_REGIONS: dict[str, str] = {}

# Endpoints outside region workspaces that any signed-in person may use (their own data).
PERSONAL = {"auth.profile", "auth.logout", "auth.two_factor_settings", "auth.two_factor_new_codes",
            "auth.two_factor_disable", "privacy.my_data", "privacy.export_json", "privacy.export_csv", "privacy.consent",
            "privacy.delete_account"}

# Tables that record requests themselves (refused accesses, sign-ins); walks that
# check "nothing changed" leave them out and check them separately.
LOG_TABLES = {"audit_event"}
