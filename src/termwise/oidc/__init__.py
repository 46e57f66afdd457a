"""Signing in with the account a school already gives its staff (Microsoft Entra, Google
Workspace, or any OpenID Connect provider a trust registers)."""
