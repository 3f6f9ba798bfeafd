import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import InvalidInput
from core.textfile import decode_text

TEXT = "Café orders: 3 × ☕\n"


@pytest.mark.parametrize(
    "raw",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    ],
)
def test_utf8_with_or_without_a_bom_and_utf16_with_a_bom_are_decoded(raw):
    assert decode_text(raw) == TEXT


@pytest.mark.parametrize(
    "raw", ["Café für alle".encode("latin-1"), TEXT.encode("utf-16-le"), b"\x89PNG\r\n\x1a\n\x00\x00"]
)
def test_latin1_utf16_without_a_bom_and_binary_files_are_refused(raw):
    with pytest.raises(InvalidInput, match="not UTF-8 text"):
        decode_text(raw)


@settings(max_examples=60)
@given(st.text().filter(lambda t: "\x00" not in t))
def test_any_utf8_text_comes_back_unchanged(text):
    assert decode_text(text.encode("utf-8")) == text.removeprefix("\ufeff")
