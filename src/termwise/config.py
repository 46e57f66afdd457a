"""Settings, read from the environment with the ``TERMWISE_`` prefix."""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from termwise.observability.logging import LogFormat

REPO_ROOT = Path(__file__).resolve().parents[2]

# Values people paste from tutorials; a key like these signs tokens anyone can forge.
PLACEHOLDER_KEYS = {"secret", "changeme", "change-me", "changethis", "your-secret-key", "dev"}
MIN_KEY_LENGTH = 32


class ConfigError(RuntimeError):
    """The service cannot start with the settings it was given."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TERMWISE_", extra="ignore")

    database_url: str = "sqlite:///./termwise.db"
    secret_key: SecretStr | None = None
    # Demo mode may run without a configured key (an ephemeral one is made at start).
    demo: bool = False

    access_token_minutes: int = 15
    refresh_token_days: int = 14
    # After this many failed sign-ins for one account from one address, that pair is locked
    # for a while; after ``sign_in_address_max_failures`` from one address across every
    # account, the address is. Failures older than the lock's length are forgotten.
    sign_in_max_failures: int = 5
    sign_in_lock_minutes: int = 15
    sign_in_address_max_failures: int = 20
    # Requests per minute, shared by every replica through the database; 0 turns a limit off.
    # Pushes and imports are counted per client or person, token refreshes per network address
    # and client-credential sign-ins per client id.
    # Years after a pupil's last academic year in a trust before `termwise retention --apply`
    # erases them, unless the trust sets its own.
    retention_years: int = Field(default=6, ge=1, le=50)
    rate_limit_pushes_per_minute: int = Field(default=600, ge=0)
    rate_limit_refreshes_per_minute: int = Field(default=60, ge=0)
    rate_limit_client_tokens_per_minute: int = Field(default=60, ge=0)
    # Proxies whose X-Forwarded-For is believed when they connect (e.g. ["10.0.0.5"]).
    trusted_proxies: list[str] = []
    # A refresh token presented again this soon after its rotation (two tabs of one session)
    # gets the same successor instead of ending the session.
    refresh_reuse_grace_seconds: int = Field(default=10, ge=0, le=60)

    max_body_bytes: int = 16 * 1024 * 1024
    page_size_default: int = 50
    page_size_max: int = 500

    # How often each replica looks for import jobs that nobody is running (queued while a
    # replica restarted, or whose replica died mid-run); 0 turns the sweep off.
    import_sweep_seconds: float = 30.0
    # Aggregates over fewer pupils than this are suppressed for governors, advisers and
    # dashboard clients.
    suppression_threshold: int = Field(default=5, ge=1)

    # Outgoing e-mail (invitations, password resets): e.g. smtp://user:pass@mail.example:587.
    smtp_url: SecretStr | None = None
    mail_from: str = "Termwise <termwise@localhost>"
    # The address people reach the web app at, for links in e-mails; the request's own when unset.
    public_url: str | None = None
    invitation_days: int = Field(default=7, ge=1, le=60)

    # One JSON object per log line (for a log collector), or plain text for people.
    log_format: LogFormat = "json"
    # ``GET /metrics`` answers only to ``Authorization: Bearer <this>``; unset, it is a 404.
    metrics_token: SecretStr | None = None

    spa_dir: Path = REPO_ROOT / "frontend" / "dist"
    migrations_dir: Path = REPO_ROOT / "migrations"
    cors_origins: list[str] = []

    def signing_key(self) -> str:
        """The key that signs access tokens, refusing one that is missing or weak."""
        if self.secret_key is None:
            if self.demo:
                return _ephemeral_key()
            raise ConfigError(
                "TERMWISE_SECRET_KEY is not set. Generate one with "
                "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`."
            )
        key = self.secret_key.get_secret_value()
        if key.strip().lower() in PLACEHOLDER_KEYS or len(key) < MIN_KEY_LENGTH:
            raise ConfigError(
                f"TERMWISE_SECRET_KEY is too weak: use at least {MIN_KEY_LENGTH} random characters."
            )
        return key


@lru_cache(maxsize=1)
def _ephemeral_key() -> str:
    return secrets.token_urlsafe(48)


def get_settings() -> Settings:
    return Settings()
