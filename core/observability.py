"""Logging and error reporting, set up once per process from settings."""

from __future__ import annotations

import logging

from core.config import Settings

LOGGER = "product_helper"


def configure(settings: Settings) -> None:
    """Log to stderr at LOG_LEVEL; report unexpected errors to Sentry when SENTRY_DSN is set."""
    logger = logging.getLogger(LOGGER)
    if logger.handlers:  # the script reruns on every interaction: set up only once
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    level = settings.log_level.upper()
    logger.setLevel(level if level in logging.getLevelNamesMapping() else "INFO")
    if settings.sentry_dsn:
        import sentry_sdk

        sentry_sdk.init(dsn=settings.sentry_dsn, environment=settings.app_env, send_default_pii=False)


def report(exc: BaseException) -> None:
    """Send an unexpected error to Sentry when it was configured; a no-op otherwise."""
    import sentry_sdk

    if sentry_sdk.is_initialized():
        sentry_sdk.capture_exception(exc)
