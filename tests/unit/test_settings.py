"""Settings read from the environment: the pooler needs a direct URL, replicas are a comma-separated list."""

import pytest
from pydantic import ValidationError

from gateway.database import direct_url
from gateway.settings import Settings


def test_a_transaction_pooler_needs_a_direct_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HQ_DATABASE_POOLER", "transaction")
    monkeypatch.delenv("HQ_DIRECT_DATABASE_URL", raising=False)
    with pytest.raises(ValidationError, match="HQ_DIRECT_DATABASE_URL"):
        Settings(database_url="postgresql://pooler:6432/hq")
    monkeypatch.setenv("HQ_DIRECT_DATABASE_URL", "postgresql://primary:5432/hq")
    settings = Settings(database_url="postgresql://pooler:6432/hq")
    assert settings.transaction_pooled
    assert direct_url(settings, "postgresql://pooler:6432/hq") == "postgresql://primary:5432/hq"


def test_without_a_pooler_the_direct_url_is_the_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HQ_DATABASE_POOLER", raising=False)
    monkeypatch.delenv("HQ_DIRECT_DATABASE_URL", raising=False)
    settings = Settings(database_url="postgresql://primary:5432/hq")
    assert not settings.transaction_pooled
    assert direct_url(settings, "postgresql://primary:5432/hq") == "postgresql://primary:5432/hq"


def test_an_unknown_pooler_mode_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HQ_DATABASE_POOLER", "session")
    with pytest.raises(ValidationError, match="database_pooler"):
        Settings()


def test_replica_urls_are_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HQ_READ_DATABASE_URLS", " postgresql://r1/hq, ,postgresql://r2/hq ")
    assert Settings().read_database_urls == ["postgresql://r1/hq", "postgresql://r2/hq"]
