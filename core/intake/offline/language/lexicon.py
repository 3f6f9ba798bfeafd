"""Word lists the offline assistant reads product descriptions with."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """A word list written as running text, one or more words a line."""
    return frozenset(text.split())


# Base forms of verbs that name things people do with software.
VERBS = words(
    """
    accept access add adjust allocate analyse analyze annotate answer apply approve archive
    arrange ask assess assign attach attend audit authorise authorize authenticate automate
    book browse bill build buy calculate call cancel capture change chat check choose claim
    clean close collect comment compare compile complete compose configure confirm connect
    contact control convert copy correct create deactivate decline define delete deliver deploy
    describe design detect dispatch display download draft drop duplicate edit email enable
    enrol enroll enter escalate estimate evaluate exchange explore export fetch file fill filter
    find finish fix flag follow forecast forward generate get give grade grant group handle
    help hide highlight hire host identify import inform inspect install invite invoice issue
    join keep label launch leave link list load locate lock log login logout look maintain
    manage map mark match measure merge message migrate moderate modify monitor move notify
    obtain offer onboard open order organise organize pack pay pick pin place plan post
    prepare prescribe present preview price print prioritise prioritize process produce
    promote propose provide publish purchase qualify query queue quote rank rate read reassign
    receive recommend reconcile record recover redeem refer refund register reject release
    remind remove rename renew reopen reorder repair replace reply report request reschedule
    reserve reset resolve respond restore restrict resubmit retrieve return review revoke
    route save scan schedule score search see select sell send set settle share ship sign
    sort specify split start stock stop store submit subscribe suggest summarise summarize
    supervise support suspend swap switch sync synchronise tag take test text track trade
    train transfer translate triage unlock update upgrade upload use validate verify view
    vote watch withdraw write screen shortlist interview offboard nominate teach learn
    study practise practice quiz visit unpack unload weigh diagnose admit discharge
    vaccinate sample donate recruit lend borrow rent lease bid auction tip pause skip ride drive park
    charge refuel navigate dispute appeal stamp like unfollow block mute poll survey
    cook serve seat greet tidy chase pull push
    investigate proofread reroute calibrate certify countersign
    endorse refill restock replenish relabel repackage mentor curate transcribe reimburse disburse appraise
    quarantine acknowledge dismiss snooze rebook reallocate redistribute rotate sterilise sterilize underwrite
    double-check troubleshoot deduplicate anonymise anonymize geocode
    counsel rebalance freeze clock harvest dispose retype resend reuse decide pack reply
    """
)

# Verbs that are just as often nouns: only read as verbs when something follows them.
NOUN_VERBS = words(
    "report order book schedule message record plan request update review track file email "
    "list mark rate check print post call comment answer chat text note quote stock label "
    "queue price tag score return invoice bill test issue claim design"
)

IRREGULAR_PAST = {
    "send": "sent",
    "pay": "paid",
    "see": "seen",
    "write": "written",
    "read": "read",
    "find": "found",
    "make": "made",
    "take": "taken",
    "give": "given",
    "get": "received",
    "choose": "chosen",
    "buy": "bought",
    "sell": "sold",
    "hold": "held",
    "set": "set",
    "put": "put",
    "run": "run",
    "build": "built",
    "draw": "drawn",
    "leave": "left",
    "meet": "met",
    "keep": "kept",
    "tell": "told",
    "bring": "brought",
    "begin": "begun",
    "split": "split",
    "withdraw": "withdrawn",
    "understand": "understood",
    "lead": "led",
    "do": "done",
    "go": "gone",
    "know": "known",
    "show": "shown",
    "rewrite": "rewritten",
    "reset": "reset",
    "cut": "cut",
    "let": "let",
    "hit": "hit",
    "quit": "quit",
    "shut": "shut",
    "input": "input",
    "output": "output",
    "broadcast": "broadcast",
    "forecast": "forecast",
    "upset": "upset",
    "spread": "spread",
    "cost": "cost",
    "bid": "bid",
    "sit": "sat",
    "win": "won",
}

# Verbs whose final consonant doubles before -ed / -ing although they have two syllables.
DOUBLING = words("submit admit commit permit refer prefer transfer cancel label travel control")

IRREGULAR_PLURALS = {
    "people": "person",
    "children": "child",
    "men": "man",
    "women": "woman",
    "staff": "staff",
    "data": "data",
    "criteria": "criterion",
    "media": "media",
    "feet": "foot",
    "teeth": "tooth",
    "series": "series",
    "species": "species",
    "news": "news",
    "statuses": "status",
    "analyses": "analysis",
    "diagnoses": "diagnosis",
    "buses": "bus",
    "classes": "class",
    "addresses": "address",
    "businesses": "business",
    "indices": "index",
    "alumni": "alumnus",
    "personnel": "personnel",
    "faculty": "faculty",
    "police": "police",
}

# Nouns that name people or roles.
ROLE_WORDS = words(
    """
    admin administrator staff team nurse parent guest student teacher patient doctor customer
    client user member courier driver dispatcher clerk cashier chef cook pilot guard coach
    volunteer people person child adult family crew head principal dean faculty pupil midwife
    carer caregiver resident citizen officer official shopper investor landlord tenant lead
    support ops operations hr finance marketing sales owner manager agent guardian vendor
    supplier buyer seller employee worker operator moderator learner tutor instructor trainer
    therapist dentist pharmacist receptionist technician librarian physician clinician surgeon
    auditor reviewer editor author approver requester partner contractor planner analyst
    inspector recruiter candidate applicant subscriber viewer visitor rider passenger host
    attendee organiser organizer speaker player fan donor beneficiary merchant restaurant
    accountant lawyer consultant specialist coordinator supervisor director executive
    vet household diner gp homeowner
    """
)

# Places and units whose people act as one ('the warehouse ships parcels' -> Warehouse Staff).
ORG_PLACES = words(
    """
    warehouse depot clinic hospital kitchen store shop office lab laboratory pharmacy school factory bakery
    branch helpdesk reception workshop garage hotel library museum plant-floor front-desk help-desk
    back-office head-office call-centre call-center mailroom
    """
)

# Nouns with a person-like ending that are things, not people.
NON_ACTOR = words(
    """
    order number filter folder reminder server container header footer layer register answer
    paper letter cover printer scanner computer poster banner trailer character voucher timer
    counter marker sticker trigger identifier parameter chapter barcode calendar center centre
    error color colour sensor monitor indicator floor door vector factor behavior behaviour
    sector mirror calculator descriptor selector processor content event incident intent
    percent component list checklist wishlist playlist waitlist plant fee committee coffee
    tree shipment assignment statement comment department requirement settlement attachment
    appointment document payment management equipment environment parcel report invoice
    system app application platform product tool website site service software portal
    dashboard database api backend it we they he she you i everyone everybody anyone
    nobody someone something thing things this that these those there here what which who
    water weather power tower owner's other another river summer winter quarter
    current recent different urgent frequent present consistent efficient sufficient
    """
)

SYSTEM_WORDS = words(
    "system app application platform product tool website site service software portal solution it we i you they our"
)

DETERMINERS = words(
    "a an the our their its his her my your each every all any some both either this that these those other another "
    "one most many several few"
)

# Well-known outside services, keyed by lower case, with their usual spelling.
KNOWN_SYSTEMS = {
    name.lower(): name
    for name in (
        "Stripe",
        "PayPal",
        "Adyen",
        "Square",
        "Braintree",
        "Klarna",
        "Twilio",
        "SendGrid",
        "Mailchimp",
        "Mailgun",
        "Postmark",
        "Google Maps",
        "Google Calendar",
        "Google Classroom",
        "Google Workspace",
        "Google Drive",
        "Gmail",
        "Outlook",
        "Microsoft Teams",
        "Office 365",
        "Microsoft 365",
        "Azure AD",
        "Active Directory",
        "Okta",
        "Auth0",
        "Salesforce",
        "HubSpot",
        "Zendesk",
        "Intercom",
        "Slack",
        "Zoom",
        "WhatsApp",
        "Telegram",
        "SAP",
        "Oracle",
        "QuickBooks",
        "Xero",
        "Sage",
        "Shopify",
        "WooCommerce",
        "Magento",
        "Firebase",
        "AWS",
        "Amazon S3",
        "S3",
        "Mapbox",
        "HERE Maps",
        "DocuSign",
        "Dropbox",
        "Box",
        "OneDrive",
        "Jira",
        "GitHub",
        "GitLab",
        "Moodle",
        "Canvas",
        "Blackboard",
        "Epic",
        "Cerner",
        "FedEx",
        "UPS",
        "DHL",
        "USPS",
        "Royal Mail",
        "Google Analytics",
        "Segment",
        "Mixpanel",
        "OpenAI",
        "Apple Pay",
        "Google Pay",
        "Apple Health",
        "Google Fit",
        "Calendly",
        "Airtable",
        "Notion",
        "Trello",
        "Asana",
        "NetSuite",
        "Workday",
        "BambooHR",
        "Greenhouse",
        "Plaid",
    )
}

# Generic kinds of outside system: a phrase ending in one of these words names a system.
SYSTEM_NOUNS = words(
    "system systems api apis gateway gateways provider providers service services erp crm "
    "lms ehr emr mis sis platform platforms server servers database directory calendar "
    "registry exchange processor bank"
)

# Parts of the product itself (the internal side of the system boundary).
COMPONENT_PATTERNS = (
    (r"\b(?:ios|android|mobile|phone|smartphone)\s+app\b", "Mobile app"),
    (r"\bweb\s*(?:app|application|site|portal)\b", "Web app"),
    (r"\b(?:admin|administration|back[- ]office)\s+(?:panel|console|dashboard|portal|area)\b", "Admin panel"),
    (r"\bweb\s+dashboard\b", "Web dashboard"),
    (r"(?<!web )\bdashboards?\b", "Dashboard"),
    (r"\b(?:customer|patient|parent|student|self[- ]service)\s+portal\b", "Self-service portal"),
    (r"\b(?:rest\s+|public\s+|back[- ]end\s+)?api\b", "Back-end API"),
    (r"\bback[- ]?end\b", "Back-end API"),
    (r"\b(?:ios|android)\b", "Mobile app"),
    (r"\b(?:desktop|web)?\s*browsers?\b", "Web app"),
    (r"\bnotification\s+(?:service|engine)\b", "Notification service"),
    (r"\b(?:database|data\s+store)\b", "Database"),
    (r"\breporting\s+(?:module|engine|service)\b", "Reporting module"),
)

# Nouns that name everyone at once, not one kind of user: dropped when specific actors exist.
COLLECTIVE = words(
    """
    user person people staff everyone everybody anyone team personnel
    individual human folk crowd public stakeholder
    """
)
