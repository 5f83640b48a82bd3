"""Stage: classify paragraph-sized segments into the ten OPP-115 categories.

The classifier is a weighted cue lexicon, readable line by line: each cue is a
regular expression over the segment text (or its heading) with a weight for one
category; a segment gets every category whose summed weight reaches 1.0 and
``RELATIVE`` (0.4) times the segment's top score (multi-label, as OPP-115
segments often state several kinds of practice, but mostly one or two: a
category far behind the segment's main one is a passing mention). Each
cue carries an example sentence it must fire on (tested in
``tests/test_categorize.py``). Cues are general policy language, never the
wording of one company; they were weighed on the OPP-115 dev split.

Heading cues count when the text is a heading: the ``heading`` passed in (the
heading path of a paragraph) or, for segments that start with one, their first
short line without final punctuation ("Information We Collect").

What the earlier stages extracted from a segment is evidence too
(:data:`ITEM_CUES`): a first-party collection practice, stated or denied,
argues for First Party Collection/Use, a retention statement for Data
Retention, and so on. Each such item cue adds half the threshold, once per
segment: an extracted item alone does not make a category, an item and one cue
do. The scores stay a sum of named contributions (:func:`explain_segment` lists
them).

>>> from policykg.ontology import concept
>>> [concept(iri).pref_label for iri in classify_segment("All payment data is encrypted with SSL.")]
['Data Security']
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from policykg.ontology import is_a

from .prefilter import Gate, fold, leading_literals, search_at_starts
from .records import FIRST_PARTY as FIRST_PARTY_ACTOR
from .records import BlockKind, Document, Practice, Segment, Span, Statement

__all__ = [
    "CATEGORY_IRIS",
    "CUES",
    "Contribution",
    "Cue",
    "ITEM_CUES",
    "ItemCue",
    "RELATIVE",
    "SegmentUnit",
    "THRESHOLD",
    "categorize",
    "category_scores",
    "classify_segment",
    "explain_segment",
    "fired_cues",
    "heading_above",
    "paragraph_segments",
    "segment_units",
]

_PK = "https://w3id.org/policykg#"

#: The ten OPP-115 categories (``pk:OPP115Categories`` in ``ontology/statements.ttl``).
FIRST_PARTY = _PK + "FirstPartyCollectionUse"
THIRD_PARTY = _PK + "ThirdPartySharingCollection"
CHOICE = _PK + "UserChoiceControl"
ACCESS = _PK + "UserAccessEditDeletion"
RETENTION = _PK + "DataRetention"
SECURITY = _PK + "DataSecurity"
CHANGE = _PK + "PolicyChangeCategory"
DNT = _PK + "DoNotTrackCategory"
AUDIENCES = _PK + "InternationalSpecificAudiences"
OTHER = _PK + "OtherCategory"

CATEGORY_IRIS: tuple[str, ...] = (
    FIRST_PARTY,
    THIRD_PARTY,
    CHOICE,
    ACCESS,
    RETENTION,
    SECURITY,
    CHANGE,
    DNT,
    AUDIENCES,
    OTHER,
)

#: Summed cue weight at which a segment gets a category (the absolute floor).
THRESHOLD = 1.0

#: A category other than "Other" is kept only when its score also reaches this
#: fraction of the segment's top score: OPP-115 segments mostly carry one or two
#: categories, and a category far behind the segment's main one is usually a
#: passing mention ("... as described in our Cookie Policy"). Measured on both
#: halves of the OPP-115 dev split (even- and odd-numbered policies): 0.4 helped
#: both; 0.3 and 0.5 less.
RELATIVE = 0.4


@dataclass(frozen=True, slots=True)
class Cue:
    """One piece of evidence for a category.

    ``pattern`` is a case-insensitive regular expression; ``weight`` what a
    match adds to the category's score (negative weights argue against it);
    ``heading`` cues are matched against the heading only; ``example`` is a
    sentence (a heading, for heading cues) the pattern must match.
    """

    category: str
    pattern: str
    weight: float
    example: str
    heading: bool = False


def _c(category: str, pattern: str, weight: float, example: str) -> Cue:
    return Cue(category, pattern, weight, example)


def _h(category: str, pattern: str, weight: float, example: str) -> Cue:
    return Cue(category, pattern, weight, example, heading=True)


# Shorthand pieces of patterns.
_WE = r"(?:we|us|our|the company|[A-Z]\w+)"
_INFO = r"(?:(?:personal(?:ly)?(?:[\s-]identifiable)?|your|user|customer|such|this|the|that|any|certain|non[\s-]?personal|aggregate[d]?|anonymous)\s+)?(?:information|data|details|pii)"

# A statement of what the policy itself covers ("This Privacy Notice describes how we
# collect, use and share ...") is an introduction (Other), not a practice.
_OVERVIEW = r"\b(?:this|our|the)\s+(?:online\s+)?(?:privacy\s+)?(?:policy|statement|notice)\s+(?:(?:also\s+)?(?:describes|explains|outlines|discloses|covers|sets\s+(?:forth|out)|tells\s+you|informs\s+you)|is\s+(?:intended|designed|meant)\s+to)"
_OVERVIEW_EXAMPLE = "This Privacy Notice describes how we collect, use and share your information."

CUES: tuple[Cue, ...] = (
    # ------------------------------------------------ First Party Collection/Use
    _c(FIRST_PARTY, r"\bwe\s+(?:may\s+|might\s+|will\s+|also\s+|automatically\s+|only\s+)*(?:collect|gather|obtain|receive|record|log)", 0.8,
       "We may collect your name and email address."),
    _c(FIRST_PARTY, r"\b(?:information|data)\s+(?:that\s+|which\s+)?(?:we|is)\s+(?:collect|gather|obtain|receive|collected|gathered)", -0.3,
       "The information we collect helps us improve the site."),
    _c(FIRST_PARTY, r"\bwe\s+(?:may\s+|might\s+|will\s+|also\s+|only\s+)*(?:use|utilize|process|analy[sz]e|combine)\b", 1,
       "We use this information to send you newsletters."),
    _c(FIRST_PARTY, r"\b(?:is|are|be|been)\s+(?:used|collected|processed|utilized)\s+(?:to|for|by\s+us)", 1,
       "Your email address is used to send you updates."),
    _c(FIRST_PARTY, r"\buse\s+(?:of\s+)?(?:the\s+|this\s+|your\s+|such\s+)?(?:personal\s+)?(?:information|data)", 0,
       "Our use of the information is limited."),
    _c(FIRST_PARTY, r"\b(?:you\s+(?:may\s+|can\s+)?(?:provide|submit|give|enter)|provided\s+by\s+you|you\s+provide\s+to\s+us)", 1,
       "We store the information you provide when you register."),
    _c(FIRST_PARTY, r"\b(?:ask|asks|require|requires|request)\s+(?:you\s+)?(?:for|to\s+provide)", 0.6,
       "We may ask you to provide your postal address."),
    _c(FIRST_PARTY, r"\b(?:cookies?|web\s+beacons?|pixel\s+tags?|clear\s+gifs?|log\s+files?|tracking\s+technolog)", 0.8,
       "Our site uses cookies and web beacons."),
    _c(FIRST_PARTY, r"\b(?:ip\s+address|browser\s+type|device\s+identifier|operating\s+system|geolocation|location\s+(?:data|information))", 1,
       "The server logs your IP address and browser type."),
    _c(FIRST_PARTY, r"\b(?:name|e-?mail\s+address|postal\s+address|phone\s+number|telephone\s+number|credit\s+card|billing\s+(?:address|information)|date\s+of\s+birth|zip\s+code)", 0.8,
       "Please enter your name and e-mail address."),
    _c(FIRST_PARTY, r"\b(?:when|if)\s+you\s+(?:register|sign\s+up|create\s+an\s+account|subscribe|place\s+an\s+order|make\s+a\s+purchase|visit|use\s+our)", 0.4,
       "When you register for an account, we ask for your email."),
    _c(FIRST_PARTY, r"\bto\s+(?:improve|personali[sz]e|customi[sz]e|provide|deliver|operate|process|fulfill|respond|send\s+you|contact\s+you|communicate)", 0.3,
       "This helps us to improve our services."),
    _c(FIRST_PARTY, r"\bcollect(?:s|ed|ing|ion)?\b|\bgather(?:s|ed|ing)?\b", 0.45,
       "Information collection happens automatically."),
    _c(FIRST_PARTY, r"\bwe\s+(?:may\s+|might\s+|will\s+|also\s+|automatically\s+)*(?:store|track|maintain|keep|access|monitor|ask|request|require)\b", 0,
       "We may track the pages you visit."),
    _c(FIRST_PARTY, r"\binformation\s+(?:about|from)\s+(?:you|our\s+(?:users|visitors|customers))|\babout\s+your\s+(?:visit|use|device|computer)", 0.8,
       "We receive information about you from partners."),
    _c(FIRST_PARTY, r"\b(?:we|our\s+\w+|the\s+site|the\s+service)\s+(?:may\s+|will\s+|also\s+)*(?:uses?|places?|sets?|employs?)\s+(?:\w+\s+){0,2}(?:cookies|beacons|pixels|technologies|tools)", 0.6,
       "Our website uses cookies to remember you."),
    _h(FIRST_PARTY, r"\b(?:information|data)\s+(?:we|that\s+we)\s+collect|\bcollect(?:ion|ed)?\b|\bhow\s+we\s+use|\buse\s+of\s+(?:your\s+)?(?:information|data)|\bcookies\b|\binformation\s+(?:you\s+provide|collection)", 0.8,
       "Information We Collect"),
    _c(FIRST_PARTY, _OVERVIEW, -0.7, _OVERVIEW_EXAMPLE),

    # ------------------------------------------------ Third Party Sharing/Collection
    _c(THIRD_PARTY, r"\b(?:share|shares|shared|sharing|disclose|discloses|disclosed|disclosure|sell|sold|rent|rented|trade|transfer|transferred)\b", 1,
       "We may share your information with partners."),
    _c(THIRD_PARTY, r"\bthird[\s-]+part(?:y|ies)", 1,
       "Some third parties place cookies on our site."),
    _c(THIRD_PARTY, r"\b(?:service\s+providers?|vendors?|contractors?|affiliates?|subsidiar(?:y|ies)|advertisers?|ad(?:vertising)?\s+networks?|business\s+partners?|partners|sponsors?|agents)\b", 0.6,
       "We work with service providers who help us operate."),
    _c(THIRD_PARTY, r"\b(?:law\s+enforcement|subpoena|court\s+order|legal\s+process|comply\s+with\s+(?:the\s+)?(?:law|applicable|legal)|required\s+by\s+law)", 1,
       "We may disclose information in response to a subpoena."),
    _c(THIRD_PARTY, r"\b(?:merger|acquisition|acquired|sale\s+of\s+(?:all|some|substantially|our|the\s+company)|bankruptcy|reorgani[sz]ation)", 0.6,
       "In the event of a merger, your data may be transferred."),
    _c(THIRD_PARTY, r"\b(?:google\s+analytics|doubleclick|facebook|twitter|analytics\s+(?:providers?|companies|services?)|social\s+(?:media|network(?:ing)?)\s+(?:plug-?ins?|features?|sites?|widgets?))", 1,
       "We use Google Analytics to understand traffic."),
    _c(THIRD_PARTY, r"\b(?:with|to)\s+(?:other\s+)?(?:companies|organi[sz]ations|third\s+parties|others|outside\s+parties)\b", 0.6,
       "We do not give your data to other companies."),
    _c(THIRD_PARTY, r"\b(?:publicly|public\s+areas?|posted\s+publicly|visible\s+to\s+(?:other|the\s+public))", 1,
       "Content you post may be visible to other users."),
    _c(THIRD_PARTY, r"\b(?:provide|provides|give|make\s+available|furnish|release|transmit|pass|send)\b[^.]{0,50}\bto\s+(?:\w+\s+){0,3}(?:third|partners?|affiliates?|advertisers?|companies|vendors|providers|others|government|authorities)", 1,
       "We provide your address to shipping companies."),
    _c(THIRD_PARTY, r"\b(?:on\s+(?:our|its|their)\s+behalf|outside\s+(?:companies|parties|the\s+company)|other\s+companies|unaffiliated|non-?affiliated)", 0.5,
       "Companies acting on our behalf help with delivery."),
    _h(THIRD_PARTY, r"\bshar(?:e|ing)\b|\bdisclos|\bthird[\s-]+part|\bwho\s+(?:do\s+)?we\s+(?:share|disclose)|\bsale\s+of\b|\bbusiness\s+transfer|\blegal\s+(?:requirements|process)", 0.8,
       "How We Share Your Information"),
    _c(THIRD_PARTY, _OVERVIEW, -0.7, _OVERVIEW_EXAMPLE),

    # ------------------------------------------------ User Choice/Control
    _c(CHOICE, r"\bopt(?:s|ed|ing)?[\s-]*(?:out|in)\b", 1,
       "You may opt out of receiving promotional emails."),
    _c(CHOICE, r"\bunsubscrib", 1,
       "Click the unsubscribe link in any email."),
    _c(CHOICE, r"\b(?:you\s+(?:may|can|have\s+the\s+(?:option|choice|right))\s+(?:choose|elect|decline|refuse|disable|turn\s+off|withdraw|limit|control|change|set|adjust))", 1,
       "You can choose not to provide your email."),
    _c(CHOICE, r"\b(?:browser|device)\s+(?:settings?|preferences?|options?)|\b(?:disable|de-?activate|block|reject|refuse|delete|remove|manage|clear)\s+(?:\w+\s+){0,2}cookies|\bset\s+your\s+browser", 0.7,
       "You can set your browser to refuse cookies."),
    _c(CHOICE, r"\b(?:your\s+)?(?:consent|permission|authori[sz]ation|choices?|preferences)\b", 0.6,
       "We will ask for your consent first."),
    _c(CHOICE, r"\b(?:do\s+not\s+wish|don't\s+want|no\s+longer\s+wish|prefer\s+(?:that\s+we\s+)?not)\b", 1,
       "If you do not wish to receive such messages, tell us."),
    _c(CHOICE, r"\b(?:network\s+advertising\s+initiative|digital\s+advertising\s+alliance|aboutads|optout|adchoices|your\s+choices)", 0,
       "Visit the Network Advertising Initiative site."),
    _c(CHOICE, r"\b(?:optional|voluntar(?:y|ily)|not\s+required\s+to|choose\s+(?:not\s+)?to)", -0.3,
       "Providing your phone number is optional."),
    _c(CHOICE, r"\b(?:you\s+(?:may|can|could)\s+(?:also\s+)?(?:choose|decline|refuse|disable|turn\s+off|limit|control|withdraw))|\bif\s+you\s+(?:do\s+not|don't)\s+(?:want|wish|accept|agree|consent)", 1.3,
       "If you do not want us to use cookies, disable them."),
    _c(CHOICE, r"\b(?:accept|decline|refuse|block|disable|enable)\s+(?:\w+\s+){0,2}cookies|\bsettings\b", 0.6,
       "Most browsers accept cookies automatically."),
    _c(CHOICE, r"\b(?:prevent|stop|disable|limit)\s+(?:\w+\s+){0,3}(?:cookies|tracking|collection|use|sharing|emails?|messages)|\bchang(?:e|ing)\s+(?:the\s+)?settings", 1,
       "You can prevent cookies from being set by changing the settings."),
    _c(CHOICE, r"\b(?:to\s+request\s+that\s+we\s+not|if\s+you\s+(?:choose|elect|decide|agree)|you\s+(?:will\s+)?have\s+the\s+(?:option|opportunity|choice|ability)|(?:option|opportunity)\s+to|at\s+any\s+time)", 0.8,
       "You will have the opportunity to decline."),
    _h(CHOICE, r"\bchoice|\bopt[\s-]*out|\bcontrol|\bpreferences|\byour\s+options|\bunsubscrib|\bmarketing\s+communications", 0.8,
       "Your Choices"),

    # ------------------------------------------------ User Access, Edit and Deletion
    _c(ACCESS, r"\b(?:access|review|update|correct|edit|modify|change|amend|delete|remove|erase)(?:,?\s+(?:or|and|and/or)?\s*(?:access|review|update|correct|edit|modify|change|amend|delete|remove|erase))*\s+(?:your|the|any|such|this|that|certain|their)\s+(?:personal\s+|account\s+|profile\s+|registration\s+|contact\s+)*(?:information|data|details|profile|account|pii|preferences)", 1,
       "You may update or correct your personal information at any time."),
    _c(ACCESS, r"\b(?:my\s+account|account\s+(?:settings|page|profile|information)|profile\s+page|edit\s+profile)", 0.6,
       "Go to the My Account page."),
    _c(ACCESS, r"\b(?:inaccurate|incorrect|out\s+of\s+date|up\s+to\s+date|accurate\s+and\s+complete)", 0.5,
       "Tell us if your information is inaccurate."),
    _c(ACCESS, r"\b(?:close|deactivate|cancel|terminate)\s+(?:your\s+)?account|\baccount\s+(?:deletion|closure)", 1,
       "You can close your account at any time."),
    _c(ACCESS, r"\b(?:right|request)\s+(?:to\s+)?(?:access|a\s+copy|correction|deletion|erasure)", 0.45,
       "You have the right to request access to your data."),
    _c(ACCESS, r"\b(?:access|review|update|correct|edit|modify|change|delete|remove)\b[^.]{0,40}\b(?:your|their)\s+(?:\w+\s+){0,2}(?:information|data|account|profile|records?)", 0.5,
       "You can change the email address associated with your account."),
    _c(ACCESS, r"\b(?:request|ask)\s+(?:that\s+we\s+|us\s+to\s+)?(?:delete|remove|correct|update|amend|access)", 1,
       "You may ask us to delete your data."),
    _c(ACCESS, r"\b(?:make|request)\s+changes\s+to(?!\s+(?:this|its|our|the)\s+(?:privacy\s+)?(?:policy|statement|notice))|\bcan\s+be\s+(?:updated|corrected|changed|modified|deleted|removed|reviewed)|\b(?:updated|corrected|changed|modified)\s+(?:or|and)\s+(?:updated|corrected|changed|modified|deleted)", 1,
       "Your address can be updated by calling customer service."),
    _c(ACCESS, r"\b(?:request|obtain|receive)\s+(?:a\s+)?(?:copy|list|record|accounting)\s+of(?!\s+(?:all\s+)?(?:the\s+)?(?:third|companies|parties))", 1,
       "You may request a copy of your records."),
    _h(ACCESS, r"\baccess|\bcorrect|\bupdat(?:e|ing)\s+(?:your|personal)|\breview(?:ing)?\s+(?:and|your)|\bdelet|\bedit", 1,
       "Accessing and Updating Your Information"),
    _c(ACCESS, _OVERVIEW, -0.7, _OVERVIEW_EXAMPLE),
    # The company accessing data ("we may access, preserve and share your information") is not the user's access.
    _c(ACCESS, r"\bwe\s+(?:may\s+|might\s+|will\s+|can\s+|also\s+|reserve\s+the\s+right\s+to\s+)*access,?\s+(?:and\s+)?(?:use|preserve|disclose|share|monitor|review)\b", -0.7,
       "We may access, preserve and share your information in response to a legal request."),
    # The company deleting what it should not have (children's data, data it no longer
    # needs) is not the user's right to have data deleted.
    _c(ACCESS, r"\bwe\s+(?:will|may|shall|would|then)?\s*(?:\w+\s+){0,3}?(?:delete|remove|erase|destroy|purge)\s+(?:such|that|the|this|it|them|any\s+such)\b(?![^.]{0,60}\brequest)", -0.5,
       "If we learn that a child under 13 has sent us data, we will promptly delete such information."),

    # ------------------------------------------------ Data Retention
    _c(RETENTION, r"\b(?:retain|retains|retained|retaining|retention)\b", 1,
       "We retain your information for two years."),
    _c(RETENTION, r"\b(?:as\s+long\s+as|for\s+(?:a\s+)?(?:period|periods|the\s+period)|no\s+longer\s+(?:than|necessary|needed|required)|for\s+\d+\s+(?:days|months|years)|indefinitely)", 0.5,
       "We keep the data as long as your account is active."),
    _c(RETENTION, r"\b(?:keep|keeps|kept|store|stores|stored|storing|maintain|preserve|archive|archived)\b", 0.8,
       "Your messages are stored on our servers."),
    _c(RETENTION, r"\b(?:destroy|destroyed|purge|purged|anonymi[sz]e|delete[sd]?)\b\s+(?:it|them|the|this|your|such|after|when|within)", 0.3,
       "We delete it after 30 days."),
    _c(RETENTION, r"\b(?:database|databases|back-?up|backups?|archives?|residual|remain|remains|records)\b", 0.35,
       "Copies may remain in backup systems."),
    _c(RETENTION, r"\b(?:period\s+of\s+time|after\s+(?:you|your\s+account)|(?:days|months|years)\b)", 0.6,
       "We delete logs after 90 days."),
    _c(RETENTION, r"\b(?:not\s+(?:be\s+)?deleted|remain\s+(?:in|on|stored|available)|(?:permanently|immediately)\s+(?:delete|remove|discard|destroy)|discard(?:s|ed)?)\b", 0.5,
       "Deleted posts may remain on our servers."),
    _c(RETENTION, r"\b(?:keep|kept|store[sd]?|retain(?:ed)?|maintain(?:ed)?|hold)\b[^.]{0,80}\b(?:as\s+long\s+as|until|for\s+(?:a\s+)?(?:period|\d+|one|two|three|six|twelve|several)|no\s+longer|(?:reasonably\s+)?necessary|indefinitely)", 0.6,
       "We store your messages until you close your account."),
    _c(RETENTION, r"\b(?:delete[sd]?|destroy(?:ed)?|purge[sd]?|erase[sd]?|remove[sd]?|discard(?:ed)?)\b[^.]{0,60}\b(?:after|within|once|when\s+(?:it\s+is\s+)?no\s+longer)", 0.5,
       "Log files are erased within six months."),
    # Retention as one noun of a list ("the collection, use, and retention of personal information"): a
    # framework's scope, not a retention practice.
    _c(RETENTION, r"\bcollection,\s+use,?\s+(?:and|or)\s+retention\b", -0.8,
       "It complies with the Safe Harbor Framework regarding the collection, use, and retention of personal information."),
    _h(RETENTION, r"\bretention|\bretain|\bhow\s+long|\bstorage", 0,
       "Data Retention"),

    # ------------------------------------------------ Data Security
    _c(SECURITY, r"\b(?:secure|security|securely|safeguard|safeguards)\b", 0.7,
       "We take reasonable security measures."),
    _c(SECURITY, r"\b(?:encrypt|encrypted|encryption|ssl|tls|secure\s+socket(?:s)?\s+layer|firewall|firewalls)\b", 1,
       "Payment data is encrypted using SSL."),
    _c(SECURITY, r"\b(?:unauthori[sz]ed|loss,\s+misuse|misuse|alteration|destruction|breach)\b", 0.3,
       "We protect data against unauthorized access."),
    _c(SECURITY, r"\bprotect(?:s|ed|ing|ion)?\b", 0.35,
       "We work hard to protect your information."),
    _c(SECURITY, r"\b(?:password|passwords|log-?in\s+credentials|physical,\s+electronic|administrative,\s+technical|technical\s+and\s+organi[sz]ational)", 0.4,
       "Keep your password confidential."),
    _c(SECURITY, r"\b(?:no\s+(?:method|data\s+transmission|system)|cannot\s+(?:guarantee|ensure)|100%\s+secure)", 0.5,
       "No method of transmission over the Internet is 100% secure."),
    _c(SECURITY, r"\b(?:confidential|confidentiality|integrity|safe|safety|authori[sz]ed\s+(?:personnel|employees)|need\s+to\s+know|limit(?:s|ed)?\s+access|restrict(?:s|ed)?\s+access)\b", 0.3,
       "Only authorized employees can see your file."),
    _c(SECURITY, r"\bprotect(?:s|ing)?\s+(?:your|the|our\s+users'?|its)\s+(?:personal\s+)?(?:privacy|information|data)|\bcommitted\s+to\s+(?:protecting|keeping|safeguarding)", 0.8,
       "We are committed to protecting your privacy."),
    _c(SECURITY, r"\b(?:require[sd]?|obligated|bound|contractually)\s+(?:\w+\s+){0,2}(?:to\s+)?(?:maintain|keep|protect|treat|safeguard)|\b(?:limited|restricted)\s+in\s+their\s+(?:ability|use)|\bconfidentiality\s+(?:agreements?|obligations?)|\b(?:maintain|preserve|protect)\s+the\s+confidentiality\b", 1,
       "Our vendors are required to keep the information confidential."),
    _c(SECURITY, r"\b(?:hash|hashed|hashing|verify\s+your\s+identity|identity\s+verification|authenticat\w*|access\s+controls?|secure\s+servers?|pci)\b", 0.6,
       "We verify your identity before granting access."),
    # Data access limitation (an OPP-115 security measure): who may see the data, and only as far as needed.
    _c(SECURITY, r"\b(?:restrict|limit)s?\s+(?:their\s+|the\s+|employee\s+)?access\b|\b(?:have|has|given|granted)\s+access\s+to\s+(?:your\s+)?(?:personal\s+)?(?:information|data)\s+(?:only\s+)?(?:as\s+)?(?:necessary|needed|required|to\s+the\s+extent)|\bonly\s+(?:with\s+)?(?:the\s+)?(?:personal\s+)?(?:information|data)\s+(?:that\s+)?(?:they|it)\s+(?:need|require)", 0.8,
       "We restrict their access to only that information needed to perform their functions."),
    # A privacy or security programme: compliance reviews, audits, training, self-regulation.
    _c(SECURITY, r"\b(?:review|audit)s?\s+(?:our\s+)?compliance|\bself[\s-]regulatory\s+(?:programs?|frameworks?|principles)|\bprivacy\s+(?:program|programme|training)", 0.6,
       "We regularly review our compliance with our Privacy Policy."),
    _c(SECURITY, r"\bsecurity\s+(?:breach|incident|issue)|\b(?:may\s+have\s+been|is|was|been)\s+compromised\b", 0.5,
       "If the security of your information may have been compromised, we will notify you."),
    _h(SECURITY, r"\bsecur|\bprotect|\bsafeguard", 0.3,
       "Security of Your Information"),

    # ------------------------------------------------ Policy Change
    _c(CHANGE, r"\b(?:change|changes|changed|modify|modifies|modified|modification|modifications|amend|amended|amendments?|revise|revised|revision|revisions|update|updates|updated)\b[^.]{0,60}\b(?:this|our|the)\s+(?:privacy\s+)?(?:policy|statement|notice)", 0.6,
       "We may change this privacy policy from time to time."),
    _c(CHANGE, r"\b(?:this|our|the)\s+(?:privacy\s+)?(?:policy|statement|notice)\b[^.]{0,40}\b(?:change|changes|changed|modified|amended|revised|updated)\b", 0.45,
       "This privacy policy may be revised periodically."),
    _c(CHANGE, r"\b(?:last\s+(?:updated|modified|revised)|effective\s+(?:date|as\s+of)|revised\s+on|date\s+of\s+last)", 1,
       "Last updated: June 23, 2015"),
    _c(CHANGE, r"\b(?:(?:last\s+)?(?:updated|revised|modified|amended|update|revision)|effective|posted|published)(?:\s+(?:date|on|as\s+of))?\s*:?\s+(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+\d{4})", 1,
       "This Privacy Policy was revised Jan. 2, 2014."),
    _c(CHANGE, r"\b(?:material\s+changes?|notify\s+you|posting\s+the\s+(?:new|revised|updated)|check\s+(?:this\s+page|back)|periodically\s+review|continued\s+use)", 0.5,
       "Your continued use of the site means you accept the changes."),
    _c(CHANGE, r"\breserve[sd]?\s+the\s+right\s+to\s+(?:\w+\s+){0,3}(?:change|modify|amend|revise|update|alter)", 0.6,
       "We reserve the right to modify these terms at any time."),
    _c(CHANGE, r"\bchanges?\b[^.]{0,60}\b(?:will\s+be|are)\s+(?:posted|effective|reflected)|\bwill\s+(?:post|notify)\b[^.]{0,60}\bchanges?", 0.6,
       "Any changes will be posted on this page."),
    _h(CHANGE, r"\bchanges?\b|\bupdates?\b|\brevision|\bamendment|\bmodification", 0.9,
       "Changes to This Policy"),

    # ------------------------------------------------ Do Not Track
    _c(DNT, r"\bdo[\s-]*not[\s-]*track\b|\bDNT\b", 1.5,
       "We do not respond to Do Not Track signals."),
    _c(DNT, r"\bdo\s+not\s+track\s+(?:signals?|requests?|settings?)|\btracking\s+(?:signals?|preference)", 0.5,
       "Our site does not honor tracking signals from browsers."),

    # ------------------------------------------------ International and Specific Audiences
    _c(AUDIENCES, r"\bchild(?:ren|ren's|'s)?\b|\bkids?\b|\bminors?\b|\bteens?\b|\bparent(?:s|al)?\b|\bguardians?\b", 1,
       "We do not knowingly collect data from children."),
    _c(AUDIENCES, r"\bunder\s+(?:the\s+age\s+of\s+)?(?:13|thirteen|16|18)\b|\b(?:13|thirteen|16|18)\s+years\s+(?:of\s+age|old)|\bcoppa\b", 1,
       "Our service is not directed to anyone under 13."),
    _c(AUDIENCES, r"\bcalifornia\b|\bshine\s+the\s+light|\b1798\.83|\bnevada\b|\bvermont\b", 1,
       "California residents may request a list of disclosures."),
    _c(AUDIENCES, r"\b(?:european|\beu\b|e\.u\.|eea|switzerland|swiss|united\s+kingdom|canada|canadian|australia|outside\s+(?:of\s+)?the\s+united\s+states|other\s+countries|international|safe\s+harbou?r|privacy\s+shield|cross[\s-]border)", 1,
       "Your data may be transferred outside the United States."),
    _c(AUDIENCES, r"\b(?:residents?\s+of|if\s+you\s+(?:are|live)\s+(?:in|outside)|country\s+of\s+residence|jurisdiction)", 1,
       "If you are a resident of another country, other laws may apply."),
    _h(AUDIENCES, r"\bchild|\bkids|\bminors|\bcalifornia|\binternational|\binternational\s+users|\beuropean|\bnon-u\.?s|\bsafe\s+harbou?r", 1,
       "Children's Privacy"),

    # ------------------------------------------------ Other (introductory, contact, practices not covered)
    _c(OTHER, r"\b(?:contact\s+us|questions?\s+(?:or\s+(?:concerns?|comments?)\s+)?(?:about|regarding|concerning)|comments\s+or\s+questions|write\s+to\s+us|please\s+contact|you\s+can\s+reach|reach\s+us)", 1,
       "If you have questions about this policy, please contact us."),
    _c(OTHER, r"[\w.+-]+@[\w-]+\.[\w.]+|\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b|\b(?:suite|street|avenue|blvd|p\.?\s?o\.?\s+box|attn|attention)\b", 1,
       "Write to 123 Main Street, Suite 100, or call (555) 555-1234."),
    _c(OTHER, r"\b(?:this|our|the)\s+(?:privacy\s+)?(?:policy|statement|notice)\s+(?:applies|describes|explains|covers|governs|sets\s+forth|is\s+(?:intended|designed|meant)|does\s+not\s+apply)", 1,
       "This Privacy Policy describes how we handle your data."),
    _c(OTHER, r"\b(?:by\s+(?:using|visiting|accessing)|you\s+(?:agree|consent|accept)\s+to|terms\s+(?:of\s+(?:use|service)|and\s+conditions))", 1,
       "By using this site, you agree to this policy."),
    _c(OTHER, r"\b(?:links?\s+to\s+(?:other|third)|linked\s+(?:to|sites?)|other\s+(?:web\s*sites|sites)\s+(?:that|which|we)|not\s+responsible\s+for\s+the\s+(?:privacy\s+)?practices|their\s+own\s+privacy\s+polic)", 1,
       "Our site contains links to other websites we do not control."),
    _c(OTHER, r"\b(?:privacy\s+is\s+important|committed\s+to|respect\s+your\s+privacy|welcome\s+to|thank\s+you\s+for|values?\s+your\s+privacy|we\s+care\s+about|take\s+your\s+privacy)", 1,
       "We respect your privacy and are committed to protecting it."),
    _c(OTHER, r"\b(?:privacy\s+policy|privacy\s+statement|privacy\s+notice)\b", 1,
       "Read our privacy policy."),
    _c(OTHER, r"\b(?:defined|definitions?|means|refers?\s+to|referred\s+to\s+as|collectively)\b", 1,
       "\"Personal information\" means information that identifies you."),
    _c(OTHER, r"\b(?:trustee?|truste|privacy\s+seal|certified|certification|dispute\s+resolution|complaints?|arbitration|governing\s+law|laws?\s+of\s+the\s+state)", 1,
       "Our practices are certified by TRUSTe."),
    _c(OTHER, r"\b(?:all\s+rights\s+reserved|copyright|\u00a9)", 1,
       "Copyright 2015. All rights reserved."),
    _c(OTHER, r"\b(?:click\s+here|learn\s+more|for\s+more\s+information|see\s+(?:our|the|below|above)|described\s+(?:below|above|in))\b", 1,
       "For more information, click here."),
    _c(OTHER, r"\b(?:liab(?:le|ility)|responsib(?:le|ility)|disclaim|warrant|endorse|indemnif)\w*", 1,
       "We are not responsible for content on other sites."),
    _h(OTHER, r"\bcontact|\bquestions|\bintroduction|\boverview|\bscope|\bprivacy\s+(?:policy|statement|notice)$|\bdefinitions|\blinks|\bother\s+(?:web)?sites|\bgeneral|\bacceptance|\bconsent\s+to|\bterms|\babout\s+(?:us|this)", 1,
       "Contact Us"),
)


# ---------------------------------------------------------------- evidence from extracted items
#
# The practice extractor and the statement patterns read a segment sentence by
# sentence (dependency parse, negation, actors); what they found is evidence the
# cue lexicon cannot see. Each item cue below names one kind of extracted item
# and the category it argues for. It adds ``ITEM_WEIGHT`` once per segment, however
# many such items the segment holds: half the threshold, so an item alone does not
# make a category and an item and one cue do. (Measured on the OPP-115 dev split,
# larger or per-cue weights did not carry over from one half of the policies to
# the other, so every item cue has the same, a-priori weight.)

_DPV = "https://w3id.org/dpv#"
_COLLECT, _USE, _DISCLOSE, _CHILD = _DPV + "Collect", _DPV + "Use", _DPV + "Disclose", _DPV + "Child"

#: What one extracted item cue adds to its category's score.
ITEM_WEIGHT = 0.5


# A practice argues for its category whether it is stated or denied: OPP-115 files "we do not
# collect ..." under First Party Collection/Use as it files "we collect ..." (marked "Does Not").


def _first_party_collection_or_use(practice: Practice) -> bool:
    """We collect / use (not share), stated or denied: First Party Collection/Use evidence."""
    return (
        practice.actor == FIRST_PARTY_ACTOR
        and any(is_a(a, _COLLECT) or is_a(a, _USE) for a in practice.actions)
        and not any(is_a(a, _DISCLOSE) for a in practice.actions)
    )


def _flow_to_or_by_a_third_party(practice: Practice) -> bool:
    """Data disclosed to a named recipient, or collected / used by a third party, stated or denied."""
    if practice.actor != FIRST_PARTY_ACTOR:
        return True
    return any(is_a(a, _DISCLOSE) for a in practice.actions) and bool(practice.recipients or practice.recipient_names)


def _about_children(practice: Practice) -> bool:
    """A practice (affirmed or negated) about children's data."""
    return any(is_a(subject, _CHILD) for subject in practice.data_subjects)


@dataclass(frozen=True, slots=True)
class ItemCue:
    """Evidence for a category from an item extracted from the segment.

    Exactly one of ``practice`` (a test on a ``Practice``) and ``topics``
    (statement topics of ``pk:StatementTopics``; narrower topics count too)
    is set. ``name`` is how the explanation lists the cue; ``example`` is a
    policy sentence from which the pipeline extracts a matching item (tested).
    """

    category: str
    name: str
    example: str
    practice: Callable[[Practice], bool] | None = None
    topics: tuple[str, ...] = ()

    def matches(self, item: Practice | Statement) -> bool:
        """Whether ``item`` is evidence of this kind."""
        if isinstance(item, Practice):
            return self.practice is not None and self.practice(item)
        return any(is_a(item.topic, topic) for topic in self.topics)


def _topics(*names: str) -> tuple[str, ...]:
    return tuple(_PK + name for name in names)


ITEM_CUES: tuple[ItemCue, ...] = (
    ItemCue(FIRST_PARTY, "first-party collection or use practice",
            "We collect your e-mail address when you register.",
            practice=_first_party_collection_or_use),
    ItemCue(THIRD_PARTY, "disclosure to a recipient, or a third party's practice",
            "We may share your e-mail address with our advertising partners.",
            practice=_flow_to_or_by_a_third_party),
    ItemCue(THIRD_PARTY, "sale statement",
            "We do not sell your personal information to third parties.",
            topics=_topics("SaleOfPersonalInformation")),
    ItemCue(CHOICE, "opt-out, objection or consent-withdrawal statement",
            "You may opt out of receiving promotional emails from us.",
            topics=_topics("RightToOptOut", "RightToWithdrawConsent", "RightToObject", "RightToRestriction")),
    ItemCue(ACCESS, "access, correction, deletion or portability statement",
            "You can review and update your account information at any time.",
            topics=_topics("RightOfAccess", "RightToRectification", "RightToErasure", "RightToDataPortability")),
    ItemCue(RETENTION, "retention statement",
            "We retain server logs for 30 days, after which they are deleted.",
            topics=_topics("Retention")),
    ItemCue(SECURITY, "security measure statement",
            "We use Secure Socket Layer technology (SSL) to protect your payment information.",
            topics=_topics("SecurityMeasure")),
    ItemCue(CHANGE, "policy change statement",
            "We may change this privacy policy and will notify you by email.",
            topics=_topics("PolicyChange")),
    ItemCue(DNT, "Do Not Track statement",
            "We do not respond to Do Not Track signals.",
            topics=_topics("DoNotTrack")),
    ItemCue(AUDIENCES, "children, regional audience or international transfer statement",
            "Our services are not directed to children under 13.",
            topics=_topics("Children", "RegulatoryScope", "InternationalTransfer", "ShineTheLight")),
    ItemCue(AUDIENCES, "practice about children's data",
            "We do not knowingly collect personal information from children under 13.",
            practice=_about_children),
    ItemCue(OTHER, "contact point or controller statement",
            "If you have questions, please contact us at privacy@example.com.",
            topics=_topics("ContactPoint", "ControllerIdentity")),
)


@dataclass(frozen=True, slots=True)
class Contribution:
    """One named piece of a category's score: a text cue, a heading cue or an item cue.

    ``source`` is ``"cue"``, ``"heading"`` or ``"item"``; ``label`` the cue's
    pattern (cues) or name (item cues); ``weight`` what it added.
    """

    category: str
    source: str
    label: str
    weight: float


def _item_scores(items: Iterable[Practice | Statement], scores: dict[str, float]) -> list[ItemCue]:
    """Add each item cue that one of ``items`` matches, once; return those cues in table order."""
    pending = list(ITEM_CUES)
    fired: list[ItemCue] = []
    for item in items:
        if not pending:
            break
        for cue in [c for c in pending if c.matches(item)]:
            pending.remove(cue)
            fired.append(cue)
            scores[cue.category] += ITEM_WEIGHT
    return sorted(fired, key=ITEM_CUES.index)


# ---------------------------------------------------------------- fast matching
#
# Searching 96 regular expressions over every paragraph is the cost of this
# stage. Most cues cannot match most paragraphs, and each needs one of a few
# literal words to be present ("retain", "encrypt", "opt"). A ``Gate``
# (``prefilter``) reads those literals off each cue's regex once, scans a
# paragraph once for all of them, and a cue's regex runs only when its literals
# occur; it is then tried only where one of its leading literals occurs. Both
# tests are necessary conditions of a match, so scores are unchanged.


@dataclass(frozen=True, slots=True)
class _Compiled:
    """The cues of one kind (text or heading) ready to run.

    ``cues[i]`` is ``(category, regex, weight, starts)``; ``gate.may(i, ...)``
    tells whether cue ``i`` may match a text, and ``starts``
    (:func:`~policykg.ingest.prefilter.leading_literals`), when known, where
    its matches can begin.
    """

    cues: tuple[tuple[str, re.Pattern[str], float, frozenset[str] | None], ...]
    gate: Gate
    sources: tuple[Cue, ...] = ()  # sources[i] is the cue cues[i] was compiled from


@cache
def _compiled(heading: bool) -> _Compiled:
    """The text cues (or the heading cues), compiled once with their prefilter.

    Each cue is searched on its own: an alternation of all cues would hide cues
    whose matches overlap.
    """
    sources = tuple(cue for cue in CUES if cue.heading == heading and cue.weight != 0)  # a zero-weight cue cannot change a score
    regexes = [(cue.category, re.compile(cue.pattern, re.IGNORECASE), cue.weight) for cue in sources]
    cues = tuple((category, rx, weight, leading_literals(rx)) for category, rx, weight in regexes)
    return _Compiled(cues, Gate([rx for _, rx, _ in regexes]), sources)


_LEADING_HEADING = re.compile(r"\A\s*(?:\d+[.)]\s*)?([^\n]{2,90}?)\s*\n")


def _leading_heading(text: str) -> str | None:
    """The first line of a segment when it reads as a heading (short, no final sentence punctuation)."""
    match = _LEADING_HEADING.match(text)
    if match is None:
        return None
    line = match.group(1).strip()
    if not line or line[-1] in ".;," or len(line.split()) > 12:
        return None
    return line


def _matches(compiled: _Compiled, text: str) -> Iterator[int]:
    """Indexes (in ``compiled.cues``) of the cues that match ``text``, found through the prefilter."""
    folded = fold(text)
    found = compiled.gate.scan(text, folded)
    may = compiled.gate.may
    for index, (_, regex, _, starts) in enumerate(compiled.cues):
        if may(index, found) and search_at_starts(regex, text, folded, starts):
            yield index


def _score(compiled: _Compiled, text: str, scores: dict[str, float]) -> None:
    for index in _matches(compiled, text):
        category, _, weight, _ = compiled.cues[index]
        scores[category] += weight


def _headings(text: str, heading: str | None) -> str:
    """The heading given for a segment and the one it opens with, one per line ("" when none)."""
    return "\n".join(h for h in (heading, _leading_heading(text)) if h)


def fired_cues(text: str, heading: str | None = None) -> tuple[Cue, ...]:
    """The text cues and heading cues (non-zero weight) that match a segment, in table order.

    What :func:`explain_segment` lists as ``cue`` and ``heading``
    contributions, found through the prefilter (as :func:`category_scores`
    scores them), so it is as fast as scoring. A hook for classifiers stacked on
    the cues (``policykg.ingest.learned``).

    >>> [cue.category.rsplit("#")[-1] for cue in fired_cues("We do not respond to Do Not Track signals.")][:1]
    ['DoNotTrackCategory']
    """
    fired: list[Cue] = []
    for compiled, target in ((_compiled(False), text), (_compiled(True), _headings(text, heading))):
        if target:
            fired.extend(compiled.sources[index] for index in _matches(compiled, target))
    order = _cue_order()
    return tuple(sorted(fired, key=order.__getitem__))


@cache
def _cue_order() -> dict[Cue, int]:
    return {cue: index for index, cue in reversed(list(enumerate(CUES)))}


def category_scores(
    text: str,
    heading: str | None = None,
    *,
    practices: Iterable[Practice] = (),
    statements: Iterable[Statement] = (),
) -> dict[str, float]:
    """The summed weight of each category for a segment (cues, heading cues, item cues).

    Args:
        text: the segment.
        heading: the heading above it, when the caller knows it.
        practices: practices extracted from this segment (their evidence lies in it).
        statements: statements extracted from this segment.

    Returns:
        ``{category IRI: score}`` for the ten categories; :func:`explain_segment`
        says what each score is made of.

    >>> scores = category_scores("We retain your data for 30 days.")
    >>> scores["https://w3id.org/policykg#DataRetention"] >= 1.0
    True
    """
    scores = dict.fromkeys(CATEGORY_IRIS, 0.0)
    _score(_compiled(False), text, scores)
    headings = _headings(text, heading)
    if headings:
        _score(_compiled(True), headings, scores)
    _item_scores((*practices, *statements), scores)
    return scores


def _decide(scores: dict[str, float]) -> tuple[str, ...]:
    """The categories a segment gets from its scores (see :func:`classify_segment`).

    >>> scores = dict.fromkeys(CATEGORY_IRIS, 0.0)
    >>> scores.update({FIRST_PARTY: 4.0, RETENTION: 1.2, SECURITY: 2.0})
    >>> [iri.rsplit("#")[-1] for iri in _decide(scores)]
    ['FirstPartyCollectionUse', 'DataSecurity']
    """
    floor = max(THRESHOLD, RELATIVE * max(score for category, score in scores.items() if category != OTHER))
    chosen = [category for category in CATEGORY_IRIS if category != OTHER and scores[category] >= floor]
    if not chosen or scores[OTHER] >= THRESHOLD:
        chosen.append(OTHER)
    return tuple(chosen)


def classify_segment(
    text: str,
    heading: str | None = None,
    *,
    practices: Iterable[Practice] = (),
    statements: Iterable[Statement] = (),
) -> tuple[str, ...]:
    """The OPP-115 categories of one segment (IRIs of ``pk:OPP115Categories``), in scheme order.

    Args:
        text: the segment (a paragraph, or a heading with its paragraphs).
        heading: the heading above it, when the caller knows it.
        practices: practices extracted from this segment.
        statements: statements extracted from this segment.

    Returns:
        Every category whose summed weight reaches ``THRESHOLD`` and
        ``RELATIVE`` times the top score among the categories other than
        "Other"; plus ``pk:OtherCategory`` when its own score reaches
        ``THRESHOLD`` or no other category is kept (OPP-115 files such
        segments, introductions and contact details, under "Other").

    >>> [iri.rsplit("#")[-1] for iri in classify_segment("You may opt out of marketing emails.")]
    ['UserChoiceControl']
    """
    return _decide(category_scores(text, heading, practices=practices, statements=statements))


def explain_segment(
    text: str,
    heading: str | None = None,
    *,
    practices: Iterable[Practice] = (),
    statements: Iterable[Statement] = (),
) -> dict[str, tuple[Contribution, ...]]:
    """What each category's score is made of: the cues and item cues that fired, with their weights.

    Searches every cue on its own (no prefilter): slower than
    :func:`category_scores`, and equal to it in sum.

    Returns:
        ``{category IRI: contributions}`` for the ten categories (empty when nothing fired).

    >>> explained = explain_segment("We retain your data for 30 days.")
    >>> [(c.source, c.weight) for c in explained["https://w3id.org/policykg#DataRetention"]]
    [('cue', 1), ('cue', 0.5), ('cue', 0.6), ('cue', 0.6)]
    """
    parts: dict[str, list[Contribution]] = {category: [] for category in CATEGORY_IRIS}
    headings = _headings(text, heading)
    for cue in CUES:
        target = headings if cue.heading else text
        if cue.weight and target and re.search(cue.pattern, target, re.IGNORECASE):
            parts[cue.category].append(Contribution(cue.category, "heading" if cue.heading else "cue", cue.pattern, cue.weight))
    for cue in _item_scores((*practices, *statements), dict.fromkeys(CATEGORY_IRIS, 0.0)):
        parts[cue.category].append(Contribution(cue.category, "item", cue.name, ITEM_WEIGHT))
    return {category: tuple(found) for category, found in parts.items()}


#: A list item longer than this (characters) is a paragraph in its own right: its own unit.
LONG_LIST_ITEM = 200

#: A heading that names the policy itself ("Privacy Policy", "Acme Privacy Notice"): a
#: title over the whole text, which says what the paragraph that opens it is (an
#: introduction, "Other") but nothing about the sections after it.
_TITLE = re.compile(r"\bprivacy\s+(?:policy|statement|notice)\s*$", re.IGNORECASE)


def _beyond_title(heading: str | None) -> str | None:
    """The heading a unit inherits from further up: none when it is the policy's title."""
    return None if heading is not None and _TITLE.search(heading) else heading


def paragraph_segments(document: Document) -> tuple[tuple[Span, str | None], ...]:
    r"""Paragraph-sized units of a document and the heading above each.

    A unit is a paragraph block together with the short list items that
    follow it (a lead-in and its list are one unit), or a run of short list
    items with no paragraph before them. A list item longer than
    ``LONG_LIST_ITEM`` characters reads as a paragraph ("(b) Advertisers. From
    time to time, we may share ...") and starts a unit of its own, which the
    short items after it join. Headings give their text to the units below
    them, and a heading with nothing under it (a title) is a unit of its own. The
    policy's own title ("Privacy Policy") heads only the first unit under it.

    >>> from policykg.ingest.records import Block, BlockKind
    >>> text = "Security\n\nWe use SSL:\n\nencryption"
    >>> doc = Document(text, (Block(BlockKind.HEADING, 0, 8, 1), Block(BlockKind.PARAGRAPH, 10, 21),
    ...                      Block(BlockKind.LIST_ITEM, 23, 33, 1)), "t", "text/plain", "0")
    >>> [(text[s.start:s.end], h) for s, h in paragraph_segments(doc)]
    [('We use SSL:\n\nencryption', 'Security')]
    """
    units: list[tuple[Span, str | None]] = []
    heading: str | None = None
    current: tuple[int, int, str | None] | None = None
    bare_heading: Span | None = None  # a heading no paragraph has followed yet
    for block in document.blocks:
        if block.kind == BlockKind.HEADING:
            if current is not None:
                units.append((Span(current[0], current[1]), current[2]))
                current = None
            elif bare_heading is not None:  # a title with nothing under it is a unit of its own
                units.append((bare_heading, None))
            heading = document.text[block.start : block.end].strip() or None
            bare_heading = Span(block.start, block.end)
            continue
        bare_heading = None
        if block.kind == BlockKind.LIST_ITEM and current is not None and block.end - block.start <= LONG_LIST_ITEM:
            current = (current[0], block.end, current[2])
        else:
            if current is not None:
                units.append((Span(current[0], current[1]), current[2]))
                heading = _beyond_title(heading)
            current = (block.start, block.end, heading)
    if current is not None:
        units.append((Span(current[0], current[1]), current[2]))
    elif bare_heading is not None:
        units.append((bare_heading, None))
    return tuple(units)


def heading_above(document: Document, span: Span) -> str | None:
    r"""The heading a span of text sits under: the last heading before its first paragraph or list item.

    A span that opens with a heading ("Cookies\n\nWe use cookies ...") is under
    that heading; one that opens with a paragraph is under the heading above
    it, as :func:`paragraph_segments` would give its first paragraph (and, as
    there, the policy's own title heads only the first paragraph under it).

    >>> from policykg.ingest.records import Block, BlockKind
    >>> text = "Security\n\nWe use SSL.\n\nWe hash passwords."
    >>> doc = Document(text, (Block(BlockKind.HEADING, 0, 8, 1), Block(BlockKind.PARAGRAPH, 10, 21),
    ...                      Block(BlockKind.PARAGRAPH, 23, 40)), "t", "text/plain", "0")
    >>> heading_above(doc, Span(23, 40)), heading_above(doc, Span(0, 21))
    ('Security', 'Security')
    """
    heading: str | None = None
    for block in document.blocks:
        if block.kind == BlockKind.HEADING:
            if block.start >= span.end:
                break
            heading = document.text[block.start : block.end].strip() or None
        elif block.end > span.start:
            break
        else:  # a paragraph between the heading and the span
            heading = _beyond_title(heading)
    return heading


@dataclass(frozen=True, slots=True)
class SegmentUnit:
    """One unit :func:`categorize` classifies, with what the earlier stages found in it.

    Invariants: ``span`` is non-empty; ``practices`` and ``statements`` are the
    items whose evidence overlaps ``span`` more than any other unit's.
    ``heading`` is the heading above the unit, when known.
    """

    span: Span
    heading: str | None
    practices: tuple[Practice, ...] = ()
    statements: tuple[Statement, ...] = ()


def segment_units(
    document: Document,
    segment_spans: Sequence[Span] | None = None,
    *,
    practices: Sequence[Practice] = (),
    statements: Sequence[Statement] = (),
) -> tuple[SegmentUnit, ...]:
    """The units :func:`categorize` classifies, each with its heading and its extracted items.

    A hook for other classifiers of the same units (``policykg.ingest.learned``).

    Args:
        document: the normalised policy.
        segment_spans: the spans to classify, each under :func:`heading_above` it;
            by default :func:`paragraph_segments`. Empty spans are skipped.
        practices: the practices extracted from ``document``.
        statements: the statements extracted from ``document``.

    Returns:
        One :class:`SegmentUnit` per non-empty span, in order.
    """
    if segment_spans is None:
        units = paragraph_segments(document)
    else:
        units = tuple((span, heading_above(document, span)) for span in segment_spans)
    units = tuple((span, heading) for span, heading in units if span.end > span.start)
    spans = [span for span, _ in units]
    unit_practices = _items_by_unit(spans, practices)
    unit_statements = _items_by_unit(spans, statements)
    return tuple(
        SegmentUnit(span, heading, tuple(unit_practices.get(index, ())), tuple(unit_statements.get(index, ())))
        for index, (span, heading) in enumerate(units)
    )


def categorize(
    document: Document,
    segment_spans: Sequence[Span] | None = None,
    *,
    practices: Sequence[Practice] = (),
    statements: Sequence[Statement] = (),
) -> tuple[Segment, ...]:
    """Classify the segments of ``document`` into OPP-115 categories.

    Args:
        document: the normalised policy.
        segment_spans: the spans to classify (a corpus's own segments), each
            under :func:`heading_above` it; by default the paragraph-sized units
            of :func:`paragraph_segments`, each with its heading. Empty spans
            are skipped.
        practices: the practices extracted from ``document``; each is evidence
            for the segment its evidence span overlaps most (:data:`ITEM_CUES`).
        statements: the statements extracted from ``document``, likewise.

    Returns:
        One ``Segment`` per non-empty span, in order.
    """
    return tuple(
        Segment(
            span=unit.span,
            categories=classify_segment(
                document.text[unit.span.start : unit.span.end],
                unit.heading,
                practices=unit.practices,
                statements=unit.statements,
            ),
        )
        for unit in segment_units(document, segment_spans, practices=practices, statements=statements)
    )


_Item = Practice | Statement


def _items_by_unit(spans: Sequence[Span], items: Iterable[_Item]) -> dict[int, list[_Item]]:
    """Each item filed under the span its evidence overlaps most (the first such span on a tie).

    >>> s = Statement("https://w3id.org/policykg#Retention", Span(12, 20))
    >>> _items_by_unit([Span(0, 10), Span(12, 30)], [s])
    {1: [Statement(topic='https://w3id.org/policykg#Retention', evidence=Span(start=12, end=20), polarity=<Polarity.AFFIRMED: 'affirmed'>, value=None, how=None, confidence=0.5, rule='')]}
    """
    order = sorted(range(len(spans)), key=lambda i: (spans[i].start, i))
    starts = [spans[i].start for i in order]
    reach = []  # reach[k]: the largest end among order[:k + 1], so a scan can stop early
    for i in order:
        reach.append(max(spans[i].end, reach[-1] if reach else spans[i].end))
    result: dict[int, list[_Item]] = {}
    for item in items:
        evidence = item.evidence
        best, best_overlap = None, 0
        k = bisect.bisect_left(starts, evidence.end) - 1
        while k >= 0 and reach[k] > evidence.start:
            span = spans[order[k]]
            overlap = min(evidence.end, span.end) - max(evidence.start, span.start)
            if overlap > best_overlap or (overlap == best_overlap and overlap > 0 and order[k] < best):
                best, best_overlap = order[k], overlap
            k -= 1
        if best is not None:
            result.setdefault(best, []).append(item)
    return result
