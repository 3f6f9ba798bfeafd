import json

import pytest

from core.__main__ import main
from core.config import get_settings
from core.prd import ProjectDocument
from tests.fake_openai import FakeOpenAI, point_settings_at

NOTES = """# Repair tracker

A tool for a factory to track defects on the assembly line.

Line workers report defects. Supervisors approve repairs and assign them to technicians.
"""


@pytest.fixture(autouse=True)
def _fresh_settings(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_extract_prints_a_project_document_as_json(tmp_path, capsys):
    source = tmp_path / "repair_tracker.md"
    source.write_text(NOTES)
    assert main(["extract", str(source), "--name", "Repairs"]) == 0
    document = ProjectDocument.model_validate(json.loads(capsys.readouterr().out))
    assert document.name == "Repairs"
    assert document.vision.startswith("A tool for a factory")
    assert document.data.actors


def test_the_llm_engine_prints_what_the_model_extracted(tmp_path, capsys, monkeypatch):
    source = tmp_path / "notes.md"
    source.write_text(NOTES)
    with FakeOpenAI() as fake:
        point_settings_at(monkeypatch, fake)
        fake.add_json({"actors": [{"name": "Line Worker", "role": "reports defects"}]})
        assert main(["extract", str(source), "--engine", "llm"]) == 0
    document = ProjectDocument.model_validate(json.loads(capsys.readouterr().out))
    assert [a.name for a in document.data.actors] == ["Line Worker"]
    assert "Line workers report defects" in json.dumps(fake.chat_requests()[0]["messages"])


def test_the_llm_engine_without_an_api_key_is_refused(tmp_path, capsys):
    source = tmp_path / "notes.txt"
    source.write_text(NOTES)
    assert main(["extract", str(source), "--engine", "llm"]) == 1
    assert "OPENAI_API_KEY" in capsys.readouterr().err


def test_a_file_over_200_kb_is_refused(tmp_path, capsys):
    source = tmp_path / "big.txt"
    source.write_text("x" * (200 * 1024 + 1))
    assert main(["extract", str(source)]) == 2
    assert "200 KB" in capsys.readouterr().err


def test_a_utf16_file_with_a_bom_is_read_as_text(tmp_path, capsys):
    source = tmp_path / "notes.txt"
    source.write_bytes(NOTES.encode("utf-16"))
    assert main(["extract", str(source)]) == 0
    document = ProjectDocument.model_validate(json.loads(capsys.readouterr().out))
    assert document.vision.startswith("A tool for a factory")


def test_a_latin1_file_is_refused_as_not_utf8(tmp_path, capsys):
    source = tmp_path / "notes.txt"
    source.write_bytes((NOTES + "Café für Mitarbeiter.\n").encode("latin-1"))
    assert main(["extract", str(source)]) == 2
    assert "not UTF-8 text" in capsys.readouterr().err
