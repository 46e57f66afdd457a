"""Users, API clients, roles held at a scope, sign-in and tokens."""
