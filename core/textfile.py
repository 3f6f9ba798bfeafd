"""Reading an uploaded or given text file: UTF-8 (with or without a BOM) or UTF-16 with a BOM,
refused otherwise rather than turned into silent garbage."""

from __future__ import annotations

import codecs

from core.errors import InvalidInput

NOT_UTF8 = "The file is not UTF-8 text. Save it as UTF-8 (plain text or Markdown) and try again."


def decode_text(raw: bytes) -> str:
    """The file's text; InvalidInput when it is not UTF-8 or BOM-marked UTF-16 text."""
    if raw.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        raise InvalidInput(NOT_UTF8) from None
    if "\x00" in text:  # UTF-16 without a BOM, or a binary file, decodes to NULs
        raise InvalidInput(NOT_UTF8)
    return text
