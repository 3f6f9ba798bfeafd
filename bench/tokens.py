"""Prompt tokens per turn over a 50-turn scripted chat through the real service, against the
fake OpenAI-compatible server (which counts tokens from the request size). The prompt must
stay flat as the conversation grows: goal turn 50 / turn 5 <= 1.3."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.config import get_settings  # noqa: E402
from tests.dbutil import migrate, sqlite_url  # noqa: E402
from tests.fake_openai import FakeOpenAI, Reply  # noqa: E402

TURNS = 50
GOAL = 1.3


def scripted(body: dict) -> Reply:
    """Each extraction adds one item in rotation; each phrasing streams a short question."""
    if not body.get("response_format"):
        return Reply(content="Thanks. What else?", chunks=["Thanks. ", "What else?"])
    n = scripted.turn
    scripted.turn += 1
    kinds = [
        {"actors": [{"name": f"Role {n}", "role": "uses the product"}]},
        {"use_cases": [{"name": f"Handle request {n}", "actor": "Role 1", "trigger": "asks", "outcome": "done"}]},
        {"data_entities": [{"name": f"Record {n}", "attributes": ["id", "name"]}]},
        {"nfrs": [{"category": "performance", "statement": f"Page {n} loads fast", "metric": "p95", "target": "1 s"}]},
    ]
    return Reply(content=json.dumps(kinds[n % len(kinds)]))


scripted.turn = 1


def main() -> None:
    from core.intake import service
    from db.session import reset_engines, session_scope
    from tests.factories import make_actor, make_project

    with tempfile.TemporaryDirectory() as tmp, FakeOpenAI(responder=scripted) as fake:
        url = sqlite_url(Path(tmp) / "bench.db")
        migrate(url)
        os.environ.update(
            DATABASE_URL=url,
            DATA_DIR=tmp,
            OPENAI_API_KEY="bench",
            OPENAI_BASE_URL=fake.url,
            LLM_MAX_RETRIES="0",
            LLM_TIMEOUT_S="10",
        )
        get_settings.cache_clear()
        reset_engines()
        with session_scope() as db:
            actor = make_actor(db, role="member", plan="pro")
            project_id = make_project(db, actor=actor, name="Bench").id
        tokens = []
        for turn in range(1, TURNS + 1):
            text = f"Answer {turn:02d}: the product also needs to handle request type {turn:02d} for its users."
            result = service.run_turn(actor=actor, project_id=project_id, text=text, client_message_id=f"t{turn}")
            tokens.append(result.prompt_tokens)
            print(f"turn {turn:2d}: {result.prompt_tokens:5d} prompt tokens, completeness {result.completeness}%")
        reset_engines()
    ratio = tokens[49] / tokens[4]
    print(f"turn 50 / turn 5 = {tokens[49]} / {tokens[4]} = {ratio:.2f} (goal <= {GOAL})")
    sys.exit(0 if ratio <= GOAL else 1)


if __name__ == "__main__":
    main()
