#!/usr/bin/env bash
# Container start: bring the schema to the latest revision, then serve the app.
set -euo pipefail
cd "$(dirname "$0")/.."

# A configuration error (e.g. no AUTH_COOKIE_KEY in production) is final: say it once.
python -c "from core.config import load_settings; load_settings()"

# Replicas starting together race to migrate; the losers retry and find the schema at head.
attempt=1
until alembic upgrade head; do
  if [ "$attempt" -ge 5 ]; then
    echo "prestart: alembic upgrade head failed $attempt times; giving up" >&2
    exit 1
  fi
  echo "prestart: migration attempt $attempt failed; retrying" >&2
  attempt=$((attempt + 1))
  sleep $((attempt * 2))
done

echo "prestart: serving on 0.0.0.0:${PORT:-8501}"
exec streamlit run app.py \
  --server.port "${PORT:-8501}" \
  --server.address 0.0.0.0 \
  --server.headless true \
  --browser.gatherUsageStats false \
  --logger.hideWelcomeMessage true \
  "$@"
