"""Stage 3 of the ingest chain: data practices from sentences.

Two passes. A cheap lexicon pass marks candidate sentences (an action verb, or a
list item / heading context that supplies one). Only candidates are parsed with
spaCy; the dependency parse attaches data types, purposes and recipients to the
action verb that governs them, scopes negation ("we do not sell, trade or share"
negates all three verbs) and modality ("may"), and finds the actor and the
condition ("when you place an order"). Structure supplies what a sentence leaves
out: a heading ("What PII do we collect?"), a list lead-in ("We collect your
email address to:"), and reference ("this information") resolved to the data
types named just before.

Every pattern is one named rule (``RULES``) with an example sentence; the rule
that fired is recorded on each practice.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from policykg.ontology import DPV, PD, PK, is_a

from .lexicon import Mention, lexicon, singular
from .metadata import site_label
from .nlp import Parser
from .records import (
    FIRST_PARTY,
    BlockKind,
    Document,
    Modality,
    PolicyMetadata,
    Polarity,
    Practice,
    Sentence,
    Span,
)

COLLECT, USE, DISCLOSE, SHARE, TRANSFER, SELL, STORE = (
    str(DPV.Collect), str(DPV.Use), str(DPV.Disclose), str(DPV.Share), str(DPV.Transfer), str(PK.Sell), str(DPV.Store),
)
PERSONAL_DATA = str(DPV.PersonalData)
INTERNAL_STAFF = str(PK.InternalStaff)
PUBLIC, OTHER_USERS = str(PK.PublicDisclosure), str(PK.OtherUsers)
RECIPIENT = str(DPV.Recipient)
NON_PERSONAL_DATA = str(DPV.NonPersonalData)
TRACKING_DATA = str(PK.TrackingData)
SOCIAL_MEDIA_DATA = str(PD.SocialMedia)
MERGER = str(PK.Merger)
LOCATION = str(PD.Location)
SHARING = {DISCLOSE, SHARE, TRANSFER, SELL}

#: The extraction rules: name → (what it does, an example sentence it fires on).
RULES: dict[str, tuple[str, str]] = {
    "verb-object": ("an action verb governs the data types in its subtree", "We collect your name and email address."),
    "passive": ("a passive action verb with the data types as subject", "Your email address is collected when you register."),
    "user-provides": ("the user provides / submits data to us: collection by the first party", "You may provide us with your phone number."),
    "third-party-actor": ("a third party is the subject of the action", "Advertisers may collect your IP address."),
    "conjoined-verb": ("a verb conjoined to an action verb shares its objects and negation", "We do not sell, trade or share your PII."),
    "reference": ("'this information' / 'it' resolves to the data types named just before", "We collect your email. We use this information to send newsletters."),
    "list-lead-in": ("a list item completes a lead-in that ends with a colon", "We collect the following: - your name"),
    "heading-context": ("a heading with an action supplies it to data types listed below", "What PII do we collect? / name, email address"),
    "exception": ("what a negated practice carves out happens", "We will not share data, except usage information with our vendors."),
    "inclusion": ("data listed as included in a category takes the action just stated, or the one the category's own "
                  "words name ('The collected information may include ...'); with no action in sight, a kind of "
                  "information listed is collected ('Device information includes ...')",
                  "Our servers record log files. These logs may include your IP address."),
    "enables-purpose": ("data, or a reference to it, that helps / allows / enables us to do something is used for that purpose",
                        "We collect your IP address. This information helps us improve our services."),
    "implied-data": ("a sharing verb with a recipient but no data named acts on personal data in general",
                     "We may share with our affiliates and with service providers who perform services on our behalf."),
    "joint-actor": ("a third party conjoined to 'we' as the subject acts too", "We and our advertising partners may collect your IP address."),
    "processor-engagement": ("engaging a category of third party to do something for us discloses personal data to it",
                             "We contract with service providers to process payments and deliver orders on our behalf."),
    "purpose-examples": ("a sentence listing examples right after a practice, with no data of its own, gives that practice's purposes",
                         "We employ other companies to perform functions on our behalf. Examples include fulfilling orders and processing credit card payments."),
    "among-assets": ("data counted among the business assets that are transferred or sold passes to the buyer",
                     "In such transactions, customer information generally is one of the transferred business assets."),
    "access-granted": ("a third party that has, gets or is given access to data: the data is disclosed to it",
                       "Our fulfillment vendor will be given access to your full name and shipping address."),
    "made-public": ("data that becomes public, or can be viewed by other users or anyone, is disclosed to them",
                    "Any content that you post to the message boards becomes available to the public."),
    "left-out": ("data a practice says it leaves out ('not including', 'does not include') is denied",
                 "Advertisers may use information about your visits (not including your name or email address)."),
}

_ACTION_WORDS = {
    COLLECT: "collect gather obtain receive request acquire record log capture track solicit require compile "
    "ask automatically get access upload",
    USE: "use utilize utilise process analyze analyse combine merge compare employ aggregate tie link associate",
    DISCLOSE: "disclose release reveal provide pass forward distribute divulge give supply send relay report "
    "make furnish publish display",
    SHARE: "share exchange",
    TRANSFER: "transfer transmit export",
    SELL: "sell rent lease trade barter monetize license",
    STORE: "store retain keep hold maintain preserve archive save",
}
ACTION_OF_LEMMA = {word: action for action, words in _ACTION_WORDS.items() for word in words.split()}
# A social network, or another account the user links, named as where data comes from: "If you connect
# through Facebook", "information from your account with the social media service", "when you log in via
# your third party account" (see :func:`_from_social_network`).
_SOCIAL_SOURCE = re.compile(
    r"\b(?:from|through|via|using|on|access\w*|connect\w*|link\w*|log(?:ging|s|ged)?[\s-]*in(?:to)?|"
    r"sign(?:ing|s|ed)?[\s-]*in(?:to)?|integrat\w*)\b[^.;]{0,80}?"
    r"\b(?:social[\s-]+(?:media|network\w*)|facebook|twitter|google\+|linkedin|instagram|pinterest|"
    r"third[\s-]+party\s+(?:\w+\s+)?accounts?)",
    re.IGNORECASE,
)
# A cheap regex over surface forms marks candidate sentences before any parsing.
_CUE = re.compile(
    r"\b(?:collect|gather|obtain|receiv|request|acquir|record|log|captur|track|solicit|requir|compil|ask|"
    r"us(?:e|ing)|usage|utili[sz]|process|analy[sz]|combin|employ|aggregat|tie|tying|link|associat|disclos|releas|reveal|provid|pass|"
    r"forward|distribut|divulg|giv|gave|suppl|send|sent|relay|report|furnish|shar|exchang|transfer|transmit|"
    r"export|sell|sold|rent|leas|trad|barter|monetiz|licens|stor|retain|keep|kept|hold|held|maintain|preserv|"
    r"archiv|sav|merg|compar|get|got|mak|made|access|publish|display|automatically|upload)\w*",
    re.IGNORECASE,
)
# "Advertisers may place or recognize a cookie on your browser": putting a tracker on the user's device, or
# reading one there, collects through it.
_PLACE_TRACKER = {"place", "set", "drop", "deposit", "install", "serve", "recognize", "recognise", "read"}
_PLACE_CUE = re.compile(r"\b(?:plac(?:e|es|ed|ing)|sets?|setting|drop(?:s|ped|ping)?|deposit(?:s|ed|ing)?|"
                        r"install(?:s|ed|ing)?|serv(?:e|es|ed|ing)|recogni[sz](?:e|es|ed|ing)|reads?|reading)\b",
                        re.IGNORECASE)
# So does sending one to it: "we send one or more cookies to your computer".
_USER_DEVICES = {"computer", "device", "browser", "drive", "machine", "phone", "terminal"}
# "Device information includes ...": a data category whose members are listed (see :func:`_inclusion_subject`).
_INCLUDE_CUE = re.compile(r"\b(?:includ|contain|compris|consist|cover|involv)\w*", re.IGNORECASE)
_SHARE_CUE = re.compile(
    r"\b(?:shar|disclos|transfer|sell|sold|rent|leas|trad|provid|releas|furnish|distribut|divulg|transmit)\w*", re.I
)
_ENGAGE_CUE = re.compile(  # the inflected forms of _ENGAGE, for the candidate pass (not "user" or "useful")
    r"\b(?:contract(?:s|ed|ing)?|engag(?:e|es|ed|ing)|hir(?:e|es|ed|ing)|retain(?:s|ed|ing)?|employ(?:s|ed|ing)?|"
    r"us(?:e|es|ed|ing)|work(?:s|ed|ing)?|partner(?:s|ed|ing)?|utili[sz](?:e|es|ed|ing)|rel(?:y|ies|ied|ying))\b",
    re.I,
)
_USER_SUBJECT = {"you", "user", "users", "visitor", "visitors", "customer", "customers", "member", "members", "i"}
_FIRST_PERSON = {"we", "us", "our", "ours", "i"}
_USER_GIVES = {"provide", "submit", "give", "enter", "share", "send", "supply", "disclose", "furnish", "upload", "post", "choose"}
_MODAL_POSSIBLE = {"may", "might", "can", "could"}
_CONDITION_MARKS = {"when", "if", "where", "whenever", "once", "upon", "unless", "while", "after", "before"}
_SUBORDINATORS = _CONDITION_MARKS | {"than"}
# How data is protected in transit: a transfer to no one named, said with these words, is no disclosure.
_SECURED = re.compile(r"\b(?:encrypt\w*|ssl|tls|https|secure\s+sockets?\s+layers?|transport\s+layer\s+security|securely)\b", re.I)
# Sentences about a law rather than the company ("The CAN-SPAM Act is a law that ...").
_LAW_WORDS = {"law", "laws", "act", "regulation", "regulations", "rule", "rules", "statute", "directive", "principle",
              "principles", "coppa", "caloppa", "ccpa", "gdpr", "cpra", "ferpa", "hipaa"}
_LAW_WORD = re.compile(r"\b(?:" + "|".join(sorted(_LAW_WORDS)) + r")\b", re.IGNORECASE)
_OBJECT_CUE = re.compile(r"\b(?:information|data|details|info|it|them|(?:these|those|such) (?:technolog|tool|mechanism|file)\w*)\b", re.IGNORECASE)
_PURPOSE_LEAD = re.compile(r"\b(?:to|for|purposes?|in order to|so that|used to)\s*:?\s*$", re.IGNORECASE)
# "including, but not limited to:" widens a list; it neither negates the lead-in nor opens a purpose.
_NOT_LIMITED = re.compile(r",?\s*\b(?:but\s+)?(?:is\s+|are\s+)?not\s+(?:be\s+)?limited\s+to\b", re.IGNORECASE)
# "This information helps us ...", "Cookies allow us to ...", "It is used to ...", "Cookies remember your
# preferences": the sentence is about a purpose.
# The organisation whose use a subject names: "Google's use of the DART cookie".
_OWNER_OF_USE = re.compile(r"\W*(?:the\s+)?([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})['’]s\s+use\s+of\b")
_ENABLES = re.compile(
    r"^\W*(?:(?:in addition|also|additionally|for example|further|furthermore)\W+)?(?P<subject>[^,;:.]{1,80}?)\s+"
    r"(?:(?:may|might|can|could|will|would|also|then|generally|typically|often|only|further)\s+)*"
    r"(?:helps?|allows?|enables?|lets?|permits?|assists?|(?:is|are|be)\s+used\s+(?:to|for|in order to)|"
    r"remembers?|recogni[sz]es?|tells?\s+us|shows?\s+us|measures?|personali[sz]es?|customi[sz]es?|saves?|"
    r"(?:do|does|did)\s+(?:this|that|so)\b)",
    re.IGNORECASE,
)
_REFERRING_HEADS = {"information", "data", "details", "info", "it", "this", "these", "that", "they", "tool", "tools",
                    "technology", "technologies"}
_NOT_PARSED = object()
_REFERENCE_SUBJECT = re.compile(r"^(?:this|these|that|those|such|it|they|the|this\s+\w+|such\s+\w+)\b", re.IGNORECASE)
_EXCLUDED_ORGS = re.compile(r"truste|privacy seal|better business bureau|federal trade commission|ftc\b", re.IGNORECASE)


@dataclass
class _Context:
    """What the sentences read so far make available to the next one."""

    recent_types: list[Mention] = field(default_factory=list)
    recent_at: int = -1
    recent_practice: "Practice | None" = None  # the last affirmed practice: its action, actor and purposes carry on
    recent_block: int = -1  # the block it was read in
    recent_party: str | None = None
    recent_party_at: int = -1
    lead_actors: dict[int, tuple] = field(default_factory=dict)  # lead-in start → (actor, actor_name) of its practices
    names: "_OrganisationNames | None" = None  # judges which proper-noun runs of the document name organisations


@dataclass(frozen=True, slots=True)
class _Mentions:
    types: tuple[Mention, ...]
    purposes: tuple[Mention, ...]
    recipients: tuple[Mention, ...]
    subjects: tuple[Mention, ...]
    excluded: tuple[Mention, ...] = ()  # data types the text leaves out ("not including your name")

    @property
    def names_party(self) -> bool:
        """Whether a third party is named: a recipient category other than the bare 'third parties', or a name."""
        return any(r.concept != RECIPIENT for r in self.recipients)

    @property
    def names_tracker(self) -> bool:
        """Whether a tracking technology (a cookie, a web beacon, ...) is named."""
        return any(is_a(t.concept, TRACKING_DATA) for t in self.types)


_EXCLUDED_BEFORE = re.compile(
    r"(\bbut not(?! limited)|\bnot including|\bexcluding|(?<!purposes )(?<!purpose )\bother than|\bwithout(?!\s+limit)|"
    r"\b(?:(?:does|do|will|would|shall|may)\s+not|doesn't|don't|never)\s+(?:\w+\s+)?(?:include|contain)s?)\b[^.;:()]{0,60}$",
    re.I,
)


def _left_out(text: str, start: int, mention: Mention) -> bool:
    """``mention`` lies in a phrase that leaves data out ("excluding your name", "but not your email address").
    Not when the phrase opens the sentence and a comma closes it before the mention ("Other than the above,
    we use your personal information ..."), nor in "purposes other than ..."."""
    found = _EXCLUDED_BEFORE.search(text, max(start, mention.span.start - 80), mention.span.start)
    if found is None:
        return False
    opens = not text[start : found.start()].strip(" \t\n\"'([-*\u2022")
    return not (opens and "," in text[found.end(1) : mention.span.start])


def _mentions(text: str, start: int, end: int) -> _Mentions:
    types, excluded = [], []
    for m in lexicon("datatypes").find(text, start, end):
        if not _age_threshold(text, m, end) and not _not_the_users_interests(text, m) and not _NON_BEFORE.search(
            text, max(start, m.span.start - 4), m.span.start
        ):  # "non-precise location" is none
            (excluded if _left_out(text, start, m) else types).append(_in_context(text, m, end))
    # A data-type word inside a longer purpose ("location" in "location-based services", "preferences" in
    # "remember your preferences") names the purpose, not data the practice acts on.
    purposes = lexicon("purposes").find(text, start, end)
    types = [
        m for m in types
        if not any(p.span.start <= m.span.start and m.span.end <= p.span.end and p.span.end - p.span.start > m.span.end - m.span.start
                   for p in purposes)
    ]
    # A recipient word inside a data-type mention ("bank" in "bank account information") is not a recipient, nor is
    # "public" that qualifies something else (_PUBLIC_NETWORK).
    recipients = [
        r for r in lexicon("recipients").find(text, start, end)
        if not any(t.span.start <= r.span.start < t.span.end for t in types)
        and not (r.concept == PUBLIC and _PUBLIC_NETWORK.match(text, r.span.end, end))
    ]
    return _Mentions(
        tuple(types),
        tuple(purposes),
        tuple(recipients),
        tuple(lexicon("subjects").find(text, start, end)),
        tuple(excluded),
    )


AGE = str(PD.Age)
# "children under the age of 13", "users under age 16", "under 13 years of age": an age that says whose
# data it is, not data.
_YEARS = r"(?:\d{1,2}|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|twenty-one)"
_AGE_NUMBER_AFTER = re.compile(rf"^\s+(?:of\s+)?{_YEARS}\b", re.I)
_AGE_NUMBER_BEFORE = re.compile(rf"\b{_YEARS}\s+years?\s+of\s+$", re.I)


def _age_threshold(text: str, mention: Mention, end: int) -> bool:
    """The mention is "age" with a number of years after or before it."""
    return mention.concept == AGE and bool(
        _AGE_NUMBER_AFTER.match(text[mention.span.end : min(end, mention.span.end + 20)])
        or _AGE_NUMBER_BEFORE.search(text, max(0, mention.span.start - 30), mention.span.start)
    )


_NON_BEFORE = re.compile(r"\bnon[-\s]$", re.IGNORECASE)
# "public" before these names no disclosure to the public: "the public Internet", "public authorities", "public safety".
_PUBLIC_NETWORK = re.compile(
    r"\s+(?:and\s+\w+\s+)?(?:internet|networks?|wi-?fi|web|domain|records?|authorit\w*|bod(?:y|ies)|agenc\w*|sector|"
    r"officials?|institutions?|health|interest|safety|order|security)\b",
    re.IGNORECASE,
)
INTEREST = str(PD.Interest)
# Interests that are not the user's: "our legitimate interests", "in your best interests", "vital interests".
_NOT_THE_USERS_INTERESTS = re.compile(
    r"\b(?:legitimate|business|commercial|legal|vital|best|public|security|our|its|own)\s+(?:business\s+)?$", re.I
)


def _not_the_users_interests(text: str, mention: Mention) -> bool:
    """The mention is "interests" that are a company's, a legal basis or a figure of speech, not data."""
    return mention.concept == INTEREST and bool(
        _NOT_THE_USERS_INTERESTS.search(text, max(0, mention.span.start - 30), mention.span.start)
    )


IDENTIFYING, DEVICE_IDENTIFIER = str(PD.Identifying), str(PK.DeviceIdentifier)
# "a unique identifier assigned to your device", "your mobile device's unique ID number"
_OF_A_DEVICE_BEFORE = re.compile(r"\b(?:device|computer|browser|phone|handset|cookie)(?:'s|s')?\s+(?:\w+\s+){0,2}$", re.I)
_OF_A_DEVICE_AFTER = re.compile(
    r"^\s*(?:\(?(?:that|which)\s+(?:is|are)\s+)?(?:of|for|on|tied\s+to|assigned\s+to|associated\s+with|stored\s+(?:in|on))\s+"
    r"(?:\w+\s+){0,3}?(?:device|computer|browser|phone|handset)s?\b", re.I,
)


PHYSICAL_ADDRESS, PAGES_VISITED = str(PD.PhysicalAddress), str(PK.PagesVisited)
# "the address of the external or internal page that referred you", "the addresses of the web pages you visit"
_OF_A_PAGE_AFTER = re.compile(r"^\s+of\s+(?:the|a|an|any|each|your)?\s*(?:[\w-]+\s+){0,3}?(?:web\s*)?(?:page|site|website)s?\b", re.I)


def _in_context(text: str, mention: Mention, end: int) -> Mention:
    """The mention as its context reads it: a bare "address" of a web page is the page's URL, a bare identifier
    of a device is a device identifier (:func:`_device_identifier`)."""
    if mention.concept == PHYSICAL_ADDRESS and text[mention.span.start : mention.span.end].lower() in ("address", "addresses"):
        if _OF_A_PAGE_AFTER.match(text[mention.span.end : min(end, mention.span.end + 60)]):
            return Mention(PAGES_VISITED, mention.span, mention.label)
    return _device_identifier(text, mention, end)


def _device_identifier(text: str, mention: Mention, end: int) -> Mention:
    """A bare identifier ("unique identifier", "ID number") of a device, computer or browser is a device identifier."""
    if mention.concept != IDENTIFYING:
        return mention
    before = text[max(0, mention.span.start - 40) : mention.span.start]
    after = text[mention.span.end : min(end, mention.span.end + 60)]
    if _OF_A_DEVICE_BEFORE.search(before) or _OF_A_DEVICE_AFTER.match(after):
        return Mention(DEVICE_IDENTIFIER, mention.span, mention.label)
    return mention


def _specific(types: Sequence[Mention]) -> list[Mention]:
    """Drop the generic 'personal information' mention when specific types are named beside it, and
    mentions of non-personal data ('aggregated information')."""
    personal = [m for m in types if not is_a(m.concept, NON_PERSONAL_DATA)]
    specific = [m for m in personal if m.concept != PERSONAL_DATA]
    return specific or personal


def _unique(values) -> tuple:
    return tuple(dict.fromkeys(values))


class _Verb:
    """An action verb of a parsed sentence and what attaches to it."""

    __slots__ = ("token", "action", "negated", "possible", "actor", "actor_name", "actor_mention", "rule", "condition",
                 "co_actors")

    def __init__(self, token, action: str):
        self.token = token
        self.action = action
        self.negated = False
        self.possible = False
        self.actor: str | None = FIRST_PARTY
        self.actor_name: str | None = None
        self.actor_mention: Mention | None = None  # the sentence's mention of a third party that acts
        self.rule = "verb-object"
        self.condition: str | None = None
        self.co_actors: list[str] = []  # third parties conjoined to a first-person subject ("we and our partners")


_ENGAGE = {"contract", "engage", "hire", "retain", "employ", "use", "work", "partner", "utilize", "utilise", "rely"}


def _in_phrase(position: int, head, offset: int) -> bool:
    """Whether a character position lies in the noun phrase of ``head``, from its left edge to the head itself."""
    return head.left_edge.idx + offset <= position < head.idx + len(head) + offset


def _engages_party(token, m: "_Mentions", offset: int) -> bool:
    """ "We contract with / use / engage service providers to ...": a third-party category engaged for a task.

    The party is the verb's object (or the object of its 'with' / 'on'), a category other than the bare
    'third parties'; the task is a 'to'-clause or a 'for'-phrase of the verb.
    """
    if token.lemma_.lower() not in _ENGAGE or token.pos_ != "VERB":
        return False
    objects = [c for c in token.children if c.dep_ == "dobj"]
    objects += [o for c in token.children if c.dep_ == "prep" and c.lower_ in ("with", "on") for o in c.children if o.dep_ == "pobj"]
    # "We employ other companies to perform functions": the parse may make the party the subject of the 'to'-clause.
    clauses = [c for c in token.children if c.dep_ == "ccomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)]
    objects += [o for c in clauses for o in c.children if o.dep_ == "nsubj"]
    engaged = any(
        _in_phrase(r.span.start, o, offset) and r.concept != RECIPIENT
        for o in objects for r in m.recipients
    )
    task = any(
        (c.dep_ in ("xcomp", "advcl") and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children))
        or (c.dep_ == "prep" and c.lower_ == "for")
        for c in (*token.children, *(o for o in objects for o in o.children if o.dep_ == "relcl"))
    ) or bool(clauses)
    return engaged and task


def _places_tracker(token, m: "_Mentions", offset: int) -> bool:
    """ "Our advertising partners may place a unique cookie on your browser", "we send one or more cookies to your
    computer": the object is a tracking technology (sent to the user's device, not disclosed)."""
    if token.pos_ != "VERB":
        return False
    if token.lemma_.lower() not in _PLACE_TRACKER and not (
        token.lemma_.lower() in ("send", "transfer", "transmit") and any(
            c.dep_ in ("prep", "dative") and c.lower_ in ("to", "onto") and any(g.lemma_.lower() in _USER_DEVICES for g in c.children)
            for c in token.children
        )
    ):
        return False
    objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    return any(
        _in_phrase(t.span.start, o, offset) and is_a(t.concept, TRACKING_DATA)
        for o in objects for t in m.types
    )


def _is_destination(mention: Mention, verb, offset: int) -> bool:
    """Whether the data mention is where the verb sends something, not what it discloses: "send a notice to
    the email address in your account"."""
    heads = [verb, *(c for c in verb.children if c.dep_ == "dobj")]  # "send [an email to the address]"
    return any(
        c.dep_ == "prep" and c.lower_ in ("to", "at")
        and c.left_edge.idx + offset <= mention.span.start < c.right_edge.idx + len(c.right_edge) + offset
        for head in heads for c in head.children
    )


def _third_party_alone(actors, lead_in: str) -> bool:
    """A lead-in whose practices are a third-party category's alone, with no second subject beside it
    ("Advertisers may collect the following:"; not "FSD and our service providers collect:", where a
    publisher named by a name not yet known may stand beside the third party)."""
    return all(actor not in (None, FIRST_PARTY) for actor, _ in actors) and not re.search(
        r"\b(?:and|or)\b", lead_in[:60], re.IGNORECASE
    )


def _controlling_subject(token):
    """The subject of the verb that controls ``token``'s clause ("we use cookies to collect": 'we'), else None."""
    if token.dep_ not in ("xcomp", "advcl") or token.head.i == token.i:
        return None
    return next((c for c in token.head.children if c.dep_ == "nsubj"), None)


def _conjoined_parties(subject, m: "_Mentions", offset: int) -> list[str]:
    """Third-party categories conjoined to a first-person subject: "We and/or our service provider partners",
    "We, along with third parties, ..." (the parser may hang "along with" on the verb)."""
    parties = []
    companions = []  # "along with X", "together with X", between the subject and its verb
    for head in (subject, subject.head):
        for prep in head.children:
            if prep.dep_ != "prep" or not subject.i < prep.i < subject.head.i:
                continue
            if prep.lower_ in ("along", "together"):
                withs = [c for c in prep.children if c.lower_ == "with"]
            elif prep.lower_ == "with" and any(c.lower_ in ("along", "together") for c in prep.children):
                withs = [prep]  # "together" hung on "with"
            else:
                continue
            companions += [pobj for w in withs for pobj in w.children if pobj.dep_ == "pobj"]
    for conjunct in (
        *subject.conjuncts,
        *(c for a in subject.children if a.dep_ == "appos" for c in (a, *a.conjuncts)),
        *(c for pobj in companions for c in (pobj, *pobj.conjuncts)),
    ):
        lo, hi = conjunct.left_edge.idx + offset, conjunct.right_edge.idx + len(conjunct.right_edge) + offset
        parties += [r.concept for r in m.recipients if lo <= r.span.start < hi and r.concept != RECIPIENT]
    return _unique(parties)


def _clause_partners(token) -> list:
    """The verbs ``token`` is conjoined to (nearest first) while it has no subject of its own."""
    partners = []
    while _is_conjunct(token) and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in token.children):
        token = token.head
        partners.append(token)
    return partners


def _conjoined(token) -> list:
    """The words joined to ``token`` by a conjunction, either side: its conjuncts, and the word it is a conjunct of."""
    return [c for c in token.children if c.dep_ == "conj"] + ([token.head] if token.dep_ == "conj" else [])


def _is_conjunct(token) -> bool:
    """A word conjoined to its head, or a participle in a list that the parser hung on the one before as an
    adverbial clause ("will never be disclosed, traded, licensed or sold": 'traded' under 'disclosed'; "we are
    not collecting, using, renting or selling it": 'using' under 'collecting')."""
    if token.dep_ == "conj":
        return True
    return (
        token.dep_ == "advcl" and token.tag_ == token.head.tag_ and token.tag_ in ("VBN", "VBG") and token.i > token.head.i
        and token.doc[token.i - 1].lower_ == "," and not any(c.dep_ in ("mark", "aux", "auxpass", "advmod") for c in token.children)
    )


def _is_negated(token) -> bool:
    for child in token.children:
        if child.dep_ == "neg" or child.lower_ in ("never",):
            return True
        # "We do not now or in the future intend to sell": the parser hangs "not" on the adverb
        if child.dep_ == "advmod" and child.i < token.i and any(g.dep_ == "neg" for g in child.children):
            return True
        # "We neither sell nor rent ...", "Nor do we collect it"
        if (child.dep_ == "preconj" and child.lower_ == "neither") or (
            child.dep_ == "cc" and child.lower_ == "nor" and child.i < token.i
        ):
            return True
    # "no personal information is shared", "neither your name nor your address is sold"
    for child in token.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and any(
            g.dep_ in ("det", "preconj") and g.lower_ in ("no", "neither") for g in child.children
        ):
            return True
        # "Under no circumstances will we sell it", "in no event", "at no time"
        if child.dep_ == "prep" and child.lower_ in ("under", "in", "at") and any(
            g.dep_ == "pobj" and g.lemma_.lower() in _NO_OCCASION and any(d.dep_ == "det" and d.lower_ == "no" for d in g.children)
            for g in child.children
        ):
            return True
    # "It is not shared with anyone, nor is it sold": a conjunct with a subject of its own after "nor"
    return token.dep_ == "conj" and any(
        c.dep_ == "cc" and c.lower_ == "nor" and token.head.i < c.i < token.i for c in token.head.children
    )


_NO_OCCASION = {"circumstance", "event", "time", "case", "way", "point", "moment"}


def _denied_by_controller(token) -> bool:
    """``token`` opens the infinitive of a negated verb: "we do not allow third parties to collect it", "we will
    not sell it or authorize anyone to use it", "they are not permitted to use it", "we do not use cookies to
    collect it", "we do not intend to sell it", "we don't build a profile to sell to advertisers". Not a wish
    or permission of the user's ("if you do not want us to share it"), nor what is not required (see
    :data:`_NOT_A_DENIAL`: "you are not required to share it")."""
    infinitive = token.dep_ == "xcomp" or (
        token.dep_ in ("advcl", "ccomp") and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
    )  # the parser reads "allow X to collect" as any of the three
    controller = token.head
    if not infinitive or controller.i == token.i or controller.lemma_.lower() in _NOT_A_DENIAL:
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in _USER_SUBJECT for c in controller.children):
        return False
    return any(_is_negated(v) for v in (controller, *_clause_partners(controller)))


#: Verbs that forbid what follows them ("they are prohibited from using it", "we refrain from selling it").
_PROHIBIT = {"prohibit", "restrict", "forbid", "bar", "prevent", "preclude", "ban", "refrain", "abstain"}


def _prohibited(token) -> bool:
    """``token`` is what a prohibition forbids: "they are prohibited from using it", "we prohibit them from
    selling it", "they are forbidden to share it", "we refrain from selling it". Not when the prohibition is
    itself denied ("we are not prevented from sharing it"), nor the user's choice ("you can prevent Google
    Analytics from using your data": a way to opt out, which the statements record)."""
    if token.dep_ == "pcomp" and token.head.lower_ == "from":
        governor = token.head.head
    elif token.dep_ == "xcomp":
        governor = token.head
    else:
        return False
    return (
        governor.i != token.i
        and governor.lemma_.lower() in _PROHIBIT
        and not _is_negated(governor)
        and not any(c.dep_ == "nsubj" and c.lower_ in _USER_SUBJECT for c in governor.children)
    )


#: Verbs of advice: what the user is advised to give, or not to, is no practice of the publisher's.
_ADVICE = {"recommend", "advise", "suggest", "urge", "caution", "warn"}


def _advised(token) -> bool:
    """The user's act is what the publisher advises, or what its advice is about: "we do not recommend that you
    send passwords by e-mail", "we urge you not to post your address", "you should exercise caution when deciding
    to disclose your personal information"."""
    if token.dep_ in ("ccomp", "xcomp") and token.head.lemma_.lower() in _ADVICE:
        return True
    return any(
        any(c.dep_ == "nsubj" and c.lower_ == "you" for c in clause.children)
        and any(c.dep_ == "aux" and c.lower_ in ("should", "must") for c in clause.children)
        for clause in token.ancestors if clause.pos_ in ("VERB", "AUX")
    )


def _not_required(token) -> bool:
    """The user's act is what the user need not do, or may decline: "you do not have to provide personal
    information to visit the site", "you are not required to provide your social security number", "you can
    always decline to provide any Personal Information to us"."""
    if token.dep_ == "xcomp" and token.head.lemma_.lower() in ("decline", "refuse"):
        return True
    return token.dep_ in ("xcomp", "advcl") and token.head.lemma_.lower() in _NOT_A_DENIAL and _is_negated(token.head)


#: Words by which a policy disclaims what others do: "we are not responsible for how these sites use your data".
_ANSWERABLE = {"responsible", "liable", "accountable", "responsibility", "liability"}


def _disclaimed(token) -> bool:
    """The act lies inside what the policy disclaims, so it is nobody's stated practice: "Common Application is
    not responsible for how any College will use, protect or store the information", "you are responsible for
    notifying us of any unauthorized disclosure", "JibJab has no control over how they may use the
    information"; or the verb is the disclaiming "held" of "cannot be held responsible". The publisher's own
    act stays one: "we are responsible for the personal data we collect"."""
    if token.lemma_.lower() == "hold" and any(c.dep_ in ("acomp", "oprd") and c.lower_ in _ANSWERABLE for c in token.children):
        return True
    clause = token
    while clause.dep_ in ("xcomp", "conj") and not any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):
        clause = clause.head  # "to whom we were authorized to disclose your information": the subject above
    if any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in _FIRST_PERSON for c in clause.children):
        return False  # "we are responsible for the personal data we collect": the publisher's own act
    for ancestor in token.ancestors:
        if ancestor.dep_ == "prep" and (
            (ancestor.lower_ == "for" and ancestor.head.lemma_.lower() in _ANSWERABLE)
            or (ancestor.lower_ == "over" and ancestor.head.lemma_.lower() == "control"
                and any(c.dep_ == "det" and c.lower_ == "no" for c in ancestor.head.children))
        ):
            return True
    return False


def _in_users_right(token) -> bool:
    """The act is what a right of the user's covers: "a California resident ... has the right to request ... the
    types of personal information we have shared with third parties for their direct marketing purposes", "your
    right to obtain the categories of data we have sold" describe the law, not what the publisher does. ("We
    reserve the right to share it" is the publisher's, and "these companies do not have any right to share it" a
    denial of theirs: the right is not the user's.)"""
    for ancestor in token.ancestors:
        if ancestor.lemma_.lower() != "right" or ancestor.pos_ != "NOUN":
            continue
        if any(c.dep_ == "poss" and c.lower_ in ("your", "their", "his", "her") for c in ancestor.children):
            return True
        holder = ancestor.head
        return holder.lemma_.lower() in ("have", "exercise") and any(
            c.dep_ == "nsubj" and c.lemma_.lower() in _RIGHT_HOLDERS for c in holder.children
        )
    return False


#: Who holds a right the law gives: "you have the right to ...", "California residents have the right to ...".
#: ("These third parties do not have the right to use the information" denies their use.)
_RIGHT_HOLDERS = {"you", "user", "visitor", "customer", "member", "i", "resident", "consumer", "individual", "person",
                  "parent", "citizen", "subject", "guardian", "patient", "child", "employee"}


def _given_to_us(token, company_names: set[str]) -> bool:
    """A passive giving verb whose data comes to the publisher: "information given to us", "all personal
    information provided to Komen"."""
    return any(
        child.dep_ in ("prep", "dative") and child.lower_ == "to"
        and any(c.dep_ == "pobj" and (c.lower_ in _FIRST_PERSON or c.lower_ in company_names) for c in child.children)
        for child in token.children
    )


#: What a user's data travels through to the publisher: "information collected by your browser" reaches us.
_USER_MEDIA = {"browser", "device", "computer", "phone", "smartphone"}


def _agent(token):
    """Who acts in a passive clause: the object of its "by" ("collected by Google Analytics"), or None."""
    return next((p for c in token.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"), None)


def _denied_by_noun(token) -> bool:
    """``token`` completes a denied noun: "we are not in the business of selling it", "we have no intention of
    sharing it", "we make no attempt to collect it"."""
    if token.dep_ not in ("pcomp", "acl", "pobj"):  # the parser may read "selling" as a noun
        return False
    noun = token.head.head if token.head.dep_ == "prep" else token.head  # "of selling": the noun above "of"
    if noun.pos_ != "NOUN":
        return False
    if any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children):
        return True
    governor = noun.head.head if noun.dep_ == "pobj" else noun.head  # "not in the business": the verb above "in"
    return governor.i != noun.i and _is_negated(governor)


_QUESTION_AUX = {"do", "does", "did", "will", "would", "can", "could", "may", "might", "shall", "should", "is", "are",
                 "was", "were", "has", "have"}
_QUESTION_END = re.compile(r"[?:]")
_ANSWER = re.compile(r"\s*(yes|no)\b", re.IGNORECASE)


def _answer(token, text: str, offset: int, end: int) -> str | None:
    """The answer to the yes/no question whose verb is ``token`` ("Do we sell your data?"): "yes" or "no" when
    one follows its question mark or colon ("Do we sell your information to third parties: No."), "" when none
    does after a question mark; None when ``token`` is not asked about: the sentence does not open with an
    auxiliary before the verb's subject, or has no question mark or colon after the verb. The sentence is
    ``text[offset:end]``."""
    if text[offset:end].rstrip().endswith("?"):
        # A sentence that ends with a question mark asks, whatever comes before its verb ("If I complete a
        # survey, will my contact information be sold?", "PenPal World sell my information to third parties?").
        found = _ANSWER.match(text, end, end + 12)
        return found.group(1).lower() if found else ""
    subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    aux = next((c for c in token.children if c.dep_ in ("aux", "auxpass") and c.lower_ in _QUESTION_AUX), None)
    if subject is None or aux is None or aux.i > subject.i or any(not t.is_punct for t in token.doc[: aux.i]):
        return None
    # Read from the text, not the tokens: the tokenizer glues "companies?No" into one.
    mark = _QUESTION_END.search(text, offset + token.idx, end)
    if mark is None:
        return None
    found = _ANSWER.match(text, mark.end(), mark.end() + 12)  # in the same sentence or the next one
    return found.group(1).lower() if found else ("" if mark.group() == "?" else None)


def _is_possible(token) -> bool:
    if any(c.dep_ == "aux" and c.lower_ in _MODAL_POSSIBLE for c in token.children):
        return True
    head = token.head  # "we reserve the right to share"
    return token.dep_ == "xcomp" and head.lemma_ == "right" or (
        token.dep_ in ("xcomp", "acl") and any(a.lower_ in _MODAL_POSSIBLE for a in head.children if a.dep_ == "aux")
    )


_CONTROL_VERBS = {"allow", "permit", "authorize", "authorise", "enable", "let", "require", "ask", "instruct", "engage",
                  "hire", "use", "employ", "direct", "contract", "retain", "help", "encourage", "urge", "advise",
                  "remind", "request", "invite", "caution", "expect", "oblige", "obligate", "want", "forbid", "prohibit"}

#: Verbs whose denial denies nothing of the act they govern: what is not required may still be done.
_NOT_A_DENIAL = {"require", "oblige", "obligate", "expect", "hesitate", "need", "have"}


#: What a party uses to act, which acts for that party ("we use cookies to collect ...").
_INSTRUMENTS = {"technology", "cookie", "tool", "software", "beacon", "pixel", "tag", "script", "sdk", "module"}


def _is_instrument(token) -> bool:
    """A tool a party acts with, by its lemma or by the word less a plural "s" (spaCy's lemma of "cookies" is
    "cooky")."""
    return token.lemma_.lower() in _INSTRUMENTS or token.lower_.removesuffix("s") in _INSTRUMENTS


_LICENCE_NOUNS = {"right", "ability", "option", "discretion", "authority", "permission", "opportunity", "need"}


def _subject(token):
    """The subject of an action verb and whether the verb is passive.

    Walks up through conjoined, complement and prepositional heads ("we may ask
    for ... and use it", "concerned about receiving cookies") to the nearest
    clause that has a subject.
    """
    current = token
    for _ in range(8):
        for child in current.children:
            if child.dep_ in ("nsubj", "nsubjpass", "csubj"):
                if child.dep_ == "nsubj" and child.lower_ in ("that", "which", "who") and current.dep_ == "relcl":
                    return current.head, False  # "advertising networks that collect information": the networks
                if child.dep_ == "nsubjpass" and token.head.i == current.i != token.i and token.dep_ in ("xcomp", "advcl") and any(
                    c.dep_ == "aux" and c.lower_ == "to" for c in token.children
                ) and current.lemma_.lower() not in _CONTROL_VERBS:
                    return None, True  # "Visits are monitored to gather statistics": whoever monitors gathers
                return child, child.dep_ == "nsubjpass" and current.i == token.i
        if current.dep_ == "xcomp" and current.tag_ == "VBG" and current.i > 0:
            # "you consent to us providing your email": the parser hangs "us" on "to" and the gerund on
            # "consent"; the word right before the gerund is who does it.
            before = current.doc[current.i - 1]
            if before.dep_ == "pobj" and before.head.lower_ == "to" and before.head.head.i == current.head.i:
                return before, False
        infinitive = current.dep_ == "xcomp" or (
            current.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children)
        )  # spaCy often reads "permit X to collect" as an adverbial clause
        if infinitive and current.i != current.head.i and current.head.lemma_.lower() in _CONTROL_VERBS:
            # Object control: in "you authorize us to disclose", "we allow advertisers to collect" the
            # object of the governing verb is the one who acts; a tool used acts for its user ("companies
            # use tracking technologies to collect": the companies).
            controller = next((c for c in current.head.children if c.dep_ == "dobj" and c.i < current.i), None)
            if current.head.dep_ == "relcl" and (controller is None or controller.lower_ in ("that", "which", "who", "whom")):
                controller = current.head.head  # "third parties (that) we engage to track usage": the parties
            if controller is not None and not (current.head.lemma_.lower() in ("use", "employ") and _is_instrument(controller)):
                return controller, False
        if current.dep_ == "pcomp" and current.head.lower_ == "from" and current.head.head.lemma_.lower() in _PROHIBIT:
            # "we prohibit our partners from selling it": the partners would sell (not so in "you can prevent
            # Google Analytics from using your data": the user's choice, no practice)
            governor = current.head.head
            controller = next((c for c in governor.children if c.dep_ == "dobj"), None)
            if controller is not None and not any(c.dep_ == "nsubj" and c.lower_ in _USER_SUBJECT for c in governor.children):
                return controller, False
        for child in current.children:
            if child.dep_ == "agent":
                for pobj in child.children:
                    return pobj, False
        if current.i == token.i and any(c.dep_ == "auxpass" for c in current.children):
            return None, True
        if current.dep_ == "conj" and any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children):
            # "We urge you to keep it safe and not to divulge it": the parser may conjoin the second
            # infinitive to "urge"; it shares the first one's subject.
            sibling = next((c for c in current.head.children if c.dep_ == "xcomp" and c.i < current.i), None)
            if sibling is not None:
                current = sibling
                continue
        if current.dep_ in ("conj", "xcomp", "pcomp", "prep", "pobj", "acomp", "ccomp", "advcl") and current.head.i != current.i:
            current = current.head
            continue
        if current.dep_ == "acl" and current.head.dep_ in ("dobj", "attr") and current.head.lemma_.lower() in _LICENCE_NOUNS:
            current = current.head.head  # "we reserve the right to disclose", "we have the ability to collect"
            continue
        break
    return None, False


_OUR_THINGS = {
    "website", "site", "service", "services", "app", "application", "server", "servers", "system", "systems",
    "platform", "company", "business", "product", "products", "software", "cookie", "cookies", "technology",
    "technologies", "tool", "tools", "page", "pages", "form", "forms", "module", "network", "program",
}


#: Places that, named in the plural with no article or owner, are any such places, not ours.
_PLACES = {"website", "site", "app", "application", "platform", "service", "server", "network"}

_OTHERS = {"these", "those", "other", "such", "some", "many", "certain", "any", "third", "external", "their", "every",
           "each"}
_PARTY_NOUNS = {"company", "companies", "party", "parties", "provider", "providers", "partner", "partners", "vendor",
                "vendors", "network", "networks", "advertiser", "advertisers", "service", "services", "site", "sites",
                "website", "websites", "server", "servers", "organization", "organizations", "organisation",
                "organisations", "business", "businesses", "entity", "entities",
                # what a party runs on the site: "Social Media Features ... These Features may collect your IP address"
                "feature", "features", "widget", "widgets", "plugin", "plugins", "plug-in", "plug-ins"}


def _refers_to_party(subject) -> bool:
    """ "they", "these companies", "that company", "such third parties": a party named in the sentences just
    before."""
    if subject.lower_ in ("they", "them"):
        return True
    determiners = {c.lower_ for c in subject.children if c.dep_ == "det"}
    if subject.text[:1].isupper() and subject.i > 0 and "the" in determiners:
        return False  # "The Company", "the Service": a name the policy gives the publisher or its service
    return subject.lower_ in _PARTY_NOUNS and bool(determiners & {"these", "those", "that", "such", "the"})


_ABBREVIATION = re.compile(r"[A-Z]{2,4}")


def _first_party_thing(subject, mentions: "_Mentions", offset: int) -> bool:
    """A subject that stands for the publisher: 'our website', 'the Service', 'cookies', a data type, or an
    abbreviation that names no known third party ("FSD may share ..."; see ``_OrganisationNames``)."""
    if any(c.dep_ in ("det", "amod") and c.lower_ in _OTHERS for c in subject.children):
        return False  # "these companies", "other websites"
    if subject.tag_ == "NNS" and subject.lemma_.lower() in _PLACES and not any(
        c.dep_ in ("det", "poss") or (c.dep_ == "compound" and c.pos_ == "PROPN") for c in subject.children
    ):
        return False  # "(browsers that permit) websites to store data": websites in general, not "Time Inc. sites"
    if subject.lemma_.lower() in ("website", "site", "server") and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in subject.children):
        return False  # "a cookie is a string of information that a website stores on your computer": any website
    if subject.lemma_.lower() in _OUR_THINGS or subject.lower_ in _OUR_THINGS:
        return True
    if subject.pos_ == "PROPN" and _ABBREVIATION.fullmatch(subject.text) and not _EXCLUDED_ORGS.search(subject.text):
        return True
    if any(c.dep_ == "poss" and c.lower_ in ("our", "its") for c in subject.children):
        return True
    start = subject.idx + offset
    return any(t.span.start <= start < t.span.end for t in mentions.types)



_TEXT_KEY = "policykg.text"  # where a parsed sentence keeps its text (``Doc.user_data``)


def _text_of(doc) -> str:
    """A parsed sentence's text. ``Doc.text`` joins the tokens again on every call; this joins them once."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def _token_action(token) -> str | None:
    if token.pos_ not in ("VERB", "NOUN") and not (token.pos_ == "AUX" and token.lemma_ in ("keep", "hold", "get")):
        return None
    if token.pos_ == "NOUN" and token.dep_ != "conj":
        return None
    lemma = token.lemma_.lower().removeprefix("re-")  # "we do not re-sell": what is sold again is sold
    action = ACTION_OF_LEMMA.get(lemma)
    if action is None:
        return None
    if lemma == "make" and not any(c.lower_ == "available" for c in token.children) and not any(
        t.lower_ == "available" and any(c.dep_ == "prep" and c.lower_ == "to" for c in t.children) for t in token.subtree
    ):
        return None  # "make it available (to ...)"; the parser may hang "available to" inside a long object
    if lemma == "ask" and not any(c.lower_ == "for" for c in token.children) and not any(
        c.dep_ in ("dobj", "dative") for c in token.children
    ):
        return None
    if (lemma in ("provide", "give", "send", "supply", "furnish", "make", "display") or action == SELL) and any(
        (c.dep_ in ("dative", "dobj") and c.lower_ in _TO_THE_USER)
        or (c.dep_ in ("prep", "dative") and c.lower_ == "to" and any(g.lower_ in _TO_THE_USER for g in c.children))
        for c in token.children
    ):
        return None  # "to provide you with services", "send you newsletters", "it is licensed to you": something goes to the user
    if lemma in ("provide", "give", "send", "supply", "furnish") and not any(
        (c.dep_ in ("prep", "dative") and c.lower_ in ("to", "with")) or (c.dep_ == "dative" and c.pos_ in ("NOUN", "PROPN"))
        for c in token.children
    ) and not (lemma != "send" and _user_acts(token)):
        # "we provide services" is not a disclosure; "provide X to Y", "give Y X" and "you provide X" are.
        action = None
    if (lemma == "use" or action == SELL) and token.dep_ == "amod":
        return None  # "used cars", "licensed stores": a modifier, no act
    if lemma == "use" and token.dep_ in ("relcl", "acl") and any(c.dep_ == "auxpass" for c in token.children) and any(
        c.dep_ == "aux" and c.lower_ in ("can", "could") for c in token.children
    ):
        return None  # "information that can be used to identify you": what such data could serve for, not a practice
    if lemma == "associate" and (token.dep_ == "acl" or any(c.dep_ == "auxpass" for c in token.children)):
        return None  # "an IP address is associated with the place you enter the Internet": a description
    if lemma == "display" and any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in _SHOWN_TO_THE_USER for c in token.children):
        return None  # "we display ads based on your interests": what the user is shown, not data disclosed
    if action == SELL and any(c.lemma_.lower() in _GOODS for c in _objects(token)):
        return None  # "RA sells tickets", "as we sell products", "sell or distribute our products", "products we sell"
    if action == SELL and _not_dealing_in_data(token, lemma):
        return None  # "we trade under three brand names", "third parties who are licensed to operate as couriers"
    if lemma in ("license", "licence", "lease", "rent") and _taken_from(token):
        return COLLECT  # "we license data from third parties", "we rent lists from brokers": obtained, not sold
    if action == SELL and _sells_a_business(token):
        return TRANSFER  # "third parties to whom we may sell parts of our business or our assets": its data passes
    if lemma == "send" and any(
        c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in _OUR_MESSAGES and not any(g.dep_ == "poss" for g in c.children)
        for c in token.children
    ):
        return None  # "if we inadvertently send an email or text message to a person": our message, not the user's data
    if _misparsed_modifier(token):
        return None
    if token.dep_ == "ccomp" and token.tag_ == "VBN" and token.head.lemma_.lower() in ACTION_OF_LEMMA and not any(
        c.dep_ in ("aux", "auxpass") for c in token.children
    ):
        return None  # "we do not share PII made available through other websites": the parse made a verb of a participle
    if action in SHARING and _in_the_text(token):
        return None  # "uses not previously disclosed in our privacy notice": what the policy says, not data disclosed
    if _told_how(token):
        return None  # "This policy describes how we collect, use and share information": what the text is about
    if _disclaimed(token):
        return None  # "we are not responsible for how these sites use your data": what the policy disclaims
    if _in_users_right(token):
        return None  # "you have the right to know the categories of data we have sold": what a right covers
    if lemma in ("require", "ask") and any(c.dep_ == "xcomp" for c in token.children):
        return None  # "are required to keep", "we ask you to read": a modal use, not collection
    if lemma in ("keep", "hold", "maintain") and _kept_protected(token):
        return None  # "is kept confidential", "we hold it in confidence": how data is protected, not a practice
    if lemma == "maintain" and any(c.dep_ == "dobj" and c.lemma_.lower() in _SAFEGUARDS for c in token.children):
        return None  # "We maintain reasonable safeguards to guard your information": a security measure
    return action


def _from_social_network(practices: list[Practice], quote: str) -> list[Practice]:
    """The company's collection of data named only in general, in a sentence that names a social network
    or a linked account as its source, collects social media data: "If you connect through Facebook, we
    may receive information about you" (OPP-115's "Social media data": what the user's account on a
    social network or another linked service holds)."""
    if not practices or not _SOCIAL_SOURCE.search(quote):
        return practices
    return [
        replace(p, data_types=(SOCIAL_MEDIA_DATA,))
        if p.actor == FIRST_PARTY and p.data_types == (PERSONAL_DATA,) and any(is_a(a, COLLECT) for a in p.actions)
        else p
        for p in practices
    ]


#: Words that name the policy or a part of it: "disclosed in this notice", "contained in Section 5".
_TEXT_WORDS = {"policy", "notice", "statement", "section", "paragraph", "terms", "agreement", "document"}


def _in_the_text(token) -> bool:
    """What the verb tells happens in the policy's text: "disclosed in our privacy notice", "is contained in the
    Interest Based Advertising section of this Privacy Policy"."""
    return any(
        c.dep_ == "prep" and c.lower_ in ("in", "within") and any(g.dep_ == "pobj" and g.lemma_.lower() in _TEXT_WORDS for g in c.children)
        for c in token.children
    )


#: The words that ask what is done, or to whom (see ``_told_how``).
_ASKING = {"what", "who", "whom", "which"}


def _told_how(token) -> bool:
    """The verb, or a verb it is conjoined to, opens a clause with "how" or "why": "how we collect, use and
    disclose information", "How Personal Information is Shared", "you care how information about you is used",
    "to understand how that website collects and uses your information"; or asks "what" is done, or to whom:
    "the form will say what the information will be used for", "What information do we collect?", "Who we share
    your personal data with"."""
    # The verbs conjoined with it, not a conjunct with a subject of its own (a clause of its own)
    verbs = [token, *_clause_partners(token), *(c for c in token.children if c.dep_ == "conj" and token in _clause_partners(c))]
    first = min(v.i for v in verbs)
    if any(
        c.dep_ == "advmod" and c.i < first and (
            c.lower_ in ("how", "why") or any(g.dep_ == "advmod" and g.lower_ == "how" for g in c.children)
        )  # (and "How long we keep your personal data")
        for v in verbs for c in v.children
    ):
        return True
    asking = [t for t in token.doc[:first] if t.lower_ in _ASKING]
    if not asking:
        return False
    if any(
        t.lower_ == "what" and v.i in (t.head.i, t.head.head.i, t.head.head.head.i) for v in verbs for t in asking
    ):  # (up to "For what purposes do we process it?": what, purposes, for, process)
        return True
    # "who" and "which" ask when they hang on the verb itself, or through one word, outside a relative clause:
    # "Who we share your personal data with" (a table of contents run into one line), "With whom do we share it?";
    # not "the companies with whom we share it", nor "To understand who clicks our ads, we share ...".
    return not any(_in_relative_clause(v) for v in verbs) and any(
        t.lower_ != "what" and (t.head.i == v.i or (t.head.head.i == v.i and t.head.pos_ in ("ADP", "NOUN")))
        for v in verbs for t in asking
    )


def _in_relative_clause(verb) -> bool:
    """The verb heads a relative clause, or is conjoined to one ("the sites to which we target ads or from which
    we collect data")."""
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "relcl"


def _misparsed_modifier(token) -> bool:
    """A participle the parser made a verb of the bare noun after it: "share aggregated information"
    (hung from a verb with no object of its own), "collect your name and aggregated information"
    (conjoined to a verb with an object of its own). It has no subject or auxiliary of its own, and
    its "object" is a noun starting right after it with no determiner: the noun phrase is an object
    of the verb above. "We have collected and shared information" keeps both verbs.
    """
    if token.tag_ not in ("VBN", "VBD") or token.dep_ not in ("xcomp", "conj"):
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "prep", "agent") for c in token.children):
        return False
    head_has_object = any(c.dep_ == "dobj" for c in token.head.children)
    if head_has_object != (token.dep_ == "conj"):
        return False
    objects = [c for c in token.children if c.dep_ == "dobj"]
    return len(objects) == 1 and objects[0].pos_ in ("NOUN", "PROPN") and objects[0].left_edge.i == token.i + 1 and not any(
        c.dep_ in ("det", "poss") for c in objects[0].children
    )


_PROTECTED = {"confidential", "private", "secure", "safe", "protected", "secret"}
_SAFEGUARDS = {"safeguard", "measure", "procedure", "policy", "standard", "control", "practice", "security", "protection",
               "precaution", "firewall", "encryption", "program", "programme", "plan"}


def _kept_protected(token) -> bool:
    """The verb says in what state data is kept: "kept private", "keep it secure", "held in strict confidence"."""
    return any(
        (c.dep_ in ("oprd", "acomp") and c.lemma_.lower() in _PROTECTED)
        or (c.dep_ == "prep" and c.lower_ == "in" and any(g.lemma_.lower() in ("confidence", "confidentiality") for g in c.children))
        for c in token.children
    )


# What a site displays to its user rather than about the user.
_SHOWN_TO_THE_USER = {"ad", "ads", "advertisement", "advertising", "content", "offer", "message", "notice", "banner",
                      "page", "result", "promotion", "recommendation"}
# What a business sells that is no data: "RA sells tickets", "as we sell products".
_GOODS = {"product", "service", "ticket", "good", "merchandise", "item", "subscription", "membership", "book", "gift", "card",
          "voucher", "space", "insurance", "policy", "game", "software", "licence", "license", "car", "vehicle", "property",
          "home", "food", "meal", "course", "equipment", "hardware", "device", "apparel", "clothing"}


def _not_dealing_in_data(token, lemma: str) -> bool:
    """A verb of sale that deals in no data: trading under a name ("we trade under three brand names", "trades as
    Acme"), or a licence to act ("who are licensed to operate as couriers")."""
    if lemma == "trade" and any(c.dep_ == "prep" and c.lower_ in ("under", "as") for c in token.children):
        return True
    return lemma in ("license", "licence") and any(c.dep_ == "xcomp" for c in token.children)


def _taken_from(token) -> bool:
    """The verb takes from someone, to no one: "from" on the verb or on its object, no "to" on the verb."""
    if any(c.dep_ in ("prep", "dative") and c.lower_ == "to" for c in token.children):
        return False
    return any(
        c.dep_ == "prep" and c.lower_ == "from"
        for t in (token, *(o for o in token.children if o.dep_ == "dobj")) for c in t.children
    )


def _objects(token) -> list:
    """The verb's direct objects and passive subjects; the direct objects it shares with a verb conjoined to it,
    after both ("sell or distribute our products"); and the noun its relative clause describes ("the products
    that we sell"), as parsed and as written just before the clause (where the parse hangs the clause on
    another noun: "reviews of our site or products that we sell")."""
    return [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")] + [
        c for partner in _conjoined(token) for c in partner.children if c.dep_ == "dobj" and c.i > max(token.i, partner.i)
    ] + ([token.head, token.doc[max(token.left_edge.i - 1, 0)]] if token.dep_ == "relcl" else [])


# What a business sells when it sells itself or a part of itself.
_A_BUSINESS = {"business", "asset", "company", "division", "subsidiary", "unit", "stock", "operation", "group"}
# Words for a share of something: "part of", "all of", "some of".
_SHARE_OF = {"part", "portion", "all", "some", "any"}
# The same read off the words after the verb, where the parser loses the object of a list of verbs ("to sell,
# transfer, or merge parts of our business or our assets").
_A_BUSINESS_AFTER = re.compile(
    r"[\w\s,]{0,40}?\b(?:(?:all|some|any|parts?|portions?)\s+(?:or\s+\w+\s+)?of\s+)?(?:our|its|the|their)\s+"
    r"(?:business(?:es)?|assets|company|companies)\b(?!\s+(?:partners?|associates?|contacts?|customers?|clients?))",
    re.IGNORECASE,
)


def _sells_a_business(token) -> bool:
    """The sale is of the business or its assets, not of data as such: "we may sell our business", "to whom we sell
    parts of our business or our assets"."""
    objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    for noun in objects:
        if noun.lemma_.lower() in _SHARE_OF:  # "parts of our business", "all, or substantially all, of the assets"
            shares = [noun, *(c for c in noun.children if c.dep_ == "conj")]  # ("all, or substantially all, of")
            noun = next((o for n in shares for g in n.children if g.dep_ == "prep" and g.lower_ == "of" for o in g.children), noun)
        if noun.lemma_.lower() in _A_BUSINESS:
            return True
    return not objects and bool(_A_BUSINESS_AFTER.match(_text_of(token.doc), token.idx + len(token)))


# What a publisher sends of its own: "send an email or text message to a person", "a notice is sent".
_OUR_MESSAGES = {"email", "e-mail", "message", "notice", "notification", "newsletter", "text", "alert", "reminder",
                 "invitation", "offer", "communication", "mailing"}
_TO_THE_USER = {"you", "users", "user", "visitors", "customers", "members", "subscribers", "him", "her", "them"}


def _user_acts(token) -> bool:
    """The user gives, outside a condition: "you provide your name", "the information you supply", or,
    through a controlling verb, "you will be required to provide your email address"."""
    if _in_condition(token):
        return False
    if any(c.dep_ == "nsubj" and c.lower_ in _USER_SUBJECT for c in token.children):
        return True
    if token.dep_ != "xcomp":
        return False
    subject, _ = _subject(token)
    return subject is not None and subject.lower_ in _USER_SUBJECT


_BLOCKED = object()


def _verb_of(token, verbs: dict[int, "_Verb"], *, strict: bool = False):
    """The nearest action verb governing ``token`` (walking up the heads).

    Returns ``_BLOCKED`` when the path crosses a conditional clause ("when you
    place an order" does not make orders a collected data type) or, when
    ``strict``, any clause headed by a verb that is not an action ("we use
    precautions to protect your information": nothing is used).
    """
    current = token
    for _ in range(40):
        if current.i in verbs and current.i != token.i:
            return verbs[current.i]
        if current.i != token.i and current.lemma_.lower() in _INCLUDE:
            if acted := _included_by(current, verbs):
                return acted  # "The information we receive ... includes your IP address; ...", however the list is parsed
            if current.dep_ in ("acl", "relcl"):
                current = current.head  # "we may sell lists containing your postal address": what the lists hold
                continue
        if current.head.i == current.i:
            return verbs.get(current.i)
        if current.dep_ in ("advcl", "relcl") and current.i not in verbs and any(
            c.dep_ in ("mark", "advmod") and c.lower_ in _CONDITION_MARKS for c in current.children
        ):
            return _BLOCKED
        if strict and current.i != token.i and current.pos_ == "VERB" and current.i not in verbs and current.dep_ in (
            "xcomp", "advcl", "acl", "ccomp", "pcomp"
        ):
            return _BLOCKED
        current = current.head
    return None


def _attach(
    mentions: Sequence[Mention], doc, offset: int, verbs: dict[int, _Verb], *, strict: bool = False
) -> dict[int, list[Mention]]:
    """Map each mention to the verb that governs it; unattached ones go to the only verb if there is one."""
    result: dict[int, list[Mention]] = {}
    for mention in mentions:
        span = doc.char_span(mention.span.start - offset, mention.span.end - offset, alignment_mode="expand")
        verb = _verb_of(span.root, verbs, strict=strict) if span is not None else None
        if verb is _BLOCKED:
            verb = _example_of(mention, doc, offset, verbs)
            if verb is None:
                continue
        if verb is None:
            # The company's act in a clause that says when ("When we collect your email address, we add it
            # to our records") takes nothing from outside its clause. What the user gives there does: "If you
            # provide your email address, we send you our newsletter".
            open_verbs = [v for v in verbs.values() if v.rule == "user-provides" or not _in_condition(v.token)]
            if len(open_verbs) == 1:
                verb = open_verbs[0]
            elif open_verbs:
                # Nearest verb to the left, else the first one.
                left = [v for v in open_verbs if v.token.i <= (span.start if span is not None else 0)]
                verb = left[-1] if left else open_verbs[0]
        if verb is not None:
            result.setdefault(verb.token.i, []).append(mention)
    return result


_GENERIC_NOUNS = {"information", "data", "datum", "detail", "details", "info"}  # compared by lemma: spaCy lemmatises "data" to "datum"


# Nouns that measure out a quantity or a kind of what follows "of": "certain types of information".
_PORTION_NOUNS = {"type", "kind", "category", "piece", "sort", "set", "form", "amount", "variety", "combination",
                  "part", "portion", "item", "some", "all", "most", "any", "each", "much"}  # compared by lemma


def _generic_object(token):
    """The verb's object when it is plain 'information' / 'data', else None.

    The object may be measured out ("collect certain types of information", "all of the types of
    information we collect") or, for a request, follow "for" ("we ask for information such as your
    name"). A demonstrative object ("this information") refers back (:func:`_referring_object`); a
    question word ("what information we collect") names no data.

    >>> from policykg.ingest.nlp import load_nlp
    >>> doc = load_nlp()("We collect certain types of information.")
    >>> _generic_object(doc[1]).text
    'information'
    """
    for c in token.children:
        if c.dep_ == "prep" and c.lower_ == "for" and token.lemma_.lower() in ("ask", "request"):
            c = next((g for g in c.children if g.dep_ == "pobj"), c)
        elif c.dep_ not in ("dobj", "nsubjpass"):
            continue
        for _ in range(3):
            if c.lemma_.lower() not in _PORTION_NOUNS:
                break
            inner = next((g for g in c.children if g.dep_ == "prep" and g.lower_ == "of"), None)
            c = next((o for o in inner.children if o.dep_ == "pobj"), c) if inner is not None else c
        if c.lemma_.lower() in _GENERIC_NOUNS and not any(
            g.lower_ in ("this", "that", "these", "those", "such") for g in c.children
        ) and not _asked(c):
            return c
    return None


def _asked(token) -> bool:
    """The noun is what a question asks for: "What information is collected?", "what types of data we collect"."""
    for _ in range(3):
        if any(c.dep_ == "det" and c.lower_ in ("what", "which") for c in token.children):
            return True
        if token.dep_ != "pobj" or token.head.lower_ != "of" or token.head.head.lemma_.lower() not in _PORTION_NOUNS:
            return False
        token = token.head.head
    return False


_DEMONSTRATIVES = {"this", "that", "these", "those", "such", "said", "same", "above"}


def _described_by_clause(noun, verbs: dict, types_of: dict) -> list:
    """Data types of the practice verbs in a relative clause of ``noun`` ("information [that we collect about X]")."""
    return [t for child in noun.children if child.dep_ in ("relcl", "acl") and child.i in verbs for t in types_of.get(child.i, [])]


def _refers(token) -> bool:
    """The verb's object refers back: 'it', 'them', 'this information', 'such data'."""
    return _referring_object(token) is not None


def _referring_object(token):
    """The token of the verb's object that refers back ('it', 'this information'), else None."""
    for child in token.children:
        if child.dep_ not in ("dobj", "nsubjpass", "nsubj"):
            continue
        if child.lower_ in ("it", "them") and child.dep_ != "nsubj":
            return child
        if child.lemma_.lower() in _GENERIC_NOUNS | _TECHNOLOGY_NOUNS and any(g.lower_ in _DEMONSTRATIVES for g in child.children):
            return child
    return None


# "We use these technologies to ...": a reference to the tracking technologies just named (resolved, never a mention itself).
_TECHNOLOGY_NOUNS = {"technology", "tool", "mechanism", "file"}


_INCLUDE = {"include", "contain", "comprise", "consist", "cover", "involve"}


def _in_clause(mentions: Sequence[Mention], token, offset: int) -> list[Mention]:
    """The mentions that lie in the clause ``token`` heads (its subtree)."""
    lo, hi = token.left_edge.idx + offset, token.right_edge.idx + len(token.right_edge) + offset
    return [x for x in mentions if lo <= x.span.start < hi]


def _included_by(include, verbs: dict[int, "_Verb"]):
    """The action verb of the clause describing the subject of an inclusion verb: "receive" in "The
    information we receive includes ...", "collected" in "Information collected by us may contain ..."."""
    for subject in include.children:
        if subject.dep_ in ("nsubj", "nsubjpass"):
            for clause in subject.children:
                if clause.dep_ in ("relcl", "acl") and clause.i in verbs:
                    return verbs[clause.i]
    return None


def _is_passive_inclusion(subject) -> bool:
    """What "is included in" something is no category of data; what "is comprised of" things is."""
    return subject.dep_ == "nsubjpass" and subject.head.lemma_.lower() not in ("comprise", "consist")


def _information_listed(container, doc):
    """The kind of information whose members a sentence lists: the subject of an inclusion verb
    (``container``, see :func:`_inclusion_subject`) or the noun at the root of a fragment, when it is
    plain information ("Device information", "This information"), affirmed and not passive."""
    category = container if container is not None else _fragment_root(doc)
    if category is None or category.lemma_.lower() not in _GENERIC_NOUNS or _is_negated(category.head):
        return None
    return None if _is_passive_inclusion(category) else category


def _root(doc):
    """The sentence's root token, or None."""
    return next((t for t in doc if t.dep_ == "ROOT"), None)


def _fragment_root(doc):
    """The noun at the root of a sentence without a verb ("Device information such as your IP address"), or None."""
    root = _root(doc)
    return root if root is not None and root.pos_ in ("NOUN", "PROPN") else None


#: A title: capitalised words (small words aside), with no sentence of its own.
_TITLE = re.compile(r"\s*(?:(?:[A-Z][\w'’-]*|and|or|of|to|the|a|an|for|with|in|on|by|&)[,:]?\s+){2,}[A-Z][\w'’-]*\.?\s*")


def _is_fragment(doc) -> bool:
    """No finite verb of its own at the root: "Registration information you provide, including your name"."""
    root = _root(doc)
    return root is None or root.pos_ not in ("VERB", "AUX")


def _inclusion_subject(doc, mentions: "_Mentions", offset: int):
    """ "These server logs may include your IP address": the subject naming the data category whose members
    are listed, or None."""
    root = _root(doc)
    if root is None or root.lemma_.lower() not in _INCLUDE or not mentions.types:
        return None
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return None
    extent = _extent(subject, offset)
    lemma = subject.lemma_.lower()
    if lemma in _GENERIC_NOUNS or lemma in ("log", "file", "record", "it", "this", "these") or any(
        extent.start <= t.span.start < extent.end for t in mentions.types
    ):
        return subject
    return None


def _extent(token, offset: int) -> Span:
    """The character span of ``token``'s subtree."""
    return Span(token.left_edge.idx + offset, token.right_edge.idx + len(token.right_edge) + offset)


def _acted_on(subject) -> bool:
    """The subject says what was done to the data: "The collected information", "Information collected
    automatically", "The data we share with advertisers". Not what "is included in" something else."""
    return not _is_passive_inclusion(subject) and any(
        t.pos_ == "VERB" and t.dep_ in ("amod", "acl", "relcl") and ACTION_OF_LEMMA.get(t.lemma_.lower())
        for t in subject.subtree
    )


def _about_a_law(doc, words: str) -> bool:
    """The sentence's main subject is a law, or has one as a modifier ("The law's reach stretches ...", "COPPA
    requires ..."). Found from the law words in ``words``, the sentence's text (``doc.text`` would walk every
    token, which costs more)."""
    for found in _LAW_WORD.finditer(words):
        span = doc.char_span(found.start(), found.end())
        if span is None or len(span) != 1:
            continue
        word = span[0]
        if word.dep_ in ("nsubj", "nsubjpass") and word.head.dep_ == "ROOT":
            return True
        if word.dep_ in ("compound", "poss", "nmod") and any(
            a.dep_ in ("nsubj", "nsubjpass") and a.head.dep_ == "ROOT" for a in word.ancestors
        ):
            return True
    return False


# The company's own act in a clause that says when something else happens is a practice too: "When we
# collect your email address, we ...", "If we receive information about you from other sources" (what "if"
# opens may happen). Not "unless" or "before" (what they open need not happen), nor an act further down the
# clause ("If we learn that we have collected ...": see :func:`_own_condition`).
_OWN_ACT_MARKS = {"when", "whenever", "once", "after", "while", "where", "if"}


def _own_condition(token) -> str | None:
    """The word opening the conditional clause that ``token`` itself heads (or is conjoined into), if any."""
    head = token
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    if head.dep_ != "advcl":
        return None
    return next((c.lower_ for c in head.children if c.dep_ in ("mark", "advmod") and c.i < head.i and c.lower_ in _SUBORDINATORS), None)


def _in_condition(token) -> bool:
    """True when the verb sits inside a conditional or comparative clause ("if one is used", "when you
    receive cookies", "different policies than we do and use ...", "in the event that we learn ...")."""
    current = token
    for _ in range(12):
        if (current.dep_ == "advcl" or current.i == token.i) and any(
            c.dep_ in ("mark", "advmod") and c.lower_ in _SUBORDINATORS and c.i < current.i for c in current.children
        ):
            return True
        if current.dep_ in ("acl", "relcl", "ccomp") and current.head.lower_ in ("event", "case") and any(
            c.dep_ == "det" for c in current.head.children
        ) and current.head.head.lower_ == "in":
            return True
        if current.head.i == current.i:
            return False
        current = current.head
    return False


def _antecedents(doc, offset: int, verbs: dict, types_of: dict, types: Sequence[Mention]) -> None:
    """A relative clause's verb acts on its antecedent: 'credit card information, which is used for billing'."""
    for i, verb in verbs.items():
        token = verb.token
        if token.dep_ not in ("relcl", "acl") or types_of.get(i):
            continue
        antecedent = token.head
        lo, hi = antecedent.left_edge.idx + offset, antecedent.idx + len(antecedent) + offset
        owned = [x for x in types if lo <= x.span.start and x.span.end <= hi]
        if owned:
            types_of[i] = owned


_EXAMPLE_MARKER = re.compile(r"\b(?:such as|including|include|includes|e\.g\.?|for example|for instance|i\.e\.?|like)\b", re.I)


def _example_of(mention: Mention, doc, offset: int, verbs: dict):
    """The verb whose object a mention exemplifies: "we collect information when you visit our pages,
    such as your IP address" (the parse hangs the example on the wrong clause)."""
    text = _text_of(doc)
    local = mention.span.start - offset
    markers = [m for m in _EXAMPLE_MARKER.finditer(text, 0, max(local, 0))]
    if not markers:
        return None
    marker = markers[-1].start()
    candidates = [v for i, v in verbs.items() if v.token.idx < marker and _has_data_object(v.token)]
    return candidates[-1] if candidates else None


# Nouns that a data word may modify and still name data: "IP address information", "cookie files".
_DATA_HEADS = _GENERIC_NOUNS | {
    "record", "records", "log", "logs", "file", "files", "list", "lists", "database", "databases", "identifier",
    "identifiers", "number", "numbers", "history", "histories", "field", "fields", "type", "types", "category",
    "categories", "profile", "profiles", "content", "contents", "detail", "value", "values", "string", "strings",
    "pattern", "patterns",
}


def _modifies_other(mention: Mention, doc, offset: int, mentions: Sequence[Mention]) -> bool:
    """A data word that only modifies another noun names that noun, not data (rule of ``verb-object``).

    "email newsletters", "interest-based advertising", "location services": the mention's
    root is a compound or adjectival modifier of a noun outside the mention that is not a
    data noun ("IP address information" and "cookie files" stay data). A mention conjoined to
    another of the ``mentions`` is one item of a list the parser hung on its last item
    ("browser information and reference site domain"), not "credit card and billing processing".
    """
    span = doc.char_span(mention.span.start - offset, mention.span.end - offset, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    head = root.head
    if root.dep_ not in ("compound", "amod", "nmod") or head.i == root.i or span.start <= head.i < span.end:
        return False
    if any(
        c.dep_ == "conj" and c.i >= span.end and any(x.span.start <= c.idx + offset < x.span.end for x in mentions)
        for t in span for c in t.children
    ):
        return False
    return head.pos_ in ("NOUN", "PROPN") and head.lower_ not in _DATA_HEADS and head.lemma_.lower() not in _DATA_HEADS


_MEDIUM_WORDS = {"email", "emails", "e-mail", "e-mails"}
_MEDIUM_PREPOSITIONS = {"by", "via", "through", "over", "in", "from"}


_SENDING = {"send", "receive", "transmit"}


def _medium_mention(mention: Mention, doc, offset: int) -> bool:
    """A bare "email" that names a message or the channel, not an address (rule of ``verb-object``).

    "contact you by email", "web beacons in emails", "send you an e-mail", "email sent to us": a plural, an
    indefinite, a medium after "by" / "via" / "in" or one that is sent is no data; "your email" and "name and
    email" stay data.
    """
    if mention.label.lower() not in _MEDIUM_WORDS:
        return False
    span = doc.char_span(mention.span.start - offset, mention.span.end - offset, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if any(c.dep_ == "poss" for c in root.children):
        return False
    if root.pos_ == "VERB" or root.lower_.endswith("s") or any(c.dep_ == "det" and c.lower_ in ("a", "an", "each", "every") for c in root.children):
        return True
    if any(c.dep_ == "acl" and c.lemma_.lower() in _SENDING for c in root.children) or (
        root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in _SENDING
    ):
        return True  # "Email sent to or through the Service may not be secure": the message
    head = root
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    return head.dep_ == "pobj" and head.head.lower_ in _MEDIUM_PREPOSITIONS


_MEDIUM_BEFORE = re.compile(r"\b(?:by|via|through|over|in)\s+(?:an?\s+)?$", re.IGNORECASE)
_ADDRESSED_AFTER = re.compile(r"\s*(?::\s*)?(?:us\b|[\w.+-]+@[\w-]+\.)", re.IGNORECASE)


def _medium_in_text(text: str, mention: Mention) -> bool:
    """A bare "email" that the text, read without a parse, shows to be a message or the channel: "notice ... by
    email", "Donors: email wecare@example.org", "email us", "promotional e-mails" (for items whose action comes
    from a lead-in, a heading or the practice just stated)."""
    if mention.label.lower() not in _MEDIUM_WORDS:
        return False
    return mention.label.lower().endswith("s") or bool(
        _MEDIUM_BEFORE.search(text, max(0, mention.span.start - 12), mention.span.start)
        or _ADDRESSED_AFTER.match(text, mention.span.end, mention.span.end + 60)
    )


def _verb_mention(mention: Mention, doc, offset: int) -> bool:
    """A one-word data label the sentence uses as a verb names no data: "to address potential injury", "you may
    post comments", "This addresses the processing of personal data". Not a gerund ("content you disclose for
    posting"), nor a plural the parser may take for a verb ("reviews you write and comments you post"): a verb
    that is not in its base form must have a subject and an object of its own."""
    span = doc.char_span(mention.span.start - offset, mention.span.end - offset, alignment_mode="expand")
    if span is None or len(span) != 1 or span.root.pos_ != "VERB":
        return False
    word = span.root
    return word.tag_ == "VB" or (
        word.tag_ in ("VBZ", "VBP", "VBD")
        and {"nsubj", "dobj"} <= {c.dep_ for c in word.children}
    )


def _asked_mention(mention: Mention, doc, offset: int) -> bool:
    """A data-type mention that a question asks for names no data acted on ("What personal information do we collect?")."""
    span = doc.char_span(mention.span.start - offset, mention.span.end - offset, alignment_mode="expand")
    return span is not None and _asked(span.root)


def _implies_data(verb: "_Verb", recipients: Sequence[str], names: Sequence[str]) -> bool:
    """A sharing verb with a recipient but no data named acts on personal data (rule ``implied-data``).

    "We may disclose to law enforcement", "we share with service providers who ...": the flow is
    stated, the data left unsaid. The verb must not have an object of its own that is not data
    ("we sell products to retailers") and must name a recipient (a category other than the bare
    'recipients', or an organisation). A sale beside buying or merging deals in businesses.
    """
    if verb.action not in SHARING or verb.token is None or _own_object(verb.token):
        return False
    if verb.action == SELL and any(t.lemma_.lower() in _DEALS for t in _conjoined(verb.token)):
        return False  # "we may sell, buy, merge or partner with other companies": a deal in businesses
    return bool(names) or any(r != RECIPIENT for r in recipients)


#: Verbs of dealing in businesses, beside which "sell" sells no data.
_DEALS = {"buy", "merge", "acquire", "purchase"}


def _own_object(token) -> bool:
    """The verb has a direct object of its own ("sell products")."""
    return any(c.dep_ == "dobj" for c in token.children)


def _has_data_object(token) -> bool:
    return any(c.dep_ in ("dobj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN") for c in token.children)


def _lift_purposes(verbs: dict, types_of: dict, purposes_of: dict) -> None:
    """Purposes caught by an action verb without data belong to the nearest practice verb with data above it:
    the verb of a purpose clause ("to process your transactions"), or of a clause describing the data ("we may
    share certain information we collect or receive with third parties to provide the services you request")."""
    for i in list(purposes_of):
        if types_of.get(i):
            continue
        head = verbs[i].token.head
        while not (head.i in verbs and types_of.get(head.i)) and head.head.i != head.i:
            head = head.head
        if head.i in verbs and head.i != i and types_of.get(head.i):
            purposes_of.setdefault(head.i, []).extend(purposes_of.pop(i))


_LEXICON_WORD = re.compile(r"[a-z0-9]+")
_PURPOSE_PREPOSITIONS = {"for", "toward", "towards"}


def _purpose_in_place(mention: Mention, doc, offset: int, verbs: dict) -> bool:
    """A purpose named by a bare verb ("improve", "measure", "protect") counts only in a purpose clause.

    Longer labels ("improve our services") and nouns ("advertising") name a purpose wherever
    they stand; a bare verb does only when the parse puts it in an infinitive ("to improve",
    "to help us measure"), a "for" phrase or a "so that" clause below the practice verb: in
    "we collect, use and protect your information" nothing is collected to protect.
    """
    if len(_LEXICON_WORD.findall(mention.label.lower())) > 1:
        return True
    span = doc.char_span(mention.span.start - offset, mention.span.end - offset, alignment_mode="expand")
    if span is None or span.root.pos_ not in ("VERB", "AUX"):
        return span is not None
    current = span.root
    for _ in range(12):
        if current.i in verbs and current.i != span.root.i:
            return False
        if current.pos_ in ("VERB", "AUX") and any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children):
            return True
        if current.dep_ == "pobj" and current.head.lower_ in _PURPOSE_PREPOSITIONS:
            return True
        if current.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("so", "that") for c in current.children):
            return True
        if current.head.i == current.i:
            return False
        current = current.head
    return False


# How a clause that states only a purpose opens: "To protect our rights", "For purposes of ...", "As required by law".
_PURPOSE_OPENING = re.compile(
    r"^\W*(?:(?:\(?[a-z0-9]{1,3}[.)]|and|or)\s+)?(?:to|for|in order to|so that|in connection with|in the event of|"
    r"as (?:required|needed|necessary|permitted|authori[sz]ed)|when (?:required|necessary|needed))\b",
    re.IGNORECASE,
)


def _purpose_item(text: str, sentence: Sentence, m: "_Mentions") -> bool:
    """A sentence that only states a purpose: it names no data, and opens with a purpose marker
    ("To protect our rights;", "As required by law.") or with the purpose itself ("Prevent fraud").

    >>> quote = "To protect the rights and property of our users;"
    >>> s = Sentence(Span(0, len(quote)), 0, BlockKind.PARAGRAPH, ())
    >>> _purpose_item(quote, s, _mentions(quote, 0, len(quote)))
    True
    """
    if m.types or not m.purposes:
        return False
    quote = text[sentence.span.start : sentence.span.end]
    lead = len(quote) - len(quote.lstrip(" \t\n-•*(0123456789.)"))
    return bool(_PURPOSE_OPENING.match(quote)) or m.purposes[0].span.start - sentence.span.start <= lead


# Negation and possibility read off text without a parse (a list lead-in, a heading, an among-assets clause).
_NEGATION_TEXT = re.compile(r"\b(?:(?<!whether or )not|never|no)\b|n['’]t\b", re.IGNORECASE)  # not "whether or not"
_POSSIBLE_TEXT = re.compile(r"\b(?:may|might|can|could)\b", re.IGNORECASE)
# A sentence that tells how data is handled, read without a parse (no list items under it).
_TELLS_HOW = re.compile(r"\b(?:how|why)\s+we\s+(?:[\w'’-]+\s+){0,2}?(?:collect|use|share|disclose|process|store|sell|transfer)", re.IGNORECASE)
# A sentence that disclaims what it names, read without a parse: "We are not responsible for the retention, use or
# privacy of profile information" (under "Disclosure of Information to Others") is no disclosure of it.
_DISCLAIMS = re.compile(r"\b(?:responsible|liable|accountable|responsibility|liability)\s+for\b|\bno\s+control\s+over\b",
                        re.IGNORECASE)
# A lead-in to the user's rights or choices, whose items are no practices even if it names an act on data: "your
# rights in relation to your personal data processed by us include:", "several ways for you to manage ...:", "This
# is also where you can restrict certain types of processing of your information:".
_CHOICES_LEAD = re.compile(
    r"\b(?:rights|right\s+to|choices|options|ways\s+(?:for\s+you|you\s+can)"
    r"|you\s+(?:can|may)\s+(?:\w+\s+)?(?:restrict|limit|object\s+to|opt\s+out|control|manage))\b",
    re.IGNORECASE,
)
# A sentence whose main clause denies what it says, within its first words: "We don’t show you personalised ads
# based on your content", "Other users will not have access to it" (not "If you do not object, we will ...").
_DENIAL_OPENING = re.compile(
    r"[\W\d]*(?!(?:if|when|unless|where|while|although|though|even|whether|once|as|because)\b)(?:[\w'’-]+\s+){0,4}?"
    r"(?:(?:do|does|did|will|would|shall|should|can|could|may|might|must|is|are|was|were|has|have)\s+not|\w+n['’]t|never)\b",
    re.IGNORECASE,
)

# "Customer information is one of the transferred business assets", "your data may be among the assets sold":
# data counted among the assets that pass to a buyer (a merger, an acquisition, a bankruptcy).
_AMONG_ASSETS = re.compile(
    r"\b(?:(?:is|are|be|being|been)\s+(?:\w+\s+)?(?:among|one\s+of|part\s+of|included\s+(?:in|among))|"
    r"(?P<include>includ(?:e|es|ed|ing))\s+(?P<data>[^,;]{1,80}?)\s+(?:among|as\s+part\s+of|in))\s+"
    r"(?:the\s+)?(?:[\w-]+\s+){0,4}?(?:assets?|items|property)\b",
    re.IGNORECASE,
)
_ASSETS_PASS = re.compile(r"\b(?:transferr(?:ed|ing)|sold|acquired|assigned|conveyed)\b", re.IGNORECASE)

# "Our vendor will be given access to your name", "service providers have access to personal information",
# "we give our payment processor access to your card number": the party is a recipient of the data.
_ACCESS_GRANTED = re.compile(
    r"\b(?:(?:have|has|had|having|get|gets|gain|gains|given|granted|provided\s+with)"
    r"|(?P<grant>give|gives|grant|grants|provide|provides)\s+(?P<party>[^,;.]{1,60}?))"
    r"\s+(?:limited\s+|restricted\s+|some\s+)?access\s+to\b",
    re.IGNORECASE,
)
# Between the party and "have access": another subject ("we"), a relative clause ("a person that"), or more
# than a few words (an auxiliary, a negation, "within the corporate family").
_NOT_THE_PARTY = re.compile(r"\b(?:we|us|you|I|that|who|which)\b|(?:\S+\s+){7,}", re.IGNORECASE)
_USER_LETS = re.compile(r"\byou\b[^,;]*\b(?:allow|let|permit|authori[sz]e|give|grant)", re.IGNORECASE)

# "Content you post becomes available to the public", "that information can be viewed publicly", "your profile
# may be visible to other users": the data passes to whoever can see it.
_MADE_PUBLIC = re.compile(
    r"\b(?:(?:becomes?|became|is|are|be|been|remains?)\s+"
    r"(?:(?:not|never|no\s+longer|also|then|always|generally|automatically|made|considered|deemed|fully)\s+){0,2}"
    r"(?:public(?:ly\s+(?:available|accessible|viewable|visible))?\b|(?:available|accessible|visible|viewable)\s+to\s+"
    r"(?P<to>(?:\w+\s+){0,2}?(?:public|users|members|visitors|people|anyone|everyone|others)\b))"
    r"|(?:can|cannot|could|may|might|will)\s+(?:(?:not|also|then)\s+)?be\s+(?:viewed|seen|read|accessed|searched|collected)\s+"
    r"(?P<by>publicly\b|by\s+(?:\w+\s+){0,2}?(?:public|users|members|visitors|people|anyone|everyone|others)\b))",
    re.IGNORECASE,
)
def _word_at(text: str, i: int) -> int:
    """Where the first non-space character at or after ``i`` is."""
    return len(text) - len(text[i:].lstrip())


def _clause_start(quote: str, end: int, marks: str) -> int:
    """Where the clause that ends at ``end`` starts, read without a parse: past the last of ``marks``
    before it (else the sentence start) and the spaces after it."""
    return _word_at(quote, max(quote.rfind(c, 0, end) for c in marks) + 1)


_NOT_SEEN = re.compile(r"\b(?:not|never|no\s+longer|cannot)\b", re.IGNORECASE)
_RELATIVE_END = re.compile(r"\b(?:that|which|who)\s+(?:\w+\s+)?$", re.IGNORECASE)
_OTHER_USERS_WORDS = ("users", "members", "visitors", "people")  # who sees the data, when not the public

# How a sentence that lists examples of what was just said opens: "Examples include ...", "These include ...".
_EXAMPLES_OPENING = re.compile(
    r"^\W*(?:(?:examples|these|such (?:functions|services|tasks|activities))(?: of (?:these|such) \w+)? (?:may )?(?:include|includes)|"
    r"such as|including)\b",
    re.IGNORECASE,
)


_EXCEPT = {"except", "excluding", "besides"}
_UNLESS = re.compile(r"\bunless\b", re.IGNORECASE)
_EXCEPT_WORD = re.compile(r"\b(?:except|excluding|besides|other\s+(?:\w+\s+){0,2}than)\b", re.IGNORECASE)
# What follows "except" or "other than" when it points at the rest of the policy.
_POINTS_AT_THE_POLICY = re.compile(
    r"\s+(?:only\s+)?as\s+(?:otherwise\s+|expressly\s+|specifically\s+)?(?:set\s+(?:out|forth)|described|stated|provided|"
    r"noted|disclosed|explained|outlined|detailed|specified|permitted|indicated|mentioned)\b",
    re.IGNORECASE,
)


def _exceptions(doc, words: str, offset: int, verbs: dict, m: "_Mentions") -> dict[int, list[Mention]]:
    """Mentions inside an 'except ...' phrase of a negated verb, by verb index; ``words`` is the sentence's text."""
    result: dict[int, list[Mention]] = {}
    if not _EXCEPT_WORD.search(words):
        return result  # the text first: walking the tokens of every sentence costs more
    for token in doc:
        if token.lower_ not in _EXCEPT and not (
            token.lower_ == "than" and any(t.lower_ == "other" for t in doc[max(0, token.i - 3) : token.i])
        ):  # "other than", "any other purpose than"
            continue
        verb = _verb_of(token, verbs)
        if verb is None or verb is _BLOCKED or not verb.negated:
            continue
        lo, hi = token.idx + offset, max(w.idx + len(w) for w in token.subtree) + offset
        if hi <= token.idx + len(token) + offset:
            # "except" parsed as a leaf: take the rest of the clause, or, when it opens the sentence ("Except as
            # set forth below, we do not sell your data"), what lies between it and the verb
            hi = (verb.token.idx if token.i < verb.token.i else max(w.idx + len(w) for w in verb.token.subtree)) + offset
        if _POINTS_AT_THE_POLICY.match(words, token.idx + len(token)):
            continue  # "except as set out below": the rest of the policy says what happens
        if any(lo <= other.token.idx + offset < hi for other in verbs.values() if other is not verb):
            continue  # "except that we may share your IP address": the exception states its own practice
        inside = [x for x in (*m.types, *m.purposes, *m.recipients) if lo <= x.span.start < hi]
        if inside:
            result.setdefault(verb.token.i, []).extend(inside)
    return result


def _condition(token) -> str | None:
    for child in token.children:
        if child.dep_ == "advcl":
            marks = [c for c in child.children if c.dep_ in ("mark", "advmod") and c.lower_ in _CONDITION_MARKS]
            if marks and marks[0].i < child.i:
                words = list(child.subtree)
                return " ".join(w.text for w in words).replace(" ,", ",").strip() or None
    return None


# Capitalised words that policies use as common nouns; never an organisation's name on their own.
_NOT_NAMES = {
    "privacy", "policy", "notice", "statement", "site", "sites", "website", "websites", "service", "services", "terms",
    "use", "information", "personal", "data", "app", "apps", "application", "we", "our", "you", "your", "inc", "llc",
    "ltd", "company", "user", "users", "customer", "customers", "account", "content", "program", "section",
    "california", "eu", "european", "union", "united", "states", "us", "u.s.", "internet", "web", "online", "product",
    "products", "member", "members", "partner", "partners", "affiliate", "affiliates", "cookie", "cookies", "agreement",
    # dates: "As of November 2013, ..."
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    # what a policy's headings are about: "Information Sharing", "Collection", "Security", "Terms and Conditions"
    "collection", "sharing", "disclosure", "usage", "security", "protection", "processing", "conditions",
    "platform", "platforms", "enforcement", "requests",
}
# Schemes whose labels name a category, a place or a topic: a capitalised phrase that one of their labels
# covers whole ("Service Providers", "Log File", "European Economic Area") is that concept, not a name.
_CONCEPT_SCHEMES = ("recipients", "datatypes", "purposes", "subjects", "topics", "actions", "jurisdictions")
# Last words of names of laws, frameworks, standards, documents and technologies ("Data Protection Act", "Privacy
# Shield", "Standard Contractual Clauses", "Master Subscription Agreement", "Secure Socket Layer", "DART Cookie",
# "Local Storage Objects"): such a name is not an organisation.
_INSTRUMENT_HEADS = {
    "act", "acts", "regulation", "regulations", "directive", "directives", "law", "laws", "principle", "principles",
    "clause", "clauses", "shield", "framework", "frameworks", "code", "codes", "convention", "treaty", "statute",
    "ordinance", "rule", "rules", "amendment", "bill", "standard", "standards", "protocol", "protocols", "layer",
    "encryption", "certificate", "certificates", "decision", "guidelines", "harbor", "harbour",
    "agreement", "agreements", "summary", "form", "forms", "register", "cookie", "cookies", "objects",
}
# Acronyms of laws and technologies that a policy capitalises like a name ("GDPR", "HTTPS").
_INSTRUMENT_ACRONYMS = _LAW_WORDS | {"ssl", "tls", "https", "http", "html", "html5", "url", "urls", "api", "apis",
                                     "sdk", "sdks", "gps", "sms", "rss", "faq", "faqs", "pdf", "lso", "lsos", "dnt", "id",
                                     "ids", "ip", "os", "ios", "tv", "pc", "cv", "pin", "isp", "android", "dmca", "dart"}
# Nouns that stand for an organisation whose name is elsewhere in the sentence ("the U.S. Department of
# Commerce", "Academia, Inc."): alone, or after a place, they are no name.
_ORG_NOUNS = {"department", "office", "commission", "authority", "agency", "ministry", "government", "court",
              "council", "bureau", "inc", "inc.", "corporation", "corp", "corp.", "ltd", "ltd.", "limited", "llc",
              "gmbh", "group", "club", "clubs", "developer", "developers", "team", "board", "committee",
              "university", "state", "officer", "controller", "owner"}
_DOMAIN = re.compile(r"^(?=.*[A-Z])[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z]{2,})*$")
# Last words of data categories written in Title Case ("Usage Info", "Cardholder Data").
_DATA_NOUNS = {"info", "information", "data", "details"}
# Words of a postal address ("110 William St, 28th Floor"): the run is part of an address.
_ADDRESS_WORDS = {"street", "st", "avenue", "ave", "road", "rd", "floor", "suite", "ste", "blvd", "boulevard",
                  "lane", "parkway", "pkwy", "plaza", "po", "p.o."}
# Relations that open a clause of its own: a name inside one ("countries which the European Commission
# deems adequate", "as set forth by the Department of Commerce", "when we create a list through DFP") is
# not where the sharing verb's data goes. Other relations are followed, parse errors included.
_CLAUSE_DEPS = {"relcl", "advcl", "acl", "ccomp", "csubj", "agent"}


def _proper_names(doc) -> list:
    """Runs of proper nouns, a cheap stand-in for NER ("Google Analytics", "DoubleClick"), as spaCy spans.

    These are candidates: :class:`_OrganisationNames` decides which of them name an organisation.
    """
    runs, start = [], None
    for token in [*doc, None]:
        if token is not None and token.pos_ == "PROPN" and token.is_alpha:
            start = token.i if start is None else start
            continue
        if start is not None and token is not None and _joins(doc, token):
            continue  # "Merriam-Webster", "Harley-Davidson": one name across a hyphen
        if start is not None:
            span = doc[start : token.i if token is not None else len(doc)]
            words = [w.lower_ for w in span]
            if not all(w in _NOT_NAMES for w in words) and any(c.isupper() for c in span.text):
                runs.append(span)
            start = None
    return runs


def _joins(doc, token) -> bool:
    """A hyphen written without spaces between two capitalised proper nouns ("Merriam-Webster")."""
    if token.text != "-" or token.whitespace_ or token.i == 0 or doc[token.i - 1].whitespace_ or token.i + 1 >= len(doc):
        return False
    after = doc[token.i + 1]
    return after.pos_ == "PROPN" and after.is_alpha and after.text[:1].isupper()


_CAMEL = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")


_TOP_LEVEL_DOMAIN = re.compile(r"\.(?:com|org|net|gov|edu|info|biz|io|co)(?:\.[a-z]{2})?$|\.[a-z]{2}$")


def _squeezed(name: str) -> str:
    """A name without its top-level domain, spaces or punctuation: "Tulsa World" and "tulsaworld.com" agree."""
    return re.sub(r"[^a-z0-9]", "", _TOP_LEVEL_DOMAIN.sub("", name.lower()))


class _OrganisationNames:
    """Which proper-noun runs of one document name an organisation other than the publisher.

    spaCy tags as PROPN whatever a policy capitalises: headings ("Disclosure", "Conditions"),
    categories ("Service Providers"), places ("European Economic Area"), laws ("Privacy Shield")
    and fragments ("Non-" of "Non-Identifiable"). A run is kept only when none of these rules
    rejects it, tried cheapest first:

    - *publisher*: it is the publisher's name or alias, or contains one of their words;
    - *fragment*: it touches a hyphen ("Non-", "Opt-out") or starts with a lower-case
      function word glued to a capital ("andWe");
    - *instrument*: its last word heads the name of a law, framework, standard or technology
      ("Act", "Shield", "Clauses", "Layer"), or it is such an acronym ("GDPR", "HTTPS");
    - *address*: it contains a word of a postal address ("William St", "28th Floor");
    - *organisation noun*: an organisation noun alone or after a place, whose name is
      elsewhere ("Department" of Commerce, "US Department", "Inc.");
    - *concept*: its last word is a data noun ("Usage Info"), or a label of a taxonomy or of
      the jurisdictions gazetteer covers it whole ("Third Parties", "Log File", "Canada");
    - *common words*: the text also uses it in lower case, outside addresses such as
      ``google.com``: a single word ("Rights", "Group") or an all-caps heading ("LEGAL
      OFFICE") each of whose words occurs in lower case, or a Title Case phrase that occurs
      whole in lower case ("Legal Requirements"). A name made of common words ("Campaign
      Monitor") is kept unless the text uses the phrase itself in lower case.

    Verdicts are cached per run text, so each distinct run is judged once per document. Where the
    run stands is judged apart (:func:`_heading_like`, :func:`_flows_to`).

    Args:
        text: the document's text (the common-words rule searches it).
        publisher: lower-cased names and aliases of the publisher, and their first words.

    >>> names = _OrganisationNames("We share data with Google. Our group of companies ...", set())
    >>> names.is_organisation("Google"), names.is_organisation("Group"), names.is_organisation("Canada")
    (True, False, False)
    """

    def __init__(self, text: str, publisher: set[str]) -> None:
        self.text = text
        self.publisher = publisher
        self._publisher_keys = {k for k in map(_squeezed, publisher) if k}
        self._verdicts: dict[str, bool] = {}
        self._lower: dict[str, bool] = {}

    def is_organisation(self, name: str, *, follows: str = "", precedes: str = "") -> bool:
        """Whether ``name`` (a run's text) names an organisation other than the publisher.

        Args:
            name: the text of a proper-noun run.
            follows: the character just after the run in the text ("-" marks a fragment).
            precedes: the character just before it.
        """
        if follows == "-" or precedes == "-":
            return False
        verdict = self._verdicts.get(name)
        if verdict is None:
            verdict = self._verdicts[name] = self._judge(name)
        return verdict

    def is_publisher(self, name: str) -> bool:
        """Whether ``name`` is the publisher's name or alias, or contains one of their words; spacing,
        punctuation and a top-level domain aside ("Tulsa World", "Tulsaworld.com")."""
        lowered = name.lower()
        return lowered in self.publisher or any(w in self.publisher for w in lowered.split()) or (
            _squeezed(lowered) in self._publisher_keys
        )

    def _judge(self, name: str) -> bool:
        words = name.lower().split()
        if not words or _EXCLUDED_ORGS.search(name) or self.is_publisher(name):
            return False
        if name.upper() == name and len(name) <= 3:
            return False  # "EU", "IP", "FSD": an abbreviation, most often the publisher's own
        if words[-1] in _INSTRUMENT_HEADS or (len(words) == 1 and words[0] in _INSTRUMENT_ACRONYMS):
            return False
        if _ADDRESS_WORDS.intersection(words):
            return False
        if all(w in _NOT_NAMES for w in words):
            return False
        if words[-1] in _ORG_NOUNS and (len(words) == 1 or all(w in _NOT_NAMES for w in words[:-1])
                                        or _is_concept(" ".join(name.split()[:-1]))):
            return False  # "Department" (of Commerce), "US Department", "Inc.": the name is elsewhere
        first = name.split()[0]
        if first[:1].islower() and len(_CAMEL.findall(first)) > 1:
            head = _CAMEL.findall(first)[0]
            if len(head) > 1 and (head in _GLUED_WORDS or self._in_lower_case(head)):
                return False  # "andWe", "receiveThird": two words glued by a lost space
        if words[-1] in _DATA_NOUNS or _is_concept(name):
            return False
        if "-" in name and all(_is_concept(part) or part.lower() in _NOT_NAMES for part in name.split("-") if part):
            return False  # "EU-US": places joined by a hyphen
        if len(words) == 1 or name.upper() == name:
            # A single word, or an all-caps heading ("LEGAL OFFICE"), whose words the text also uses in lower
            # case, in the singular or the plural ("Careers" / "career", "Charity" / "charities").
            return not all(any(self._in_lower_case(f) for f in _number_forms(w)) for w in words)
        # Several Title Case words: common words only when the text also uses the whole phrase in lower case
        # ("Legal Requirements" / "legal requirements"); "Campaign Monitor" is a name made of common words.
        return not self._in_lower_case(name.lower())

    def _in_lower_case(self, word: str) -> bool:
        """The word (or phrase) occurs in lower case in the text, not inside an address ("google.com", "@twitter")."""
        found = self._lower.get(word)
        if found is None:
            pattern = re.compile(r"(?<![\w@./])" + r"\s+".join(map(re.escape, word.split())) + r"(?![\w@/]|\.\w)")
            found = self._lower[word] = pattern.search(self.text) is not None
        return found


def _number_forms(word: str) -> tuple[str, ...]:
    """The word and its singular or plural ("careers" → "career", "charity" → "charities")."""
    one = singular(word)
    if one != word:
        return (word, one)
    if not word[-1:].isalpha():
        return (word,)
    return (word, word[:-1] + "ies" if word.endswith("y") else word + "s")


def _heading_like(doc, run, *, recipient: bool) -> bool:
    """The run is heading text, not a name in running text.

    A heading label ("Legal Matters: we may disclose ..."), a word of an all-caps disclaimer
    ("PROVIDED ON AN AS IS BASIS WITHOUT WARRANTIES OF TITLE"), or, for a recipient, the first
    words of the sentence, where a heading glued to its paragraph stands ("4 Collection of
    Information 4.1 When you ...") and no recipient of the sentence's verb does.
    """
    if run.end < len(doc) and doc[run.end].text == ":":
        return True
    if run.start > 0 and doc[run.start - 1].lower_ in _POSSESSIVES:
        return True  # "Your Privacy Rights", "our Careers Site": something owned, not an organisation
    if run.end + 1 < len(doc) and doc[run.end].lower_ == "of" and doc[run.end + 1].text[:1].isupper():
        return True  # "Department" of "Department of Commerce", "Collection of Information": a fragment
    if run.end + 1 < len(doc) and doc[run.end].lower_ in ("and", "&"):
        after = list(itertools.takewhile(lambda t: t.text[:1].isupper(), doc[run.end + 1 :]))
        if after and after[-1].lower_ in _INSTRUMENT_HEADS:
            return True  # "Computer Fraud" of "Computer Fraud and Abuse Act": a fragment of a law's name
    if run.text.isupper():
        letters = [c for c in _text_of(doc) if c.isalpha()]
        if letters and sum(c.isupper() for c in letters) > 0.6 * len(letters):
            return True
    if recipient:
        return all(not t.is_alpha for t in doc[: run.start])
    return False


_POSSESSIVES = {"your", "our", "my", "their", "its", "his", "her"}


# Lower-case function words that a lost space glues to the next word ("andWe", "ofThe").
_GLUED_WORDS = {"and", "or", "of", "the", "to", "in", "for", "with", "on", "at", "by", "from", "we", "you", "our",
                "your", "as", "is", "are", "this", "that", "if", "but", "not", "an"}


def _is_concept(name: str) -> bool:
    """A taxonomy label or a place covers the whole phrase ("Service Providers", "Log File", "Switzerland")."""
    # Labels give plurals of singular labels; a singular name may still match a plural-only label.
    forms = (name, name + "s") if name[-1:].isalpha() and not name.endswith(("s", "S")) else (name,)
    for form in forms:
        for scheme in _CONCEPT_SCHEMES:
            for mention in lexicon(scheme).find(form):
                if mention.span.start == 0 and mention.span.end >= len(form.rstrip(".")):
                    return True
    return False


_OTHER_PEOPLE = {"others", "public", "everyone", "anyone", "friends", "people", "them", "him", "her"}
_OTHER_PLACES = {"website", "site", "platform", "service", "network", "forum", "app", "application"}  # by lemma


def _to_others(token) -> bool:
    """What the user gives goes to others, not to us: "share information with others", "disclose it
    publicly", "in public forums", "with other services", "share information on another platform",
    "provide your password to an aggregation website", "parties with whom you share it" (the party a relative
    "whom" stands for is not the publisher). "With us or third parties" still reaches us."""
    if any(c.dep_ == "advmod" and c.lower_ in ("publicly", "online") for c in token.children):
        return True
    # The parse may hang the prepositional phrase on the object: "share information with others".
    preps = [c for c in token.children if c.dep_ == "prep"]
    preps += [g for c in token.children if c.dep_ == "dobj" for g in c.children if g.dep_ == "prep"]
    chain = [token]  # up to the clause the verb belongs to: "[choose] to share"
    while chain[-1].dep_ in ("xcomp", "conj") and chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)
    if chain[-1].dep_ == "relcl" and any(
        g.lower_ == "whom" for v in (*chain, chain[-1].head) for c in v.children if c.dep_ == "prep" for g in c.children
    ):
        return True  # "the person to whom you provide it", "Parties with whom you may choose to share"
    for prep in preps:
        for g in prep.children:
            if g.dep_ != "pobj":
                continue
            people = [g, *(c for c in g.conjuncts)]
            if any(p.lower_ == "us" or any(c.dep_ == "poss" and c.lower_ == "our" for c in p.children) for p in people):
                return False
            if g.lower_ in _OTHER_PEOPLE or any(c.lower_ in ("public", "other", "another", "third") for c in g.children):
                return True
            if prep.lower_ == "to" and g.lemma_.lower() in _OTHER_PLACES and any(
                c.dep_ == "det" and c.lower_ in ("a", "an") for c in g.children
            ):
                return True  # "to a website": someone else's
    return False


def _in_subject(token, verb_token) -> bool:
    """True when ``token`` lies in the subject of ``verb_token``."""
    current = token
    for _ in range(20):
        if current.head.i == verb_token.i:
            return current.dep_ in ("nsubj", "nsubjpass", "csubj")
        if current.head.i == current.i:
            return False
        current = current.head
    return False


def _flows_to(token, verb_token) -> bool:
    """The verb's data goes to ``token``: the path up to the verb opens no clause of its own.

    "share your data with third parties such as Google": yes; "transfer your data to countries
    which the European Commission considers adequate": no (a relative clause).
    """
    current = token
    for _ in range(40):
        if current.i == verb_token.i:
            return True
        if current.dep_ in _CLAUSE_DEPS or current.head.i == current.i:
            return False
        current = current.head
    return False


def _edges(doc, span) -> tuple[str, str]:
    """The characters of the sentence just before and just after a span ("" at its edges)."""
    text = _text_of(doc)
    start, end = span.start_char, span.end_char
    return (text[start - 1] if start > 0 else ""), (text[end] if end < len(text) else "")


def _recipient_names(doc, verb_token, names: _OrganisationNames, runs=None) -> tuple[str, ...]:
    """Named organisations in the verb's subtree that receive data ("share ... with Google")."""
    found = []
    for run in _proper_names(doc) if runs is None else runs:
        text = run.text.strip()
        if run.root.is_ancestor(verb_token) or not verb_token.is_ancestor(run.root):
            continue
        if _in_subject(run.root, verb_token):
            continue  # "Plimus may disclose ...": the actor, not a recipient
        before, after = _edges(doc, run)
        if not names.is_organisation(text, follows=after, precedes=before) or _heading_like(doc, run, recipient=True):
            continue
        if not _flows_to(run.root, verb_token):
            continue
        found.append(text)
    return _unique(found)


def _run_around(doc, token):
    """The run of :func:`_proper_names` that holds ``token``, found from the token outwards, else None."""
    if not (token.pos_ == "PROPN" and token.is_alpha):
        return None

    def named(t) -> bool:
        return t.pos_ == "PROPN" and t.is_alpha

    start, end = token.i, token.i + 1
    while True:
        if start > 0 and named(doc[start - 1]):
            start -= 1
        elif start > 1 and _joins(doc, doc[start - 1]) and named(doc[start - 2]):
            start -= 2
        else:
            break
    while True:
        if end < len(doc) and named(doc[end]):
            end += 1
        elif end < len(doc) and _joins(doc, doc[end]):
            end += 2
        else:
            break
    span = doc[start:end]
    if all(w.lower_ in _NOT_NAMES for w in span if w.is_alpha) or not any(c.isupper() for c in span.text):
        return None
    return span


def _run_of(doc, token) -> str:
    """The text of the proper-noun run that holds ``token``, else the token's text."""
    run = _run_around(doc, token)
    return run.text.strip() if run is not None else token.text


def _actor_name(doc, subject, verb_token, names: _OrganisationNames) -> str | None:
    """The organisation a proper-noun subject of ``verb_token`` names ("Google Analytics collects ..."), else None.

    The whole run of proper nouns is the name: the subject token alone is its last word ("Analytics").
    A nominal action ("as set forth by the Department of Commerce regarding the collection, use ...")
    has no named actor, nor has a verb that a heading's colon separates from the run ("Email
    Communications with Us: ... you may receive").
    """
    if verb_token.pos_ == "NOUN":
        return None
    if any(t.text == ":" for t in doc[min(subject.i, verb_token.i) : max(subject.i, verb_token.i)]):
        return None
    run = _run_around(doc, subject)
    if run is None:
        if not _DOMAIN.match(subject.text):
            return None
        run = doc[subject.i : subject.i + 1]  # not all letters: "Tulsaworld.com", "All3DP"
    before, after = _edges(doc, run)
    text = run.text.strip()
    if _heading_like(doc, run, recipient=False):
        return None
    return text if names.is_organisation(text, follows=after, precedes=before) else None


class PracticeExtractor:
    """Extract practices from one document.

    Nothing carries over between documents but the parses of sentences seen
    before (see :class:`~policykg.ingest.nlp.Parser`).

    Args:
        nlp: a loaded spaCy pipeline (default :func:`~policykg.ingest.nlp.load_nlp`).
    """

    def __init__(self, nlp=None) -> None:
        self.parser = Parser(nlp)

    def __call__(
        self, document: Document, sentences: Sequence[Sentence], metadata: PolicyMetadata | None = None
    ) -> tuple[Practice, ...]:
        text = document.text
        company_names = {n.lower() for n in ((metadata.company,) if metadata and metadata.company else ())}
        company_names |= {a.lower() for a in (metadata.aliases if metadata else ())}
        if metadata and (label := site_label(metadata.url)):
            company_names.add(label)  # "tulsaworld", the name of the site the policy was read from: "Tulsaworld.com"
        # The first word of each name, past an article: "The News-Post" is called "News-Post" too.
        first_words = {w[0] for n in company_names if (w := [x for x in n.split(",")[0].split() if x != "the"])}
        sentences = _continued_lists(text, sentences)
        candidates: list[tuple[Sentence, _Mentions, bool]] = []  # (sentence, mentions, parse it?)
        mention_cache: dict[int, _Mentions] = {}
        for sentence in sentences:
            m = _mentions(text, sentence.span.start, sentence.span.end)
            mention_cache[sentence.span.start] = m
            if sentence.kind is BlockKind.HEADING:
                continue
            # Parse only sentences that can hold a practice: an action cue with something it could act on,
            # or data types whose action comes from a list lead-in or a heading. A list item without an
            # action cue takes everything from its lead-in: it is not parsed at all.
            cue = _CUE.search(text, sentence.span.start, sentence.span.end) or (
                m.names_tracker and _PLACE_CUE.search(text, sentence.span.start, sentence.span.end)
            )
            item = sentence.kind is BlockKind.LIST_ITEM and sentence.lead_in is not None
            if item and not cue and (m.types or m.purposes or m.recipients):
                candidates.append((sentence, m, False))  # (a recipient alone completes a sharing lead-in)
                continue
            has_object = m.types or _OBJECT_CUE.search(text, sentence.span.start, sentence.span.end)
            # A flow to a recipient with the data left unsaid ("we may disclose to law enforcement").
            flow = not has_object and m.names_party and _SHARE_CUE.search(
                text, sentence.span.start, sentence.span.end
            )
            # A third party engaged for a task, the data left unsaid ("we employ other companies to ...").
            engaged = not has_object and not flow and m.names_party and _ENGAGE_CUE.search(
                text, sentence.span.start, sentence.span.end
            )
            listed = m.types and _INCLUDE_CUE.search(text, sentence.span.start, sentence.span.end)
            if (has_object and cue) or flow or engaged or listed or (m.types and (sentence.lead_in is not None or sentence.headings)) or (
                item and m.purposes
            ):
                candidates.append((sentence, m, True))
        texts = [text[s.span.start : s.span.end] for s, _, parse in candidates if parse]
        practices: list[Practice] = []
        context = _Context(names=_OrganisationNames(text, company_names | first_words))
        parsed = iter(self.parser.pipe(texts))
        docs = [next(parsed) if parse else None for _, _, parse in candidates]
        position_of = {s.span.start: n for n, s in enumerate(sentences)}
        # Third parties named in any sentence (parsed or not), for "they" in the sentences after.
        named_parties = {
            n: [r.concept for r in mention_cache[s.span.start].recipients if r.concept != RECIPIENT]
            for n, s in enumerate(sentences)
        }
        parsed_at = {s.span.start for s, _, _ in candidates}
        for sentence in sentences:
            # A sentence about a purpose, or about data made public, that the candidate pass left out ("This
            # helps us improve our site.", "Your profile may be viewed by other users.").
            if sentence.span.start in parsed_at or sentence.kind is BlockKind.HEADING:
                continue
            m = mention_cache[sentence.span.start]
            if m.purposes or _MADE_PUBLIC.search(text, sentence.span.start, sentence.span.end):
                candidates.append((sentence, m, False))
                docs.append(_NOT_PARSED)
        order = sorted(range(len(candidates)), key=lambda n: candidates[n][0].span.start)
        candidates, docs = [candidates[n] for n in order], [docs[n] for n in order]
        for (sentence, m, _), doc in zip(candidates, docs):
            position = position_of[sentence.span.start]
            for earlier in (position - 2, position - 1):
                if named_parties.get(earlier) and earlier > context.recent_party_at:
                    context.recent_party, context.recent_party_at = named_parties[earlier][-1], earlier
            if doc is _NOT_PARSED:
                # A purpose with no verb of its own ("Prevent fraud", "For purposes of improving your
                # experience;") completes the list lead-in or heading above it.
                found = self._from_structure(text, sentence, m, mention_cache) if _purpose_item(text, sentence, m) else []
            elif doc is None:
                found = self._from_structure(text, sentence, m, mention_cache, context)
            else:
                found = self._sentence(text, sentence, m, doc, context, company_names | first_words, mention_cache, position)
            if not found and m.purposes:
                found = self._enables_purpose(text, sentence, m, context, position)
            if not found and m.purposes:
                found = self._purposes_continued(text, sentence, m, context)
            if not found or all(p.rule == "implied-data" for p in found):
                # "If we sell our assets ..., your name and email address may be among the items sold": the data
                # named beats the data implied.
                found = self._among_assets(text, sentence, m, context, position) or found
            if not found:
                found = self._access_granted(text, sentence, m, context, position)
            if not any(r in (PUBLIC, OTHER_USERS) for p in found for r in p.recipients):
                found = found + self._made_public(text, sentence, m, context, position)
            found = _from_social_network(found, text[sentence.span.start : sentence.span.end])
            practices.extend(found)
            if found and text[sentence.span.start : sentence.span.end].rstrip().endswith(":"):
                # "We and our affiliates use the information to:": who acts in the items of the list.
                context.lead_actors[sentence.span.start] = _unique((p.actor, p.actor_name) for p in found)
            affirmed = [p for p in found if p.polarity is Polarity.AFFIRMED]
            if affirmed:
                context.recent_practice, context.recent_block = affirmed[-1], sentence.block
            parties = [r.concept for r in m.recipients if r.concept != RECIPIENT]
            parties += [p.actor for p in found if p.rule == "third-party-actor" and p.actor]
            if parties:
                context.recent_party, context.recent_party_at = parties[-1], position
            specific = [x for x in m.types if x.concept != PERSONAL_DATA and not is_a(x.concept, NON_PERSONAL_DATA)
                        and not _medium_in_text(text, x)]
            if specific:
                context.recent_types = specific
                context.recent_at = position
        return _merge(practices)

    # ------------------------------------------------------------------
    def _sentence(self, text, sentence, m, doc, context, company_names, mention_cache, position) -> list[Practice]:
        offset = sentence.span.start
        if _about_a_law(doc, text[sentence.span.start : sentence.span.end]):
            return []
        if context.names is None:
            context.names = _OrganisationNames(text, set(company_names))
        found_runs: list = []

        def runs() -> list:
            """The sentence's proper-noun runs, found once and only if a name is asked for."""
            if not found_runs:
                found_runs.append(_proper_names(doc))
            return found_runs[0]
        verbs: dict[int, _Verb] = {}
        # Only a sentence naming a third party can engage one, only one naming a tracker can place it.
        names_party, names_tracker = m.names_party, m.names_tracker
        for token in doc:
            action = _token_action(token)
            if action is not None:
                verbs[token.i] = _Verb(token, action)
            if names_party and _engages_party(token, m, offset) and (action is None or action == USE):
                verbs[token.i] = _Verb(token, DISCLOSE)
                verbs[token.i].rule = "processor-engagement"
            elif (action is None or action in SHARING) and names_tracker and _places_tracker(token, m, offset):
                verbs[token.i] = _Verb(token, COLLECT)
        # Conjoined verbs inherit negation and modality from the verbs they share a subject with ("we do not
        # give, sell or transfer"); a conjunct with its own subject does not ("we do not sell it, but we share it").
        # Subjects decide actor and user-provides.
        for verb in verbs.values():
            token = verb.token
            partners = _clause_partners(token)
            # In the verb's own clause; a conjunct with a modal of its own starts afresh ("does not reveal your
            # identity and may be disclosed only to our staff").
            own_modal = any(c.dep_ == "aux" and c.tag_ == "MD" for c in token.children)
            denied = _is_negated(token) or (not own_modal and any(_is_negated(h) for h in partners))
            first = (partners or [token])[-1]
            verb.negated = denied or _denied_by_controller(first) or _denied_by_noun(first) or _prohibited(first)
            answer = _answer(first, text, offset, sentence.span.end)
            if answer == "":
                verb.actor = None  # "Do we sell your data?" asks; it says nothing
                continue
            verb.negated = verb.negated != (answer == "no")  # "Do we sell your information to third parties: No."
            verb.possible = _is_possible(token) or any(_is_possible(h) for h in partners)
            if token.dep_ == "conj" and (token.head.i in verbs or (token.head.dep_ == "conj" and token.head.head.i in verbs)):
                verb.rule = "conjoined-verb"
            subject, passive = _subject(token)
            verb.condition = _condition(token)
            if token.lemma_.lower() == "access" and (passive or subject is None or subject.lower_ not in _FIRST_PERSON):
                verb.actor = None  # "we may access your contacts" collects; "you can access your data", "staff access it" do not
                continue
            agent = _agent(token) if passive else None
            if agent is not None and agent.lower_ not in _FIRST_PERSON and agent.lemma_.lower() not in _USER_MEDIA:
                # "Your IP address is collected by Google Analytics", "it may be used by other visitors": who acts
                # is named after "by", as a subject would be.
                subject = agent
                verb.rule = "passive" if verb.rule == "verb-object" else verb.rule
            elif passive:
                verb.rule = "passive" if verb.rule == "verb-object" else verb.rule
                if (token.lemma_.lower() in _USER_GIVES or verb.action in SHARING) and _given_to_us(token, company_names):
                    verb.action, verb.rule = COLLECT, "user-provides"  # "information given to us", "is transferred to us"
                if _in_condition(token) or (subject is not None and subject.lower_ in ("one", "who", "which", "that", "what")
                                            and token.dep_ != "relcl"):
                    verb.actor = None
                continue
            if subject is None:
                verb.actor = None  # an imperative or a fragment ("Send information"): no actor, no practice
                continue
            lower = subject.lower_
            if lower in _USER_SUBJECT:
                lemma = token.lemma_.lower()
                if lemma in _USER_GIVES and (denied or _to_others(token) or _advised(token) or _not_required(token)):
                    # "you share information with others", "you can choose not to provide it", "we do not recommend
                    # that you send it by e-mail": the user's act, choice or our advice, neither our collection nor
                    # a denial of it ("we will never ask you to provide it" is one: the denial is ours)
                    verb.actor = None
                elif lemma in _USER_GIVES:
                    verb.action = COLLECT
                    verb.rule = "user-provides"
                else:
                    verb.actor = None  # the user acts ("you may access your data"): not a practice
                continue
            if _in_condition(token):
                mark = _own_condition(token) if lower in _FIRST_PERSON or lower in company_names else None
                if mark not in _OWN_ACT_MARKS or verb.negated:
                    verb.actor = None  # what happens "if you ..." is a condition, not a practice of its own
                    continue
                verb.possible = verb.possible or mark == "if"  # "If we receive information about you from others"
            if lower in _FIRST_PERSON or lower in company_names or (
                subject.pos_ == "PROPN" and context.names.is_publisher(_run_of(doc, subject))  # "Kaleida Health may share ..."
            ) or doc[subject.left_edge.i : subject.i + 1].text.lower() in company_names:  # "Best Friends collects ..."
                verb.co_actors = _conjoined_parties(subject, m, offset)
                continue
            lo = subject.left_edge.idx + offset
            hi = subject.right_edge.idx + len(subject.right_edge) + offset
            # The party the subject names, not one in its relative clause ("Circumstances under which Dice would
            # publicly disclose it include sharing ...": the public does not share).
            clauses = [_extent(c, offset) for c in subject.children if c.dep_ == "relcl"]
            named = [r for r in m.recipients if lo <= r.span.start < hi and r.concept != RECIPIENT
                     and not any(c.start <= r.span.start < c.end for c in clauses)]
            head_at = subject.idx + offset  # the party the subject's head names ("Third Party Advertising Service Providers")
            actor = next((r for r in named if r.span.start <= head_at < r.span.end), named[0] if named else None)
            if actor is not None and token.lemma_.lower() in ("request", "ask", "require"):
                verb.actor = None  # "the friend may request ...": not a data practice of that party
            elif actor is not None:
                verb.actor, verb.actor_mention = actor.concept, actor
                verb.rule = "third-party-actor"
            elif subject.pos_ == "PROPN" and (name := _actor_name(doc, subject, token, context.names)) is not None:
                verb.actor, verb.actor_name = None, name
                verb.rule = "third-party-actor"
            elif _refers_to_party(subject) and (
                (earlier := [r.concept for r in m.recipients if r.span.end <= lo and r.concept != RECIPIENT])
                or (context.recent_party is not None and position - context.recent_party_at <= 2)
            ):
                # "Advertisers may place cookies. They automatically receive your IP address."; "we may use a
                # service provider; that company will be prohibited from using it"
                verb.actor = earlier[-1] if earlier else context.recent_party
                verb.rule = "third-party-actor"
            elif not _first_party_thing(subject, m, offset):
                verb.actor = None  # "these people", "a company that operates websites", "the law": not the publisher
            elif (controller := _controlling_subject(token)) is not None and controller.lower_ in _FIRST_PERSON:
                # "We and our partners use technologies to collect ...": the technologies act for both.
                verb.co_actors = _conjoined_parties(controller, m, offset)
        verbs = {i: v for i, v in verbs.items() if v.actor is not None or v.actor_name is not None}
        practices: list[Practice] = []
        if verbs:
            data = [x for x in m.types if not _modifies_other(x, doc, offset, m.types) and not _asked_mention(x, doc, offset)
                    and not _medium_mention(x, doc, offset) and not _verb_mention(x, doc, offset)]
            if len(data) < len(m.types):
                m = _Mentions(tuple(data), m.purposes, m.recipients, m.subjects, m.excluded)
            types_of = _attach(m.types, doc, offset, verbs, strict=True)
            _antecedents(doc, offset, verbs, types_of, m.types)
            sentence_purposes = [x for x in m.purposes if _purpose_in_place(x, doc, offset, verbs)]
            purposes_of = _attach(sentence_purposes, doc, offset, verbs)
            # A party that acts is not a recipient of its own act ("our partners may sell your email address").
            receiving = [r for r in m.recipients if not any(r is v.actor_mention for v in verbs.values())]
            recipients_of = _attach(receiving, doc, offset, verbs)
            subjects = _unique(s.concept for s in m.subjects)
            for i, verb in verbs.items():
                # A plain 'information' / 'data' object is data too, and passes to conjoined verbs below:
                # "we may disclose and use the information collected".
                # Beside the types it names ("we collect information such as your name"), it is still a mention.
                generic = _generic_object(verb.token)
                if generic is not None:
                    # "disclose information that we collect about your transactions (account balance ...)": the
                    # data named in the object's own clause.
                    start = generic.left_edge.idx + offset
                    mention = Mention(PERSONAL_DATA, Span(start, generic.idx + len(generic) + offset), generic.text)
                    owned = types_of.setdefault(i, [])
                    if not owned:
                        owned.extend(_specific(_described_by_clause(generic, verbs, types_of)))
                    if not any(x.span.start < mention.span.end and mention.span.start < x.span.end for x in owned):
                        owned.append(mention)
            # Conjoined verbs share their objects both ways: "we do not sell, trade or share your PII",
            # "is collected and passed on to payment processors", "we collect and use your email".
            for _ in range(3):  # chains of conjuncts: pass the objects along until nothing changes
                for i, verb in verbs.items():
                    head = verb.token.head
                    if verb.token.dep_ != "conj" or head.i not in verbs:
                        continue
                    # A verb with an object of its own that is not data keeps it: "collect information or sell products".
                    if not types_of.get(i) and not _own_object(verb.token):
                        types_of[i] = list(types_of.get(head.i, []))
                    elif not types_of.get(head.i) and not _own_object(head):
                        types_of[head.i] = list(types_of.get(i, []))
            _lift_purposes(verbs, types_of, purposes_of)
            placed = {id(x) for found in purposes_of.values() for x in found}
            loose_purposes = [x for x in sentence_purposes if id(x) not in placed]
            sharing_verbs = [v for v in verbs.values() if v.action in SHARING]
            # Recipients the parse gave to a non-sharing verb nested in a sharing verb's object ("share all the
            # information [we collect] with vendors") are as good as unattached.
            attached = {
                id(r) for i, found in recipients_of.items() for r in found
                if verbs[i].action in SHARING or not any(v.token.is_ancestor(verbs[i].token) for v in sharing_verbs)
            }
            unattached_recipients = [r for r in receiving if id(r) not in attached and r.concept != RECIPIENT]
            exceptions = _exceptions(doc, text[sentence.span.start : sentence.span.end], offset, verbs, m)
            denied_types: dict[int, list[Mention]] = {}  # the data of each denial an exception carves from
            for i, verb in verbs.items():
                attached = [t for t in types_of.get(i, []) if t not in exceptions.get(i, ())]
                if verb.action == DISCLOSE or verb.token.lemma_.lower() == "send":
                    # (not what a notice is sent to, nor the device a cookie is sent to)
                    attached = [t for t in attached if not _is_destination(t, verb.token, offset)]
                elif verb.action == TRANSFER:  # (nor the country data is transferred to)
                    attached = [t for t in attached if not (is_a(t.concept, LOCATION) and _is_destination(t, verb.token, offset))]
                types = _specific(attached)
                rule = verb.rule
                referring = _referring_object(verb.token) if not types else None
                if referring is not None:
                    # "what information we collect and how we use it": 'it' is the information just named.
                    # Only a plain word before the referring phrase, not the head of a named kind of data
                    # ("Excluding credit card information, this information may be shared").
                    generic_before = any(
                        t.lower_ in ("information", "data") and not any(c.dep_ == "compound" for c in t.children)
                        for t in doc[: referring.left_edge.i]
                    )
                    # Else the data named earlier in the sentence ("we collect your email and share it"), else before it.
                    before = [t for t in m.types if t.span.end <= referring.left_edge.idx + offset]
                    named_before = _specific(before)
                    if before and not named_before:
                        types = before  # "We may use aggregated information and disclose it": not personal data
                    elif generic_before:
                        types = [Mention(PERSONAL_DATA, sentence.span, "information")]
                    else:
                        types = named_before or self._resolve_reference(context, position)
                    if not types and referring.lemma_.lower() in _GENERIC_NOUNS:
                        # "We use this information for analysis": nothing named before; the phrase is the mention,
                        # unless it says the data is not personal ("We may share this non-personal information").
                        start, end = referring.left_edge.idx + offset, referring.idx + len(referring) + offset
                        types = [t for t in m.types if start <= t.span.start < end and is_a(t.concept, NON_PERSONAL_DATA)] or [
                            Mention(PERSONAL_DATA, Span(start, end), referring.text)
                        ]
                    rule = "reference" if types else rule
                non_personal = [t for t in _in_clause(attached, verb.token, offset) if is_a(t.concept, NON_PERSONAL_DATA)]
                generic = _generic_object(verb.token) if not types else None
                if generic is not None and any(x.span.start <= generic.idx + offset < x.span.end for x in non_personal):
                    generic = None  # "non-personally identifiable information" names what is not personal data
                if generic is not None:
                    # The mention is the noun phrase up to its head ("certain information").
                    start = generic.left_edge.idx + offset
                    types = [Mention(PERSONAL_DATA, Span(start, generic.idx + len(generic) + offset), generic.text)]
                if not types and sentence.kind is BlockKind.LIST_ITEM and sentence.lead_in is not None:
                    lead = mention_cache.get(sentence.lead_in.start)
                    types = _specific(lead.types) if lead else []
                    rule = "list-lead-in" if types else rule
                if not types and not verb.negated:
                    # Data named only as not personal, and no personal data found any other way: "we may share
                    # aggregated, non-personally identifiable information" is no sharing of personal data. (A
                    # denial about it is mostly a definition: "information that cannot be used to identify you".)
                    types = non_personal
                carved = exceptions.get(i, ())  # what "except ..." carves out of a denial is not denied
                recipients = [r.concept for r in recipients_of.get(i, []) if r not in carved] if verb.action in SHARING else []
                if verb.action in SHARING and len(sharing_verbs) == 1:
                    # "disclose ... when we believe ... to cooperate with law enforcement": the only sharing
                    # verb of the sentence receives recipients the parse left in a subordinate clause.
                    recipients += [r.concept for r in unattached_recipients if r not in carved]
                names = _recipient_names(doc, verb.token, context.names, runs()) if verb.action in SHARING else ()
                if verb.action == TRANSFER and not recipients and not names and _SECURED.search(_text_of(doc)) and not any(
                    c.dep_ == "prep" and c.lower_ == "to" for c in verb.token.children
                ):
                    continue  # "your credit card information is transmitted using SSL": how data travels, to no one
                if not types and verb.rule == "processor-engagement" and recipients:
                    types = [Mention(PERSONAL_DATA, sentence.span, "")]
                if not types and _implies_data(verb, recipients, names):
                    # "We may share with our affiliates": a flow to a named recipient, no data named.
                    types, rule = [Mention(PERSONAL_DATA, sentence.span, "")], "implied-data"
                if not types:
                    continue
                purposes = [p.concept for p in purposes_of.get(i, []) if p not in carved] or [
                    p.concept for p in loose_purposes if p not in carved
                ]
                if verb.action in SHARING and len(sharing_verbs) == 1:
                    # "MediaNews may disclose ... where it believes disclosure is necessary to (1) comply with the law;
                    # (2) protect its rights": the only sharing verb receives the purposes no verb governs.
                    purposes += [p.concept for p in loose_purposes if p.concept not in purposes and p not in carved]
                if carved:
                    denied_types[i] = types
                spans = tuple(t.span for t in attached) or tuple(t.span for t in types if t.span != sentence.span and sentence.span.start <= t.span.start < sentence.span.end)
                practices.append(
                    self._practice(verb, types, purposes, recipients, names, subjects, sentence.span, rule, spans)
                )
                left_out = _specific(_in_clause(m.excluded, verb.token, offset)) if not verb.negated else []
                if left_out:
                    # "These companies may use information (not including your name or email address)": denied.
                    denied = _Verb(verb.token, verb.action)
                    denied.negated, denied.possible, denied.actor, denied.actor_name = True, verb.possible, verb.actor, verb.actor_name
                    practices.append(
                        self._practice(denied, left_out, purposes, recipients, names, subjects, sentence.span, "left-out")
                    )
                for party in verb.co_actors:
                    partner = _Verb(verb.token, verb.action)
                    partner.negated, partner.possible, partner.condition, partner.actor = verb.negated, verb.possible, verb.condition, party
                    practices.append(
                        self._practice(partner, types, purposes, recipients, names, subjects, sentence.span, "joint-actor", spans)
                    )
            for i, carved in exceptions.items():
                # "we will not share data, except usage information to our vendors": the exception happens. An
                # exception that names only recipients or purposes is the denied data's ("we do not share your
                # data except with our vendors", "we do not use it other than to provide the service").
                verb = verbs[i]
                recipients = [r.concept for r in carved if r in m.recipients] if verb.action in SHARING else []
                purposes = [p.concept for p in carved if p in m.purposes]
                named = _specific([t for t in carved if t in m.types])
                carved_types = named or (denied_types.get(i, []) if recipients or purposes else [])
                if not carved_types:
                    continue
                action = verb.action
                if not named and action == SELL:
                    # "We do not sell, rent or share your data except with our service providers / as required by
                    # law": what the exception allows is a disclosure, not a sale; said once, by a sharing verb
                    # beside the sale if there is one.
                    if any(verbs[j].action in SHARING and verbs[j].action != SELL for j in exceptions):
                        continue
                    action = DISCLOSE
                allowed = _Verb(verb.token, action)
                allowed.possible, allowed.actor, allowed.actor_name = verb.possible, verb.actor, verb.actor_name
                practices.append(
                    self._practice(allowed, carved_types, purposes, recipients, (), subjects, sentence.span, "exception")
                )
        if not practices and not _TELLS_HOW.search(text, sentence.span.start, sentence.span.end) and not _DISCLAIMS.search(
            text, sentence.span.start, sentence.span.end
        ):
            # (a sentence telling how data is used lists none: "You can find out more about how we use ... below";
            # nor does one that disclaims what it names)
            container = _inclusion_subject(doc, m, offset)
            if container is not None or sentence.kind is BlockKind.LIST_ITEM or _is_fragment(doc):
                # A fragment, a list item, or "X may include A, B and C": the action comes from the structure.
                acted_on = _extent(container, offset) if container is not None and _acted_on(container) else None
                practices.extend(self._from_structure(text, sentence, m, mention_cache, context, acted_on))
            category = _information_listed(container, doc)
            if not practices and category is not None:
                # "Device information includes the type of device you use and your ISP", "Usage information, such as
                # the pages you visit": the kinds of information a policy lists with no action in sight, in its text
                # or around it, are what the publisher collects.
                listed = _specific([x for x in m.types if x.span.start >= category.idx + len(category) + offset])
                if listed:
                    verb = _Verb(None, COLLECT)
                    verb.possible = bool(_POSSIBLE_TEXT.search(text, sentence.span.start, sentence.span.end))
                    practices.append(self._practice(verb, listed, [p.concept for p in m.purposes], [], (),
                                                    _unique(s.concept for s in m.subjects), sentence.span, "inclusion"))
        return practices

    def _practice(
        self, verb: _Verb, types, purposes, recipients, names, subjects, span: Span, rule: str,
        mention_spans: tuple[Span, ...] | None = None,
    ) -> Practice:
        confidence = {"verb-object": 0.85, "passive": 0.8, "user-provides": 0.8, "third-party-actor": 0.75,
                      "conjoined-verb": 0.8, "reference": 0.65, "list-lead-in": 0.7, "heading-context": 0.6,
                      "exception": 0.7, "inclusion": 0.6, "enables-purpose": 0.6, "implied-data": 0.5, "joint-actor": 0.7,
                      "processor-engagement": 0.5, "purpose-examples": 0.55, "among-assets": 0.6,
                      "access-granted": 0.6, "made-public": 0.6, "left-out": 0.6}[rule]
        if verb.possible:
            confidence -= 0.05
        action = verb.action
        if action == SELL and any(is_a(p, MERGER) for p in purposes):
            # "We may sell some or all of our assets, including your Personal Information, in connection with a
            # merger": the data passes to the buyer of the business, it is not sold as data.
            action = TRANSFER
        return Practice(
            actions=(action,),
            data_types=_unique(t.concept for t in types),
            evidence=span,
            actor=verb.actor,
            actor_name=verb.actor_name,
            purposes=_unique(purposes),
            recipients=_unique(recipients),
            recipient_names=names,
            data_subjects=subjects,
            condition=verb.condition,
            polarity=Polarity.NEGATED if verb.negated else Polarity.AFFIRMED,
            modality=Modality.POSSIBLE if verb.possible else Modality.DEFINITE,
            confidence=round(confidence, 2),
            rule=rule,
            data_type_spans=mention_spans if mention_spans is not None else tuple(
                t.span for t in types if span.start <= t.span.start < span.end
            ),
        )

    def _enables_purpose(self, text, sentence, m, context: _Context, position: int) -> list[Practice]:
        """ "This information helps us improve our services": a use of the data the subject names.

        The subject is read off the sentence start (no parse): data types named in it, or a
        reference ("this information", "it", "these technologies") resolved to the data types of
        the sentences just before.
        """
        quote = text[sentence.span.start : sentence.span.end]
        match = _ENABLES.match(quote)
        if match is None:
            return []
        lo, hi = sentence.span.start + match.start("subject"), sentence.span.start + match.end("subject")
        types, spans = self._subject_data(text, m, lo, hi, context, position)
        purposes = [p.concept for p in m.purposes if p.span.start >= hi]
        if not types or not purposes:
            return []
        verb = _Verb(None, USE)
        owner = _OWNER_OF_USE.match(text, lo, hi)
        if owner is not None and context.names.is_organisation(owner.group(1)):
            verb.actor, verb.actor_name = None, owner.group(1)  # "Google's use of the DART cookie enables it to serve ads"
        return [self._practice(verb, types, purposes, [], (), _unique(s.concept for s in m.subjects), sentence.span,
                               "enables-purpose", spans)]

    def _subject_data(self, text, m, lo: int, hi: int, context: _Context, position: int) -> tuple[list[Mention], tuple[Span, ...]]:
        """The data a sentence's subject (``text[lo:hi]``, read without a parse) names, and their spans.

        Data types named in it; else a reference ("this information", "it", "these technologies", "we do
        this") resolved to the data types of the sentences just before; else "information" or "data" as
        personal data in general.
        """
        subject = text[lo:hi].strip()
        types = _specific([x for x in m.types if lo <= x.span.start < hi])
        spans = tuple(x.span for x in types)
        words = subject.lower().split()
        if not types and (_REFERENCE_SUBJECT.match(subject) and _REFERRING_HEADS.intersection(words[:3]) or words == ["we"]):
            types, spans = self._resolve_reference(context, position), ()
            if not types and {"information", "data"}.intersection(words[:3]):
                types, spans = [Mention(PERSONAL_DATA, Span(lo, hi), subject)], (Span(lo, hi),)
        return types, spans

    def _among_assets(self, text, sentence, m, context: _Context, position: int) -> list[Practice]:
        """ "Customer information is one of the transferred business assets": the data passes to the buyer.

        The data is the subject before "is one of / among / part of the ... assets" (after the last
        comma), or the object of "include ... among the assets". The action is a transfer (the buyer
        of a business receives its data; see ``_practice``); the purpose is the business transfer the
        sentence names, or a merger or acquisition when it names none.
        """
        quote = text[sentence.span.start : sentence.span.end]
        match = _AMONG_ASSETS.search(quote)
        if match is None or not _ASSETS_PASS.search(quote):
            return []
        if match.group("include"):  # "we may include your information among the transferred assets"
            start, end = match.start("data"), match.end("data")
        else:
            start, end = _clause_start(quote, match.start(), ","), match.start()
        lo, hi = sentence.span.start + start, sentence.span.start + end
        types, spans = self._subject_data(text, m, lo, hi, context, position)
        if not types and re.search(r"\b(?:information|data)\b", quote[start:end], re.IGNORECASE):
            types, spans = [Mention(PERSONAL_DATA, Span(lo, hi), quote[start:end])], (Span(lo, hi),)
        if not types:
            return []
        verb = _Verb(None, TRANSFER)
        before = quote[quote.rfind(",", 0, match.start()) + 1 : match.end()]
        verb.negated, verb.possible = bool(_NEGATION_TEXT.search(before)), bool(_POSSIBLE_TEXT.search(before))
        purposes = [p.concept for p in m.purposes] or [MERGER]
        recipients = [r.concept for r in m.recipients]
        return [self._practice(verb, types, purposes, recipients, (), _unique(x.concept for x in m.subjects), sentence.span,
                               "among-assets", spans)]

    def _access_granted(self, text, sentence, m, context: _Context, position: int) -> list[Practice]:
        """ "Our vendor will be given access to your name": the data is disclosed to the party that has access.

        The party is a third party named before "access to" in the same clause (or, after "give" / "grant",
        between the verb and "access"); the data is what follows "access to", up to the end of the clause,
        or a reference there ("access to this information") resolved to the data named just before. The
        company's own staff ("our employees have access") is not a recipient, and neither is the user.
        """
        quote = text[sentence.span.start : sentence.span.end]
        match = _ACCESS_GRANTED.search(quote)
        if match is None:
            return []
        base = sentence.span.start
        clause = base + _clause_start(quote, match.start(), ",;:(")
        if match.group("grant"):
            lo, hi = base + match.start("party"), base + match.end("party")
        else:
            lo, hi = clause, base + match.start()
        if _USER_LETS.search(text, clause, hi):
            return []  # "if you allow others to have access", "you may grant apps access": the user acts, not us
        named = [r for r in m.recipients if lo <= r.span.start < hi and not is_a(r.concept, INTERNAL_STAFF)]
        if named and _NOT_THE_PARTY.search(text, named[-1].span.end, hi):
            named = []  # "the advertising company and we do not have access", "a person that has access"
        parties = [r.concept for r in named]
        words = text[lo:hi].lower().split()
        if not parties and words and (
            words[0] == "they" or (words[0] in ("these", "those", "such") and _PARTY_NOUNS.intersection(words[1:3]))
        ):
            if context.recent_party is not None and position - context.recent_party_at <= 2:
                parties = [context.recent_party]  # "These companies may have access to ...": the party just named
        if not parties:
            return []
        end = len(quote.rstrip(" .!?"))
        for stop in (";", " except ", " unless "):
            at = quote.find(stop, match.end())
            if at != -1:
                end = min(end, at)
        start = _word_at(quote, match.end())
        types, spans = self._subject_data(text, m, base + start, base + end, context, position)
        if not types:
            return []
        verb = _Verb(None, DISCLOSE)
        clause = quote[quote.rfind(",", 0, match.start()) + 1 : match.end()]
        verb.negated, verb.possible = bool(_NEGATION_TEXT.search(clause)), bool(_POSSIBLE_TEXT.search(clause))
        purposes = [p.concept for p in m.purposes if p.span.start >= base + match.end()]
        return [self._practice(verb, types, purposes, _unique(parties), (),
                               _unique(x.concept for x in m.subjects), sentence.span, "access-granted", spans)]

    def _made_public(self, text, sentence, m, context: _Context, position: int) -> list[Practice]:
        """ "Content you post becomes available to the public": the data is disclosed to the public, or to
        the other users who can see it.

        The data is the subject of the clause ("that information can be viewed publicly", read without a
        parse from the last comma or semicolon before the predicate), or a reference there resolved to the
        data named just before. The recipient is the public, or other users when the text names users,
        members or visitors.
        """
        quote = text[sentence.span.start : sentence.span.end]
        match = _MADE_PUBLIC.search(quote)
        if match is None:
            return []
        base = sentence.span.start
        start = _clause_start(quote, match.start(), ",;:")
        if _RELATIVE_END.search(quote, start, match.start()):
            return []  # "we may collect information that is publicly available": where the data comes from
        types, spans = self._subject_data(text, m, base + start, base + match.start(), context, position)
        if not types or all(is_a(t.concept, TRACKING_DATA) for t in types):
            return []  # a web beacon "not visible to users" is about the technology, not a disclosure
        seen_by = (match.group("to") or match.group("by") or "public").lower()
        recipient = OTHER_USERS if any(w in seen_by for w in _OTHER_USERS_WORDS) else PUBLIC
        verb = _Verb(None, DISCLOSE)
        # Negation within the predicate or just before it ("will NEVER be visible to others"), not earlier in the
        # clause ("may not be secure ... and thus may be available to others").
        verb.negated = bool(_NOT_SEEN.search(quote, max(start, match.start() - 12), match.end()))
        verb.possible = bool(_POSSIBLE_TEXT.search(quote, start, match.end()))
        return [self._practice(verb, types, [], [recipient], (), _unique(x.concept for x in m.subjects), sentence.span,
                               "made-public", spans)]

    def _purposes_continued(self, text, sentence, m, context: _Context) -> list[Practice]:
        """Purposes listed by the sentence after a practice, in the same paragraph (rule ``purpose-examples``).

        "We employ other companies to perform functions on our behalf. Examples include fulfilling
        orders, delivering packages and processing credit card payments.": the second sentence names
        no data and states no practice; what it lists are the purposes of the practice just stated.
        """
        last = context.recent_practice
        quote = text[sentence.span.start : sentence.span.end]
        if last is None or context.recent_block != sentence.block or not _EXAMPLES_OPENING.match(quote):
            return []
        verb = _Verb(None, last.actions[0])
        verb.actor, verb.actor_name = last.actor, last.actor_name
        verb.possible = last.modality is Modality.POSSIBLE
        types = [Mention(t, last.evidence, "") for t in last.data_types]
        return [self._practice(verb, types, [p.concept for p in m.purposes], last.recipients, last.recipient_names,
                               last.data_subjects, sentence.span, "purpose-examples", ())]

    def _resolve_reference(self, context: _Context, position: int) -> list[Mention]:
        """The data types named in this or the previous two sentences."""
        if context.recent_types and position - context.recent_at <= 2:
            return list(context.recent_types)
        return []

    def _from_structure(
        self, text, sentence, m, mention_cache, context: "_Context | None" = None, acted_on: Span | None = None
    ) -> list[Practice]:
        """Practices whose action comes from a list lead-in, a heading, or the practice just stated.

        The sources are tried nearest first: the list's lead-in, the subject of an inclusion verb that
        says what was done to the data (``acted_on``: "The collected information may include ..."), the
        two nearest headings, and the action of the previous sentence of the same paragraph ("Log files:
        our servers record ... These logs may include your IP address").
        """
        lead = sentence.lead_in if sentence.kind is BlockKind.LIST_ITEM else None
        sources = [s for s in (lead, acted_on) if s is not None] + list(reversed(sentence.headings[-2:]))
        named = [t for t in m.types if not _medium_in_text(text, t)]  # "by email" names the channel
        for source in sources:
            cue_text = _NOT_LIMITED.sub("", text[source.start : source.end])
            if (source is lead or source is acted_on) and _CHOICES_LEAD.search(cue_text):
                # "We make available several ways for you to manage your preferences:", "Your rights in relation to
                # your personal data processed by us include ...": no practices listed
                return []
            action = _action_in(cue_text)
            if action is None:
                continue
            negated, possible = bool(_NEGATION_TEXT.search(cue_text)), bool(_POSSIBLE_TEXT.search(cue_text))
            if negated and source is lead and (_EXCEPT_WORD.search(cue_text) or _UNLESS.search(cue_text)):
                # "We do not share personal data, except where necessary, such as:", "we will not disclose your
                # information unless such action is necessary to:": the items happen
                negated = False
            if source is not lead and source is not acted_on and _DENIAL_OPENING.match(text, sentence.span.start, sentence.span.end):
                negated = True  # under "We use data to ...": "We don’t show you ads based on your content"
            if source is acted_on:  # "The collected information may include ...": the inclusion's modality
                possible = bool(_POSSIBLE_TEXT.search(text, sentence.span.start, sentence.span.end))
            source_m = mention_cache.get(source.start) or _mentions(text, source.start, source.end)
            types = _specific(named)
            purposes = [p.concept for p in m.purposes]
            source_types = _specific([t for t in source_m.types if not _medium_in_text(text, t)]) or (
                [Mention(PERSONAL_DATA, source, "information")] if _OBJECT_CUE.search(cue_text) else []
            )
            if source_types and (
                _PURPOSE_LEAD.search(cue_text)
                or (not types and (purposes or (source is lead and action in SHARING and m.recipients)))
            ):
                # The item is a purpose of the data named in the lead-in or heading ("How we use your information"),
                # or a recipient of it ("We may share your information with: * our service providers").
                types = source_types
            if not types:
                continue
            verb = _Verb(None, action)
            verb.negated, verb.possible = negated, possible
            recipients = [r.concept for r in m.recipients] if action in SHARING else []
            rule = "list-lead-in" if source is lead else "inclusion" if source is acted_on else "heading-context"
            # The evidence is the item (or the sentence below the heading): its segment is where the practice is read;
            # the lead-in or heading it completes is its context.
            practice = self._practice(verb, types, purposes, recipients, (), _unique(s.concept for s in m.subjects), sentence.span, rule)
            # The items are the practices of whoever acts in the lead-in ("We and our service providers use the
            # information to:", "Advertisers may collect the following:").
            actors = context.lead_actors.get(source.start, ()) if context is not None and source is lead else ()
            if actors and not _third_party_alone(actors, cue_text):
                actors = _unique(((practice.actor, practice.actor_name), *actors))
            return [
                replace(practice, context=None if source is acted_on else source, actor=actor, actor_name=name)
                for actor, name in (actors or ((practice.actor, practice.actor_name),))
            ]
        last = context.recent_practice if context is not None else None
        if last is not None and named and context.recent_block == sentence.block and not _TITLE.fullmatch(
            text, sentence.span.start, sentence.span.end
        ):  # (a title run into the paragraph, "Accessing, Changing and Managing Your Information.", lists no data)
            verb = _Verb(None, last.actions[0])
            verb.actor, verb.actor_name = last.actor, last.actor_name  # "Adzerk receives information ... This information includes ..."
            return [self._practice(verb, _specific(named), [p.concept for p in m.purposes], [], (),
                                   _unique(s.concept for s in m.subjects), sentence.span, "inclusion")]
        return []


_ITEM_END = re.compile(r"(?:[;:,]|\band|\bor)\s*$", re.IGNORECASE)


def _continued_lists(text: str, sentences: Sequence[Sentence]) -> list[Sentence]:
    """Sentences that continue a list whose markers were lost, made list items of its lead-in.

    A list flattened to paragraphs (a PDF, a sanitised page: "We use your information to:" then
    "respond to your inquiries;" and "improve our services." as blocks of their own) keeps its
    lead-in: each following block opens an item while it starts in lower case, or follows the
    lead-in or an item that ends with ";", "," "and" / "or". A heading, or a block that starts a
    new sentence after a full stop, ends the list. The first sentence of such a block becomes a
    ``LIST_ITEM`` whose ``lead_in`` is the sentence ending with the colon.
    """
    result: list[Sentence] = []
    lead: Span | None = None
    last_block = -1  # block of the lead-in or of the last item
    open_end = False  # the lead-in or the last item ends as an unfinished list does
    previous_block = -1
    for sentence in sentences:
        quote = text[sentence.span.start : sentence.span.end].strip()
        new_block = sentence.block != previous_block
        previous_block = sentence.block
        if sentence.kind is BlockKind.HEADING:
            lead = None
        elif new_block and lead is not None and sentence.kind is BlockKind.PARAGRAPH and sentence.block == last_block + 1 and (
            quote[:1].islower() or open_end
        ):
            sentence = Sentence(sentence.span, sentence.block, BlockKind.LIST_ITEM, sentence.headings, lead)
            last_block, open_end = sentence.block, bool(_ITEM_END.search(quote))
        elif new_block and sentence.kind is BlockKind.LIST_ITEM:
            last_block, open_end = sentence.block, True
        elif new_block:
            lead = None
        elif lead is not None and sentence.block == last_block:
            open_end = bool(_ITEM_END.search(quote))  # an item of several sentences: its last one decides
        if quote.endswith(":"):
            lead, last_block, open_end = sentence.span, sentence.block, True
        result.append(sentence)
    return result


def _merge(practices: Sequence[Practice]) -> tuple[Practice, ...]:
    """One practice per distinct statement (the key its IRI is minted from); the most confident rule wins."""
    best: dict[tuple, Practice] = {}
    for p in practices:
        key = (p.evidence, p.actions, p.data_types, p.purposes, p.recipients, p.recipient_names, p.data_subjects,
               p.actor, p.actor_name, p.polarity, p.modality, p.condition)
        if key not in best or p.confidence > best[key].confidence:
            best[key] = p
    return tuple(best.values())


_MADE_AVAILABLE = re.compile(r"\bma(?:ke|kes|king|de)\b[^.;:]{0,80}?\bavailable\b", re.IGNORECASE)
#: An action word whose object is the site or service itself, used by the user: "before using this website",
#: "Use of the Services", "Terms of Use".
_USING_THE_SITE = re.compile(
    r"\s+(?:of\s+)?(?:this|the|our|these)\s+(?:web\s*sites?|sites?|services?|apps?|applications?|platforms?)\b"
    r"(?!\s+(?:data|information|usage|activity|logs?|analytics|cookies?)\b)",  # not "use the site data"
    re.IGNORECASE,
)
_TERMS_OF = re.compile(r"\b(?:terms|conditions)\s+of\s+$", re.IGNORECASE)
#: "store" as a shop: "through the Apple Store", "our store locations" (not "How We Store Your Data").
_A_SHOP = re.compile(r"\b(?:app|apple|play|online|retail|in|our|the|your|a|any)[\s-]+$", re.IGNORECASE)


#: Action words a lead-in or heading uses for other things: "Ask us", "Access to your account", "The Trade Desk
#: follows ...", "Licensed Software", "Keep in mind".
_NOT_IN_HEADINGS = {"make", "get", "ask", "access", "provide", "give", "send", "report", "log", "link", "tie", "hold",
                    "keep", "record", "track", "request", "require", "trade", "license", "lease"}


def _action_in(text: str) -> str | None:
    """The first action verb of a lead-in or heading ("What PII do we collect?" → collect), not the user's use of
    the site ("Before using this website").

    "We will make your information available to third parties in the following circumstances:" discloses;
    so does a "Disclosure of ..." heading.
    """
    made_available = _MADE_AVAILABLE.search(text)
    for found in re.finditer(r"[A-Za-z]+", text.lower()):
        if made_available is not None and found.start() >= made_available.start():
            return DISCLOSE
        stem = found.group()
        for suffix in ("ing", "ed", "es", "s", "ion", "ure"):
            if stem.endswith(suffix) and stem[: -len(suffix)] in ACTION_OF_LEMMA:
                stem = stem[: -len(suffix)]
                break
            if stem.endswith(suffix) and stem[: -len(suffix)] + "e" in ACTION_OF_LEMMA:
                stem = stem[: -len(suffix)] + "e"
                break
        if stem in ACTION_OF_LEMMA and stem not in _NOT_IN_HEADINGS:
            if _USING_THE_SITE.match(text, found.end()) or _TERMS_OF.search(text, 0, found.start()):
                continue  # the user's use of the site: "PLEASE READ THESE TERMS BEFORE USING THIS WEBSITE"
            if stem == "store" and _A_SHOP.search(text, 0, found.start()):
                continue  # "Applications downloaded through the Apple Store", "our store locations"
            return ACTION_OF_LEMMA[stem]
    return None

