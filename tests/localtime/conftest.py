"""The visit and transfer fixtures, shared here: local times cut across both features."""
from tests.transfers.conftest import as_user, make_cycle, world  # noqa: F401
from tests.visits.conftest import host, make_visit, member, register  # noqa: F401
