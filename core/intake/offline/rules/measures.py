"""Numbers with units: non-functional requirements, measurable goals, constraints."""

from __future__ import annotations

import re

from core.intake.offline.language.hedges import describes_pain, describes_today
from core.intake.offline.language.text import clean, is_ambiguous_verb, verb_form
from core.intake.offline.writer import Draft

_NUM = r"(?:\d{1,3}(?: \d{3})+(?!\d)|\d[\d,]*)(?:\.\d+)?(?:\s*(?:k|K|m|M|thousand|million)\b)?"
_TIME = r"(?:ms|milliseconds?|s|secs?|seconds?|minutes?|mins?|hours?|hrs?)"


def _unit(u: str) -> str:
    u = u.lower()
    return {
        "s": "seconds",
        "sec": "seconds",
        "secs": "seconds",
        "min": "minutes",
        "mins": "minutes",
        "hr": "hours",
        "hrs": "hours",
        "ms": "ms",
    }.get(u, u)


def _metric_for_speed(s: str) -> str:
    low = s.lower()
    for words_, metric in (
        ("load", "page load time"),
        ("search", "search response time"),
        ("sync", "synchronisation delay"),
        ("notif|sms|email|remind|alert", "notification delay"),
        (r"\bexport|\breports?\b|generat", "report generation time"),
        ("upload", "upload time"),
    ):
        if re.search(words_, low):
            return metric
    return "response time"


_HOURS = r"\d{1,2}(?::\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?|\s*(?:am|pm|a\.m\.|p\.m\.))(?:\s+[A-Z]{2,4}\b)?"
_NFRS: tuple[tuple[re.Pattern, str, object], ...] = (
    (
        re.compile(rf"\brefresh\w*\b.*?\bevery\s+(?P<n>{_NUM})\s*(?P<u>{_TIME})\b", re.I),
        "performance",
        lambda m, s: ("refresh interval", f"{m.group('n').strip()} {_unit(m.group('u'))}"),
    ),
    (
        re.compile(
            r"(?P<n>\d{2,3}(?:\.\d+)?)\s*%\s*of\s+(?:all\s+|the\s+|our\s+)?(?:[a-z-]+\s+)?(?:users|viewers|visitors|"
            r"customers|people|staff|testers|students|members|participants|respondents)\b"
            r"(?P<what>[^.;]*?\b(?:able to|find|agree|report|understand|learn|use|succeed|satisf|rate|remember|read|"
            r"complete)\w*[^.;]*)",
            re.I,
        ),
        "usability",
        lambda m, s: ("share of users who " + _share_what(m.group("what")), f"{m.group('n')}%"),
    ),
    (
        re.compile(
            rf"\blearn\w*\b.*?\b(?:within|in|after)\s+(?P<n>{_NUM}|one|two|three|a)\s*(?P<u>{_TIME}|days?|weeks?)\b|"
            rf"\b(?P<n2>{_NUM}|one|two|three|a)\s+(?P<u2>hours?|days?|weeks?)\s+(?:of\s+)?(?:\w+\s+)?training\b",
            re.I,
        ),
        "usability",
        lambda m, s: (
            "time to learn",
            f"≤ {(m.group('n') or m.group('n2')).strip()} {_unit(m.group('u') or m.group('u2'))}",
        ),
    ),
    (
        re.compile(r"\b(?P<a>\d+)\s+out\s+of\s+(?P<b>\d+)\s+(?!stars?\b|points?\b)[a-z]", re.I),
        "usability",
        lambda m, s: ("share of users who succeed", f"{m.group('a')} of {m.group('b')}"),
    ),
    (
        re.compile(
            rf"(?:within|under|less than|no more than|no longer than|not (?:be )?(?:more|longer) than|not exceed|in)\s+"
            rf"(?P<n>{_NUM})\s*-?\s*(?P<u>{_TIME})\s+(?:for\s+)?(?P<p>\d{{2}}(?:\.\d+)?)\s*%\s+of\s+(?:the\s+)?"
            r"(?:time|requests|transactions|operations|searches|[a-z]+\s+(?:volume|processed))",
            re.I,
        ),
        "performance",
        lambda m, s: (
            _metric_for_speed(s),
            f"≤ {m.group('n').strip()} {_unit(m.group('u'))} ({m.group('p')}% of the time)",
        ),
    ),
    (
        re.compile(r"\b(?:24\s*x\s*7|24\s*/\s*7|24 hours a day|around the clock)\b", re.I),
        "availability",
        lambda m, s: ("service hours", "24/7"),
    ),
    (
        re.compile(rf"\bbetween\s+(?:the hours of\s+)?(?P<a>{_HOURS})\s+(?:and|to|-)\s+(?P<b>{_HOURS})", re.I),
        "availability",
        lambda m, s: ("service hours", f"{m.group('a').strip()}–{m.group('b').strip()}"),
    ),
    (
        re.compile(r"(?P<n>\d{2,3}(?:\.\d+)?)\s*%\s*up\s*-?\s*time\b", re.I),
        "availability",
        lambda m, s: ("uptime", f"{m.group('n')}%"),
    ),
    (
        re.compile(
            r"(?P<n>\d{2,3}(?:\.\d+)?)\s*%\s*(?:uptime|availability|available|of the time|SLA)|"
            r"(?:uptime|availability|available)\s+(?:of\s+|at least\s+|above\s+)*(?P<n2>\d{2,3}(?:\.\d+)?)\s*%",
            re.I,
        ),
        "availability",
        lambda m, s: ("uptime", f"{m.group('n') or m.group('n2')}%"),
    ),
    (
        re.compile(
            r"(?:recover|restore[ds]?|recovery|back up and running)\b.*?\b(?:within|in|"
            rf"under)\s+(?P<n>{_NUM})\s*(?P<u>{_TIME}|days?)",
            re.I,
        ),
        "reliability",
        lambda m, s: ("recovery time", f"{m.group('n')} {_unit(m.group('u'))}"),
    ),
    (
        re.compile(rf"back(?:ed)?\s*-?\s*ups?\b.*?\bevery\s+(?P<n>{_NUM})?\s*(?P<u>{_TIME}|days?|day|night)", re.I),
        "reliability",
        lambda m, s: (
            "backup interval",
            f"every {(m.group('n') or '').strip()} {_unit(m.group('u'))}".replace("  ", " "),
        ),
    ),
    (
        re.compile(
            rf"(?P<n>{_NUM})\s+(?:concurrent|simultaneous|active|parallel)\s+(?P<w>users|\w+)|"
            rf"(?P<n2>{_NUM})\s+(?P<w2>users|people|\w+)\s+(?:online\s+|logged in\s+|to \w+\s+)?"
            r"at (?:once|the same time|a time)",
            re.I,
        ),
        "scalability",
        lambda m, s: (f"concurrent {m.group('w') or m.group('w2')}", (m.group("n") or m.group("n2")).strip()),
    ),
    (
        re.compile(
            r"(?:kept|retained|stored|keep|retain|store|archived?)\b.*?\bfor\s+(?:at "
            r"least\s+)?(?P<n>\d+)\s*(?P<u>years?|months?|days?)",
            re.I,
        ),
        "compliance",
        lambda m, s: ("data retention period", f"{m.group('n')} {m.group('u')}"),
    ),
    (
        re.compile(
            rf"(?:log(?:ged)? out|session[s]?\s+(?:expire|time out|timeout|end))\b.*?(?P<n>\d+)\s*(?P<u>{_TIME})", re.I
        ),
        "security",
        lambda m, s: ("session timeout", f"{m.group('n')} {_unit(m.group('u'))}"),
    ),
    (
        re.compile(
            rf"(?:within|under|in under|in less than|less than|below|at most|no more than|no longer than|longer than|"
            rf"not (?:be )?(?:more|longer) than|not exceed|max(?:imum)?(?: of)?|"
            rf"in)\s+(?P<n>{_NUM}|(?:one|two|three|four|five|ten|a)(?=\s))\s*-?\s*(?P<u>{_TIME})\b|(?P<n2>{_NUM})\s*-?\s*(?P<u2>{_TIME})\s+(?:response|latency|load)",
            re.I,
        ),
        "performance",
        lambda m, s: (
            _metric_for_speed(s),
            f"≤ {(m.group('n') or m.group('n2')).strip()} {_unit(m.group('u') or m.group('u2'))}",
        ),
    ),
    (
        re.compile(rf"(?P<n>{_NUM})\s+(?P<w>[a-z]+(?:\s[a-z]+)?)\s+(?:per|a|an|each)\s+(?P<u>second|minute)\b", re.I),
        "performance",
        lambda m, s: (f"throughput ({m.group('w')} per {m.group('u')})", m.group("n").strip()),
    ),
    (
        re.compile(
            r"\b(?:support|handle|serve|store|hold|accommodate|manage)\s+(?:up to\s+|at least\s+|a minimum of\s+)?"
            r"(?P<n>\d{1,3}(?:,\d{3})+|\d{3,})\s+(?P<w>(?:[a-z]+\s+)?(?:users|customers|members|households|accounts|"
            r"records|orders|devices|stores|sites|students|patients|people|visitors|transactions|documents))\b",
            re.I,
        ),
        "scalability",
        lambda m, s: (f"capacity ({m.group('w')})", m.group("n").strip()),
    ),
    (
        re.compile(
            rf"(?P<n>{_NUM})\s+(?P<w>[a-z]+(?:\s[a-z]+)?)\s+(?:per|a|an|each)\s+(?P<u>second|minute|hour|day|week|month|year)\b",
            re.I,
        ),
        "scalability",
        lambda m, s: (f"{m.group('w')} per {m.group('u')}", m.group("n").strip()),
    ),
    (
        re.compile(r"\bfor\s+(?:the next|a minimum of|at least|up to)\s+(?P<n>\d+)\s+years\b", re.I),
        "scalability",
        lambda m, s: ("planned service life", f"{m.group('n')} years"),
    ),
    (
        re.compile(r"\bWCAG\s*(?P<v>\d(?:\.\d)?)?\s*(?:level\s*)?(?P<l>A{1,3})?\b", re.I),
        "accessibility",
        lambda m, s: ("WCAG conformance", " ".join(x for x in (m.group("v"), m.group("l")) if x) or "AA"),
    ),
    (re.compile(r"\bencrypt", re.I), "security", lambda m, s: ("encryption", _encryption_target(s))),
    (
        re.compile(r"\b(?:two-factor|2fa|multi-factor|mfa|two factor)\b", re.I),
        "security",
        lambda m, s: ("sign-in factors", "2"),
    ),
    (re.compile(r"(?P<n>\d+)\s+languages\b", re.I), "localisation", lambda m, s: ("supported languages", m.group("n"))),
    (
        re.compile(r"error rate\s+(?:below|under|less than|of)\s+(?P<n>\d+(?:\.\d+)?)\s*%", re.I),
        "reliability",
        lambda m, s: ("error rate", f"< {m.group('n')}%"),
    ),
)


def _share_what(rest: str) -> str:
    """' shall be able to read the data from 30 feet' -> 'read the data from 30 feet'."""
    rest = re.sub(
        r"^\s*(?:\w+\s+){0,2}?(?:shall|must|should|will|can|could)\s+(?:(?:be able to|successfully|easily)\s+)*",
        "",
        rest.strip(),
        flags=re.I,
    )
    return re.sub(r"^be\b", "are", clean(rest), flags=re.I)[:120] or "meet it"


def _encryption_target(s: str) -> str:
    low = s.lower()
    algo = re.search(r"\b(aes[- ]?\d+|tls\s*\d(?:\.\d)?)\b", low)
    if "rest" in low and "transit" in low:
        return "at rest and in transit"
    return (
        algo.group(1).upper()
        if algo
        else "at rest"
        if "rest" in low
        else "in transit"
        if "transit" in low
        else "required"
    )


def nfr_category(sentence: str, default: str = "other") -> str:
    """The quality a sentence speaks of, by the cue words of rules/nfr_categories.toml."""
    from core.intake.offline.rules.requirements import cue_category

    return cue_category(sentence) or default


def read_measures(sentence: str) -> list[tuple[str, str, str]]:
    """(category, metric, target) of each number with a unit the sentence states, in table order."""
    found, taken = [], []
    for pattern, category, read in _NFRS:
        m = pattern.search(sentence)
        if m and not any(m.start() < end and start < m.end() for start, end in taken):
            metric, target = read(m, sentence)
            found.append((category, metric, target))
            taken.append(m.span())
    return found


def person_with_deadline(sentence: str) -> bool:
    """'A nurse records the vitals within 10 minutes' is somebody's task with a time bound: a use
    case, not a quality of the product."""
    from core.intake.offline.language.clauses import parse_action
    from core.intake.offline.language.text import looks_like_person

    action = parse_action(sentence, set())
    return bool(action and action.subjects and not action.by_system and all(map(looks_like_person, action.subjects)))


def nfrs(draft: Draft, sentence: str, *, context: str | None = None, fallback: bool = True) -> bool:
    """'Pages load within 2 seconds', '99.9% uptime' -> an NFR with a metric and a target."""
    sentence = clean(sentence)
    pleads_business = _BUSINESS.search(sentence) and not re.search(r"\d+\s*%\s*uptime", sentence, re.I)
    if (_GOAL.search(sentence) or pleads_business) and not context:
        return False
    if not context and describes_today(sentence):
        return False
    found = False
    timed_task = person_with_deadline(sentence)
    for category, metric, target in read_measures(sentence):
        if category == "performance" and (timed_task or context is None and not _speedy(sentence)):
            continue
        draft.nfr(quality_of_time(category, sentence), sentence, metric=metric, target=target)
        found = True
    if found:
        return True
    if context and fallback and not (timed_task and read_measures(sentence)):
        draft.nfr(nfr_category(sentence, context), sentence)
        return True
    return False


def quality_of_time(category: str, sentence: str) -> str:
    """A time bound on learning or on finding one's way ('learn it within 10 minutes') is usability."""
    if category != "performance":
        return category
    from core.intake.offline.rules.requirements import cue_category

    cue = cue_category(sentence, measured=False)
    return cue if cue in {"usability", "maintainability", "operational"} else category


def _speedy(sentence: str) -> bool:
    return bool(
        re.search(
            r"respon|load|latency|return|search|open|appear|display|render|sync|notif|sent|deliver|answer|"
            r"reply|replied|resolv|handled|processed|"
            r"page|screen|result|fast|quick",
            sentence,
            re.I,
        )
    )


# ---- goals -------------------------------------------------------------------------------

_DUE = re.compile(
    r"\b(?P<due>(?:within|in|by|before|after)\s+(?:the\s+)?(?:first\s+|next\s+)?(?:\d+\s+)?"
    r"(?:days?|weeks?|months?|years?|quarters?|Q[1-4](?:\s+\d{4})?|\d{4}|launch|go-live|"
    r"(?:end of|january|february|march|april|may|june|july|august|september|october|november|december)[\w ]*))",
    re.I,
)
_DOWN = r"reduce|cut|lower|decrease|shorten|halve|drop|bring down|minimi[sz]e"
_UP = r"increase|raise|grow|improve|boost|double|lift|maximi[sz]e"
_GOAL = re.compile(
    rf"\b(?P<verb>{_DOWN}|{_UP})\s+(?:the\s+|our\s+)?(?P<metric>.+?)\s+"
    rf"(?:(?P<by>by)|from\s+(?:\S+\s+){{1,3}}?to|(?P<to>to|below|under|above))\s+(?P<n>(?:less than |at least "
    rf")?{_NUM}\s*(?:%|percent|minutes?|hours?|days?|seconds?)?|half|a half|a third|a quarter)",
    re.I,
)
_DOUBLE = re.compile(
    r"\b(?P<verb>halve|double|triple)\s+(?:the\s+|our\s+)?(?P<metric>.+?)(?=\s+(?:within|in|by|before)\b|$)", re.I
)
_REACH = re.compile(
    rf"\b(?:reach|achieve|get to|hit|attract|onboard|sign up|acquire|serve|have)\s+(?P<n>{_NUM})\s+"
    rf"(?P<metric>[a-z][\w\s-]{{2,40}}?)(?=\s+(?:within|in|by|before|per)\b|[,.]|$)",
    re.I,
)
_SHARE = re.compile(r"(?P<n>\d+(?:\.\d+)?\s*%)\s+of\s+(?P<metric>.+?)(?=\s+(?:within|in|by|before)\b|$)", re.I)
_LEVEL = re.compile(
    rf"^(?P<metric>[a-z][\w\s-]{{2,40}}?)\s+(?:is\s+|stays?\s+|of\s+)?(?P<cmp>below|under|above|over|at least|at most|"
    rf"less than|more than)\s+(?P<n>{_NUM}\s*(?:%|minutes?|hours?|days?|seconds?)?)",
    re.I,
)


_DESIRE = re.compile(
    r"\b(?:want|wants|aim|aims|target|goal|objective|should|must|need|needs|keep|get|make sure|"
    r"ensure|so that|by|within|before)\b",
    re.I,
)


def goals(draft: Draft, sentence: str, *, context: bool = False, strict: bool = False) -> bool:
    """'Reduce missed deliveries by 30% within 6 months' -> a goal with metric, target and due date.
    How things are today ('we lose 15% of bookings') is no goal; `strict` wants a verb of change."""
    sentence = clean(sentence)
    if describes_today(sentence):
        return False
    due_m = _DUE.search(sentence)
    due = due_m.group("due") if due_m else ""
    read = _read_goal(sentence)
    if read and not read[2] and (strict or not context and not _DESIRE.search(sentence)):
        read = None
    if read:
        metric, target, _ = read
        metric = re.sub(
            r"^(?:(?:keep|maintain|get|the|our|number of|the number of)\s+)+", "", metric.strip(), flags=re.I
        )
        draft.goal(sentence, metric=metric[:200], target=target, due=due)
        return True
    if context:
        num = re.search(rf"{_NUM}\s*%?", sentence)
        draft.goal(sentence, metric=sentence[:200] if num else "", target=num.group(0).strip() if num else "", due=due)
        return True
    return False


def _verbal(metric: str) -> bool:
    """'Finance managers approve invoices' is somebody doing something, not a metric."""
    for token in re.sub(r"^(?:keep|maintain|get|hold)\s+", "", metric.lower()).split():
        form = verb_form(token)
        if (
            token in {"must", "should", "will", "can", "may"}
            or form
            and form[1] in ("base", "third")
            and not is_ambiguous_verb(form[0])
        ):
            return True
    return False


def _read_goal(s: str) -> tuple[str, str, bool] | None:
    """(metric, target, whether a verb of change says it) of the goal a sentence states."""
    m = _GOAL.search(s)
    if m:
        down = re.match(_DOWN, m.group("verb"), re.I)
        n = {"half": "50%", "a half": "50%", "a third": "33%", "a quarter": "25%"}.get(
            m.group("n").strip().lower(), m.group("n").strip()
        )
        if m.group("by"):
            n = f"{'-' if down else '+'}{n}"
        elif m.group("to") in ("below", "under", "above"):
            n = f"{m.group('to')} {n}"
        return m.group("metric"), n, True
    level = _LEVEL.search(s)
    if level and _verbal(level.group("metric")):
        return None
    for pattern, make in (
        (_DOUBLE, lambda m: {"halve": "-50%", "double": "+100%", "triple": "+200%"}[m.group("verb").lower()]),
        (_REACH, lambda m: m.group("n").strip()),
        (_SHARE, lambda m: m.group("n").strip()),
        (_LEVEL, lambda m: f"{m.group('cmp')} {m.group('n').strip()}"),
    ):
        m = pattern.search(s)
        if m:
            changing = pattern is _DOUBLE or pattern is _REACH and not re.match(r"(?:serve|have)\b", m.group(0), re.I)
            return m.group("metric"), make(m), changing
    return None


# ---- constraints ---------------------------------------------------------------------------

_MONTHS = r"january|february|march|april|may|june|july|august|september|october|november|december"
_BUSINESS = re.compile(
    r"\bbudget|[$€£]\s?\d|\d\s?(?:k|K)?\s?(?:USD|EUR|GBP|dollars|euros|pounds)\b|\bdeadline|"
    r"\b(?:launch|go[- ]live|go live|release|ready|live|ship)\w*\b.{0,40}?\b(?:by|before|in time for|within|"
    r"in)\s+(?:the\s+)?"
    rf"(?:\d|q[1-4]|next|end|early|late|mid|summer|spring|autumn|fall|winter|christmas|{_MONTHS}|"
    r"new|first|six|three|two|twelve)|"
    r"\b(?:due|needed|wanted|expected|delivered)\s+(?:in|by|before|for)\s+(?:the\s+)?(?:q[1-4]|\d|next|end of|"
    rf"{_MONTHS})|"
    r"\bcomply|complian|\bGDPR|HIPAA|FERPA|COPPA|PCI|SOC ?2|ISO ?27001|\bregulat|\blegal requirement|\bby law\b|"
    r"\bteam of \d+|\d+\s+(?:developers|engineers)\b|\bopen[- ]source licen|\bwe have (?:\w+ )?(?:weeks|months)\b|"
    r"\bmust be approved by\b",
    re.I,
)
_TECHNICAL = re.compile(
    r"\b(?:runs?|works?|be available|be deployed|deploy(?:ed)?)\s+on\b|"
    r"\b(?:built|written|developed|implemented)\s+(?:with|in|on|using)\b(?!\s+(?:paper|a whiteboard|sticky))|"
    r"\b(?:must|has to|needs? to|should)\s+use\b|\bhosted\s+(?:on|in|by|at)\b|\biOS\b|\bAndroid\b|"
    r"\bChromebooks?\b|\bbrowsers?\b|\bWordPress\b|"
    r"\bWindows\b|\bmacOS\b|\bLinux\b|\boffline\b|\bon[- ]prem|\bSSO\b|\bsingle sign[- ]on\b|\bexisting "
    r"(?:database|system|stack|infrastructure)|"
    r"\btech(?:nology)? stack\b|\bPython|\bJava\b|\bReact\b|\bPostgre|\bMySQL|\bcloud\b|\bAWS\b|\bAzure\b|"
    r"\bGCP\b|\bKubernetes|"
    r"\bdocker|(?-i:\bREST\b)|\bmobile[- ]first|\bresponsive\b|\bdata (?:must|should) (?:stay|be stored) in\b",
    re.I,
)
_HEAD = re.compile(r"^(?P<h>.*?\b(?:must|should|shall|has to|have to|needs? to|will|is|are)\s+(?:be\s+)?)", re.I)


def _kind(sentence: str, default: str | None) -> str | None:
    business, technical = _BUSINESS.search(sentence), _TECHNICAL.search(sentence)
    kind = (
        "business" if business and (default != "technical" or not technical) else "technical" if technical else default
    )
    if business and technical and default is None:
        kind = "business" if business.start() < technical.start() else "technical"
    return kind


def _parts(sentence: str) -> list[str]:
    """'It must be GDPR compliant and hosted on Azure' -> each clause, the subject repeated."""
    parts = [p for p in re.split(r"\s*;\s*|,?\s+and\s+(?!\w+\s+(?:and|or)\b)", sentence) if p]
    head = _HEAD.match(parts[0]) if parts else None
    out = parts[:1]
    for part in parts[1:]:
        own_verb = re.search(r"\b(?:must|should|shall|has to|have to|needs? to|will|is|are|runs?|uses?)\b", part, re.I)
        out.append(part if own_verb or not head else head.group("h") + part)
    return out


def constraints(draft: Draft, sentence: str, *, default: str | None = None) -> bool:
    """'Budget is 40k', 'must run on iOS and Android' -> business / technical constraints;
    'GDPR compliant and hosted on Azure' -> one of each. Today's pain is no constraint."""
    sentence = clean(sentence)
    if not default and (describes_pain(sentence) or _GOAL.search(sentence)):
        return False
    kind = _kind(sentence, default)
    if not kind:
        return False
    if _BUSINESS.search(sentence) and _TECHNICAL.search(sentence):
        parts = _parts(sentence)
        kinds = [_kind(p, default) for p in parts]
        if len(parts) > 1 and all(kinds) and len(set(kinds)) > 1:
            for part, kind in zip(parts, kinds, strict=True):
                draft.constraint(kind, part)
            return True
    draft.constraint(kind, sentence)
    return True
