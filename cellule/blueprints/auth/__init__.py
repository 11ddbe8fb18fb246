"""People, roles and sign-in: accounts, invitations, password reset, team pages, CLI."""
