"""Settings from environment variables: the only place the environment is read."""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError, field_validator

from core.errors import pydantic_message

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_COOKIE_KEY = "change-me"
DEFAULT_OPENAI_MODEL = "gpt-5-mini"


class ConfigError(RuntimeError):
    """The app refuses to start with this configuration."""


class Settings(BaseModel):
    """Every setting the app reads; see .env.example for the meaning of each."""

    app_env: str = "development"
    data_dir: Path = ROOT / "data"
    database_url: str = ""
    auth_cookie_key: str = ""
    auth_cookie_name: str = "product_helper_auth"
    auth_cookie_expiry_days: float = 7.0
    openai_api_key: str = ""
    openai_base_url: str = ""
    openai_model: str = DEFAULT_OPENAI_MODEL
    llm_timeout_s: float = Field(default=60.0, gt=0)
    llm_max_retries: int = Field(default=2, ge=0)
    openai_structured: Literal["strict", "json_schema", "json_object", "tools"] = "strict"
    stripe_secret_key: str = ""
    stripe_price_pro: str = ""
    stripe_price_team: str = ""
    stripe_api_base: str = ""  # tests and self-hosted stand-ins only; empty: Stripe itself
    sentry_dsn: str = ""
    smtp_url: str = ""  # smtp://user:pass@host:587 (STARTTLS) or smtps://user:pass@host:465 (TLS)
    smtp_from: str = ""
    app_url: str = ""  # the address emailed links point at; empty: the address the browser used
    log_level: str = "INFO"
    demo_email: str = "demo@example.com"
    demo_password: str = "demo-password-123"

    @field_validator("smtp_url")
    @classmethod
    def _smtp_scheme(cls, value: str) -> str:
        if value and not value.lower().startswith(("smtp://", "smtps://")):
            raise ValueError("SMTP_URL must start with smtp:// (STARTTLS) or smtps:// (TLS)")
        return value

    @property
    def is_production(self) -> bool:
        return self.app_env.lower() == "production"

    @property
    def llm_enabled(self) -> bool:
        return bool(self.openai_api_key)

    @property
    def stripe_enabled(self) -> bool:
        """Billing through Stripe; without a key the owner changes the plan directly."""
        return bool(self.stripe_secret_key)

    @property
    def email_enabled(self) -> bool:
        """Invitations and password resets are mailed; without a server their links are shown instead."""
        return bool(self.smtp_url)

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL with the driver SQLAlchemy should use (psycopg 3 for PostgreSQL)."""
        return normalise_database_url(self.database_url or f"sqlite:///{self.data_dir / 'app.db'}")


def normalise_database_url(url: str) -> str:
    """Map the usual postgres:// spellings onto the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _env(name: str, default: str = "") -> str:
    """The variable's value; unset and empty (as compose passes `${X:-}`) both mean the default."""
    return os.environ.get(name, "").strip() or default


def load_settings() -> Settings:
    """Read the environment into Settings, resolving the cookie key."""
    data_dir = Path(_env("DATA_DIR") or ROOT / "data")
    values = {
        "app_env": _env("APP_ENV", "development"),
        "data_dir": data_dir,
        "database_url": _env("DATABASE_URL"),
        "auth_cookie_key": _env("AUTH_COOKIE_KEY"),
        "auth_cookie_name": _env("AUTH_COOKIE_NAME", "product_helper_auth"),
        "auth_cookie_expiry_days": _env("AUTH_COOKIE_EXPIRY_DAYS", "7"),
        "openai_api_key": _env("OPENAI_API_KEY"),
        "openai_base_url": _env("OPENAI_BASE_URL"),
        "openai_model": _env("OPENAI_MODEL") or DEFAULT_OPENAI_MODEL,
        "llm_timeout_s": _env("LLM_TIMEOUT_S", "60"),
        "llm_max_retries": _env("LLM_MAX_RETRIES", "2"),
        "openai_structured": _env("OPENAI_STRUCTURED", "strict").lower(),
        "stripe_secret_key": _env("STRIPE_SECRET_KEY"),
        "stripe_price_pro": _env("STRIPE_PRICE_PRO"),
        "stripe_price_team": _env("STRIPE_PRICE_TEAM"),
        "stripe_api_base": _env("STRIPE_API_BASE"),
        "sentry_dsn": _env("SENTRY_DSN"),
        "smtp_url": _env("SMTP_URL"),
        "smtp_from": _env("SMTP_FROM"),
        "app_url": _env("APP_URL"),
        "log_level": _env("LOG_LEVEL", "INFO"),
        "demo_email": _env("DEMO_EMAIL", "demo@example.com"),
        "demo_password": _env("DEMO_PASSWORD", "demo-password-123"),
    }
    try:
        settings = Settings(**values)
    except ValidationError as exc:
        named = pydantic_message(exc, describe=_as_variable, sentences=True)  # named as the operator set it
        raise ConfigError(f"Invalid setting: {named.message}") from None
    settings.auth_cookie_key = resolve_cookie_key(settings)
    return settings


def _as_variable(field: str, error: dict) -> str:
    return f"{field.upper()}: {error.get('msg', 'is invalid')}."


def resolve_cookie_key(settings: Settings) -> str:
    """Production needs a real key; development keeps a generated one in data/."""
    key = settings.auth_cookie_key
    if settings.is_production:
        if not key or key == DEFAULT_COOKIE_KEY or len(key) < 32:
            raise ConfigError(
                "AUTH_COOKIE_KEY must be set to a random string of at least 32 characters when APP_ENV=production."
            )
        return key
    if key:
        return key
    key_file = settings.data_dir / "cookie_key"
    if key_file.exists():
        return key_file.read_text().strip()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings; tests call get_settings.cache_clear() after changing env."""
    return load_settings()
