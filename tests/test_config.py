"""Settings: production refuses a weak cookie key, development keeps one, URLs get the right driver."""

from __future__ import annotations

import stat

import pytest

from core.config import DEFAULT_COOKIE_KEY, ConfigError, load_settings, normalise_database_url

STRONG_KEY = "k" * 32


@pytest.fixture
def env(monkeypatch, tmp_path):
    """A clean environment with DATA_DIR in a temporary folder."""
    for name in ("APP_ENV", "AUTH_COOKIE_KEY", "DATABASE_URL", "OPENAI_API_KEY", "OPENAI_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    return monkeypatch


@pytest.mark.parametrize("app_env", ["production", "Production"])
def test_production_without_a_cookie_key_refuses_to_start(env, app_env):
    env.setenv("APP_ENV", app_env)
    with pytest.raises(ConfigError, match="AUTH_COOKIE_KEY"):
        load_settings()


@pytest.mark.parametrize("key", [DEFAULT_COOKIE_KEY, "x" * 31, " " * 40], ids=["default", "short", "blank"])
def test_production_with_a_weak_cookie_key_refuses_to_start(env, key):
    env.setenv("APP_ENV", "production")
    env.setenv("AUTH_COOKIE_KEY", key)
    with pytest.raises(ConfigError):
        load_settings()


def test_production_accepts_a_long_cookie_key_and_writes_nothing(env, tmp_path):
    env.setenv("APP_ENV", "production")
    env.setenv("AUTH_COOKIE_KEY", STRONG_KEY)
    settings = load_settings()
    assert settings.is_production
    assert settings.auth_cookie_key == STRONG_KEY
    assert not (tmp_path / "cookie_key").exists()


def test_development_generates_a_key_once_and_keeps_it_in_data_dir(env, tmp_path):
    first = load_settings().auth_cookie_key
    key_file = tmp_path / "cookie_key"
    assert len(first) >= 32
    assert key_file.read_text().strip() == first
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert load_settings().auth_cookie_key == first


def test_development_prefers_the_key_from_the_environment(env, tmp_path):
    env.setenv("AUTH_COOKIE_KEY", "a-key-from-the-environment")
    assert load_settings().auth_cookie_key == "a-key-from-the-environment"
    assert not (tmp_path / "cookie_key").exists()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db:5432/app", "postgresql+psycopg://u:p@db:5432/app"),
        ("postgresql://u:p@db/app", "postgresql+psycopg://u:p@db/app"),
        ("postgresql+psycopg://u@db/app", "postgresql+psycopg://u@db/app"),
        ("sqlite:///data/app.db", "sqlite:///data/app.db"),
    ],
)
def test_database_urls_map_postgres_onto_psycopg(given, expected):
    assert normalise_database_url(given) == expected


def test_database_url_from_the_environment_uses_psycopg(env):
    env.setenv("DATABASE_URL", "postgres://app:secret@db:5432/product_helper")
    assert load_settings().sqlalchemy_url == "postgresql+psycopg://app:secret@db:5432/product_helper"


def test_without_database_url_the_database_is_sqlite_in_data_dir(env, tmp_path):
    assert load_settings().sqlalchemy_url == f"sqlite:///{tmp_path / 'app.db'}"


def test_the_assistant_is_offline_until_an_api_key_is_set(env):
    assert not load_settings().llm_enabled
    env.setenv("OPENAI_API_KEY", "sk-test")
    env.setenv("OPENAI_MODEL", "")
    settings = load_settings()
    assert settings.llm_enabled
    assert settings.openai_model  # a blank model falls back to the default


def test_empty_values_fall_back_to_the_defaults(monkeypatch, tmp_path):
    from core.config import load_settings

    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    for name in ("LLM_TIMEOUT_S", "LLM_MAX_RETRIES", "AUTH_COOKIE_EXPIRY_DAYS", "AUTH_COOKIE_NAME", "APP_ENV"):
        monkeypatch.setenv(name, "")
    settings = load_settings()
    assert settings.llm_timeout_s == 60
    assert settings.llm_max_retries == 2
    assert settings.auth_cookie_expiry_days == 7
    assert settings.auth_cookie_name == "product_helper_auth"
    assert not settings.is_production


def test_a_malformed_number_is_a_config_error_naming_the_setting(monkeypatch, tmp_path):
    from core.config import ConfigError, load_settings

    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("LLM_TIMEOUT_S", "soon")
    with pytest.raises(ConfigError, match="LLM_TIMEOUT_S: "):
        load_settings()
