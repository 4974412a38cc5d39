"""One Settings object, read once from the environment."""

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HQ_", extra="ignore")

    # DATABASE_URL (no prefix): an existing server; unset means the embedded one under data_dir
    database_url: str | None = Field(default=None, validation_alias="DATABASE_URL")
    # streaming replicas for reader traffic (comma-separated libpq URLs; gateway/replicas.py); a replica
    # that is down or further behind than max_replica_lag_seconds is skipped until it catches up
    read_database_urls: Annotated[list[str], NoDecode] = Field(default_factory=list)
    max_replica_lag_seconds: float = 10.0
    # "transaction": DATABASE_URL (and the replicas) are behind a transaction-mode pooler such as PgBouncer;
    # nothing then relies on a server session lasting past a transaction (gateway/database.py)
    database_pooler: Literal["none", "transaction"] = "none"
    # a URL straight to the primary for what needs its own session: LISTEN, the job queue, migrations,
    # bulk loads; unset: DATABASE_URL (required with database_pooler=transaction)
    direct_database_url: str | None = None
    data_dir: Path = REPO_ROOT / ".data"
    host: str = "127.0.0.1"
    port: int = 8000
    env: Literal["development", "production"] = "development"
    log_level: str = "INFO"
    pool_size: int = 10
    # reader traffic runs as this database role (core + reference only); empty: the main role
    reader_role: str = "hq_reader"
    statement_timeout_ms: int = 5000
    operator_statement_timeout_ms: int = 600_000
    max_body_bytes: int = 1_000_000
    max_page_size: int = 100
    default_rate_limit_per_minute: int | None = None
    cors_origins: list[str] = Field(default_factory=list)
    # POST /graphql with a JSON array of operations (Apollo BatchHttpLink): at most this many per request
    # queries PostgreSQL can answer alone are planned once and then only bound and run (gateway/compiled.py)
    compiled_operations: bool = True
    max_batch_operations: int = 10
    # Cache-Control of successful GET /graphql answers: `private, max-age=<this>` (0: revalidate with the ETag)
    get_max_age_seconds: int = 0
    # automatic persisted queries remembered per process (hash -> document text, least recently used dropped)
    apq_cache_size: int = 1000
    # with HQ_ENV=production: only documents registered by `hq-gateway documents register` run
    trusted_documents: bool = False
    run_workers: bool = True
    companyenrich_base_url: str = Field(
        default="https://api.companyenrich.com", validation_alias="COMPANYENRICH_BASE_URL"
    )
    companyenrich_api_key: str | None = Field(default=None, validation_alias="COMPANYENRICH_API_KEY")
    # one requests-per-second budget shared by every worker on the database (0: unlimited)
    companyenrich_rate_limit: float = 5.0
    companyenrich_timeout_seconds: float = 20.0
    companyenrich_max_attempts: int = 5
    companyenrich_credits_per_company: float = 1.0
    worker_concurrency: int = 8
    # a worker without a heartbeat for this long is dead: its jobs run again elsewhere
    worker_stalled_seconds: float = 20.0

    @field_validator("read_database_urls", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [url.strip() for url in value.split(",") if url.strip()]
        return value

    @model_validator(mode="after")
    def _direct_url_behind_a_pooler(self) -> "Settings":
        if self.transaction_pooled and not self.direct_database_url:
            raise ValueError(
                "HQ_DATABASE_POOLER=transaction needs HQ_DIRECT_DATABASE_URL: LISTEN, the job queue and"
                " migrations keep a server session, which a transaction pooler does not give them"
            )
        return self

    @property
    def transaction_pooled(self) -> bool:
        return self.database_pooler == "transaction"

    @property
    def pgdata(self) -> Path:
        return self.data_dir / "pg"

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def requires_trusted_documents(self) -> bool:
        return self.trusted_documents and self.is_production


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
