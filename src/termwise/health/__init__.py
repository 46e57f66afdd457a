"""Liveness and readiness, including the database."""
