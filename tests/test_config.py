from __future__ import annotations

import pytest
from pydantic import SecretStr

from termwise.config import ConfigError, Settings


@pytest.mark.parametrize("key", [None, "changeme", "secret", "x" * 31])
def test_a_missing_or_weak_signing_key_is_refused_outside_the_demo(key: str | None) -> None:
    settings = Settings(secret_key=SecretStr(key) if key else None, demo=False)
    with pytest.raises(ConfigError):
        settings.signing_key()


def test_the_demo_runs_without_a_configured_key() -> None:
    key = Settings(secret_key=None, demo=True).signing_key()
    assert len(key) >= 32


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERMWISE_DATABASE_URL", "sqlite:///elsewhere.db")
    monkeypatch.setenv("TERMWISE_ACCESS_TOKEN_MINUTES", "5")
    settings = Settings()
    assert settings.database_url == "sqlite:///elsewhere.db"
    assert settings.access_token_minutes == 5
