"""Detect who publishes a policy and when: ``Document`` -> ``PolicyMetadata``.

A stage of the ingest chain that reads the normalised text only (no model):

- **company**: legal names (a capitalised name followed by a legal-form suffix:
  Inc., LLC, Ltd., GmbH, S.A., plc, ...), scored by how the text introduces
  them: the subject of a first-person definition (``X ("we", "us")``), the
  operator (``operated by X``), the contact section (``write to: X``), the
  introduction, and how often their name is used. Names introduced as a
  subsidiary, parent or affiliate, and well-known third parties (Google, TRUSTe,
  regulators) are never chosen as the publisher. Web pages flattened to text
  glue headings onto names ("Privacy PolicyThe Culture Trip Ltd", "2018
  Introduction MG Freesites Ltd"): a name never runs across a document word,
  a sentence end, a section number or a capitalised function word, and
  generic phrases ("Internet Users", "Website. Limited", "USA, Inc.") are not
  names. When the policy's address is known (``document.url``), its
  registrable domain is a weak, independent signal: a name like the domain
  gains weight; a name like *another* domain the text links to, introduced
  nowhere as the publisher, is a service the site uses; a legal name merely
  mentioned loses to the site's own name written out twice ("Times of Malta"
  for timesofmalta.com); and with no name at all, that written-out form is
  the company. The bare domain label is never made into a name: identity
  resolution falls back to it as the slug.
- **aliases**: every other name the text gives the publisher: defined terms
  (``("PLUS," "we")``), other legal names that share the defined short name,
  the short name without the legal suffix when the text uses it alone.
- **contacts**: e-mail addresses (lower-cased), telephone numbers (fax numbers
  left out), postal addresses (street number ... postcode), and the website
  (a domain named after the company, else the policy's own domain).
- **date**: the last-updated / effective / version date. Labelled dates win over
  bare ones; when a policy lists its versions, the newest is current. A date
  given with month precision only ("February 2023") is the first of that month.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from dataclasses import dataclass

from policykg.ingest.read import detect_language
from policykg.ingest.records import BlockKind, Document, PolicyMetadata

__all__ = [
    "DateMention",
    "detect_metadata",
    "find_addresses",
    "find_dates",
    "find_emails",
    "find_phones",
    "policy_date",
]


def detect_metadata(document: Document) -> PolicyMetadata:
    """Detect company, aliases, contacts, date, version and language of a policy.

    :param document: a document from ``policykg.ingest.read``.
    :returns: the metadata found; fields stay empty when nothing reliable is found.

    >>> from policykg.ingest.read import read_text
    >>> doc = read_text(
    ...     "Privacy Policy\\n\\nLast updated: January 10, 2017\\n\\n"
    ...     'Acme Widgets, Inc. ("Acme", "we") respects your privacy. '
    ...     "Contact us at privacy@acme.example or 1-800-555-0199.", source="x")
    >>> md = detect_metadata(doc)
    >>> md.company, md.aliases, md.date.isoformat(), md.date_kind, md.emails
    ('Acme Widgets, Inc.', ('Acme',), '2017-01-10', 'last-updated', ('privacy@acme.example',))
    """
    text = document.text
    emails = find_emails(text)
    phones = find_phones(text)
    addresses = find_addresses(text)
    domains = _mentioned_domains(text, emails)
    company, aliases = _company(document, domains)
    website = _website(domains, company, aliases, document.url)
    date, kind, version = policy_date(text)
    return PolicyMetadata(
        company=company,
        aliases=aliases,
        website=website,
        emails=emails,
        phones=phones,
        addresses=addresses,
        date=date,
        date_kind=kind,
        version=version,
        url=document.url,
        language=detect_language(text),
    )


# --------------------------------------------------------------------------- contacts

_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}\b")


def find_emails(text: str) -> tuple[str, ...]:
    """E-mail addresses, lower-cased, in order of first appearance.

    >>> find_emails("Write to PrivacyOptions@Plimus.com or privacyoptions@plimus.com.")
    ('privacyoptions@plimus.com',)
    """
    seen: dict[str, None] = {}
    for m in _EMAIL.finditer(text):
        seen.setdefault(m.group(0).lower().rstrip("."), None)
    return tuple(seen)


_PHONE = re.compile(
    r"(?<![\w/.-])(?:"
    r"\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{1,4}(?:[\s.-]\d{1,5}){1,4}"  # +44 20 7946 0958
    r"|(?:1[\s.-])?\(\d{3}\)[\s.-]?\d{3}[\s.-]\d{4}"  # (213) 349-4440
    r"|(?:1[\s.-])?\d{3}[\s.-]\d{3}[\s.-]\d{4}"  # 1-866-592-0184, 306.955.1836
    r")(?![\w-])"
)
_PHONE_LABELLED = re.compile(
    r"(?:phone|tel(?:ephone)?|call(?: us)?(?: at| on)?|toll[- ]free(?: phone)?|hotline|mobile)\b[^\d+(\n]{0,15}"
    r"(\+?\(?\d[\d\s().-]{5,22}\d)",
    re.IGNORECASE,
)
_FAX_BEFORE = re.compile(r"(?:fax|facsimile)\b[^\d\n]{0,12}$", re.IGNORECASE)
_DATE_LIKE = re.compile(r"^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$")


def find_phones(text: str) -> tuple[str, ...]:
    """Telephone numbers as written (fax numbers left out), one per number.

    >>> find_phones("Phone: 1-306-955-1836, Fax: 306-931-0055, or call 306-955-1836.")
    ('1-306-955-1836',)
    """
    found: dict[str, str] = {}
    spans: list[tuple[int, int, str]] = []
    for m in _PHONE.finditer(text):
        spans.append((m.start(), m.end(), m.group(0)))
    for m in _PHONE_LABELLED.finditer(text):
        spans.append((m.start(1), m.end(1), m.group(1)))
    spans.sort()
    for start, _end, raw in spans:
        number = raw.strip(" .-")
        # keep what opens the number when a match started inside it: "(617) ...", "+1 ..."
        lead = len(raw) - len(raw.lstrip(" .-"))
        begin = start + lead
        while begin > 0 and text[begin - 1] in "(+" and (text[begin - 1] == "+" or number.count(")") > number.count("(")):
            begin -= 1
            number = text[begin] + number
        digits = re.sub(r"\D", "", number)
        if not 7 <= len(digits) <= 15 or _DATE_LIKE.match(number):
            continue
        if _FAX_BEFORE.search(text[max(0, start - 25) : start]):
            continue
        key = digits[-10:]
        if key not in found:
            found[key] = number
    return tuple(found.values())


_STREET_TYPES = (
    r"Street|St|Avenue|Ave|Boulevard|Blvd|Road|Rd|Drive|Dr|Lane|Ln|Way|Court|Ct|Place|Pl|Parkway|Pkwy|"
    r"Highway|Hwy|Square|Sq|Circle|Cir|Terrace|Plaza|Center|Centre|Row|Broadway|Alley|Trail|Quay|Crescent|Close"
)
_STREET = re.compile(
    r"(?<![\w-])\d{1,6}[A-Za-z]?(?:-\d{1,6})?\s+(?:[NSEW]\.?\s+)?(?:[A-Z0-9][\w'’.-]*\s+){0,4}"
    rf"(?:{_STREET_TYPES})\b\.?"
    r"|(?<![\w-])(?:P\.?\s?O\.?\s+Box|Post Office Box)\s+\d+"
    r"|\b[A-ZÄÖÜ][\wäöüß-]*(?:straße|strasse|str\.|weg|platz|allee|gasse|ring|damm)\s+\d{1,4}[a-z]?\b"
)
_POSTCODE = re.compile(
    r"\b[A-Z]{2}\.?,?\s+\d{5}(?:-\d{4})?\b"  # US: CA 95035-2730
    r"|\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b"  # Canada: S7H 0S3
    r"|\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b"  # UK: EC1A 1BB
    r"|\b\d{4,5}[ \t]+[A-ZÄÖÜ][\wäöüß-]+"  # DE/FR/NL: 10115 Berlin (on one line)
)
_COUNTRY_TAIL = re.compile(
    r"^[,\s]*(?:U\.?S\.?A\.?|USA|United States(?: of America)?|Canada|United Kingdom|UK|Germany|France|"
    r"Ireland|Netherlands|Israel|Australia|Japan|India|Spain|Italy|Switzerland|Sweden)\b\.?"
)


def find_addresses(text: str) -> tuple[str, ...]:
    """Postal addresses: from the street number to the postcode (and country).

    An address may run over several lines; it is returned on one line.

    >>> find_addresses("Write to: Plantraco Ltd. 1101 8th Street East, Saskatoon, SK, Canada S7H 0S3")
    ('1101 8th Street East, Saskatoon, SK, Canada S7H 0S3',)
    >>> find_addresses("mail to: 1777 N. Milpitas Blvd. # 337, Milpitas, CA 95035-2730, U.S.A. We")
    ('1777 N. Milpitas Blvd. # 337, Milpitas, CA 95035-2730, U.S.A.',)
    """
    out: dict[str, str] = {}
    for m in _STREET.finditer(text):
        window = text[m.start() : m.start() + 160]
        best = None
        for pm in _POSTCODE.finditer(window, m.end() - m.start()):
            between = window[m.end() - m.start() : pm.start()]
            if re.search(r"[.!?]\s+[A-Z][a-z]+\s+[a-z]", between) or not _address_lines(between):
                break
            best = pm
            break
        if best is None:
            continue
        end = best.end()
        tail = _COUNTRY_TAIL.match(window[end:])
        if tail:
            end += tail.end()
        address = re.sub(r"\s*\n\s*", ", ", window[:end]).strip(" ,;")
        address = re.sub(r"\s{2,}", " ", address)
        key = re.sub(r"\W", "", address).lower()
        out.setdefault(key, address)
    return tuple(out.values())


def _address_lines(between: str) -> bool:
    """Whether the text between a street and a postcode can lie inside one address.

    Lines of an address block are short; an HTML ``<address>`` split by
    ``<br>`` comes out as one short paragraph per line.

    >>> _address_lines(", Suite 1400\\n\\nAustin, "), _address_lines("\\n\\nWe keep your data for two years. ")
    (True, False)
    """
    parts = between.split("\n\n")
    return all(len(part.split()) <= 6 for part in parts[1:])


# --------------------------------------------------------------------------- website

_URL_HOST = re.compile(r"\bhttps?://([A-Za-z0-9.-]+\.[A-Za-z]{2,24})", re.IGNORECASE)
_BARE_HOST = re.compile(
    r"(?<![@\w.-])((?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|net|org|io|co|biz|info|us|uk|ca|de|fr|eu|app|ai))\b",
    re.IGNORECASE,
)
#: Domains of services policies often mention; never the publisher's site unless named after it.
_THIRD_PARTY_DOMAINS = frozenset(
    "google.com googleapis.com google-analytics.com doubleclick.net facebook.com twitter.com x.com "
    "linkedin.com youtube.com instagram.com truste.com export.gov ftc.gov archive.org web.archive.org "
    "macromedia.com adobe.com microsoft.com apple.com aboutads.info networkadvertising.org "
    "allaboutcookies.org europa.eu privacyshield.gov dataprivacyframework.gov youronlinechoices.com "
    "youronlinechoices.eu optout.aboutads.info paypal.com stripe.com mozilla.org w3.org".split()
)


def _registrable(host: str) -> str:
    host = host.lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    parts = host.split(".")
    if len(parts) >= 3 and parts[-2] in ("co", "com", "org", "net", "ac", "gov") and len(parts[-1]) == 2:
        return ".".join(parts[-3:])
    return ".".join(parts[-2:])


def site_label(url: str | None) -> str | None:
    """The name in the registrable domain of the address a policy was read from, if it has one.

    >>> site_label("https://www.pbs.org/about/privacy"), site_label("news.bbc.co.uk"), site_label("policy.txt")
    ('pbs', 'bbc', None)
    """
    own = _url_domain(url)
    return own[0].split(".")[0] if own else None


def _name_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


@dataclass
class _Domains:
    """Registrable domains the text mentions (URLs, bare hosts, e-mail domains) and how often."""

    counts: Counter
    shown: dict[str, str]


def _mentioned_domains(text: str, emails: tuple[str, ...]) -> _Domains:
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for m in _URL_HOST.finditer(text):
        host = m.group(1).lower()
        counts[_registrable(host)] += 1
        shown.setdefault(_registrable(host), host)
    for m in _BARE_HOST.finditer(text):
        host = m.group(1).lower()
        reg = _registrable(host)
        counts[reg] += 1
        if host.startswith("www.") or reg not in shown:
            shown[reg] = host if host.startswith("www.") else shown.get(reg, host)
    for e in emails:
        counts[_registrable(e.split("@", 1)[1])] += 1
    return _Domains(counts, shown)


def _url_domain(url: str | None) -> tuple[str, str] | None:
    """``(registrable domain, host)`` of the address a policy was read from.

    >>> _url_domain("https://www.timesofmalta.com/privacypolicy")
    ('timesofmalta.com', 'www.timesofmalta.com')
    >>> _url_domain("policies.google.com/privacy"), _url_domain("file.txt")
    (('google.com', 'policies.google.com'), None)
    """
    if not url:
        return None
    m = _URL_HOST.search(url) or re.match(r"([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24})(?:[/:?#]|$)", url)
    if not m or m.group(1).lower().endswith((".txt", ".html", ".htm", ".md", ".pdf")):
        return None
    host = m.group(1).lower()
    return _registrable(host), host


def _website(domains: _Domains, company: str | None, aliases: tuple[str, ...], url: str | None) -> str | None:
    """The publisher's website: a mentioned domain named after the company, else the policy's own.

    The address the policy was read from is the publisher's site far more often
    than any other domain the text mentions (cookie-information sites, ad
    networks, regulators), so it comes right after a domain named after the company.
    """
    counts = Counter(domains.counts)
    shown = dict(domains.shown)
    own = _url_domain(url)
    if own:
        counts[own[0]] += 1
        shown.setdefault(own[0], own[1])
    if not counts:
        return None
    names = [_name_key(_strip_suffix(n)) for n in (company, *aliases) if n]
    names = [n for n in names if len(n) >= 3]

    def score(reg: str) -> tuple[int, int]:
        label = _name_key(reg.split(".")[0])
        named = any(label and (label in n or n in label) for n in names)
        if named:
            return 3, counts[reg]
        if own and reg == own[0]:
            return 2, counts[reg]
        return (0 if reg in _THIRD_PARTY_DOMAINS else 1), counts[reg]

    best = max(counts, key=score)
    if score(best)[0] == 0:
        return None
    return shown.get(best, best)


#: Words a name shares with many domains; they do not tie a name to one.
_DOMAIN_STOPWORDS = frozenset(
    """the and of for inc llc ltd limited gmbh corp corporation company group holdings international
    services online media digital solutions network global web site website app official""".split()
)


def _matches_domain(name: str, label: str) -> bool:
    """Whether a name and a domain label (``timesofmalta``) plausibly name the same organisation.

    They match when one's letters contain the other's, when a distinctive word
    of the name (4+ letters) is part of the label, or when the name's initials
    spell the label.

    >>> _matches_domain("Times of Malta", "timesofmalta"), _matches_domain("The Culture Trip Ltd", "theculturetrip")
    (True, True)
    >>> _matches_domain("Hotjar Ltd.", "actacroatica"), _matches_domain("British Broadcasting Corporation", "bbc")
    (False, True)
    """
    label = _name_key(label)
    if len(label) < 2:
        return False
    key = _name_key(_strip_suffix(name))
    if len(key) >= 4 and (key in label or (label in key and len(label) >= 4)):
        return True
    if len(key) == 3 and label.startswith(key):
        return True  # "VOA" for voanews
    words = [_name_key(w) for w in re.split(r"[\s,./&'’-]+", name)]
    words = [w for w in words if w and w not in _DOMAIN_STOPWORDS and not re.fullmatch(_SUFFIXES.lower(), w)]
    if any(len(w) >= 4 and w in label for w in words):
        return True
    for form in (name, _strip_suffix(name)):
        initials = "".join(w[0] for w in re.split(r"[\s,./&'’-]+", form) if w and w.lower() not in ("of", "and", "the", "&"))
        if len(initials) >= 2 and initials.lower() == label:
            return True
    return False


def _domain_brand(text: str, label: str) -> tuple[str | None, int]:
    """The name the text writes its own domain label as ("Times of Malta" for ``timesofmalta``).

    Only capitalised forms count, not the host itself (``www.timesofmalta.com``).
    Returns the most frequent form and how often the label is written as a name.

    >>> _domain_brand("Welcome to Times of Malta. Times of Malta respects you. timesofmalta.com", "timesofmalta")
    ('Times of Malta', 2)
    >>> _domain_brand("Privacy Policy for XCWeather. We never sell data.", "xcweather")
    ('XCWeather', 1)
    """
    letters = _name_key(label)
    if len(letters) < 4 or not letters.isalnum():
        return None, 0
    pattern = r"[ \-'’&]?".join(re.escape(ch) for ch in letters)
    forms: Counter[str] = Counter()
    for m in re.finditer(rf"(?<![\w@./-]){pattern}(?![\w@-]|\.\w+/)", text, re.IGNORECASE):
        form = m.group(0)
        if not form[0].isupper() and not form[0].isdigit():
            continue
        if form.isupper() and len(form) > 5 and " " not in form:
            continue  # "TIMESOFMALTA" in a shouted heading: no casing to go by
        forms[form] += 1
    if not forms:
        return None, 0
    return forms.most_common(1)[0][0], sum(forms.values())


# --------------------------------------------------------------------------- company

_SUFFIXES = (
    r"Inc|Incorporated|LLC|L\.L\.C|Ltd|Limited|GmbH|AG|S\.A|SA|S\.A\.S|SAS|SARL|S\.à\.r\.l|S\.p\.A|SpA|"
    r"S\.r\.l|Srl|B\.V|BV|N\.V|NV|Corp|Corporation|Co|plc|PLC|LLP|L\.P|LP|Pty|Pte|KG|Oy|AB|ApS|S\.L|SL|"
    r"LTD|INC|LIMITED|CORP|GMBH|SASU|S\.A\.S\.U|"
    r"K\.K|Sdn\.? Bhd|Holdings"
)
_LEGAL = re.compile(rf"(?<=[\w.)])(,?)\s+({_SUFFIXES})(?:\.(?=\W|$)|(?=[\s,;:)\"”’'(]|$))")
_TOKEN_BACK = re.compile(r"([A-Za-z0-9&][\w&'’.\-]*)\s*$")
_CONNECTORS = frozenset("& and of de la du von van der des y e".split())
_LEADING_NOISE = frozenset(
    """a an the this that these our your its their please contact write mail email e-mail call visit
    copyright by to at from for with and or of in on as is are was be we you us it dear welcome about
    policy privacy notice terms statement if when where under between each all any same""".split()
)
_QUESTION_WORDS = frozenset("how what why who which".split())
_GENERIC_TERMS = frozenset(
    """we us our ours company the company site website web site service services platform app apps
    controller data controller you your user users affiliates group partners personal data
    personal information information policy privacy policy privacy statement privacy notice statement
    notice agreement terms content products""".split()
)
#: Organisations policies mention that are never the publisher of the policy itself.
_THIRD_PARTIES = frozenset(
    """google facebook meta truste twitter linkedin youtube instagram microsoft apple amazon paypal
    stripe visa mastercard doubleclick federal trade commission european commission department of
    commerce""".split()
)
_RELATION_BEFORE = re.compile(
    r"\b(?:subsidiar(?:y|ies)|parent(?: company)?|affiliates?|partners?|such as|including|like|vendors?|"
    r"processors?|providers?|acquired by|member of)\b[^.;\n]{0,15}$",
    re.IGNORECASE,
)
_OPERATOR_BEFORE = re.compile(
    r"\b(?:operated|owned|provided|maintained|published|run|controlled|offered)(?: and \w+)? by\s*$"
    r"|\b(?:write to|mail to|contact|address(?:ed)? to|send (?:your )?(?:request|letter)s? to)\W{0,6}$"
    r"|\bcontact (?:us|our (?:\w+ ){0,2}(?:department|officer|team))\s+at\W{0,4}$"
    r"|^\W*$",
    re.IGNORECASE,
)
_DEFINED = re.compile(
    r"^\s*,?\s*\((?:[^()\n]{0,40}?)(?:hereinafter|collectively|together)?[^()\n]{0,30}?[\"“”']"
    r"(?P<terms>[^()\n]{1,160})\)",
)
_QUOTED = re.compile(r"[\"“”']([^\"“”'\n]{1,40}?)[,.]?[\"“”']")
#: Head nouns of phrases that are never an organisation's name ("Internet Users", "Account Data").
_GENERIC_NOUNS = frozenset(
    """users user visitors customers members people information data cookies cookie ads advertisers
    partners providers sites websites site website pages profile profiles account accounts details we they
    i you it this these those services service app apps policy notice law laws regulations browsers
    browser settings technologies tools pii team department desk children child minors parents""".split()
)
_SUBJECT_VERB = re.compile(
    r"\b([A-Z](?:[\w&'’-]|\.(?=\w))*(?:[ ]+[A-Z](?:[\w&'’-]|\.(?=\w))*){0,2})[ ]+(?:respects|collects|uses|is committed|reserves|"
    r"will|may|does not|do not|shares|processes|protects|maintains|employs|values|provides)\b"
)


@dataclass
class _Candidate:
    name: str
    base: str
    score: float = 0.0
    forms: Counter | None = None
    defined: tuple[str, ...] = ()
    excluded: bool = False
    first_person: bool = False
    #: how many ways the text introduces it as the publisher (first person, operator, legal name, contact)
    signals: int = 0
    #: introduced as the provider of a service the site uses ("analytics provided by X Ltd")
    provides_service: bool = False
    #: offset of its first mention
    first: int = -1


_LEGAL_NAME_BEFORE = re.compile(
    r"\b(?:legal|registered|full|official|company)\s+name\b[^.;\n]{0,40}?(?:\bis\b|\bof\b|:)\s*$"
    r"|\b(?:registered|incorporated)\s+(?:as|under the name)\s*$|\blegal entity\s*:?\s*$",
    re.IGNORECASE,
)


def _suffix_key(name: str) -> str:
    """The legal-form suffix of a name, normalised: ``"Inc"`` for "Plimus, Inc." and "Plimus Inc".

    >>> _suffix_key("Zinnober Labs GmbH"), _suffix_key("Zinnober Labs Ltd."), _suffix_key("Plimus, Inc.")
    ('gmbh', 'ltd', 'inc')
    """
    m = re.search(rf",?\s+({_SUFFIXES})\.?$", name)
    return _name_key(m.group(1)) if m else ""


def _strip_suffix(name: str) -> str:
    m = re.search(rf",?\s+(?:{_SUFFIXES})\.?$", name)
    return name[: m.start()].strip() if m else name.strip()


def _is_third_party(base: str) -> bool:
    low = base.lower()
    return any(low == t or low.startswith(t + " ") for t in _THIRD_PARTIES) or low in _THIRD_PARTIES


#: Words naming a document or one of its parts: a name never runs across them.
#: "Cookie Policy Hunted Cow Studios Limited" is a heading glued to a name.
_DOCUMENT_WORDS = frozenset(
    """policy policies notice statement introduction overview contents preamble definitions summary
    agreement disclaimer conditions terms""".split()
)
#: Words of headings and boilerplate that glue onto the next block's text
#: ("PolicyThe Culture Trip Ltd", "Canada ResidentsEvolve Media, LLC").
_HEADING_WORDS = _DOCUMENT_WORDS | frozenset(
    """privacy cookie cookies website websites site terms use updated effective preferences residents
    users rights contact us information choices gdpr welcome about controller owner operator""".split()
)
#: Heading words dropped when they open a legal name ("Privacy Website Ltd" is rare, "Privacy
#: Acme Ltd" from a heading "Privacy" is not).
_LEADING_HEADING_WORDS = _DOCUMENT_WORDS | frozenset(
    """privacy cookie cookies website websites site terms gdpr updated effective welcome webmaster administrator
    parent security acceptance""".split()
)
#: Function words that end a name when capitalised inside it ("General At Textron Aviation Inc.",
#: "BY USING THE GREAT LAKES SERVICES, LLC"); connectors ("of", "and", "&") stay.
_BREAK_WORDS = frozenset(
    """a an this that these its their your our we you they i it is are was be please visit if when where
    each all any using also dear welcome including but not without""".split()
)
#: Prepositions break a name only when shouted ("BY USING THE GREAT LAKES SERVICES, LLC"):
#: title-cased names contain them ("How To Do Things, Ltd.").
_SHOUTED_BREAK_WORDS = frozenset("by at to from for with under as in on".split())
#: Roles that precede the organisation in a contact block ("Owner and Data Controller GRV Media Ltd",
#: "CEO illumin Inc."): the name starts after them.
_ROLE_WORDS = frozenset("controller owner operator ceo attn attention".split())
#: "Affiliate of Sinclair Television Group, Inc.": the organisation follows the relation.
_RELATION_OF = frozenset("affiliate affiliates subsidiary subsidiaries division member part unit brand".split())
#: Abbreviations that end with a dot inside a name ("Maple Tech. International LLC").
_NAME_ABBREVIATIONS = frozenset("tech intl int bros assoc dept univ mfg natl st mt ft co corp inc ltd no".split())
#: Words that on their own do not name anyone: places, legal forms, kinds of business, site words.
_GENERIC_NAME_WORDS = frozenset(
    """website websites web site sites internet online app apps service services platform company companies
    co corp inc ltd llc limited group holdings international global systems technology technologies tech
    media digital solutions network networks corporation usa us u.s. uk america american europe european
    canada california delaware nevada texas florida new york united states kingdom the users user customers
    cookies data information university""".split()
)
_YEAR_GLUED = re.compile(r"^(?:19|20)\d{2}(?=[A-Z][a-z])")
_SECTION_GLUED = re.compile(r"^\d+(?:\.\d+)*\.(?=[A-Z])")  # "1.International Media, Ltd."
_SECTION_OR_DATE = re.compile(r"^(?:\d+(?:\.\d+)*\.|\d+\.\d+(?:\.\d+)*|(?:19|20)\d{2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\(?\d+\))$")


def _split_glued(token: str) -> str | None:
    """The part of a token after a heading word glued to it, or None when nothing is glued.

    >>> _split_glued("PolicyThe"), _split_glued("ResidentsEvolve"), _split_glued("TemplateMonster")
    ('The', 'Evolve', None)
    >>> _split_glued("2016Neoreason"), _split_glued("NoticeBY"), _split_glued("INTRODUCTION.Inductive")
    ('Neoreason', 'BY', 'Inductive')
    """
    m = _YEAR_GLUED.match(token) or _SECTION_GLUED.match(token)
    if m:
        return token[m.end() :]
    m = re.match(r"^([A-Z][a-z]+|[A-Z]+[.:])([A-Z].*)$", token)
    if m and m.group(1).rstrip(".:").lower() in _HEADING_WORDS:
        return m.group(2)
    return None


def _trim_name(tokens: list[str]) -> list[str]:
    """The tokens of a name with the heading words, numbers and sentence ends before it removed.

    Text extracted from web pages glues a heading to the paragraph after it
    ("Privacy PolicyThe Culture Trip Ltd"), and legal names are often preceded by
    a section number, a date or the end of the previous sentence. A name never
    runs across a document word (Policy, Notice, Introduction), a sentence end,
    or a capitalised function word.

    >>> _trim_name("Cookie Policy Hunted Cow Studios".split())
    ['Hunted', 'Cow', 'Studios']
    >>> _trim_name("2018 Introduction MG Freesites".split())
    ['MG', 'Freesites']
    >>> _trim_name("Privacy PolicyThe Culture Trip".split())
    ['Culture', 'Trip']
    >>> _trim_name("Affiliate of Sinclair Television Group,".split())
    ['Sinclair', 'Television', 'Group,']
    >>> _trim_name("Bank of America".split()), _trim_name("S. C. Johnson & Son,".split())
    (['Bank', 'of', 'America'], ['S.', 'C.', 'Johnson', '&', 'Son,'])
    """
    out: list[str] = []
    for i, tok in enumerate(tokens):
        glued = _split_glued(tok)
        if glued is not None:
            out = []
            tok = glued
        word = tok.rstrip(",:;").lower()
        bare = word.rstrip(".")
        last = i == len(tokens) - 1
        if not last and (
            bare in _DOCUMENT_WORDS
            or (bare in _BREAK_WORDS and tok[:1].isupper() and not word.endswith("."))
            or (bare in _SHOUTED_BREAK_WORDS and tok.isupper())
            or (bare == "us" and out and out[-1].lower() in ("contact", "about"))
            or (bare == "of" and out and out[-1].lower() in _RELATION_OF)
            or (bare.rstrip(":") in _ROLE_WORDS and tok[:1].isupper())
            or _SECTION_OR_DATE.match(tok)
            or (word.endswith(".") and len(bare) >= 3 and bare.isalnum() and bare not in _NAME_ABBREVIATIONS)
        ):
            out = []
            continue
        if out and tok == out[-1]:  # "Exponential Exponential Interactive"
            continue
        out.append(tok)
    while out and (
        out[0].lower() in _LEADING_NOISE or out[0].lower() in _CONNECTORS or _SECTION_OR_DATE.match(out[0])
        or out[0].rstrip(".:").lower() in _LEADING_HEADING_WORDS
    ):
        out.pop(0)
    return out


def _credible_name(tokens: list[str]) -> bool:
    """Whether the tokens before a legal-form suffix can name an organisation.

    "Website. Limited", "USA, Inc.", "Co., Ltd." and "Tourism Commission GPO Box
    1972 ADELAIDE SA" are not names.

    >>> _credible_name(["USA,"]), _credible_name(["Internet"]), _credible_name(["Co.,"])
    (False, False, False)
    >>> _credible_name(["Allied", "Newspapers"]), _credible_name(["360", "Digital", "Starters"])
    (True, True)
    """
    words = [t.strip(",.;:").lower() for t in tokens]
    if not any(w and w not in _GENERIC_NAME_WORDS and w not in _CONNECTORS for w in words):
        return False
    if len(words) == 1 and len(words[0]) == 1:
        return False  # "B. Limited": an initial alone
    if re.fullmatch(_SUFFIXES, tokens[0].strip(",.")):
        return False  # "Inc. 3 Limited": the end of one name and the start of an address
    if "box" in words or any(re.fullmatch(r"\d{3,}", w) for w in words[1:]):
        return False
    return True


def _legal_names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of every capitalised name followed by a legal-form suffix."""
    out = []
    for m in _LEGAL.finditer(text):
        head = text[max(0, m.start() - 120) : m.start()]
        tokens: list[str] = []
        pos = len(head)
        while len(tokens) < 6:
            tm = _TOKEN_BACK.search(head[:pos])
            if not tm:
                break
            gap = head[tm.end(1) : pos]
            if gap.strip() or "\n" in gap or (tokens and not gap):
                break
            tok = tm.group(1)
            lower = tok.lower()
            is_cap = tok[0].isupper() or tok[0].isdigit()
            if not is_cap:
                if lower in _CONNECTORS and tokens:
                    pass
                elif not tokens and lower not in _LEADING_NOISE and len(tok) > 3:
                    pass  # "3PLUS international Inc."
                else:
                    break
            tokens.insert(0, tok)
            pos = tm.start()
        tokens = _trim_name(tokens)
        if not tokens or not (tokens[0][0].isupper() or tokens[0][0].isdigit()):
            continue
        base = " ".join(tokens)
        if len(base) < 2 or base.isdigit() or not _credible_name(tokens):
            continue
        start = text.rfind(base, max(0, m.start() - 130), m.start() + 1)
        if start < 0:
            continue
        end = m.end()
        out.append((start, end, text[start:end].strip()))
    return out


def _defined_terms(after: str) -> tuple[str, ...]:
    dm = _DEFINED.match(after)
    if not dm:
        return ()
    terms = []
    for q in _QUOTED.finditer("“" + dm.group("terms") if dm.group("terms")[0] not in "\"“”'" else dm.group("terms")):
        t = q.group(1).strip(" ,.;")
        if t and t.lower() not in _GENERIC_TERMS and (t[0].isupper() or t[0].isdigit()):
            terms.append(t)
    return tuple(terms)


#: "we are X Ltd", "We – meaning X Ltd", "references to 'we' are to X Ltd", "The word 'we' refers to X":
#: a legal name stated as the first person.
_WE_BEFORE = re.compile(
    r"\b(?:we|us|our)\b[\"'’”]*\s*(?:,|–|—|-|\bare\b|\bmeans?\b|\bmeaning\b|\brefers? to\b|\bare to\b|\bis\b)\s*$"
    r"|\brefer(?:s|ring)? to\s*$"
    r"|\b(?:data\s+)?controller\b[^.\n]{0,40}?\bis\s*:?\s*(?:[\w.-]+\s+c/o\s+)?$",
    re.IGNORECASE,
)
#: 'X Ltd ("we")', 'X Inc. (the "Company")', "X Inc. (hereafter referred to as XI)": X is the first person.
_FIRST_PERSON_DEFINED = re.compile(
    r"^\s*,?\s*\((?:[^()\n]{0,60}?)[\"“](?:we|us|our)\b"
    r"|^\s*,?\s*\((?:[^()\n]{0,20}?)[\"“](?:the\s+)?company[\"”]"
    r"|^\s*,?\s*\((?:hereinafter|hereafter)\b",
    re.IGNORECASE,
)
#: "X Inc. and its affiliated entities (collectively, "X", "we")": the definition covers X.
_GROUP_AFTER = re.compile(
    r"^\s*,?\s*and\s+its\s+(?:\w+\s+){0,2}(?:affiliates|subsidiaries|entities|companies|group companies)(?=\s*,?\s*\()",
    re.IGNORECASE,
)
#: "X Ltd reserves the right", "at X ApS' sole discretion", "X Company's web sites": the site's owner.
_OWNER_VERB_AFTER = re.compile(
    r"^\s+(?:reserves the right|may (?:change|update|revise|modify|amend) this)\b"
    r"|^['’]s?\s+(?:sole|own|absolute)\s+discretion"
    r"|^['’]s?\s+(?:(?:family of\s+)?web\s?sites?|sites?|online services|apps?|products and services)\b",
    re.IGNORECASE,
)
#: "a website belonging to X Ltd", "© 2018 X Ltd", "a trading name of X Ltd": who runs the site.
_OWNER_BEFORE = re.compile(
    r"\b(?:belong(?:s|ing)? to|trading names? of|(?:is|are) a brand of|(?:©|\(c\)|copyright)\s*(?:(?:19|20)\d{2}"
    r"(?:\s*[-–]\s*(?:19|20)?\d{2,4})?)?,?)\s*$",
    re.IGNORECASE,
)
#: "X Ltd (trading as Y)", "X Inc. d/b/a Y", "X Ltd, a company registered in England":
#: the legal entity behind a trading name states its registration.
_OWNER_AFTER = re.compile(
    r"^\s*,?\s*\(?\s*(?:trading as|t/a|d/b/a|dba|doing business as|operating as)\b"
    r"|^\s*,?\s*\(?\s*(?:an?\s+|the\s+)?(?:private\s+|public\s+)?(?:limited\s+)?(?:liability\s+)?(?:company|corporation)?\s*"
    r"(?:registered|incorporated)\s+(?:in|under)\b"
    r"|^[^.\n]{0,40}\b(?:company|registration|registered|reg\.?)\s+(?:number|no\.?)\b"
    r"|^\s*(?:\([^()\n]{0,60}\)\s*)?(?:controls|is responsible for)\b",
    re.IGNORECASE,
)
#: "X Ltd is the data controller", "X Ltd acts as controller".
_CONTROLLER_AFTER = re.compile(
    r"^\s*,?\s*(?:\([^()\n]{0,80}\)\s*)?,?\s*(?:which\s+|who\s+)?(?:is|are|acts as|will be|remains)\s+(?:the\s+|a\s+|your\s+)?"
    r"(?:data\s+)?(?:controller|owner and operator|operator|owner|responsible)",
    re.IGNORECASE,
)
#: "analytics provided by X Ltd": a service someone else provides is not the publisher.
_SERVICE_BY = re.compile(
    r"\b(?:services?|tools?|analytics|plugins?|platforms?|software|products?|widgets?|functionality|content|ads|"
    r"advertising|advertisements|cookies?|technolog(?:y|ies)|solutions?|network)\s+(?:is |are )?"
    r"(?:provided|operated|offered|supplied|run|developed|served|hosted|powered|owned)\s+by\s*$",
    re.IGNORECASE,
)


def _company(document: Document, domains: _Domains | None = None) -> tuple[str | None, tuple[str, ...]]:
    """The publisher's name and aliases: the best-introduced legal name, else a domain-anchored brand.

    When the policy's address is known, a name matching its domain gains
    weight, and a name that only matches *another* domain the text links to
    ("Hotjar Ltd." with hotjar.com, on actacroatica.com) is a third party unless
    the text introduces it as the publisher.
    """
    text = document.text
    own = _url_domain(document.url)
    label = own[0].split(".")[0] if own else None
    n = max(len(text), 1)
    contact_ranges = _contact_ranges(document)
    cands: dict[str, _Candidate] = {}
    for start, end, name in _legal_names(text):
        base = _strip_suffix(name)
        # one candidate per legal entity: "Zinnober Labs GmbH" and its affiliate
        # "Zinnober Labs Ltd." share a short name but are two organisations
        key = _name_key(base) + "|" + _suffix_key(name)
        if not _name_key(base):
            continue
        c = cands.get(key)
        if c is None:
            c = cands[key] = _Candidate(name=name, base=base, forms=Counter())
        c.forms[name] += 1
        if c.first < 0:
            c.first = start
        before = text[max(0, start - 60) : start]
        line_before = before.rsplit("\n", 1)[-1]
        if _RELATION_BEFORE.search(line_before):
            c.excluded = True
            continue
        after = _GROUP_AFTER.sub("", text[end : end + 240], count=1)
        terms = _defined_terms(after)
        defined = bool(terms) or bool(_FIRST_PERSON_DEFINED.match(after))
        if not defined and _SERVICE_BY.search(line_before[-60:]):
            c.provides_service = True
            continue
        if defined:
            c.score += 100
            c.first_person = True
            c.signals += 1
            c.defined = tuple(dict.fromkeys(c.defined + terms))
            c.forms[name] += 5
        elif _WE_BEFORE.search(line_before[-60:]) or _CONTROLLER_AFTER.match(text[end : end + 140]):
            c.score += 60  # "We are X Ltd", "X Ltd is the data controller"
            c.first_person = True
            c.signals += 1
        if _OPERATOR_BEFORE.search(line_before[-40:]) and line_before.strip():
            c.score += 30
            c.signals += 1
        if _OWNER_BEFORE.search(line_before[-40:]) or _OWNER_AFTER.match(text[end : end + 120]) or _OWNER_VERB_AFTER.match(text[end : end + 60]):
            c.score += 30
            c.signals += 1
        if _LEGAL_NAME_BEFORE.search(before):
            c.score += 60  # "The legal name of the business is X Ltd"
            c.signals += 1
        if any(a <= start < b for a, b in contact_ranges):
            c.score += 25
            c.signals += 1
        if start < 0.15 * n:
            c.score += 10
        c.score += 3
    if not cands:
        return _company_without_suffix(document, label, domains)
    _merge_prefixed(cands, text)
    foreign = _foreign_labels(domains, own[0]) if own and domains else ()
    for c in cands.values():
        occurrences = len(re.findall(rf"(?<![\w-]){re.escape(c.base)}(?![\w-])", text))
        c.score += min(occurrences, 40)
        if _is_third_party(c.base):
            c.excluded = True
        if label and _matches_domain(c.name, label):
            c.score += 40  # named like the site the policy is published on
        elif not c.signals and (
            c.provides_service or (c.first > 0.1 * n and any(_matches_domain(c.name, f) for f in foreign))
        ):
            # a service the site uses, or first named late and like another site the text links to
            c.excluded = True
    # a name the text defines as "we" is the publisher even if it is also
    # mentioned once in a list ("including Acme Inc.")
    eligible = [c for c in cands.values() if not c.excluded or (c.first_person and not _is_third_party(c.base))]
    if not eligible:
        return _company_without_suffix(document, label, domains)
    best = max(eligible, key=lambda c: c.score)
    if label and not best.signals and not _matches_domain(best.name, label):
        # a legal name merely mentioned loses to the site's own name written out twice or more
        brand, count = _domain_brand(text, label)
        if brand and count >= 2:
            return brand, ()
    company = best.forms.most_common(1)[0][0] if best.forms else best.name
    aliases: list[str] = list(best.defined)
    alias_keys = {_name_key(a) for a in aliases} | {_name_key(best.base)}
    for c in cands.values():
        if c is best or c.excluded or c.base == best.base:
            continue
        # another legal name for the same operator: shares a defined short name,
        # or is an abbreviation of it ("Tallowmere Candle Co." for "... Company Ltd")
        ckey = _name_key(c.base)
        if ckey in alias_keys or any(
            (ckey.startswith(k) and len(k) >= 4) or (k.startswith(ckey) and len(ckey) >= 6) for k in alias_keys
        ):
            form = c.forms.most_common(1)[0][0]
            aliases.append(form)
    # the short name used alone ("Plimus" for "Plimus, Inc.")
    if best.base != company and re.search(rf"(?<![\w.@-]){re.escape(best.base)}(?![\w,-]|\.\w|,? (?:{_SUFFIXES})\b)", text):
        aliases.append(best.base)
    seen = {_name_key(company)}
    out = []
    for a in aliases:
        k = _name_key(a)
        if k and k not in seen:
            seen.add(k)
            out.append(a)
    return company, tuple(out)


def _merge_prefixed(cands: dict[str, _Candidate], text: str) -> None:
    """Fold a candidate into a shorter one it ends with: "Through Acme Labs Ltd" into "Acme Labs Ltd".

    Words glued before a legal name by a missing sentence break make a longer,
    rarer variant of the same name; its evidence counts for the clean name.
    The shorter name must stand on its own more often than the longer one
    occurs, so "Gofar Enterprises Ltd" is not folded into "Enterprises Ltd".
    """
    keys = sorted(cands, key=lambda k: len(cands[k].base))
    for i, long_key in enumerate(reversed(keys)):
        c = cands.get(long_key)
        if c is None:
            continue
        for short_key in keys[: len(keys) - 1 - i]:
            s = cands.get(short_key)
            if s is None or s is c or _suffix_key(s.name) != _suffix_key(c.name):
                continue
            if c.base.endswith(" " + s.base) and len(s.base) >= 3:
                long_n = text.count(c.base)
                if text.count(s.base) - long_n < long_n:
                    continue
                s.score += c.score
                s.signals += c.signals
                s.first_person |= c.first_person
                s.excluded |= c.excluded
                s.provides_service |= c.provides_service
                s.defined = tuple(dict.fromkeys(s.defined + c.defined))
                del cands[long_key]
                break


def _foreign_labels(domains: _Domains, own: str) -> tuple[str, ...]:
    """Labels of the other registrable domains the text mentions (``hotjar`` for hotjar.com)."""
    return tuple({reg.split(".")[0] for reg in domains.counts if reg != own and len(reg.split(".")[0]) >= 3})


def _company_without_suffix(
    document: Document, label: str | None = None, domains: _Domains | None = None
) -> tuple[str | None, tuple[str, ...]]:
    """No legal name: the site's own name as the text writes it, else a frequent first-person subject.

    The subject must be a name: not a generic noun phrase ("Internet Users",
    "Personal Information"), not split by a line break or a sentence end, and
    not named like another site the text links to.
    """
    own = _url_domain(document.url)
    foreign = _foreign_labels(domains, own[0]) if own and domains else ()
    counts: Counter[str] = Counter()
    for m in _SUBJECT_VERB.finditer(document.text):
        name = m.group(1)
        if name.lower() in _LEADING_NOISE or name.lower() in _GENERIC_TERMS or _is_third_party(name):
            continue
        if name.split()[0].lower() in _LEADING_NOISE or name.split()[0].lower() in _QUESTION_WORDS:
            continue  # "How Google uses information": a heading, not a subject
        words = [w.lower() for w in name.split()]
        if words[-1] in _GENERIC_NOUNS or all(w in _GENERIC_NAME_WORDS or w in _HEADING_WORDS for w in words):
            continue
        counts[name] += 1
    frequent = [name for name, k in counts.most_common() if k >= 2]
    # the fullest form of the site's own name: "Yale University" rather than "Yale"
    for name in frequent:
        if label and _matches_domain(name, label):
            return name, ()
    if label:
        brand, _count = _domain_brand(document.text, label)
        if brand:
            return brand, ()
    for name in frequent:
        if not any(_matches_domain(name, f) for f in foreign):
            return name, ()
    return None, ()


_CONTACT_HEADING = re.compile(r"\bcontact|\bquestions|\bhow to reach|\baddress|\bwho we are|\bcomplaints", re.I)


def _contact_ranges(document: Document) -> list[tuple[int, int]]:
    """Text ranges of contact sections (a contact heading up to the next heading)."""
    ranges = []
    blocks = document.blocks
    for i, b in enumerate(blocks):
        if b.kind == BlockKind.HEADING and _CONTACT_HEADING.search(document.block_text(b)):
            end = len(document.text)
            for nb in blocks[i + 1 :]:
                if nb.kind == BlockKind.HEADING and nb.level <= b.level:
                    end = nb.start
                    break
            ranges.append((b.start, end))
    for m in re.finditer(r"(?:write to|mail to|contact us (?:at|via|by)|send (?:a )?(?:letter|request) to)", document.text, re.I):
        ranges.append((m.start(), m.end() + 200))
    return ranges


# --------------------------------------------------------------------------- dates

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?P<{g}>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_DATE = re.compile(
    r"(?<![\w/.-])(?:"
    + _MONTH.format(g="m1") + r"\.?\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d{2})"
    + r"|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH.format(g="m2") + r"\.?,?\s+(?P<y2>(?:19|20)\d{2})"
    + r"|(?P<y3>(?:19|20)\d{2})-(?P<n3>\d{1,2})-(?P<d3>\d{1,2})"
    + r"|(?P<a4>\d{1,2})/(?P<b4>\d{1,2})/(?P<y4>(?:19|20)?\d{2})"
    + r"|(?P<d5>\d{1,2})\.(?P<n5>\d{1,2})\.(?P<y5>(?:19|20)\d{2})"
    + r"|" + _MONTH.format(g="m6") + r"\.?,?\s+(?P<y6>(?:19|20)\d{2})"
    + r")(?![\w/-])",
    re.IGNORECASE,
)
_LABELS = (
    ("last-updated", r"last\s+(?:updated|modified|revised|amended|changed|reviewed)|(?:updated|modified|revised|amended)(?:\s+(?:on|as of|in))?"),
    ("effective", r"effective(?:\s+date)?(?:\s+(?:as of|from|on|since))?|in effect (?:as of|from|since)|valid (?:from|as of)"),
    ("version", r"(?:version|ver\.?|v\.?)\s*\d+(?:\.\d+)*(?:\s*(?:date|dated|of|from))?"),
    ("published", r"(?:date|dated|published|posted|issued)(?:\s+(?:on|as of))?"),
)
_LABEL_RE = re.compile(
    r"(?:" + "|".join(f"(?P<{k.replace('-', '_')}>\\b(?:{p}))" for k, p in _LABELS) + r")[\s:,.)(–-]{0,4}$",
    re.IGNORECASE,
)
_VERSION = re.compile(r"\b(?:version|ver\.?|v\.?)\s*(\d+(?:\.\d+)*)", re.IGNORECASE)
_KIND_RANK = {"last-updated": 4, "effective": 3, "version": 2, "published": 1}


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date in the text: where, what, how it is labelled.

    ``precision`` is ``"day"`` or ``"month"`` (then ``date`` is the 1st).
    ``kind`` is ``last-updated``, ``effective``, ``version``, ``published`` or
    ``None`` for a bare date; ``version`` the version label next to it.
    """

    start: int
    end: int
    date: _dt.date
    precision: str
    kind: str | None
    version: str | None = None


def _to_date(m: re.Match[str]) -> tuple[_dt.date, str] | None:
    g = m.groupdict()
    try:
        if g["m1"]:
            return _dt.date(int(g["y1"]), _MONTHS[g["m1"][:3].lower()], int(g["d1"])), "day"
        if g["m2"]:
            return _dt.date(int(g["y2"]), _MONTHS[g["m2"][:3].lower()], int(g["d2"])), "day"
        if g["y3"]:
            return _dt.date(int(g["y3"]), int(g["n3"]), int(g["d3"])), "day"
        if g["y4"]:
            a, b, y = int(g["a4"]), int(g["b4"]), int(g["y4"])
            if y < 100:
                y += 2000 if y < 70 else 1900
            month, day = (a, b) if a <= 12 else (b, a)  # US order unless impossible
            return _dt.date(y, month, day), "day"
        if g["y5"]:
            return _dt.date(int(g["y5"]), int(g["n5"]), int(g["d5"])), "day"
        if g["m6"]:
            return _dt.date(int(g["y6"]), _MONTHS[g["m6"][:3].lower()], 1), "month"
    except (ValueError, KeyError):
        return None
    return None


def find_dates(text: str) -> list[DateMention]:
    """Every date in the text, with the label that introduces it (if any).

    A label counts when it ends within the same sentence just before the date
    ("Last updated: January 10, 2017", "(Ver. 1.3 Date: February 12, 2007)",
    "Effective as of 1 March 2020", "v.1.5 April 10, 2012").

    >>> [(d.date.isoformat(), d.kind, d.version) for d in find_dates("v.1.5 April 10, 2012")]
    [('2012-04-10', 'version', '1.5')]
    >>> [(d.date.isoformat(), d.precision, d.kind) for d in find_dates("Last updated: February 2023")]
    [('2023-02-01', 'month', 'last-updated')]
    """
    out = []
    for m in _DATE.finditer(text):
        parsed = _to_date(m)
        if parsed is None:
            continue
        date, precision = parsed
        if not 1990 <= date.year <= 2100:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        window = text[max(line_start, m.start() - 80) : m.start()]
        # stay inside the sentence: cut at the last sentence end
        cut = max(window.rfind(". "), window.rfind("; "), window.rfind("! "), window.rfind("? "))
        if cut >= 0 and not re.search(r"\b(?:v|ver|no)\.\s*$", window[: cut + 1], re.I):
            window = window[cut + 2 :]
        kind = None
        version = None
        lm = _LABEL_RE.search(window)
        if lm:
            kind = next(k for k, _ in _LABELS if lm.group(k.replace("-", "_")))
        vm = None
        for vm in _VERSION.finditer(window):
            pass
        if vm is not None and len(window) - vm.end() <= 20:
            version = vm.group(1)
            if kind in (None, "published"):
                kind = "version"
        out.append(DateMention(m.start(), m.end(), date, precision, kind, version))
    return out


def policy_date(text: str) -> tuple[_dt.date | None, str | None, str | None]:
    """The policy's own date: ``(date, kind, version)``.

    Labelled dates win (last-updated > effective > version > "date:"); among
    dates of the best kind the newest wins, so in a list of versions the current
    one is chosen. A bare date counts only when it stands alone on a short line.

    >>> policy_date("Previous versions:\\nv.1.5 April 10, 2012\\nv1.4 March 1, 2010")
    (datetime.date(2012, 4, 10), 'version', '1.5')
    >>> policy_date("The Privacy Shield was invalidated in July 2020.")
    (None, None, None)
    """
    mentions = find_dates(text)
    labelled = [d for d in mentions if d.kind]
    if labelled:
        best_kind = max(labelled, key=lambda d: _KIND_RANK[d.kind]).kind
        best = max((d for d in labelled if d.kind == best_kind), key=lambda d: d.date)
        return best.date, best.kind, best.version
    for d in mentions:
        ls = text.rfind("\n", 0, d.start) + 1
        le = text.find("\n", d.end)
        line = text[ls : le if le >= 0 else len(text)]
        if len(line.split()) <= 6:
            return d.date, "published", None
    return None, None, None
