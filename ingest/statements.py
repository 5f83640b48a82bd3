"""Stage 4 of the ingest chain: policy-level statements.

Adds to the sentences of a document the ``Statement`` records the completeness
profiles (``policykg.shapes``) ask for: user rights and how to exercise them,
retention, security measures, Do Not Track, third-party tracking, children,
policy changes, contact points, controller identity, international transfers
and their safeguard, legal bases, sale of personal information, sensitive data,
data sources, whether providing data is required, automated decisions and the
laws or audiences a policy addresses. Topics are concepts of
``pk:StatementTopics`` (``ontology/statements.ttl``).

How it works (regular expressions only: it runs on every sentence of every
policy, so it must be cheap):

* ``PATTERNS`` is the one table of patterns. Each names a topic, a regular
  expression, whether it needs a *cue* (a sign that the sentence grants
  something to the reader: "you may", "right", "request"...) and whether a
  preceding negation ("we do not sell") flips its polarity.
* ``CONTEXT_PATTERNS`` fire on terse list items and paragraphs under a
  heading or lead-in that sets the context ("Your rights:" then
  "Deletion: ..."; "Legal bases:" then "Consent").
* A lead-in that ends in a colon states nothing about the topic its list
  names ("based on the following legal bases:" with an empty list yields no
  legal-basis statement): matches right after "the following" / "below" in
  such a sentence are dropped.
* ``how`` (email, URL, phone, account settings, "contact us") is looked for in
  the sentence, then in its block, then in the next sentences of its section.
* A prefilter (``prefilter.Gate``) skips a regex on a sentence that lacks a
  literal every match contains, read from the regex itself: one scan per
  sentence instead of ~100 searches; the output is the same.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from policykg.ontology import PK, ancestors

from .prefilter import Gate
from .records import BlockKind, Document, Polarity, PolicyMetadata, Sentence, Statement

__all__ = ["CONTEXT_PATTERNS", "PATTERNS", "StatementPattern", "extract_statements"]

_T = str(PK)  # topic IRIs are PK + local name


@dataclass(frozen=True, slots=True)
class StatementPattern:
    """One named statement pattern.

    ``regex`` is searched case-insensitively in a sentence. ``value`` names a
    group of ``regex`` whose text becomes the statement's value, or is a fixed
    string. ``cue`` requires a reader-facing cue in the sentence (rights);
    ``negatable`` lets a negation before the match flip the polarity;
    ``first_person`` requires the publisher ("we", "our", "it", its name) before the
    match, so "the CCPA requires businesses to disclose whether they sell" is not a
    statement about the publisher. ``example`` is a real policy sentence the
    pattern must fire on (tests).
    """

    name: str
    topic: str
    regex: str
    example: str
    cue: bool = False
    negatable: bool = False
    value: str | None = None
    confidence: float = 0.8
    first_person: bool = False


def _p(name, topic, regex, example, **kw) -> StatementPattern:
    return StatementPattern(name, _T + topic, regex, example, **kw)


_INFO = r"(?:personal |your |the |such |any |this |that |all )*(?:information|data|details|pii|account|profile)"
_NUM = r"(?:\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|eighteen|twenty|thirty|sixty|ninety)"

#: The statement patterns, one readable table (topic, regex, flags, example sentence).
PATTERNS: tuple[StatementPattern, ...] = (
    # ------------------------------------------------------------ rights
    _p("right-access", "RightOfAccess",
       r"\bright (?:of|to) (?:request )?access|\baccess (?:to )?" + _INFO + r"|\b(?:request|obtain|receive|get|ask for) (?:a )?cop(?:y|ies) of (?:(?:the|your|any|all|such) )?(?:personal )?(?:information|data)\b|\b(?:request|obtain|receive|get|ask for) (?:a )?cop(?:y|ies) of (?:it|them)\b|\bconfirm(?:ation)? (?:of )?whether|\bdata subject access request|\baccess\b(?:,? (?:and/or |and |or )?(?!to\b)\w+){1,3},? (?:certain |some of |all of |any of )?(?:your |the |any |such |certain |some )?(?:\w+ ){0,2}?(?:information|data|details|profile)\b",
       "You have the right to access the personal information that we hold about you in many circumstances, by making a request.", cue=True, negatable=True),
    _p("right-know", "RightToKnow",
       r"\bright to know\b|\bknow (?:what|which|the categories of) (?:personal )?(?:information|data)",
       "California residents have the right to know what personal information we collect about them.", cue=True),
    _p("right-rectify", "RightToRectification",
       r"\bright (?:to|of) (?:rectification|rectify|correct)|\b(?:rectif\w*|correct\w*|amend\w*)\b.{0,40}?\b(?:information|data|details|inaccura\w*)|\binaccura\w*.{0,40}?\b(?:correct\w*|rectif\w*|updat\w*)|\b(?:information|data|details) (?:\w+ ){0,2}(?:be )?(?:updated|corrected|amended|rectified)\b|\bcheck the accuracy of\b|\b(?:updat\w*|edit\w*|modif\w*|chang\w*)\s+(?:or \w+ )?(?:your |the |any |such )(?:personal |account |contact |profile )?(?:information|data|details|profile|preferences)"
       r"|\b(?:updat|edit|modif|chang|alter|amend)\w*\b(?:,? (?:and/or |and |or )?\w+){1,3},? (?:certain |some of |all of |any of )?(?:your |the |any |such |certain |some )?(?:\w+ ){0,2}?(?:information|data|details|profile)\b",
       "You may also contact us to check the accuracy of any personally identifiable information or request that such information be updated or deleted.", cue=True, negatable=True),
    _p("right-erase", "RightToErasure",
       r"\bright (?:to|of) (?:erasure|deletion|delete|erase|be forgotten)|\b(?:delet\w*|eras\w*|remov\w*)\b.{0,40}?" + _INFO + r"|" + _INFO + r".{0,30}?\b(?:deleted|erased|removed)\b|\bdelete your account\b",
       "You have the right to have personal information deleted.", cue=True, negatable=True),
    _p("right-restrict", "RightToRestriction",
       r"\bright (?:to|of) restrict\w*|\brestrict\w* (?:the |our |its )?(?:processing|use)\b|\brestriction of (?:the )?processing|\blimit\w* (?:the |our |its )?(?:processing|use of (?:your|the|their) (?:personal )?(?:data|information))",
       "You can ask us to restrict the processing of your personal data in certain circumstances.", cue=True, negatable=True),
    _p("right-portability", "RightToDataPortability",
       r"\bportab\w*|\bmachine[- ]readable|\bstructured,? commonly[- ]used|\b(?:transmit|transfer|move|port|take)\w* (?:it|them|that copy|a copy|(?:your|the) (?:personal )?(?:data|information)) (?:with you )?to (?:another|a different|a third[- ]party|a new|any other) (?:data )?(?:controller|service|company|provider|organi[sz]ation|platform)|\bport (?:it|them|your|to another)\b|\btake it with you to a (?:\w+ )?service\b"
       r"|\b(?:data|information) (?:be |being )?(?:transferred|transmitted|ported|moved) (?:directly )?to (?:another|a different|a new) (?:data )?(?:controller|entity|service|company|provider|organi[sz]ation)"
       r"|\b(?:export|download)(?:ing)?\b(?:,? (?:and |or )?\w+){0,3},? (?:a copy of |copies of |an archive of |all of |basic )?(?:your|all your|the personal) (?:[\w,]+ ){0,5}?(?:data|information|content|notes|posts|archive|files)\b|\b(?:request|ask for|obtain)\w* (?:an )?export of\b|\b[Dd]ownload (?:your|my) (?:data|information)\b",
       "You have the right to data portability, to receive your data in a structured, commonly used and machine-readable format.", cue=True, negatable=True),
    _p("right-object", "RightToObject",
       r"\bright to object\b|\bobject (?:at any time )?to (?:the |our |such |any |this )?(?:processing|use|direct marketing|profiling)|\bobjection to (?:the )?processing|\bobject to us processing|\b(?:stop|cease|prevent)\w* (?:us )?(?:from )?(?:the )?(?:processing|using|use) (?:of )?(?:your |the |any )?(?:personal )?(?:data|information)\b",
       "You have the right to object to the processing of your personal data for direct marketing purposes.", cue=True, negatable=True),
    _p("right-opt-out-sale", "RightToOptOutOfSale",
       r"\bopt[- ]?out of (?:the |any )?(?:sale|selling|sharing)\b|\bDONOTSELL\b|\bright to opt[- ]?out\b.{0,60}?\b(?:sale|sell|shar)",
       "You have the right to opt out of the sale of your personal information at any time.", cue=False, negatable=True),
    _p("right-opt-out-marketing", "RightToOptOutOfMarketing",
       r"\b(?:opt[- ]?out|unsubscrib\w*|stop receiving|discontinue (?:receiving|future)|no longer (?:wish to )?receiv\w*)\b.{0,80}?\b(?:marketing|promotion\w*|newsletters?|communications|e-?mails?|messages|offers)|\bunsubscribe link\b",
       "Each promotional email we send contains a link allowing you to discontinue future emails from us.", cue=False, negatable=True),
    _p("right-opt-out", "RightToOptOut",
       r"\bopt[- ]?out\b|\bopt out\b",
       "You may opt out of interest-based advertising by visiting the NAI opt-out page.", cue=False, confidence=0.6, negatable=True),
    _p("right-limit-sensitive", "RightToLimitSensitive",
       r"\blimit (?:the )?use (?:and disclosure )?of (?:your )?sensitive|\bright to limit\b",
       "You have the right to limit the use and disclosure of your sensitive personal information.", cue=False),
    _p("right-withdraw", "RightToWithdrawConsent",
       r"\b(?:withdraw\w*|revok\w*|retract\w*)\b(?: \w+){0,3} consent|\bconsent\b.{0,60}?\b(?:withdraw\w*|revok\w*)\b",
       "Where we rely on your consent, you can withdraw your consent at any time.", cue=False, negatable=True),
    _p("right-complaint", "RightToLodgeComplaint",
       r"\b(?:lodge|file|make|submit|bring|raise|right to)\b(?: an?)? complaints?\b.{0,120}?\b(?:supervisory|data protection|authority|authorities|regulator|commission\w*|ombudsman|ICO|DPA|attorney general)|\bcomplain to (?:the |your |a )?(?:local |relevant |competent )?(?:data protection|supervisory|privacy)|\b(?:supervisory|data protection) authorit\w*.{0,80}?\bcomplain"
       r"|\b(?:raise|lodge|voice) (?:a |your |any )?concerns?\b.{0,120}?\b(?:supervisory|data protection) authorit|\bcomplain\w*\b.{0,160}?\b(?:contact|approach|refer\w*(?: \w+)? to|apply to)\b (?:the |your |a |an )?(?:\w+ ){0,5}?(?:supervisory authorit\w*|data protection authorit\w*|(?:information|privacy) commissioner)",
       "You have the right to lodge a complaint with a supervisory authority.", cue=False),
    _p("right-non-discrimination", "RightToNonDiscrimination",
       r"\bnon-?discriminat\w*|\b(?:not|never) (?:\w+ )?discriminat\w* against\b|\bdiscriminatory treatment\b",
       "The right to non-discrimination means that you will not receive any discriminatory treatment when you exercise one of your privacy rights.", cue=False),
    _p("right-automated", "RightAgainstAutomatedDecisions",
       r"\bright not to be subject to\b.{0,60}?\b(?:automated|profiling)|\b(?:object|opt out|contest)\w* (?:to )?\b.{0,40}?\bautomated decision",
       "You have the right not to be subject to a decision based solely on automated processing, including profiling.", cue=False),
    _p("shine-the-light", "ShineTheLight",
       r"\bshine the light\b|\b1798\.83\b|\bthird parties for (?:their )?(?:own )?direct marketing purposes\b",
       "Under California's Shine the Light law, California residents may request a list of third parties to whom we disclosed personal information for their direct marketing purposes.", cue=False),
    _p("authorized-agent", "AuthorizedAgent",
       r"\bauthori[sz]ed agents?\b|\b(?:designate|appoint)\w* an? (?:authori[sz]ed )?agent\b",
       "You can alternatively designate an authorized agent to exercise these rights on your behalf.", cue=False),
    _p("identity-verification", "IdentityVerification",
       r"\bverify (?:your|the requester'?s?|their) identity\b|\bverification of (?:your )?identity\b|\bidentity verification\b|\bverifiable (?:consumer )?request",
       "To protect your personal information, we will verify your identity by a method appropriate to the type of request you are making.", cue=False),
    _p("rights-generic", "UserRight",
       r"\byour (?:privacy |data protection |legal |individual |california |gdpr )?rights\b|\bexercise (?:any of |one of )?(?:your|these|those|such|this|the following)? ?(?:privacy )?rights?\b|\bdata subject rights\b|\byou (?:have|may have) (?:certain |the following |a number of )?rights\b",
       "You can exercise your rights yourself by contacting us.", cue=False, confidence=0.6),
    # ------------------------------------------------------------ retention
    _p("retention-period", "RetentionPeriod",
       r"\b(?:retain\w*|keep\w*|kept|stor\w+|held|hold|delet\w*|eras\w*|purg\w*|anonymi[sz]\w*|retention)\b.{0,120}?\b(?:for|after|within|up to|of|than|to|period of|maximum of)\s+(?:a (?:period|maximum|minimum) of\s+)?(?:up to\s+|at (?:most|least)\s+)?(?P<period>" + _NUM + r"(?:\s*\((?:\d+|[a-z]+)\))?\s*(?:calendar |business )?(?:days?|weeks?|months?|years?))\b",
       "We retain server logs for 30 days, after which they are deleted.", negatable=False, value="period"),
    _p("retention-criteria", "RetentionCriteria",
       r"\b(?:retain\w*|keep|kept|stor\w+|hold|held|maintain\w*)\b.{0,100}?\b(?:as long as|for as long|only for (?:the )?(?:period|time)|until (?:you|your|we|the|it)|while (?:your|you)|no longer than (?:is )?(?:necessary|needed|required)|for the (?:period|duration|time)|necessary (?:for|to)|(?:required|permitted) by (?:applicable )?law|for a (?:period|duration|length) of time (?:that|which|consistent|necessary|needed|required))|\b(?:retention|storage) periods?\b.{0,80}?\b(?:depend|determin|based on|criteria|vary|standards?)|\bcriteria (?:used )?to determine\b|\b(?:determin|prescrib|decid|set)\w* (?:the )?(?:appropriate )?(?:retention|storage) periods?\b",
       "We retain your personal information for as long as your account is active or as needed to provide you services.", value=None),
    _p("retention-generic", "Retention",
       r"\bdata retention\b|\bretention of (?:your )?(?:personal )?(?:data|information)\b|\bhow long we (?:keep|retain|store)\b",
       "This section explains how long we keep your information.", confidence=0.6),
    # ------------------------------------------------------------ security
    _p("security-tls", "TransportEncryption",
       r"\bSSL\b|\bTLS\b|(?i:\bsecure sockets? layer|\btransport layer security)|\bHTTPS\b",
       "PLUS currently uses Secure Socket Layer technology (SSL) to protect such information.", value=None),
    _p("security-encryption", "Encryption",
       r"\bencrypt\w*",
       "That information is encrypted and protected with industry-standard encryption software."),
    _p("security-firewall", "Firewall",
       r"\bfirewalls?\b",
       "Our information systems are maintained behind a software firewall to isolate them from access by other networks connected to the Internet."),
    _p("security-access-control", "AccessControl",
       r"\b(?:restrict|limit)\w* access\b|\baccess controls?\b|\bneed[- ]to[- ]know\b|\bauthori[sz]ed (?:personnel|employees|staff)\b|\bpassword[- ]protected\b|\btwo[- ]factor|\bmulti[- ]factor",
       "We restrict access to your information by unauthorized persons."),
    _p("security-testing", "SecurityTesting",
       r"\bpenetration test\w*|\bvulnerability (?:scan\w*|assessment\w*|test\w*)|\bsecurity (?:audit|assessment|review|test)\w*|\bmonitor\w* (?:our )?(?:systems|networks?) for\b|\bintrusion detection",
       "We regularly perform penetration tests and vulnerability scans of our systems."),
    _p("security-pci", "PaymentSecurityStandard",
       r"\bPCI\b|(?i:\bpayment card industry\b)",
       "Our payment processor is certified to PCI DSS Level 1."),
    _p("security-breach", "BreachNotification",
       r"\b(?:data|security) breach\w*\b.{0,120}?\bnotif\w*|\bnotif\w*\b.{0,120}?\b(?:data|security) breach",
       "In the event of a data breach, we will notify affected users as required by law."),
    _p("security-generic", "SecurityMeasure",
       r"\b(?:technical|organi[sz]ational|physical|administrative|electronic|managerial|procedural|appropriate|reasonable|industry[- ]standard|commercially reasonable|security)\b(?: (?:and|,) \w+){0,3} (?:security )?(?:measures|safeguards|procedures|precautions|controls)\b|\bprotect\w* (?:the )?(?:security|confidentiality) of\b|\bsecure (?:servers?|environment|facilit\w*)\b|\bprotect (?:your|the|such) (?:personal )?(?:information|data)\b",
       "We protect our databases with various physical, technical, and procedural measures.", confidence=0.7),
    # ------------------------------------------------------------ tracking
    _p("dnt-not-honored", "DoNotTrackNotHonored",
       r"\b(?:do|does|will|can|are|is)\s*(?:not|n't)\s+(?:currently |yet |presently )?(?:respond\w*|honou?r\w*|recogni[sz]\w*|support\w*|process\w*|react\w*|act|alter|change|comply)\b.{0,100}?\bDNTSIGNAL|\bDNTSIGNAL\b.{0,160}?\b(?:do|does|will|can|are|is)\s*(?:not|n't)\s+(?:currently |yet |presently )?(?:respond\w*|honou?r\w*|recogni[sz]\w*|support\w*|process\w*|react\w*|act|alter|change|comply|track)|\bno (?:uniform|common|industry|consistent|standard)\w*\b.{0,80}?\bDNTSIGNAL|\bDNTSIGNAL\b.{0,120}?\bno (?:uniform|common|industry|consistent|standard)|\bignore\w*\b.{0,40}?\bDNTSIGNAL|\bDNTSIGNAL\b.{0,80}?\bignore|\b(?:but|and) not (?:to )?(?:browser )?DNTSIGNAL",
       "We do not currently respond to Do Not Track signals.", confidence=0.85),
    _p("dnt-honored", "DoNotTrackHonored",
       r"\b(?:honou?r|respond to|recogni[sz]e|respect|support|comply with|process)\w*\b(?:(?!GPCSIGNAL|\bbut\b|\bnot\b|[.;]).){0,60}?\bDNTSIGNAL|\bDNTSIGNAL\b.{0,80}?\b(?:we (?:will )?(?:honou?r|respect|stop|disable|turn off|not track)|is (?:honou?red|respected))",
       "We honor Do Not Track signals and do not track users who have enabled them.", confidence=0.7),
    _p("dnt-generic", "DoNotTrack",
       r"\bDNTSIGNAL\b",
       "Some browsers have a Do Not Track feature.", confidence=0.6),
    _p("third-party-tracking", "ThirdPartyTracking",
       r"\bover time and across\b|\bacross (?:different |other |multiple |third[- ]party |non-?affiliated |unaffiliated )?(?:web ?sites|websites|online services|apps|applications|devices|platforms|sites)\b.{0,40}?\b(?:over time)?|\b(?:track|follow)\w* you across\b",
       "Third parties may collect information about your online activities over time and across different websites when you use our site.", negatable=True),
    _p("cookies", "Cookies",
       r"\bcookies?\b|\bweb beacons?\b|\bpixel tags?\b|\btracking pixels?\b|\blocal storage\b",
       "We use cookies to remember your preferences.", confidence=0.7),
    # ------------------------------------------------------------ children
    _p("children-age", "ChildrenAgeThreshold",
       r"\b(?:under|below|younger than|less than)\s+(?:the age of\s+|age\s+)?(?P<age>\d{1,2})\b(?:\s*\(\d+\))?(?:\s*years?(?: of age| old)?)?",
       "We will not knowingly collect any information from children under the age of 13.", value="age"),
    _p("children-not-directed", "NotDirectedToChildren",
       r"\bnot (?:intended|directed|designed|targeted|aimed|meant|marketed)\b.{0,40}?\b(?:for |to |at )?(?:children|minors|kids|anyone under|persons under|individuals under|people under|users under)|\b(?:children|minors)\b.{0,30}?\b(?:are not|is not) (?:permitted|allowed|eligible)|\bmust be (?:at least )?\d{2} (?:years|or older)",
       "Our services are not directed to children under 13."),
    _p("children-parental-consent", "ParentalConsent",
       r"(?<!without )(?<!without the )(?<!without verifiable )(?<!without verified )\b(?:verifiable |verified |prior )?parent(?:al|'s|s'|s)? (?:or guardian'?s? )?(?:\w+ )?consent\b|\bconsent (?:of|from) (?:a |the |their |his or her )?parent",
       "We collect information from children only with verifiable parental consent."),
    _p("children-parental-rights", "ParentalRights",
       r"\bparents?(?: or (?:legal )?guardians?)?\b.{0,80}?\b(?:review|delete|deletion|access|refuse|request|revoke|inspect|correct)\w*",
       "A parent may review the information collected from their child and request that it be deleted.", cue=False),
    _p("children-generic", "Children",
       r"\bchildren'?s? (?:privacy|information|data)\b|\bCOPPA\b|\bChildren'?s Online Privacy Protection\b|\bminors\b",
       "Children's Privacy", confidence=0.6),
    # ------------------------------------------------------------ changes
    _p("change-notify", "ChangeNotification",
       r"\b(?:chang\w*|updat\w*|modif\w*|revis\w*|amend\w*)\b.{0,60}?\b(?:policy|statement|notice|terms)\b.{0,160}?\b(?:notify|inform|notice|let you know|alert|announce|e-?mail|post\w*|publish\w*)\b|\b(?:notify|inform|let you know|alert)\w*\b.{0,80}?\b(?:chang\w*|updat\w*|modif\w*|revis\w*)\b.{0,60}?\b(?:policy|statement|notice|terms)\b",
       "If we make any material changes to this Privacy Statement, we will provide reasonable prior notice of these changes by posting a prominent notice of changes on the Site."),
    _p("change-generic", "PolicyChange",
       r"\b(?:chang\w*|updat\w*|modif\w*|revis\w*|amend\w*)\b(?: to)? (?:this|our|the|these) (?:privacy |data protection )?(?:policy|statement|notice|policies)|\b(?:this|our) (?:privacy )?(?:policy|statement|notice) (?:may|will|might|can|is subject to) (?:be )?(?:chang|updat|modif|revis|amend)\w*|\bsubject to change\b",
       "PLUS reserves the right to revise and update this Privacy Statement at any time."),
    _p("effective-date", "EffectiveDate",
       r"\b(?:last (?:updated|modified|revised|changed|amended)|effective(?: date| as of| from| on)?|updated on|date of last revision|version date)\s*[:\-]?\s*(?:on\s+)?(?P<date>(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})",
       "Last updated: February 2023", value="date"),
    # ------------------------------------------------------------ contact and identity
    _p("dpo", "DPOContact",
       r"(?i:\bdata protection officer|\bprivacy officer\b|\bdata protection (?:team|office)\b)|\bDPOs?\b",
       "You can contact our Data Protection Officer at dpo@example.org."),
    _p("eu-representative", "EURepresentative",
       r"\b(?:EU|EEA|UK|European|GDPR) representative\b|\brepresentative in the (?:EU|European Union|EEA|European Economic Area|UK|United Kingdom)\b|\bArticle 27\b|\bArt\.? 27\b",
       "For the purposes of GDPR (Article 27), you may contact our EU representative."),
    _p("controller", "ControllerIdentity",
       r"\b(?:data |joint )?controllers?\b(?! of (?:the )?(?:browser|device))|\bresponsible for (?:the )?processing\b|\b(?:site|website|service|app|application|platform)s? (?:is |are )?(?:owned and |provided and )?operated by\b|\([^()]{0,60}?[\"“‘']\s*(?:we|us|our)\s*[,\"”’']",
       "This Privacy Statement describes the practices of PLUSnxt LLC (“PLUS,” “we,” “us,” and/or “our”)."),
    _p("contact-email", "ContactEmail",
       r"(?P<email>\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b)",
       "If you have any questions, please contact us at PLUSinfo@plusnxt.com.", value="email"),
    _p("contact-phone", "ContactPhone",
       r"(?:\b(?:call|phone|telephone|tel|toll[- ]free)\b[^0-9]{0,25}|(?<![\w.-]))(?P<phone>\+?\(?\d{1,4}\)?[\s.-]?\(?\d{2,4}\)?[\s.-]\d{3,4}[\s.-]\d{3,4}\b)",
       "You may also call us at 213-349-4440.", value="phone"),
    _p("contact-address", "ContactAddress",
       r"(?P<address>\b\d{1,6}\s+(?:[A-Z][\w.'-]*\s+){1,5}(?:Street|St\.?|Avenue|Ave\.?|Boulevard|Blvd\.?|Road|Rd\.?|Drive|Dr\.?|Lane|Ln\.?|Way|Place|Pl\.?|Square|Parkway|Pkwy\.?|Court|Ct\.?|Plaza|Circle|Highway|Hwy\.?|Strasse|Straße)\b[^\n]{0,80}|\bP\.?\s?O\.? Box \d+)",
       "Address: 11726 San Vicente Blvd. Suite 203, Los Angeles, CA 90049", value="address"),
    _p("contact-web", "ContactWeb",
       r"\b(?:contact|web|online|request|inquiry|enquiry|support) form\b|\bprivacy (?:portal|center|centre|request page)\b|\bsubmit (?:a|your) request (?:through|via|at|using|on)\b",
       "You can submit a request through our online privacy request form."),
    _p("contact-generic", "ContactPoint",
       r"\bcontact us\b|\bget in touch\b|\bwrite to us\b|\bquestions (?:or|and) (?:concerns|comments)\b",
       "If you have any questions about this Privacy Statement, please feel free to contact us.", confidence=0.6),
    # ------------------------------------------------------------ transfers
    _p("transfer-scc", "StandardContractualClauses",
       r"(?i:\bstandard (?:data protection |contractual )?clauses\b|\bmodel (?:contract(?:ual)? )?clauses\b|\bEU model contracts?\b)|\bSCCs?\b",
       "When transferring your data, we rely on European Union Standard Clauses."),
    _p("transfer-adequacy", "AdequacyDecision",
       r"\badequacy (?:decision|finding|determination)s?\b|\badequate (?:level of )?(?:data )?protection\b|\b(?:deemed|considered|recogni[sz]ed as) (?:to (?:provide|have) )?adequate\b|\badequate in data protection\b",
       "The European Commission has deemed the United Kingdom, Switzerland and Japan adequate in data protection."),
    _p("transfer-bcr", "BindingCorporateRules",
       r"(?i:\bbinding corporate rules\b)|\bBCRs?\b",
       "Transfers within our group are covered by our Binding Corporate Rules."),
    _p("transfer-privacy-shield", "PrivacyShield",
       r"(?i:\bprivacy shield\b|\bdata privacy framework\b|\bEU-U\.?S\.? (?:\w+ )?(?:Data )?Privacy Framework\b)|\bDPF\b",
       "Personal information handled under this policy aligns with the EU-US Data Privacy Framework."),
    _p("transfer-safe-harbor", "SafeHarbor",
       r"\bsafe harbou?r\b",
       "We comply with the U.S.-EU Safe Harbor framework."),
    _p("transfer-safeguard", "TransferSafeguard",
       r"\b(?:appropriate|suitable|adequate) safeguards\b|\bsafeguards\b.{0,60}?\btransfer|\btransfer\w*\b.{0,80}?\b(?:safeguards|mechanisms?)\b",
       "We ensure appropriate safeguards are in place for transfers of personal data outside the EEA.", confidence=0.7),
    _p("transfer-derogation", "TransferDerogation",
       r"\bArt(?:icle|\.)?\s*49\b|\bderogation\w*\b",
       "Where no other safeguard applies, we rely on the derogations of Article 49 GDPR."),
    _p("transfer", "InternationalTransfer",
       r"\b(?:transfer\w*|transmit\w*|stor\w*|process\w*|mov\w*|shar\w*|located|hosted|access\w*)\b.{0,120}?\b(?:outside (?:of )?(?:the |your )?(?:country|countries|EEA|European Economic Area|EU|European Union|UK|United Kingdom|Switzerland|jurisdiction|state|province|region)|to (?:other |another |any )?(?:countries|country|jurisdictions?)|in (?:other |another |any )(?:countries|country|jurisdictions?)|(?:to|in) the United States|(?:to|in) the U\.S\.|across (?:national )?borders|third countr\w+|countries other than|anywhere in the world|worldwide|around the world)|\binternational(?:ly)? (?:data )?transfer\w*|\bcross[- ]border (?:data )?transfer\w*|\btransferred internationally\b",
       "We may transfer your personal data outside of the country in which it was collected."),
    # ------------------------------------------------------------ legal bases
    _p("basis-consent", "BasisConsent",
       r"\b(?:on the basis of|based (?:up)?on|rely (?:up)?on|relying (?:up)?on|with|upon|by|where (?:you have|we have) (?:given|obtained|received|provided)(?: us)?|subject to|obtain\w*|ask\w* (?:you )?for|request\w*) (?:your |the |explicit |express |prior |specific |opt-in |affirmative )*consent\b|\bconsent (?:is|as|will be) (?:the |our )?(?:legal|lawful) (?:basis|ground)|\bArt(?:icle|\.)?\s*6\s*\(?1\)?\s*\(?(?:lit\.?\s*)?a\b|\bArt(?:icle|\.)?\s*9\s*\(?2\)?\s*\(?a\b",
       "We will only send you marketing emails with your consent.", negatable=True),
    _p("basis-contract", "BasisContract",
       r"\b(?:perform\w*|fulfil\w*|necessary for|to enter into|execution of|conclusion of|take steps (?:at your request )?prior to entering into)(?: of| for| to perform| to fulfil)? (?:a |the |our |any |your |this )?contract\b(?! (?:with|between) (?:them|third|their))|\bcontract (?:with|between) you\b|\bcontractual (?:necessity|relationship with you)\b|\bArt(?:icle|\.)?\s*6\s*\(?1\)?\s*\(?(?:lit\.?\s*)?b\b",
       "We process your data where it is necessary for the performance of a contract with you."),
    _p("basis-legitimate-interest", "BasisLegitimateInterest",
       r"\blegitimate interests?\b(?! of (?:users|others|third))|\bArt(?:icle|\.)?\s*6\s*\(?1\)?\s*\(?(?:lit\.?\s*)?f\b",
       "We process usage data on the basis of our legitimate interests in improving our services."),
    _p("basis-legal-obligation", "BasisLegalObligation",
       r"\blegal (?:obligations?|requirements?|duty|duties)\b|\bcomply (?:with )?(?:our |a |any |applicable |the )?(?:legal|statutory|regulatory) (?:obligations?|requirements?|duties)|\bArt(?:icle|\.)?\s*6\s*\(?1\)?\s*\(?(?:lit\.?\s*)?c\b",
       "We process your data to comply with our legal obligations, such as tax law."),
    _p("basis-vital-interest", "BasisVitalInterest",
       r"\bvital interests?\b|\bArt(?:icle|\.)?\s*6\s*\(?1\)?\s*\(?(?:lit\.?\s*)?d\b",
       "We may process your data to protect your vital interests or those of another person."),
    _p("basis-public-task", "BasisPublicTask",
       r"\b(?:task|tasks) carried out in the public interest\b|\bpublic (?:interest|task)\b|\bofficial authority\b|\bArt(?:icle|\.)?\s*6\s*\(?1\)?\s*\(?(?:lit\.?\s*)?e\b",
       "We may process personal data where necessary for a task carried out in the public interest."),
    _p("basis-generic", "LegalBasis",
       r"\b(?:legal|lawful) (?:bases|basis|grounds?)\b|\bgrounds? for processing\b|\bArt(?:icle|\.)?\s*6\b(?:\s*\(1\))?\s*(?:GDPR|of the GDPR)",
       "Our legal basis for collecting and using the personal information described above depends on the information concerned.", confidence=0.7),
    # ------------------------------------------------------------ sale, sensitive, sources, provision, automated
    _p("sale", "SaleOfPersonalInformation",
       r"\b(?:sell|sells|sold|selling|monetiz\w*)\b(?:,? (?:or|and|lease|rent|sell|trade|exchange|share|otherwise disclose)\w*)*,? (?:any of )?(?:your|our|users'?|customers'?|the|any|such|this|that|personally|personal|customer|user|e-?mail|contact)?\s?(?:\w+\s){0,2}?(?:information|data|details|pii|names?|e-?mail address(?:es)?|addresses|contact details|lists?)\b"
       r"|(?<!\bour )(?<!\bthe )(?<!\ba )(?<!\bfor )\b(?:rent|rents|rented|renting|trade|trades|traded|trading|lease|leases|leased|barter\w*)\b(?:,? (?:or|and|lease|rent|sell|trade|exchange|share|otherwise disclose)\w*)*,? (?:any of )?(?:your|users'?|customers'?|any|such|this|that|personally|personal|customer|user)\s(?:\w+\s){0,2}?(?:information|data|details|pii|names?|e-?mail address(?:es)?|addresses|contact details|lists?)\b"
       r"|\bsale of (?:your |any )?(?:personal )?(?:information|data)\b|\bwe (?:do not|don't|do n't|never|will not|won't|will never) sell\b",
       "We do not rent, sell, or exchange your names to third-party companies for their marketing purposes.", negatable=True, first_person=True),
    # "No personal information is sold": the passive names no seller; it speaks for the publisher
    _p("sale-passive", "SaleOfPersonalInformation",
       r"\b(?:information|data|details|pii)\b (?:is|are|will be|will ever be|has been|have been|gets|shall be|would be)\s(?:\w+\s)?(?:sold|rented|traded|monetized)\b",
       "Your personal information is never sold to third parties.", negatable=True),
    _p("sensitive", "SensitiveInformation",
       r"\b(?:personal )?sensitive (?:personal )?(?:information|data)\b|\bspecial categor(?:y|ies) of (?:personal )?data\b|\bracial or ethnic origin\b|\bhealth (?:information|data)\b|\bbiometric (?:information|data)\b|\bsexual orientation\b|\breligious (?:or philosophical )?beliefs\b",
       "PLUS does not require you to provide any personal sensitive data about your race or ethnicity, religious or philosophical beliefs.", negatable=True),
    _p("data-source", "DataSource",
       r"\b(?:from|through|via) (?P<source>(?:other |various |trusted |our |third[- ]party |external |public |publicly available |commercial )*(?:third[- ]part(?:y|ies)|sources?|partners|affiliates|data brokers|social (?:media|networks?)(?: platforms)?|public (?:records|databases)|service providers|advertisers|business partners|marketing partners|data providers))\b|\bsources? (?:of|from which) (?:the |your )?(?:personal )?(?:information|data)\b|\bcategories of sources\b|\b(?:publicly available|public) sources\b|\b(?:obtain|receive|collect|get)\w* (?:\w+ ){0,3}(?:information|data) (?:about you )?(?:indirectly|from (?:others|other (?:people|users|companies|sources)))",
       "In some instances, we may process and/or receive personal information from third parties or third-party sources.", value="source"),
    _p("provision-required", "ProvisionRequirement",
       r"\byou (?:are|will be|may be|might be)? ?(?:not |under no )?(?:required|obliged|obligated|obligation|under (?:a |any )?(?:legal |statutory |contractual )?obligation)\b.{0,40}?\bto provide\b|\b(?:provision|providing|provide|supply) (?:of )?(?:your |any |such |this |personal |the )*(?:data|information) (?:to us )?(?:is|are) (?:\w+ )?(?:required|voluntary|mandatory|optional|obligatory)\b|\bstatutory (?:or|and|/) contractual requirement|\brequirement necessary to enter into a contract\b|\b(?:mandatory|obligatory) (?:or|and|/) (?:optional|voluntary)\b|\bwhether (?:the provision|providing)\b.{0,60}?\b(?:mandatory|required|obligatory)",
       "You are not obliged to provide your personal data, but without it we cannot open an account for you."),
    _p("automated-decisions", "AutomatedDecisionMaking",
       r"\bautomated (?:individual )?decision[- ]?(?:making|s)?\b|\bdecisions? based solely on automated\b|\bsolely (?:by|on) automated (?:means|processing)\b|\bprofiling\b.{0,80}?\b(?:legal effects?|similarly significant|automated)\b|\bautomated\b.{0,40}?\bprofiling\b",
       "We do not make decisions based solely on automated processing that produce legal effects for you.", negatable=True),
    # ------------------------------------------------------------ laws and audiences addressed
    _p("scope-ccpa", "RegulatoryScope",
       r"(?i:\bCalifornia Consumer Privacy Act\b|\bCalifornia Privacy Rights Act\b|\bCal(?:ifornia|\.) Civ(?:il|\.) Code\b)|\bCCPA\b|\bCPRA\b",
       "The California Consumer Privacy Act (“CCPA”) requires businesses to disclose this information.", value="CCPA"),
    _p("scope-california", "RegulatoryScope",
       r"\bCalifornia (?:residents?|consumers?|users|citizens|privacy rights)\b|\bresidents? of California\b|\bif you (?:are|reside) (?:a )?(?:resident )?(?:in|of)? ?California\b|\bYour California\b",
       "This section applies only to California consumers.", value="California residents"),
    _p("scope-gdpr", "RegulatoryScope",
       r"(?i:\bGeneral Data Protection Regulation\b|\bRegulation \(EU\) 2016/679\b)|\bGDPR\b",
       "We process personal data in accordance with the General Data Protection Regulation (GDPR).", value="GDPR"),
    _p("scope-eu", "RegulatoryScope",
       r"\b(?:residents?|users|individuals|people|persons|visitors|data subjects) (?:in|of|from|located in) the (?:EU|EEA|European Union|European Economic Area|UK|United Kingdom)\b|\b(?:EU|EEA|European|UK) (?:residents?|users|individuals|data subjects|citizens)\b|\bif you are (?:located |based |resident )?in the (?:EU|EEA|European Union|European Economic Area|UK)\b",
       "If you are located in the European Economic Area, you have the following rights.", value="EU residents"),
    _p("scope-coppa", "RegulatoryScope",
       r"(?i:\bChildren'?s Online Privacy Protection Act\b)|\bCOPPA\b",
       "In accordance with the Children's Online Privacy Protection Act, we will not knowingly collect information from children under 13.", value="COPPA"),
)

#: Patterns that fire on terse text (list items "Consent", "Deletion:") only under a
#: heading or lead-in that sets the context. (context regex, topic, item regex, example context, example item)
CONTEXT_PATTERNS: tuple[tuple[str, str, str, str, str], ...] = (
    (r"\brights?\b|\bchoices\b|\byou (?:can|may)\b|\brequest", "RightOfAccess", r"\baccess\b|\bcop(?:y|ies)\b|\bknow\b", "Your California rights:", "Right to access your personal information"),
    (r"\brights?\b|\bchoices\b|\byou (?:can|may)\b|\brequest", "RightToRectification", r"\brectif\w*|\bcorrect\w*|\bamend\w*|\bupdat\w*", "You have the following rights:", "Rectification: to have inaccurate data corrected."),
    (r"\brights?\b|\bchoices\b|\byou (?:can|may)\b|\brequest", "RightToErasure", r"\bdelet\w*|\beras\w*|\bforgotten\b", "Your California rights:", "Right to deletion"),
    (r"\brights?\b|\bchoices\b|\byou (?:can|may)\b|\brequest", "RightToRestriction", r"\brestrict\w*", "You have the following rights:", "Restriction of processing"),
    (r"\brights?\b|\bchoices\b|\byou (?:can|may)\b|\brequest", "RightToDataPortability", r"\bportab\w*", "You have the following rights:", "Data portability"),
    (r"\brights?\b|\bchoices\b|\byou (?:can|may)\b|\brequest", "RightToObject", r"\bobject\w*", "You have the following rights:", "Objection to processing"),
    (r"\brights?\b|\bchoices\b|\byou (?:can|may)\b|\brequest", "RightToWithdrawConsent", r"\bwithdraw\w*", "You have the following rights:", "Withdrawal of consent"),
    (r"(?i:\bdata protection officer\b)|\bDPO\b", "DPOContact", r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b|\b(?:e-?mail|contact|write|reach)\b", "Data Protection Officer", "Abisko Data, S. L. Email: rpd@example.com"),
    (r"\brights?\b", "RightToLodgeComplaint", r"\bcomplain\w*", "Your rights:", "Complaint: you may complain to your local regulator."),
    (r"\b(?:legal|lawful) (?:bases|basis|grounds?)\b|\bgrounds?\b|\bbasis\b", "BasisConsent", r"^\W*(?:\w+\W+){0,3}consent\b|\bconsent\b", "We process your data on the following legal bases:", "Consent"),
    (r"\b(?:legal|lawful) (?:bases|basis|grounds?)\b|\bgrounds?\b|\bbasis\b", "BasisContract", r"\bcontract\w*", "We process your data on the following legal bases:", "Performance of a contract"),
    (r"\b(?:legal|lawful) (?:bases|basis|grounds?)\b|\bgrounds?\b|\bbasis\b", "BasisLegalObligation", r"\blegal\b|\bobligation|\bcompl(?:y|iance)\b|\blaw\b", "We process your data on the following legal bases:", "Compliance with a legal obligation"),
    (r"\b(?:legal|lawful) (?:bases|basis|grounds?)\b|\bgrounds?\b|\bbasis\b", "BasisLegitimateInterest", r"\binterests?\b", "We process your data on the following legal bases:", "Our legitimate interests"),
    (r"\b(?:retain|retention|keep|how long)\b", "RetentionPeriod", r"(?P<period>\b" + _NUM + r"\s*(?:days?|weeks?|months?|years?))\b", "How long we keep your data:", "Server logs: 30 days"),
    (r"\bsecurity\b|\bprotect", "SecurityMeasure", r"\bmeasures?\b|\bsafeguards?\b|\bsecur\w*|\bprotect\w*", "How Do We Protect the Security of Your Information?", "We protect our databases with various measures."),
    (r"\bchildren\b|\bminors\b|\bkids\b", "Children", r"\bchild\w*|\bminors?\b|\bunder (?:the age of )?\d", "Children's Privacy", "We do not knowingly collect information from anyone under 16."),
    (r"\bchanges? (?:to|in|of)\b|\bupdates? (?:to|of)\b|\b(?:policy|notice|statement) (?:changes|updates)\b|\bamendments?\b|\brevisions?\b", "ChangeNotification", r"(?=.*\b(?:chang|updat|modif|revis|amend))(?:.*?)\b(?:notif\w*|inform\w*|e-?mail\w*|post\w*|notice)\b", "Changes to this Privacy Policy", "We will notify you by email before the changes take effect."),
)

# ---------------------------------------------------------------- helpers

#: "Do Not Track" replaced by a same-length token so negation tests do not see its "not".
_DNT = re.compile(r"\b(?:do[- ]not[- ]track|DNT)\b(?:\s*\(\s*[\"“]?DNT[\"”]?\s*\))?", re.IGNORECASE)
#: Global Privacy Control is another signal: honouring it says nothing about Do Not Track.
_GPC = re.compile(r"\bGlobal Privacy Control\b(?:\s*\(\s*[\"“]?GPC[\"”]?\s*\))?|\bGPC\b", re.IGNORECASE)
#: The CCPA opt-out link's name ("Do Not Sell or Share My Personal Information") names a right; its "not" negates nothing.
_DO_NOT_SELL = re.compile(
    r"\b(?i:do not (?:sell|share)(?: (?:or|and|/) (?:sell|share))? my)(?i: personal)?(?i: info(?:rmation)?)?\b"
    r"|(?<!\b[Ww]e )\bDo Not (?:Sell|Share)(?: (?:or|and|/) (?:Sell|Share))?(?: (?:My|Your))?(?: Personal)?(?: Info(?:rmation)?)?\b|\bDO NOT SELL\b"
)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})
_CUE = re.compile(
    r"\byou\b(?: \w+){0,2} (?:can|may|could|have|has|are entitled|will be able|might|should)\b|\bright\b|\brights\b|\brequest\w*|\bask us\b|\bentitled\b|\bexercis\w*|\bcontact us\b|\byour (?:account|profile) settings\b|\bchoose\b|\ballow\w* you\b|\benabl\w* you\b|\bat any time\b|\bemail us\b|\bwrite to us\b|\bplease\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|never|no|neither|nor|cannot)\b|n't\b|\bdo n't\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[;:]|,\s*(?:but|however|although|except|unless|you|we|please|simply|then|and)\b|\b(?:but|however|unless|except)\b", re.IGNORECASE)
_LEAD_IN_REFERENCE = re.compile(r"\b(?:the following|following|these|below|as follows|listed)\b[\w\s,()'-]{0,40}$", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", re.IGNORECASE)
_URL = re.compile(r"\bhttps?://[^\s<>\"')\]]+|\bwww\.[\w-]+(?:\.[\w-]+)+(?:/[^\s<>\"')\]]*)?", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\w.-])\+?\(?\d{1,4}\)?[\s.-]?\(?\d{2,4}\)?[\s.-]\d{3,4}[\s.-]\d{3,4}\b")
_HOW_PHRASE = re.compile(
    r"\b(?:contact(?:ing)? us|email(?:ing)? us|write to us|writing to us|call(?:ing)? us|(?:account|privacy|profile|browser|device) settings|unsubscribe link|opt[- ]out link|web ?form|online form|request form|privacy (?:portal|center|centre)|customer (?:service|support)|toll[- ]free)\b",
    re.IGNORECASE,
)
_HOW_CUE = re.compile(r"\bexercis\w*|\brequest\w*|\bright to\b|\bhow to\b", re.IGNORECASE)
_HOW_NEEDED = {
    "RightOfAccess", "RightToKnow", "RightToRectification", "RightToErasure", "RightToRestriction",
    "RightToDataPortability", "RightToObject", "RightToOptOut", "RightToOptOutOfSale", "RightToOptOutOfMarketing",
    "RightToLimitSensitive", "RightToWithdrawConsent", "RightToLodgeComplaint", "RightAgainstAutomatedDecisions",
    "ShineTheLight", "UserRight", "ParentalRights", "AuthorizedAgent", "DPOContact", "EURepresentative",
}
#: Topics a heading line may state by itself (a date, an address, the law a section addresses).
_HEADING_TOPICS = {
    _T + t for t in ("RegulatoryScope", "EffectiveDate", "ContactEmail", "ContactPhone", "ContactAddress", "ContactWeb")
}
_RIGHT_TOPICS = {
    _T + t for t in ("RightOfAccess", "RightToRectification", "RightToErasure", "RightToRestriction",
                     "RightToDataPortability", "RightToObject", "RightToWithdrawConsent", "RightToLodgeComplaint")
}
_RIGHTS_SENTENCE = re.compile(
    r"\brights?\b(?! (?:reserved|holders?|owners?))|\byou (?:can|may|could)(?: also)? (?:ask|request)\b|\brequest that we\b|\b(?:ask|request) us to\b",
    re.IGNORECASE,
)
_RIGHT_ITEMS = tuple(
    (_T + topic, re.compile(rx, re.IGNORECASE))
    for topic, rx in (
        ("RightOfAccess", r"\baccess\b"),
        ("RightToRectification", r"\brectif\w*|\bcorrect(?:ion|ed|ing)?\b"),
        ("RightToErasure", r"\bdelet\w*|\beras\w*|\bforgotten\b"),
        ("RightToRestriction", r"\brestrict\w*"),
        ("RightToObject", r"\bobject(?:ion|ing)?\b(?! to (?:these|this) terms)"),
        ("RightToDataPortability", r"\bportab\w*|\bport\b(?!s)(?! of\b)|\b(?:export|download)\b(?= (?:a copy|your|it|them|or|and)\b|,)"),
        ("RightToWithdrawConsent", r"\bwithdraw\w*"),
        ("RightToLodgeComplaint", r"\bcomplain\w*.{0,80}\b(?:authorit\w*|regulator|supervisory|commissioner)"),
    )
)
_RIGHTS_WORD = re.compile(r"\brights?\b|\bchoices\b|\bcontrol\b", re.IGNORECASE)
_CHANNELS = (
    (re.compile(r"\be-?mail", re.IGNORECASE), "email"),
    (re.compile(r"\b(?:notice|banner|prominent|pop-?up|notification) (?:on|in|at|through|via)\b|\bprominent\w* notice|\bnotice on\b", re.IGNORECASE), "notice on the site"),
    (re.compile(r"\bin[- ]app\b|\bin the app\b|\bpush notification", re.IGNORECASE), "in the app"),
    (re.compile(r"\bpost\w*|\bpublish\w*|\blast updated\b|\beffective date\b", re.IGNORECASE), "posting the new version"),
)
_COMPILED = tuple((p, re.compile(p.regex, re.IGNORECASE)) for p in PATTERNS)
_COMPILED_CONTEXT = tuple(
    (re.compile(ctx, re.IGNORECASE), _T + topic, re.compile(item, re.IGNORECASE)) for ctx, topic, item, _, _ in CONTEXT_PATTERNS
)
#: Case-sensitive short tokens: matched IGNORECASE they would fire on ordinary words.
_CASE_SENSITIVE = {"security-tls", "security-pci", "dpo", "transfer-scc", "transfer-bcr", "transfer-privacy-shield", "scope-ccpa", "scope-gdpr", "scope-coppa"}
_COMPILED = tuple(
    (p, re.compile(p.regex) if p.name in _CASE_SENSITIVE else rx) for p, rx in _COMPILED
)


def _mask(text: str) -> str:
    """``text`` with the same length and offsets, ready for the patterns.

    Curly apostrophes become straight ones ("don’t" -> "don't"); each "Do Not
    Track" becomes ``DNTSIGNAL``, each "Global Privacy Control" ``GPCSIGNAL`` and
    each "Do Not Sell (or Share) My Personal Information" ``DONOTSELL``, padded
    with spaces, so negation tests do not see their "not".

    >>> _mask("We don’t honor Do Not Track.")
    "We don't honor DNTSIGNAL   ."
    """

    def token(name: str):
        def repl(match: re.Match) -> str:
            width = match.end() - match.start()
            return name + " " * (width - len(name)) if width >= len(name) else name[:width]

        return repl

    text = text.translate(_APOSTROPHES)
    literals = _MASK_GATE.scan(text)  # most sentences name none of the three: skip the substitutions
    for position, (rx, name) in enumerate(_MASKS):
        if _MASK_GATE.may(position, literals):
            masked = rx.sub(token(name), text)
            if masked != text:
                text, literals = masked, _MASK_GATE.scan(masked)
    return text


def _negated(text: str, start: int) -> bool:
    """True when a negation governs the match starting at ``start`` (same clause, within 60 chars)."""
    window_start = max(0, start - 60)
    window = text[window_start:start]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end():]
    return bool(_NEGATION.search(window))


def _how(text: str) -> str | None:
    """An email, URL, phone number or a phrase saying how a user acts ("contact us"), in ``text``."""
    for rx in (_EMAIL, _URL, _PHONE):
        match = rx.search(text)
        if match:
            return match.group(0).rstrip(".,;")
    match = _HOW_PHRASE.search(text)
    return match.group(0).lower() if match else None


def _value(pattern: StatementPattern, match: re.Match) -> str | None:
    if pattern.value is None:
        return None
    if pattern.value in (match.re.groupindex or {}):
        found = match.group(pattern.value)
        return " ".join(found.split()).strip(" ,.;") if found else None
    return pattern.value


_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fifteen": "15", "eighteen": "18",
    "twenty": "20", "thirty": "30", "sixty": "60", "ninety": "90",
}


_WE = re.compile(r"\b(?:we|us|our|it|the company)\b", re.IGNORECASE)


def _first_person(before: str, metadata: PolicyMetadata) -> bool:
    """True when ``before`` names the publisher: "we", "our", "it", or its name or an alias."""
    if _WE.search(before):
        return True
    names = [n for n in (metadata.company, *metadata.aliases) if n]
    return any(name.lower() in before.lower() for name in names)


def _channel(text: str) -> str | None:
    """How users are told of changes, named: email, notice on the site, in the app, posting."""
    names = [name for rx, name in _CHANNELS if rx.search(text)]
    return ", ".join(names) if names else None


def _normalise_period(value: str) -> str:
    """``"thirty (30) days"`` -> ``"30 days"``; ``"5 (five) years"`` -> ``"5 years"``."""
    value = re.sub(r"\s*\((?:\d+|[a-z]+)\)", "", value.lower())
    head, _, rest = value.partition(" ")
    return f"{_NUMBER_WORDS.get(head, head)} {rest}".strip()


# ---------------------------------------------------------------- the stage
#
# Most patterns cannot match most sentences: few sentences say "firewall". Running every
# pattern on every sentence was most of this stage's time. A ``Gate`` (``prefilter``) reads
# the literals every match of a pattern must contain; one scan of a sentence finds those it
# holds, and a pattern runs only when it has them. The test is a necessary condition of a
# match: the output is the same with or without it.


_MASKS = ((_DNT, "DNTSIGNAL"), (_GPC, "GPCSIGNAL"), (_DO_NOT_SELL, "DONOTSELL"))
_MASK_GATE = Gate([rx for rx, _ in _MASKS])
#: One prefilter for every regex run on a masked sentence: the patterns, the items of the
#: context patterns and of a rights enumeration, the cue and the rights-sentence tests.
_GATE = Gate(
    [rx for _, rx in _COMPILED]
    + [item_rx for _, _, item_rx in _COMPILED_CONTEXT]
    + [item_rx for _, item_rx in _RIGHT_ITEMS]
    + [_CUE, _RIGHTS_SENTENCE]
)
_CONTEXT_AT = len(_COMPILED)
_RIGHT_ITEMS_AT = _CONTEXT_AT + len(_COMPILED_CONTEXT)
_CUE_AT = _RIGHT_ITEMS_AT + len(_RIGHT_ITEMS)
_RIGHTS_SENTENCE_AT = _CUE_AT + 1
_COMPILED_GATED = tuple((pattern, rx, need) for (pattern, rx), need in zip(_COMPILED, _GATE.needs))


def extract_statements(
    document: Document, sentences: Sequence[Sentence], metadata: PolicyMetadata
) -> tuple[Statement, ...]:
    """The policy-level statements of ``document``.

    Args:
        document: the normalised policy.
        sentences: its sentences with heading paths and lead-ins (``split_sentences``).
        metadata: publisher and date (the company name helps recognise the controller).

    Returns:
        Statements sorted by evidence offset; at most one per (topic, value,
        polarity) in each block.

    >>> from policykg.ingest.records import Block, Span
    >>> text = "We do not sell your personal information."
    >>> doc = Document(text, (Block(BlockKind.PARAGRAPH, 0, len(text)),), "t", "text/plain", "0")
    >>> sentence = Sentence(Span(0, len(text)), 0, BlockKind.PARAGRAPH)
    >>> [(s.topic.rsplit("#")[1], s.polarity.value) for s in extract_statements(doc, [sentence], PolicyMetadata())]
    [('SaleOfPersonalInformation', 'negated')]
    """
    text = document.text
    found: dict[tuple, Statement] = {}
    contexts: dict[str, tuple[bool, ...]] = {}  # a context text -> which context patterns it sets
    may = _GATE.may
    for index, sentence in enumerate(sentences):
        raw = sentence.span.quote(text)
        if not raw.strip():
            continue
        masked = _mask(raw)
        literals = _GATE.scan(masked)  # which regexes below may match: the others are skipped
        is_heading = sentence.kind is BlockKind.HEADING
        is_lead_in = raw.rstrip().endswith(":")
        cue: list[bool] = []  # whether the sentence has a reader-facing cue, once asked

        def has_cue() -> bool:
            if not cue:
                cue.append(may(_CUE_AT, literals) and bool(_CUE.search(masked)))
            return cue[0]

        # the nearest heading and the list lead-in set the context of terse sentences
        context = sentence.headings[-1].quote(text) if sentence.headings else ""
        if sentence.lead_in is not None:
            context += " " + sentence.lead_in.quote(text)
        wider: str | None = None
        hits: list[tuple[str, int, int, Polarity, str | None, float, str]] = []
        for pattern, rx, need in _COMPILED_GATED:
            if is_heading and pattern.topic not in _HEADING_TOPICS:
                continue  # a heading announces a topic; the text under it states it
            if need & literals != need:
                continue  # a literal every match contains is missing
            match = rx.search(masked)
            if match is None:
                continue
            if pattern.first_person and not _first_person(masked[: match.end()], metadata):
                continue
            if pattern.cue and not has_cue():
                if wider is None:
                    wider = " ".join(h.quote(text) for h in sentence.headings[-2:]) + " " + context
                if not _RIGHTS_WORD.search(wider):
                    continue
            if is_lead_in and _LEAD_IN_REFERENCE.search(masked[: match.start()].rstrip()[-60:] + " "):
                # "based on the following legal bases:" names a list; the list states, not the lead-in.
                continue
            polarity = Polarity.AFFIRMED
            if pattern.negatable and (_negated(masked, match.start()) or _NEGATION.search(match.group(0)[:24])):
                polarity = Polarity.NEGATED
            value = _value(pattern, match)
            if value and pattern.topic == _T + "RetentionPeriod":
                value = _normalise_period(value)
            if pattern.topic == _T + "ChangeNotification":
                value = _channel(masked)
            hits.append((pattern.topic, match.start(), match.end(), polarity, value, pattern.confidence, pattern.name))
        # a sentence or heading that speaks of rights names them tersely: "the right to request access to,
        # correct, delete, restrict or port your data"; "Right to Restrict Processing"
        if (may(_RIGHTS_SENTENCE_AT, literals) and _RIGHTS_SENTENCE.search(masked)) or (
            is_heading and sentence.headings and _RIGHTS_WORD.search(sentence.headings[-1].quote(text))
        ):
            present = {h[0] for h in hits}
            for position, (topic, item_rx) in enumerate(_RIGHT_ITEMS, start=_RIGHT_ITEMS_AT):
                if topic in present or not may(position, literals):
                    continue
                match = item_rx.search(masked)
                if match is not None and not _negated(masked, match.start()):
                    hits.append((topic, match.start(), match.end(), Polarity.AFFIRMED, None, 0.6, "rights-enumeration"))
        # terse sentences under a context-setting heading or lead-in ("Right to deletion" under "Your rights:")
        terse = sentence.kind is BlockKind.LIST_ITEM or len(raw) < 160
        if context.strip() and not is_heading and terse and not is_lead_in:
            present = {h[0] for h in hits}
            setting = contexts.get(context)
            if setting is None:
                setting = contexts[context] = tuple(bool(ctx_rx.search(context)) for ctx_rx, _, _ in _COMPILED_CONTEXT)
            for position, ((_, topic, item_rx), sets) in enumerate(zip(_COMPILED_CONTEXT, setting), start=_CONTEXT_AT):
                if topic in present or not sets:
                    continue
                match = item_rx.search(masked) if may(position, literals) else None
                if match is None and sentence.headings and topic in _RIGHT_TOPICS and has_cue():
                    # "Right to deletion" (heading) then "You may ask us to do this."
                    heading_match = item_rx.search(sentence.headings[-1].quote(text))
                    match = heading_match and re.match(r"", masked)
                if match is None:
                    continue
                value = None
                if "period" in item_rx.groupindex:
                    value = _normalise_period(match.group("period"))
                elif topic == _T + "ChangeNotification":
                    value = _channel(masked)
                hits.append((topic, match.start(), match.end(), Polarity.AFFIRMED, value, 0.6, "context:" + topic.rsplit("#", 1)[-1]))
        if not hits:
            continue
        # a sentence that states a narrow topic (Encryption) does not also state its broader one (SecurityMeasure)
        topics = {h[0] for h in hits}
        hits = [h for h in hits if not any(other != h[0] and h[0] in ancestors(other) for other in topics)]
        if _T + "DoNotTrackNotHonored" in topics:  # "we do not honor DNT" also matches the honoured pattern
            hits = [h for h in hits if h[0] != _T + "DoNotTrackHonored"]
        how_here = _how(raw)
        for topic, _, _, polarity, value, confidence, rule in hits:
            local = topic.rsplit("#", 1)[-1]
            how = None
            if local in _HOW_NEEDED:
                how = how_here or _how_nearby(document, sentences, index)
            key = (topic, value, polarity, sentence.block)
            if key in found:
                continue
            found[key] = Statement(
                topic=topic,
                evidence=sentence.span,
                polarity=polarity,
                value=value,
                how=how,
                confidence=round(confidence, 2),
                rule=rule,
            )
    return tuple(sorted(found.values(), key=lambda s: (s.evidence.start, s.topic, s.value or "")))


def _how_nearby(document: Document, sentences: Sequence[Sentence], index: int) -> str | None:
    """How to act, from the sentence's block or the next sentences of its section (at most 8)."""
    sentence = sentences[index]
    text = document.text
    if 0 <= sentence.block < len(document.blocks):
        block = document.blocks[sentence.block]
        found = _how(text[block.start : block.end])
        if found:
            return found
    for other in sentences[index + 1 : index + 9]:
        quote = other.span.quote(text)
        if other.kind is BlockKind.HEADING and not _RIGHTS_WORD.search(quote) and not _HOW_CUE.search(quote):
            break  # a new section
        found = _how(quote)
        if found:
            return found
    return None
