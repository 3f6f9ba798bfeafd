"""Counts said the way a person says them: "1 member", "2 members", "3 entities"."""

from __future__ import annotations


def plural(word: str) -> str:
    """The plural of a countable English noun phrase (its last word): entity -> entities."""
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "o", "u"):
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")


def counted(n: int, word: str) -> str:
    """'1 member', '0 members', '1,200 pending invitations'."""
    return f"{n:,} {word if n == 1 else plural(word)}"
