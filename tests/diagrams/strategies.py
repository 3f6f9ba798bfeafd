"""Hypothesis strategies: project data whose every text is something a user could type."""

from __future__ import annotations

from hypothesis import strategies as st

from core.names import visible_name
from core.prd import PRDData

NASTY = [
    '"',
    "'",
    "{",
    "}",
    "<",
    ">",
    "|",
    ";",
    "\\",
    "\n",
    "\r\n",
    "-->",
    "end",
    "%%",
    "#quot;",
    "<script>alert(1)</script>",
    "ﬂ°°60¶ß",
    "中文 ünïcödé",
    "`",
    "[",
    "]",
    "(",
    ")",
    ":",
    "&amp;",
    "\\l",
    "\\N",
    "subgraph",
    "style a:#f00;",
    "classDef",
    "wrap:",
    "&",
    "%%{init: {}}%%",
    "---",
    "x" * 500,
    "\t",
    "\x00",
    "\u2028",
    " ",
    "#",
    "*",
    "$",
    "~",
    "+",
    "/",
    "@",
    ",",
    "->>",
    "direction TB",
    "DIRECTION lr",
    "note for",
    "click",
    "link",
    "callback",
    "classDef x",
    "loop",
    "alt",
    "else",
    "opt",
    "par",
    "and",
    "rect",
    "box",
    "autonumber",
    "activate",
    "critical",
    "break",
    "left of",
    "over",
    "as",
    "participant",
    "actor",
    "title",
    "accTitle: x",
    "accDescr {",
    "%%",
]
piece = st.one_of(st.sampled_from(NASTY), st.text(max_size=12))
text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=60),
    st.lists(piece, min_size=1, max_size=6).map("".join),
)
short = text.map(lambda s: s[:500])
name = short.filter(lambda s: visible_name(s) != "")  # a name must show something (core/names.py)


@st.composite
def prd_data(draw) -> PRDData:
    """A small project: 0-3 of each list, every text drawn from `text`, some steps naming systems."""
    actors = draw(st.lists(st.tuples(name, st.sampled_from(["human", "external_system"]), short), max_size=3))
    externals = draw(st.lists(name, max_size=2))
    mentioned = [a for a, kind, _ in actors if kind == "external_system"] + externals
    step = st.one_of(
        text,
        st.tuples(st.sampled_from(mentioned or ["x"]), text).map(" ".join),
        text.map(lambda s: f"If {s}, then {s}"),
        st.sampled_from(["System shows it", "Retry if it fails"]),
    )
    use_cases = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "id": st.text(max_size=20),
                    "name": name,
                    "actor": st.one_of(st.sampled_from([a for a, _, _ in actors] or [""]), short),
                    "steps": st.lists(step, max_size=4),
                }
            ),
            max_size=3,
        )
    )
    entity_names = draw(st.lists(name, max_size=3))
    entities = [
        {
            "name": n,
            "attributes": draw(st.lists(text, max_size=3)),
            "relationships": draw(
                st.lists(
                    st.fixed_dictionaries(
                        {
                            "target": st.one_of(st.sampled_from(entity_names or ["x"]), name),
                            "kind": st.sampled_from(["one_to_one", "one_to_many", "many_to_one", "many_to_many"]),
                            "label": short,
                        }
                    ),
                    max_size=2,
                )
            ),
        }
        for n in entity_names
    ]
    return PRDData.model_validate(
        {
            "actors": [{"name": n, "kind": k, "role": r} for n, k, r in actors],
            "use_cases": use_cases,
            "system_boundaries": {"internal": draw(st.lists(text, max_size=2)), "external": externals},
            "data_entities": entities,
        }
    )
