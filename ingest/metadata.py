"""Detect who publishes a policy and when: ``Document`` -> ``PolicyMetadata``.

A stage of the ingest chain that reads the normalised text only (no model):

- **company**: legal names (a capitalised name followed by a legal-form suffix:
  Inc., LLC, Ltd., GmbH, S.A., plc, ...), scored by how the text introduces
  them: the subject of a first-person definition (``X ("we", "us")``), the
  operator (``operated by X``), the contact section (``write to: X``), the
  introduction, and how often their name is used. Names introduced as a
  subsidiary, parent or affiliate, and well-known third parties (Google, TRUSTe,
  regulators) are never chosen as the publisher.
- **aliases**: every other name the text gives the publisher: defined terms
  (``("PLUS," "we")``), other legal names that share the defined short name,
  the short name without the legal suffix when the text uses it alone.
- **contacts**: e-mail addresses (lower-cased), telephone numbers (fax numbers
  left out), postal addresses (street number ... postcode), and the website.
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
    company, aliases = _company(document)
    website = _website(text, emails, company, aliases, document.url)
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


def _name_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _website(
    text: str, emails: tuple[str, ...], company: str | None, aliases: tuple[str, ...], url: str | None
) -> str | None:
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
    if url:
        m = _URL_HOST.search(url)
        if m:
            counts[_registrable(m.group(1))] += 1
            shown.setdefault(_registrable(m.group(1)), m.group(1).lower())
    if not counts:
        return None
    names = [_name_key(_strip_suffix(n)) for n in (company, *aliases) if n]
    names = [n for n in names if len(n) >= 3]

    def score(reg: str) -> tuple[int, int]:
        label = _name_key(reg.split(".")[0])
        named = any(label and (label in n or n in label) for n in names)
        return (2 if named else (0 if reg in _THIRD_PARTY_DOMAINS else 1), counts[reg])

    best = max(counts, key=score)
    if score(best)[0] == 0:
        return None
    return shown.get(best, best)


# --------------------------------------------------------------------------- company

_SUFFIXES = (
    r"Inc|Incorporated|LLC|L\.L\.C|Ltd|Limited|GmbH|AG|S\.A|SA|S\.A\.S|SAS|SARL|S\.à\.r\.l|S\.p\.A|SpA|"
    r"S\.r\.l|Srl|B\.V|BV|N\.V|NV|Corp|Corporation|Co|plc|PLC|LLP|L\.P|LP|Pty|Pte|KG|Oy|AB|ApS|S\.L|SL|"
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
    r"|^\W*$",
    re.IGNORECASE,
)
_DEFINED = re.compile(
    r"^\s*,?\s*\((?:[^()\n]{0,40}?)(?:hereinafter|collectively|together)?[^()\n]{0,30}?[\"“”']"
    r"(?P<terms>[^()\n]{1,160})\)",
)
_QUOTED = re.compile(r"[\"“”']([^\"“”'\n]{1,40}?)[,.]?[\"“”']")
_SUBJECT_VERB = re.compile(
    r"\b([A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,2})\s+(?:respects|collects|uses|is committed|reserves|"
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


_LEGAL_NAME_BEFORE = re.compile(
    r"\b(?:legal|registered|full|official|company)\s+name\b[^.;\n]{0,40}?(?:\bis\b|\bof\b|:)\s*$"
    r"|\b(?:registered|incorporated)\s+(?:as|under the name)\s*$",
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
        while tokens and (tokens[0].lower() in _LEADING_NOISE or tokens[0].lower() in _CONNECTORS):
            tokens.pop(0)
        if not tokens or not (tokens[0][0].isupper() or tokens[0][0].isdigit()):
            continue
        base = " ".join(tokens)
        if len(base) < 2 or base.isdigit():
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


def _company(document: Document) -> tuple[str | None, tuple[str, ...]]:
    text = document.text
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
        before = text[max(0, start - 60) : start]
        line_before = before.rsplit("\n", 1)[-1]
        if _RELATION_BEFORE.search(line_before):
            c.excluded = True
            continue
        terms = _defined_terms(text[end : end + 200])
        if terms or re.match(r"^\s*,?\s*\((?:[^()\n]{0,60}?)[\"“](?:we|us|our)\b", text[end : end + 200], re.I):
            c.score += 100
            c.first_person = True
            c.defined = tuple(dict.fromkeys(c.defined + terms))
            c.forms[name] += 5
        if _OPERATOR_BEFORE.search(line_before[-40:]) and line_before.strip():
            c.score += 30
        if _LEGAL_NAME_BEFORE.search(before):
            c.score += 60  # "The legal name of the business is X Ltd"
        if any(a <= start < b for a, b in contact_ranges):
            c.score += 25
        if start < 0.15 * n:
            c.score += 10
        c.score += 3
    if not cands:
        return _company_without_suffix(document)
    for c in cands.values():
        occurrences = len(re.findall(rf"(?<![\w-]){re.escape(c.base)}(?![\w-])", text))
        c.score += min(occurrences, 40)
        if _is_third_party(c.base):
            c.excluded = True
    # a name the text defines as "we" is the publisher even if it is also
    # mentioned once in a list ("including Acme Inc.")
    eligible = [c for c in cands.values() if not c.excluded or (c.first_person and not _is_third_party(c.base))]
    if not eligible:
        return _company_without_suffix(document)
    best = max(eligible, key=lambda c: c.score)
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


def _company_without_suffix(document: Document) -> tuple[str | None, tuple[str, ...]]:
    """No legal name: the most frequent capitalised subject of first-person verbs."""
    counts: Counter[str] = Counter()
    for m in _SUBJECT_VERB.finditer(document.text):
        name = m.group(1)
        if name.lower() in _LEADING_NOISE or name.lower() in _GENERIC_TERMS or _is_third_party(name):
            continue
        if name.split()[0].lower() in _LEADING_NOISE:
            continue
        counts[name] += 1
    if not counts:
        return None, ()
    name, k = counts.most_common(1)[0]
    return (name, ()) if k >= 2 else (None, ())


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
