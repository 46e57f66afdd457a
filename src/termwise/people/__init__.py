"""People and their roles: invitations by e-mail, password resets, granting and removing roles,
deactivating accounts."""
