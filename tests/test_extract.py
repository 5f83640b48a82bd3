"""The practice extractor on hard sentences taken from real policies (seeds, OPP-115, PI-Extract).

Each case lists the exact practices expected, as compact signatures:
(action, polarity, modality, data types, purposes, recipients, named recipients, actor).
"""

from __future__ import annotations

import pytest

from policykg.ingest.extract import ACTION_OF_LEMMA, RULES, PracticeExtractor, _CUE, _INCLUDE, _INCLUDE_CUE
from policykg.ingest.read import read_text
from policykg.ingest.records import PolicyMetadata
from policykg.ingest.segment import split_sentences

PLIMUS = PolicyMetadata(company="Plimus, Inc.", aliases=("Plimus",))


def _short(iris) -> tuple[str, ...]:
    return tuple(sorted(i.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for i in iris))


def _signatures(text: str, metadata: PolicyMetadata | None = None) -> set[tuple]:
    document = read_text(text, source="sentence.txt")
    practices = PracticeExtractor()(document, split_sentences(document), metadata)
    return {
        (
            _short(p.actions)[0], p.polarity.value, p.modality.value, _short(p.data_types), _short(p.purposes),
            _short(p.recipients), tuple(sorted(p.recipient_names)), _short([p.actor])[0] if p.actor else p.actor_name,
        )
        for p in practices
    }


CASES = {
    "what a policy disclaims is nobody's practice, unless the publisher acts in it (13k corpus, OPP-115)": (
        "Common Application is not responsible for the failure of any College to accept the Common Application or how "
        "any given College will use, protect or store the information in their possession. JibJab has no control over "
        "what information is collected by third-party advertisers or how they may use the information. Barcelona Guide "
        "cannot be held responsible for the treatment or use of your personal information by linked websites. Users "
        "are responsible for notifying us of any unauthorized disclosure of login credentials. We are responsible for "
        "the personal data we collect about you, such as your name and email address. We are not responsible for "
        "removing information about you from the database of any third party to whom we have already provided your "
        "information.",
        None,
        {("Collect", "affirmed", "definite", ("EmailAddress", "Name"), (), (), (), "FirstParty"),
         ("Disclose", "affirmed", "definite", ("PersonalData",), (), ("ThirdParty",), (), "FirstParty")},
    ),
    "a website named with 'a' is any website; a data label used as a verb names no data (13k corpus)": (
        "A cookie is a text-only string of information that a website stores on your computer. We may also access "
        "and disclose personal information to address potential or actual injury. The notice addresses the processing "
        "of customer data we collect from clients.",
        None,
        {("Collect", "affirmed", "possible", ("PersonalData",), (), (), (), "FirstParty"),
         ("Disclose", "affirmed", "possible", ("PersonalData",), (), (), (), "FirstParty"),
         ("Collect", "affirmed", "definite", ("PersonalData",), (), (), (), "FirstParty")},
    ),
    "what a user's right covers is no practice; a party's lack of a right denies its act (13k corpus, OPP-115)": (
        "Under California law, a California resident with whom we have an established relationship has the right to "
        "request certain information with respect to the types of personal information we have shared with third "
        "parties for their direct marketing purposes. You have the right to request that we disclose the categories "
        "of personal information we have sold about you. These third parties do not have the right to use the "
        "information beyond the scope necessary to support our advertising.",
        None,
        {("Use", "negated", "definite", ("PersonalData",), ("Advertising",), (), (), "ThirdParty")},
    ),
    "a party named in the subject's relative clause does not act (13k corpus)": (
        "Circumstances under which Dice would publicly disclose such aggregate information include, but are not "
        "limited to, sharing survey results with the Sites' users.",
        None,
        {("Disclose", "affirmed", "definite", ("SurveyData",), ("Surveys",), ("PublicDisclosure",), (), "Dice")},
    ),
    "what the user may decline to give, and a message we send, are no practices (13k corpus)": (
        "You can always decline to provide any Personal Information to us. If we inadvertently send an email or text "
        "message to a person that does not meet the age requirements, the parent may unsubscribe. We send your "
        "message to the recipient you choose.",
        None,
        {("Disclose", "affirmed", "definite", ("Messages",), (), ("Recipient",), (), "FirstParty")},
    ),
    "a cookie sent to the user's device is collected through, not disclosed; 'public' of the Internet is no recipient; the country data goes to is no data (13k corpus, OPP-115)": (
        "When you visit our web sites, we send one or more cookies to your computer or other device. This encryption "
        "technology secures data being transmitted over the public Internet. Your profile may be visible to the public. "
        "We may transfer your information to and from any state, province, country or other jurisdiction.",
        None,
        {("Collect", "affirmed", "definite", ("CookieIdentifier",), (), (), (), "FirstParty"),
         ("Transfer", "affirmed", "possible", ("PersonalData",), (), (), (), "FirstParty"),
         ("Disclose", "affirmed", "possible", ("IndividualProfile",), (), ("PublicDisclosure",), (), "FirstParty")},
    ),
    "a question of who receives data, or a table of contents asking it, is no practice; a relative 'who' or 'which' is (13k corpus, OPP-115)": (
        "This information, which does not identify individual account holders, may be used for our business "
        "purposes. WITH WHOM DO WE SHARE THE INFORMATION WE COLLECT? Who we share your personal data with How long we "
        "keep your personal data. To understand who clicks our mobile ads, we share your device's unique advertising "
        "identifier with our partners.",
        None,
        {("Share", "affirmed", "definite", ("AdvertisingIdentifier",), ("Advertising",), ("BusinessPartner",), (), "FirstParty"),
         ("Use", "affirmed", "possible", ("PersonalData",), (), (), (), "FirstParty")},
    ),
    "maintaining safeguards for data is a security measure, not retention (13k corpus)": (
        "We maintain reasonable and appropriate physical, electronic, and procedural safeguards to guard your Nonpublic "
        "Personal Information. We maintain records of your purchases.",
        None,
        {("Store", "affirmed", "definite", ("Purchase",), ("CustomerOrderManagement", "RecordManagement"), (), (), "FirstParty")},
    ),
    "a conjunct with a modal of its own escapes the denial; data called non-personal stays so; advice on what to give is no practice (13k corpus)": (
        "This information may be aggregated with similar data in a manner that does not reveal your personal identity "
        "and may be disclosed only to our staff. We may share this non-personal information with third parties. You "
        "should exercise caution when deciding to disclose your personal information.",
        None,
        {("Use", "affirmed", "possible", ("PersonalData",), (), (), (), "FirstParty"),
         ("Disclose", "affirmed", "possible", ("PersonalData",), (), ("InternalStaff",), (), "FirstParty"),
         ("Share", "affirmed", "possible", ("NonPersonalData",), (), ("ThirdParty",), (), "FirstParty")},
    ),
    "public authorities and public safety are no disclosure to the public (13k corpus)": (
        "It may be necessary, by law or requests from public and governmental authorities, for us to disclose "
        "personal data. We may disclose your information to protect public safety.",
        None,
        {("Disclose", "affirmed", "definite", ("PersonalData",), (), ("Authority",), (), "FirstParty"),
         ("Disclose", "affirmed", "possible", ("PersonalData",), ("ProtectionOfPublicSecurity",), (), (), "FirstParty")},
    ),
    "a sentence ending in a question mark asks, whatever precedes its verb; a business sold is no data sold (13k corpus)": (
        "If I complete a survey, will my contact information be sold or given to other companies for marketing "
        "purposes? PenPal World sell my information to third parties? Third parties to whom we may choose to sell, "
        "transfer, or merge parts of our business or our assets. Do we sell your data? No, we never do.",
        None,
        {("Transfer", "affirmed", "possible", ("PersonalData",), (), ("ThirdParty",), (), "FirstParty"),
         ("Sell", "negated", "definite", ("PersonalData",), ("SellDataToThirdParties",), (), (), "FirstParty")},
    ),
    "a publisher whose name holds a party word is the first party (13k corpus)": (
        "Best Friends also collects anonymous demographic information, such as ZIP code, gender, or interests.",
        PolicyMetadata(company="Best Friends"),
        {("Collect", "affirmed", "definite", ("Demographic", "Gender", "Interest", "PostalCode"), (), (), (), "FirstParty")},
    ),
    "a prohibition denies what it forbids, and the forbidden party acts (13k corpus)": (
        "Our vendors are prohibited from using your personal information for their own marketing. We prohibit our "
        "partners from selling your email address. Our advertisers are forbidden to share your name.",
        None,
        {("Use", "negated", "definite", ("PersonalData",), ("Marketing",), (), (), "DataProcessor"),
         ("Sell", "negated", "definite", ("EmailAddress",), (), (), (), "BusinessPartner"),
         ("Share", "negated", "definite", ("Name",), (), (), (), "Advertiser")},
    ),
    "'that company' is the party the sentence named before it (13k corpus)": (
        "We may use a third party service provider to conduct these surveys or contests; that company will be "
        "prohibited from using our users' personally identifiable information for any other purpose.",
        None,
        {("Disclose", "affirmed", "possible", ("PersonalData",), ("Contests", "Surveys"), ("DataProcessor", "ThirdParty"),
          (), "FirstParty"),
         ("Use", "negated", "definite", ("PersonalData",), (), (), (), "DataProcessor")},
    ),
    "the agent of a passive clause acts; the user's browser carries data to us (13k corpus)": (
        "Your IP address is collected by Google Analytics. Such personally identifiable information may be used by "
        "visitors of these pages to send unsolicited messages. Certain information is collected by your browser, "
        "such as your device type.",
        None,
        {("Collect", "affirmed", "definite", ("IPAddress",), ("ServiceUsageAnalytics",), (), (), "Google Analytics"),
         ("Collect", "affirmed", "definite", ("DeviceType",), (), (), (), "FirstParty")},
    ),
    "what is given to us, or to the publisher by name, is collected (13k corpus)": (
        "We collect information which has been given to us by our registered users, including your name and email "
        "address. Your postal address is provided to Plimus when you place an order.",
        PLIMUS,
        {("Collect", "affirmed", "definite", ("EmailAddress", "Name"), (), (), (), "FirstParty"),
         ("Collect", "affirmed", "definite", ("PhysicalAddress",), ("CustomerOrderManagement",), (), (), "FirstParty")},
    ),
    "an exception naming only recipients or purposes happens with the denied data (13k corpus)": (
        "We do not share your personal information except with our service providers. We will not use your email "
        "address for any purpose other than to send you our newsletter.",
        None,
        {("Share", "negated", "definite", ("PersonalData",), (), (), (), "FirstParty"),
         ("Share", "affirmed", "definite", ("PersonalData",), (), ("DataProcessor",), (), "FirstParty"),
         ("Use", "negated", "definite", ("EmailAddress",), (), (), (), "FirstParty"),
         ("Use", "affirmed", "definite", ("EmailAddress",), ("Newsletter",), (), (), "FirstParty")},
    ),
    "what the user can prevent is a choice, neither a denial nor a practice (13k corpus)": (
        "You can prevent Google Analytics from using your information by opting out at this link.",
        None,
        set(),
    ),
    "a company's legitimate interests are no data about the user's interests (13k corpus)": (
        "We use your data for our legitimate business interests. We may share your data where it is in your best "
        "interests. We collect information about your interests and hobbies.",
        None,
        {("Use", "affirmed", "definite", ("PersonalData",), (), (), (), "FirstParty"),
         ("Share", "affirmed", "possible", ("PersonalData",), (), (), (), "FirstParty"),
         ("Collect", "affirmed", "definite", ("Interest",), (), (), (), "FirstParty")},
    ),
    "'any other purpose than' carves out the purposes it names; advice to the user is no practice (13k corpus)": (
        "We do not use personal information for any other purpose than providing the Services. We do not recommend "
        "that you send passwords to us by e-mail. We will never ask you to provide your password. We encourage all "
        "users to read the privacy policies of each and every website that collects personal information.",
        None,
        {("Use", "affirmed", "definite", ("PersonalData",), ("ServiceProvision",), (), (), "FirstParty"),
         ("Use", "negated", "definite", ("PersonalData",), (), (), (), "FirstParty"),
         ("Collect", "negated", "definite", ("Password",), (), (), (), "FirstParty")},
    ),
    "'The Company' is the publisher's name for itself, not a party named before (13k corpus)": (
        "We use a service provider to host the site. The Company may share data about website visitors with the "
        "Company's contracted service providers.",
        None,
        {("Disclose", "affirmed", "definite", ("PersonalData",), (), ("DataProcessor",), (), "FirstParty"),
         ("Share", "affirmed", "possible", ("PersonalData",), (), ("DataProcessor",), (), "FirstParty")},
    ),
    "what goes to the user, what a text tells, what a clause asks, and a participle read as a verb are no practices (13k corpus)": (
        "If you sign up, we use your email address to provide the newsletters and other communications to you. You "
        "should read the privacy policy of the other site to understand how that website collects and uses your "
        "personal information. The form will specify exactly what the information will be used for. We may use "
        "customer information for new uses not previously disclosed in our privacy notice. We do not share PII made "
        "available through third-party websites.",
        None,
        {("Use", "affirmed", "definite", ("EmailAddress",), ("Newsletter",), (), (), "FirstParty"),
         ("Use", "affirmed", "possible", ("PersonalData",), (), (), (), "FirstParty"),
         ("Share", "negated", "definite", ("PersonalData",), (), ("ThirdParty",), (), "FirstParty")},
    ),
    "a denial just before 'be visible' denies the disclosure (13k corpus)": (
        "Note: Your credit card and other financial information will NEVER be visible to others. Your profile may be "
        "visible to other users.",
        None,
        {("Disclose", "negated", "definite", ("Financial", "PaymentCard"), (), ("PublicDisclosure",), (), "FirstParty"),
         ("Disclose", "affirmed", "possible", ("IndividualProfile",), (), ("OtherUsers",), (), "FirstParty")},
    ),
    "what the user need not give, and what data could be used for, are no practices (13k corpus)": (
        "Except where specified, you do not have to provide personally identifiable information to visit our Web "
        "sites. You are not required to provide your social security number. We may ask you to provide us with "
        "certain personally identifiable information that can be used to contact or identify you.",
        None,
        {("Collect", "affirmed", "possible", ("PersonalData",), (), (), (), "FirstParty")},
    ),
    "what a denied sale's exception allows is a disclosure, not a sale (13k corpus)": (
        "We do not sell, rent or trade your personal information to third parties except if required by law. We will "
        "not sell your data, except usage information to our vendors.",
        None,
        {("Sell", "negated", "definite", ("PersonalData",), (), ("ThirdParty",), (), "FirstParty"),
         ("Sell", "negated", "definite", ("PersonalData",), (), (), (), "FirstParty"),  # "rent or trade"
         ("Disclose", "affirmed", "definite", ("PersonalData",), ("LegalCompliance",), (), (), "FirstParty"),
         ("Sell", "negated", "definite", ("PersonalData",), ("SellDataToThirdParties",), (), (), "FirstParty"),
         ("Sell", "affirmed", "definite", ("UsageData",), (), ("DataProcessor",), (), "FirstParty")},
    ),
    "a denial reaches a list the parser hung as clauses, and 'not' hung on an adverb (13k corpus)": (
        "We are NOT collecting, using, renting or selling your personal data. We do not now or in the future intend "
        "to sell your email address.",
        None,
        {("Use", "negated", "definite", ("PersonalData",), (), (), (), "FirstParty"),
         ("Sell", "negated", "definite", ("PersonalData",), (), (), (), "FirstParty"),
         ("Sell", "negated", "definite", ("PersonalData",), ("SellDataToThirdParties",), (), (), "FirstParty"),
         ("Sell", "negated", "definite", ("EmailAddress",), (), (), (), "FirstParty")},
    ),
    "data sent or transferred to us is collected; a question three words from its verb asks (13k corpus)": (
        "Your email address is transferred to us when you sign in. For what purposes do we process personal data?",
        None,
        {("Collect", "affirmed", "definite", ("EmailAddress",), (), (), (), "FirstParty")},
    ),
    "the organisation whose use the subject names uses the data (626 bulk policies hold this sentence)": (
        "We use cookies. Google's use of the DART cookie enables it to serve ads to our users based on their visit "
        "to our site.",
        None,
        {("Use", "affirmed", "definite", ("CookieIdentifier",), (), (), (), "FirstParty"),
         ("Use", "affirmed", "definite", ("CookieIdentifier",), ("AdServing",), (), (), "Google")},
    ),
    "a party that acts is not the recipient of its own act (13k corpus)": (
        "Our partners may sell your email address. Advertisers may share your name with other advertisers.",
        None,
        {("Sell", "affirmed", "possible", ("EmailAddress",), (), (), (), "BusinessPartner"),
         ("Share", "affirmed", "possible", ("Name",), (), ("Advertiser",), (), "Advertiser")},
    ),
    "giving a party data in a double object is a disclosure (PI-Extract, Washington Post)": (
        "When we do this, we do not give that business your name and e-mail address. We give our partners your "
        "postal address.",
        None,
        {("Disclose", "negated", "definite", ("EmailAddress", "Name"), (), (), (), "FirstParty"),
         ("Disclose", "affirmed", "definite", ("PhysicalAddress",), (), ("BusinessPartner",), (), "FirstParty")},
    ),
    "what a denied noun would do is denied (PI-Extract, amazon.com)": (
        "Information about our customers is an important part of our business, and we are not in the business of "
        "selling it to others.",
        None,
        {("Sell", "negated", "definite", ("PersonalData",), (), ("ThirdParty",), (), "FirstParty")},
    ),
    "the address of a web page is its URL, not a postal address (OPP-115, reddit.com)": (
        "We collect the address of the external or internal page that referred you, and your name and address.",
        None,
        {("Collect", "affirmed", "definite", ("Name", "PagesVisited", "PhysicalAddress"), (), (), (), "FirstParty")},
    ),
    "what the user shares 'with them' goes to others (OPP-115, gamestop.com)": (
        "Advertisers have no access to your contact information unless you choose to share it with them.",
        None,
        set(),
    ),
    "a phrase that opens the sentence and leaves something out ends at its comma (13k corpus)": (
        "Other than the above, the way that we use your personal information remains the same. Without your "
        "consent, we will not share your email address with advertisers. We may share your information, "
        "excluding financial information, with our affiliates.",
        None,
        {("Use", "affirmed", "definite", ("PersonalData",), (), (), (), "FirstParty"),
         ("Share", "negated", "definite", ("EmailAddress",), (), ("Advertiser",), (), "FirstParty"),
         ("Share", "affirmed", "possible", ("PersonalData",), (), ("Affiliate",), (), "FirstParty"),
         ("Share", "negated", "possible", ("Financial",), (), ("Affiliate",), (), "FirstParty")},
    ),
    "a yes/no question asserts nothing; its answer decides (13k corpus; OPP-115, 105 and 1610)": (
        "Do we disclose the information we collect to outside parties? Does Acme share your email address with "
        "advertisers?No, it does not. Do we sell your information to third parties (other than in the course of a "
        "business sale): No.",
        None,
        {("Sell", "negated", "definite", ("PersonalData",), ("SellDataToThirdParties",), ("ThirdParty",), (), "FirstParty"),
         ("Share", "negated", "definite", ("EmailAddress",), (), ("Advertiser",), (), "Acme")},
    ),
    "participles listed as the parser's adverbial clauses share the denial (13k corpus)": (
        "Your information will never be disclosed, traded, licensed or sold to any third party. We are not in the "
        "business of renting, selling, or trading our donors' names.",
        None,
        {("Disclose", "negated", "definite", ("PersonalData",), (), (), (), "FirstParty"),
         ("Sell", "negated", "definite", ("PersonalData",), (), ("ThirdParty",), (), "FirstParty"),
         ("Sell", "negated", "definite", ("Name",), (), (), (), "FirstParty")},
    ),
    "an exception with a practice of its own carves nothing out (13k corpus)": (
        "We will not sell or rent this information to any third parties, except that we may share your IP "
        "address with our advertising partners. We do not sell your email address to third parties, except as "
        "set out below.",
        None,
        {("Sell", "negated", "definite", ("PersonalData",), (), ("ThirdParty",), (), "FirstParty"),
         ("Share", "affirmed", "possible", ("IPAddress",), ("Advertising",), ("AdvertisingPartner",), (), "FirstParty"),
         ("Sell", "negated", "definite", ("EmailAddress",), (), ("ThirdParty",), (), "FirstParty")},
    ),
    "what a denied act is for, or leads to, is denied too (13k corpus)": (
        "We don't build a profile of your browsing habits to sell to advertisers. We aren't going to sell your "
        "email address.",
        None,
        {("Sell", "negated", "definite", ("BrowsingBehavior",), ("CustomerProfile",), ("Advertiser",), (), "FirstParty"),
         ("Sell", "negated", "definite", ("EmailAddress",), (), (), (), "FirstParty")},
    ),
    "an exception that points at the rest of the policy allows nothing (OPP-115, 70 and 82; 13k corpus)": (
        "Except as described in this policy, we will not sell or rent your email address to unaffiliated third "
        "parties.",
        None,
        {("Sell", "negated", "definite", ("EmailAddress",), (), ("ThirdParty",), (), "FirstParty"),
         ("Sell", "negated", "definite", ("EmailAddress",), (), (), (), "FirstParty")},
    ),
    "denials without 'not' on the verb (13k corpus; OPP-115, 686 and 995)": (
        "Under no circumstances will we sell your email address. Neither your name nor your phone number is sold "
        "to other companies. Your postal address is not shared with anyone, nor is it sold to anyone. We do not "
        "attempt to collect any personal information from children.",
        None,
        {("Sell", "negated", "definite", ("EmailAddress",), (), (), (), "FirstParty"),
         ("Sell", "negated", "definite", ("Name", "TelephoneNumber"), (), ("ThirdParty",), (), "FirstParty"),
         ("Share", "negated", "definite", ("PhysicalAddress",), (), (), (), "FirstParty"),
         ("Sell", "negated", "definite", ("PhysicalAddress",), (), (), (), "FirstParty"),
         ("Collect", "negated", "definite", ("PersonalData",), (), (), (), "FirstParty")},
    ),
    "a denied permission denies what it would permit; a user's wish does not (OPP-115, 1545, 93 and 1683)": (
        "We do not knowingly allow other parties to collect personally-identifiable information about your on-line "
        "activities. They are not authorized to use your email address for any other purpose. You can tell us that you "
        "do not want us to share your email address with advertisers.",
        None,
        {("Collect", "negated", "definite", ("PersonalData",), (), (), (), "ThirdParty"),
         ("Use", "negated", "definite", ("EmailAddress",), (), (), (), "ThirdParty"),
         ("Share", "affirmed", "definite", ("EmailAddress",), (), ("Advertiser",), (), "FirstParty")},
    ),
    "the party a relative clause engages to act is who acts (OPP-115, 70)": (
        "Adobe and Krux are other third parties we engage to track and analyze usage and browsing patterns of our "
        "users. We use tools that we employ to collect your IP address.",
        None,
        {("Collect", "affirmed", "definite", ("BrowsingBehavior",), ("ServiceUsageAnalytics",), (), (), "ThirdParty"),
         ("Use", "affirmed", "definite", ("BrowsingBehavior",), (), (), (), "ThirdParty"),
         ("Collect", "affirmed", "definite", ("IPAddress",), (), (), (), "FirstParty")},
    ),
    "what a thing acted on contains is acted on too (OPP-115, washingtonian.com)": (
        "If you subscribe to our magazine, we may sell or rent lists containing your postal address to third "
        "parties for advertising purposes.",
        None,
        {("Sell", "affirmed", "possible", ("PhysicalAddress",), ("Advertising",), ("ThirdParty",), (), "FirstParty")},
    ),
    "what the user gives a party a relative 'whom' stands for is not ours (PI-Extract, Instagram and Science)": (
        "Parties with whom you may choose to share your User Content: We are not responsible for Personal "
        "Information accessed by any person to whom you provide your username and password.",
        None,
        set(),
    ),
    "the user's choice not to provide data is no denial of ours (PI-Extract, amazon.com)": (
        "You can choose not to provide certain information, but then you might not be able to take advantage of many "
        "of our features. We ask that you not send us any sensitive personal information. You may provide us with "
        "your phone number.",
        None,
        {("Collect", "affirmed", "possible", ("TelephoneNumber",), (), (), (), "FirstParty")},
    ),
    "a party 'along with' or 'together with' the publisher acts too (OPP-115, 200)": (
        "We, along with third parties, may use other kinds of technologies, such as Flash cookies and HTML5 local "
        "storage. We, together with our service providers, collect your IP address.",
        None,
        {("Use", "affirmed", "possible", ("FlashCookie", "LocalStorage"), (), (), (), "FirstParty"),
         ("Use", "affirmed", "possible", ("FlashCookie", "LocalStorage"), (), (), (), "ThirdParty"),
         ("Collect", "affirmed", "definite", ("IPAddress",), (), (), (), "FirstParty"),
         ("Collect", "affirmed", "definite", ("IPAddress",), (), (), (), "DataProcessor")},
    ),
    "cookies a party uses act for that party, whatever their lemma (PI-Extract, Washington Post)": (
        "These third party advertising networks may use cookies to collect and track information such as "
        "demographic information and inferred interests.",
        None,
        {("Use", "affirmed", "possible", ("CookieIdentifier",), ("Advertising",), (), (), "AdvertisingNetwork"),
         ("Collect", "affirmed", "possible", ("Demographic", "Interest"), (), (), (), "AdvertisingNetwork")},
    ),
    "websites in general are not the publisher (OPP-115, 20 and 862)": (
        "Web Storage is a feature in some browsers that permits websites to store data within your browser. "
        "Most websites use cookies. Our websites collect your IP address.",
        None,
        {("Collect", "affirmed", "definite", ("IPAddress",), (), (), (), "FirstParty")},
    ),
    "a tool acts for whoever uses it (OPP-115, 207)": (
        "We allow analytics companies to use tracking technologies to collect information about our users' "
        "computers or mobile devices and their online activities.",
        None,
        {("Use", "affirmed", "definite", ("TrackingData",), ("ServiceUsageAnalytics",), (), (), "AnalyticsProvider"),
         ("Collect", "affirmed", "definite", ("UsageData",), (), (), (), "AnalyticsProvider")},
    ),
    "whoever does the passive act does its purpose too (OPP-115, tulsaworld.com)": (
        "Visits to our site are monitored to gather statistical information, including the number of visits to the site "
        "and the pages visited. Users are required to provide their email address.",
        None,
        {("Collect", "affirmed", "definite", ("DateTimeOfVisit", "PagesVisited"), (), (), (), "FirstParty"),
         ("Collect", "affirmed", "definite", ("EmailAddress",), (), (), (), "FirstParty")},
    ),
    "what the policy says it will tell is no practice (PI-Extract, FSD; OPP-115, 32)": (
        "This Privacy Policy describes how we collect, use and disclose information from and about you. How We Share the "
        "Information We Collect and Receive",
        None,
        set(),
    ),
    "a conjoined clause with a subject of its own is no part of the 'how' clause": (
        "How we share your data and we share your email address with advertisers.",
        None,
        {("Share", "affirmed", "definite", ("EmailAddress",), (), ("Advertiser",), (), "FirstParty")},
    ),
    "how the user does something is no concern of 'how'": (
        "We use cookies to see how you use our site and we share your email address with advertisers.",
        None,
        {("Use", "affirmed", "definite", ("CookieIdentifier",), (), (), (), "FirstParty"),
         ("Share", "affirmed", "definite", ("EmailAddress",), (), ("Advertiser",), (), "FirstParty")},
    ),
    "the kinds of information a fragment lists are collected (PI-Extract, Instagram)": (
        "Device information such as your hardware model, IP address, other unique device identifiers, operating system "
        "version, and settings of the device you use to access the Services.",
        None,
        {("Collect", "affirmed", "definite",
          ("DeviceIdentifier", "DeviceOperatingSystem", "DeviceSettings", "DeviceType", "IPAddress"), (), (), (), "FirstParty")},
    ),
    "what is uploaded to the server is collected (PI-Extract, Valve)": (
        "Information regarding your Steam account and your Internet connection is uploaded to the server.",
        None,
        {("Collect", "affirmed", "definite", ("ConnectionInformation",), (), (), (), "FirstParty")},
    ),
    "the kinds of information a policy lists are collected (PI-Extract, hulu.com)": (
        "Registration Information may include, for example, name, email address, gender, zip code, birthday, and phone "
        "number.",
        None,
        {("Collect", "affirmed", "possible", ("BirthDate", "EmailAddress", "Gender", "Name", "PostalCode", "TelephoneNumber"),
          ("ServiceRegistration",), (), (), "FirstParty")},
    ),
    "what information does not include is no practice": (
        "Personal information does not include aggregated data or your browser type.",
        None,
        set(),
    ),
    "what a thing that is no information includes is no data (OPP-115, 93)": (
        "This includes order confirmations, renewal notices, notices of credit card problems and other transactional "
        "e-mails.",
        None,
        set(),
    ),
    "what we save we store (PI-Extract, reddit.com)": (
        "When you are logged into your reddit account, we save the following information about your preferences: "
        "subscriptions, preferred language.",
        None,
        {("Store", "affirmed", "definite", ("CommunicationPreferences", "LanguagePreference", "Preference"), (), (), (),
          "FirstParty")},
    ),
    "merging and comparing lists use them (OPP-115, 105 and 1360)": (
        "We also compare our customer list to lists received from other companies. We may merge your information "
        "collected on the Site with similar data obtained from third parties.",
        None,
        {("Use", "affirmed", "definite", ("Contact",), (), (), (), "FirstParty"),
         ("Use", "affirmed", "possible", ("PersonalData",), (), (), (), "FirstParty")},
    ),
    "what we access we collect (PI-Extract, reddit.com)": (
        "We may also set and access device identifiers which could include IP address, user agent information, and "
        "device provided identifiers.",
        None,
        {("Collect", "affirmed", "possible", ("DeviceIdentifier", "IPAddress", "UserAgent"), (), (), (), "FirstParty")},
    ),
    "what the user or the staff can access is not collected": (
        "You can access and update your personal information at any time. Only authorized employees may access your "
        "personal information.",
        None,
        set(),
    ),
    "what the data listed was done to comes from the subject of 'include' (PI-Extract, Bank of America)": (
        "The collected information may include the number of page visits, pages viewed on our Sites, search engine "
        "referrals, browsing activities over time and across other sites following your visit to one of our Sites.",
        None,
        {("Collect", "affirmed", "possible", ("BrowsingBehavior", "BrowsingReferral", "PagesVisited"), (), (), (), "FirstParty")},
    ),
    "a participle after the subject of 'include' says what was done too": (
        "Personal information shared with our partners may include your name and email address.",
        None,
        {("Share", "affirmed", "possible", ("EmailAddress", "Name"), (), ("BusinessPartner",), (), "FirstParty")},
    ),
    "what is included in something else is no container of data: the merger transfers it (OPP-115, 1545)": (
        "If we become involved in a merger, the information collected from you through your use of the Sites may be "
        "included in the transferred assets.",
        None,
        {("Transfer", "affirmed", "possible", ("UsageData",), ("Merger",), (), (), "FirstParty")},
    ),
    "negation scopes over conjoined verbs": (
        "We DO NOT sell, trade or otherwise share your PII.",
        None,
        {("Sell", "negated", "definite", ("PersonalData",), (), (), (), "FirstParty"),
         ("Share", "negated", "definite", ("PersonalData",), (), (), (), "FirstParty")},
    ),
    "negation reaches verbs conjoined to a verb that is no action (OPP-115, jlab.org)": (
        "We do not give, sell, or transfer any personal information to a third party.",
        None,
        {("Sell", "negated", "definite", ("PersonalData",), (), (), (), "FirstParty"),
         ("Transfer", "negated", "definite", ("PersonalData",), (), ("ThirdParty",), (), "FirstParty")},
    ),
    "a conjoined clause with its own subject keeps its own polarity": (
        "We never rent your email address and we share it only with our vendors.",
        None,
        {("Sell", "negated", "definite", ("EmailAddress",), (), (), (), "FirstParty"),
         ("Share", "affirmed", "definite", ("EmailAddress",), (), ("DataProcessor",), (), "FirstParty")},
    ),
    "placing or recognising a cookie collects through it (OPP-115, washingtonian.com)": (
        "You also should be aware that our Web advertising partners may place or recognize a unique cookie on your browser.",
        None,
        {("Collect", "affirmed", "possible", ("CookieIdentifier",), ("Advertising",), (), (), "AdvertisingPartner")},
    ),
    "placing something that is no tracker collects nothing": (
        "You can place an order on our site.",
        None,
        set(),
    ),
    "a purpose caught in the clause describing the data serves the main verb (OPP-115, aol.com)": (
        "But we may share certain information we collect or receive with third parties to provide products and "
        "services you have requested.",
        None,
        {("Share", "affirmed", "possible", ("PersonalData",), ("RequestedServiceProvision", "ServiceProvision"),
          ("ThirdParty",), (), "FirstParty")},
    ),
    "the only sharing verb takes the purposes no verb governs (OPP-115, amazon.com)": (
        "We release account and other personal information when we believe release is appropriate to comply with the "
        "law; enforce or apply our Conditions of Use and other agreements; or protect the rights, property, or safety "
        "of our users or others.",
        None,
        {("Disclose", "affirmed", "definite", ("PersonalData",), ("LegalCompliance", "ProtectRights"), ("ThirdParty",),
          (), "FirstParty")},
    ),
    "plain 'data' is personal data, even when a purpose label covers it": (
        "We will not sell your data to anyone.",
        None,
        {("Sell", "negated", "definite", ("PersonalData",), ("SellDataToThirdParties",), (), (), "FirstParty")},
    ),
    "data included among the transferred assets": (
        "In such transactions, we may include your information among the transferred assets.",
        None,
        {("Transfer", "affirmed", "possible", ("PersonalData",), ("Merger",), (), (), "FirstParty")},
    ),
    "data counted among the assets transferred in a business transfer": (
        "In such transactions, customer information generally is one of the transferred business assets.",
        None,
        {("Transfer", "affirmed", "definite", ("PersonalData",), ("Merger",), (), (), "FirstParty")},
    ),
    "data among the items sold, in a long conditional sentence, passes to the buyer (OPP-115, instagram.com)": (
        "If we sell or otherwise transfer part or the whole of our company to another organization (e.g., in the course "
        "of a merger or bankruptcy), your information such as name and email address may be among the items sold or "
        "transferred.",
        None,
        {("Transfer", "affirmed", "possible", ("EmailAddress", "Name"), ("Merger",), (), (), "FirstParty")},
    ),
    "assets sold with the data in a merger are transferred, not sold as data; goods sold are no data (13k corpus)": (
        "We may sell, transfer or otherwise share some or all of our assets, including your Personal Information, in "
        "connection with a merger, acquisition, reorganization or sale of assets. RA sells tickets for events on behalf "
        "of venues. As we sell products, it's important for us to understand how many visitors make a purchase, and this "
        "is the kind of data that these cookies will track. As we continue to develop our business, we may sell, buy, "
        "merge or partner with other companies or businesses.",
        None,
        {("Transfer", "affirmed", "possible", ("PersonalData",), ("Merger",), (), (), "FirstParty"),
         ("Transfer", "affirmed", "possible", ("PersonalData",), (), (), (), "FirstParty"),
         ("Share", "affirmed", "possible", ("PersonalData",), (), (), (), "FirstParty")},
    ),
    "services sold, and products sold by a verb conjoined to the one that takes them, are no data (13k corpus)": (
        "These third party sources have included: Partners with which we offer co-branded services, sell or "
        "distribute our products, or engage in joint marketing activities. Companies that sell services based on how "
        "many sites get reviews are explicitly forbidden from scraping our site.",
        None,
        set(),
    ),
    "trading under a name or a licence to act sells nothing; data licensed or rented from others is obtained": (
        "We trade under three brand names: Alpha, Beta and Gamma. Orders are delivered by independent third parties "
        "who are licensed to operate as couriers. We license data from third parties. We may rent mailing lists from other "
        "organizations.",
        None,
        {("Collect", "affirmed", "definite", ("PersonalData",), (), (), (), "FirstParty"),
         ("Collect", "affirmed", "possible", ("Contact",), ("DirectMarketing",), (), (), "FirstParty")},
    ),
    "goods a relative clause sells, a business group or all of its assets sold, and licensed stores sell no data": (
        "Please keep secure the property we sell. We may request reviews of our web site or products that we sell. "
        "We may disclose your information if we sell the group or any part of the group. If all, or substantially "
        "all, of the assets of the company are sold to a third party, we may transfer the information on our "
        "customer file to the third party. Personal information released to our licensed stores is subject to "
        "their own policies.",
        None,
        {("Collect", "affirmed", "possible", ("UserGeneratedContent",), (), (), (), "FirstParty"),
         ("Disclose", "affirmed", "possible", ("PersonalData",), (), (), (), "FirstParty"),
         ("Transfer", "affirmed", "definite", ("PersonalData",), (), ("ThirdParty",), (), "FirstParty"),
         ("Transfer", "affirmed", "possible", ("PersonalData",), ("Merger",), ("ThirdParty",), (), "FirstParty")},
    ),
    "a denial holds across a verb written with re- (13k corpus)": (
        "In particular, we do not re-distribute or sell personal information collected on our web servers.",
        None,
        {("Disclose", "negated", "definite", ("PersonalData",), ("SellDataToThirdParties",), (), (), "FirstParty"),
         ("Sell", "negated", "definite", ("PersonalData",), (), (), (), "FirstParty")},
    ),
    "publishing what the user submits discloses it": (
        "If you choose to submit a review, we may publish your name and screen name.",
        None,
        {("Disclose", "affirmed", "possible", ("Name", "Username"), (), (), (), "FirstParty")},
    ),
    "passive with a list, two verbs, recipient in a purpose clause": (
        "Personal payment information such as Credit Card numbers, bank account information, name, email address "
        "and phone number is routinely collected and passed on to authorized payment processors in order to make "
        "payments sanctioned by Plimus Customers.",
        PLIMUS,
        {("Collect", "affirmed", "definite",
          ("BankAccount", "CreditCardNumber", "EmailAddress", "Name", "PaymentInformation", "TelephoneNumber"),
          (), (), (), "FirstParty"),
         ("Disclose", "affirmed", "definite",
          ("BankAccount", "CreditCardNumber", "EmailAddress", "Name", "PaymentInformation", "TelephoneNumber"),
          (), ("PaymentProcessor",), (), "FirstParty")},
    ),
    "'no ... is' negation with purpose and recipient": (
        "However, no personal information is distributed to third parties for direct marketing or solicitation purposes.",
        None,
        {("Disclose", "negated", "definite", ("PersonalData",), ("DirectMarketing",), ("ThirdParty",), (), "FirstParty")},
    ),
    "'this information' refers to the sentence before": (
        "We collect your email address when you subscribe. We use this information to send you newsletters.",
        None,
        {("Collect", "affirmed", "definite", ("EmailAddress",), (), (), (), "FirstParty"),
         ("Use", "affirmed", "definite", ("EmailAddress",), ("Newsletter",), (), (), "FirstParty")},
    ),
    "'they' is the third party named before": (
        "These third-party websites and advertisers sometimes use technology to send the advertisements that appear "
        "on our website directly to your browser. They automatically receive your IP address when this happens.",
        None,
        {("Collect", "affirmed", "definite", ("IPAddress",), (), (), (), "Advertiser")},
    ),
    "examples after 'such as' belong to the collected information, not the when-clause": (
        "We may also collect certain non-personally identifiable information when you visit our web pages or use our "
        "applications, such as the type of browser and operating system you are using, your IP address.",
        None,
        {("Collect", "affirmed", "possible", ("IPAddress", "UserAgent"), (), (), (), "FirstParty")},
    ),
    "an exception to a denial is an affirmed practice; the denial keeps only what it denies": (
        "Plimus, Inc. will not share data with any third party entity or individual, except usage information to our "
        "vendors as specified in each software license agreement.",
        PLIMUS,
        {("Share", "affirmed", "definite", ("UsageData",), (), ("DataProcessor",), (), "FirstParty"),
         ("Share", "negated", "definite", ("PersonalData",), (), ("ThirdParty",), (), "FirstParty")},
    ),
    "what the user does in a condition is no practice": (
        "If you are concerned about receiving cookies from websites, you can set your browser to disable this "
        "feature or to notify you when they are sent.",
        None,
        set(),
    ),
    "the company's own act in a clause that says when is a practice; 'if' makes it possible (OPP-115, disinfo.com; PI-Extract)": (
        "Whenever we obtain your Personal Information, we use commercially reasonable efforts to protect it. "
        "If we receive any information about you from other sources, we may add it to our account information.",
        None,
        {("Collect", "affirmed", "definite", ("PersonalData",), (), (), (), "FirstParty"),
         ("Collect", "affirmed", "possible", ("PersonalData",), (), (), (), "FirstParty")},
    ),
    "data named only as non-personal is no personal data, and 'it' refers to it (OPP-115, google.com; meredith.com)": (
        "We may share aggregated, non-personally identifiable information publicly and with our partners. "
        "We may use aggregated information or other anonymous information and disclose it to third parties as we "
        "deem appropriate.",
        None,
        {("Share", "affirmed", "possible", ("NonPersonalData",), (), ("BusinessPartner", "PublicDisclosure"), (), "FirstParty"),
         ("Use", "affirmed", "possible", ("AggregatedData", "AnonymisedData"), (), (), (), "FirstParty"),
         ("Disclose", "affirmed", "possible", ("AggregatedData", "AnonymisedData"), (), ("ThirdParty",), (), "FirstParty")},
    ),
    "a participle the parser makes a verb of the noun after it is no act; beside personal data, aggregate data drops": (
        "We collect your name and aggregated information. We have collected and shared information with partners.",
        None,
        {("Collect", "affirmed", "definite", ("Name",), (), (), (), "FirstParty"),
         ("Collect", "affirmed", "definite", ("PersonalData",), (), (), (), "FirstParty"),
         ("Share", "affirmed", "definite", ("PersonalData",), (), ("BusinessPartner",), (), "FirstParty")},
    ),
    "what the company urges the user to do is the user's act, a second infinitive too (OPP-115, jibjab.com)": (
        "We urge you to keep your username, password, and other account access information in a safe place and not "
        "to divulge it to anyone.",
        None,
        set(),
    ),
    "data received from a social network the user connects is social media data (OPP-115, aol.com; washingtonpost.com)": (
        "Also, we receive information about you when you choose to connect with social networking services while "
        "using our Services. We may not collect personally identifiable information from you through these social "
        "media platforms. We also collect information about you from advertisers.",
        None,
        {("Collect", "affirmed", "definite", ("SocialMedia",), ("SocialSharing",), (), (), "FirstParty"),
         ("Collect", "negated", "possible", ("SocialMedia",), ("SocialSharing",), (), (), "FirstParty"),
         ("Collect", "affirmed", "definite", ("PersonalData",), (), (), (), "FirstParty")},
    ),
    "who does what the user consents to is the word before the gerund; delivery of email is no delivery of goods (OPP-115, cincymuseum.org)": (
        "By subscribing to our email newsletter, you consent to us providing your email to our third-party email "
        "provider to facilitate the delivery of email.",
        None,
        {("Disclose", "affirmed", "definite", ("EmailAddress",), ("Newsletter",), ("ThirdParty",), (), "FirstParty")},
    ),
    "'these features' are the social media features just named, a third party (OPP-115, allstate.com; 99 bulk policies)": (
        "Our Web site includes Social Media Features, such as the Facebook Like button. These Features may collect "
        "your IP address and may set a cookie to enable the Feature to function properly.",
        None,
        {("Collect", "affirmed", "possible", ("IPAddress",), ("AdditionalServiceFeature",), (), (), "SocialNetwork"),
         ("Collect", "affirmed", "possible", ("CookieIdentifier",), ("AdditionalServiceFeature",), (), (), "SocialNetwork")},
    ),
    "what the data 'does not include' is not acted on (OPP-115, enthusiastnetwork.com)": (
        "We use third-party advertising companies to serve ads when you visit our Web site. These companies may use "
        "the information outlined above (which does not include your name, address, email address or telephone "
        "number) about your visits to our sites in order to provide advertisements.",
        None,
        {("Disclose", "affirmed", "definite", ("PersonalData",), ("AdServing", "Advertising"), ("AdvertisingPartner",), (),
          "FirstParty"),
         ("Use", "affirmed", "possible", ("UsageData",), ("AdServing",), (), (), "AdvertisingPartner"),
         ("Use", "negated", "possible", ("EmailAddress", "Name", "PhysicalAddress", "TelephoneNumber"), ("AdServing",), (), (),
          "AdvertisingPartner")},
    ),
    "data sent encrypted to no one named is no disclosure; sent to a company, it is (OPP-115, buffalowildwings.com; sciencemag.org)": (
        "When you do place an order, your address and credit card information is transmitted using industry standard "
        "encryption technology called secure socket layers (SSL). Of course, we securely transmit the entire credit "
        "card number to the appropriate credit card service company during order processing.",
        None,
        {("Transfer", "affirmed", "definite", ("CreditCardNumber",), ("CustomerOrderManagement",), (), (), "FirstParty")},
    ),
    "'in the event that' opens a condition; the age in 'children under the age of 13' is no data (OPP-115, instagram.com)": (
        "In the event that we learn that we have collected personal information from a child under age 13 without "
        "parental consent, we will delete that information as quickly as possible. We do not knowingly collect "
        "personal information from children under the age of 13. Nor do we collect it from users under 13 years "
        "of age.",
        None,
        {("Collect", "negated", "definite", ("PersonalData",), (), (), (), "FirstParty")},
    ),
    "'nor' and 'neither' negate (PI-Extract)": (
        "Nor do we collect your email address. We neither sell nor rent your phone number.",
        None,
        {("Collect", "negated", "definite", ("EmailAddress",), (), (), (), "FirstParty"),
         ("Sell", "negated", "definite", ("TelephoneNumber",), (), (), (), "FirstParty")},
    ),
    "what a practice says it leaves out is denied (OPP-115, fredericknewspost.com, gamestop.com)": (
        "We use third-party advertising companies to serve ads. These companies may use aggregated information (not "
        "including your name, address, email address or telephone number) about your visits to this and other "
        "Websites. We collect your zip code but not your street address.",
        None,
        {("Disclose", "affirmed", "definite", ("PersonalData",), ("AdServing", "Advertising"), ("AdvertisingPartner",), (),
          "FirstParty"),
         ("Use", "affirmed", "possible", ("BrowsingBehavior",), (), (), (), "AdvertisingPartner"),
         ("Use", "negated", "possible", ("EmailAddress", "Name", "PhysicalAddress", "TelephoneNumber"), (), (), (),
          "AdvertisingPartner"),
         ("Collect", "affirmed", "definite", ("PostalCode",), (), (), (), "FirstParty"),
         ("Collect", "negated", "definite", ("PhysicalAddress",), (), (), (), "FirstParty")},
    ),
    "displaying the user's data discloses it; displaying ads based on it does not (PI-Extract, google.com)": (
        "We may display your username and comments to other users. We display ads to you based on your interests.",
        None,
        {("Disclose", "affirmed", "possible", ("UserGeneratedContent", "Username"), (), ("OtherUsers",), (), "FirstParty")},
    ),
    "associating data with an account uses it; 'is associated with' describes (PI-Extract, reddit.com; OPP-115)": (
        "We do not associate your device's unique advertising identifier with your user account. An IP address is "
        "associated with the access point through which you enter the Internet.",
        None,
        {("Use", "negated", "definite", ("AdvertisingIdentifier",), ("Advertising",), (), (), "FirstParty")},
    ),
    "an act further down a conditional clause, or one that 'unless' opens, is no practice": (
        "If we learn that we have collected personal information from a child under 13, we will delete it. "
        "Unless we share your email address with partners, they cannot contact you.",
        None,
        set(),
    ),
    "a sentence about a law is no practice": (
        "The CAN-SPAM Act is a law that sets the rules for commercial email, establishes requirements for commercial "
        "messages, gives recipients the right to have emails stopped from being sent to them.",
        None,
        set(),
    ),
    "children as data subjects of a denial": (
        "We do not knowingly collect information about children or sell products to children.",
        None,
        {("Collect", "negated", "definite", ("PersonalData",), (), (), (), "FirstParty")},
    ),
    "named recipients and modality": (
        "We may share your email address with Google Analytics and DoubleClick to measure traffic.",
        None,
        {("Share", "affirmed", "possible", ("EmailAddress",), ("ServiceUsageAnalytics",), (),
          ("DoubleClick", "Google Analytics"), "FirstParty")},
    ),
    "'but not' excludes what follows": (
        "Information about your visit to their site, such as number of times you have viewed an ad (but not your "
        "name, address or other personal information), is collected.",
        None,
        {("Collect", "affirmed", "definite", ("UsageData",), ("Advertising",), (), (), "FirstParty")},
    ),
    "'without limitation' excludes nothing (PI-Extract, sciencemag.org)": (
        "Moreover, there is information about your computer hardware and software that we collect. This information "
        "can include, without limitation, your IP address, browser type, domain names and access times.",
        None,
        {("Collect", "affirmed", "definite", ("DeviceBased",), (), (), (), "FirstParty"),
         ("Collect", "affirmed", "definite", ("DateTimeOfVisit", "HostName", "IPAddress", "UserAgent"), (), (), (),
          "FirstParty")},
    ),
    "data 'kept private' is a security statement, not a practice (OPP-115, jibjab.com)": (
        "JibJab takes precautions to ensure that user account information is kept private. Your data is kept for "
        "as long as your account is active.",
        None,
        {("Store", "affirmed", "definite", ("PersonalData",), (), (), (), "FirstParty")},
    ),
    "a party given access to data is its recipient (OPP-115, jibjab.com)": (
        "For example, if you purchase a product from the JibJab online store, we use a third-party vendor to pack and "
        "ship your order. Our fulfillment vendor will be given access to your full name and shipping address solely for "
        "the purpose of shipping your order.",
        None,
        {("Disclose", "affirmed", "definite", ("PersonalData",), ("DeliveryOfGoods",), ("DataProcessor", "ThirdParty"), (),
          "FirstParty"),
         ("Disclose", "affirmed", "definite", ("Name", "ShippingAddress"), ("DeliveryOfGoods",), ("DataProcessor",), (),
          "FirstParty")},
    ),
    "advertisers without access to cookies receive none (OPP-115, yahoo.com)": (
        "Advertisers or other companies do not have access to our cookies.",
        None,
        {("Disclose", "negated", "definite", ("CookieIdentifier",), (), ("Advertiser", "ThirdParty"), (), "FirstParty")},
    ),
    "access the user lets others have is no disclosure by us (bulk corpus, a social network's policy)": (
        "If you share or otherwise allow others to have access to your account, they will be able to see your email "
        "address. You may grant third-party applications access to your profile information.",
        None,
        set(),
    ),
    "our own access, and our employees', discloses nothing": (
        "These banner ads are served by the advertising company and we do not have access to this information. Only "
        "authorized employees have access to your personal information.",
        None,
        set(),
    ),
    "an abbreviation no list knows is the publisher's own (PI-Extract, pbs.org)": (
        "If a visitor chooses to make a donation, PBS will collect your telephone number and e-mail address.",
        None,
        {("Collect", "affirmed", "definite", ("EmailAddress", "TelephoneNumber"), (), (), (), "FirstParty")},
    ),
    "'make ... available to' across a long object (OPP-115, a sports publisher)": (
        "FSD may make your information we collect from and about you available to certain third party service "
        "providers, such as contractors, agents or sponsors.",
        None,
        {("Disclose", "affirmed", "possible", ("PersonalData",), (), ("Contractor", "DataProcessor", "Sponsor"), (),
          "FirstParty"),
         ("Collect", "affirmed", "definite", ("PersonalData",), (), (), (), "FirstParty")},
    ),
    "the publisher's alias without its article is the publisher (OPP-115, fredericknewspost.com)": (
        "The News-Post employs cookies in circumstances that require session data or require user verification.",
        PolicyMetadata(company="Randall Family, LLC", aliases=("The News-Post",)),
        {("Use", "affirmed", "definite", ("CookieIdentifier", "UsageData"), ("Verification",), (), (), "FirstParty")},
    ),
    "the site's name, however written, is the publisher (OPP-115, tulsaworld.com)": (
        "Tulsaworld.com collects your e-mail address when you register. The Tulsa World may share it with advertisers.",
        PolicyMetadata(company="NewsRight, LLC", url="https://www.tulsaworld.com/privacy"),
        {("Collect", "affirmed", "definite", ("EmailAddress",), (), (), (), "FirstParty"),
         ("Share", "affirmed", "possible", ("EmailAddress",), (), ("Advertiser",), (), "FirstParty")},
    ),
    "data among 'the transferred and shared business assets' passes to the buyer (PI-Extract, amazon.com)": (
        "In such transactions, customer information generally is one of the transferred and shared business assets.",
        None,
        {("Transfer", "affirmed", "definite", ("PersonalData",), ("Merger",), (), (), "FirstParty")},
    ),
    "a survey is where data is given, not survey data (OPP-115, nbcuniversal.com)": (
        "Directly from you, when you provide it to us: for example, when you register with us or respond to surveys. "
        "We collect your survey responses.",
        None,
        {("Collect", "affirmed", "definite", ("SurveyData",), ("Surveys",), (), (), "FirstParty")},
    ),
    "content that becomes available to the public is disclosed to it (OPP-115, instagram.com)": (
        "Any information or content that you voluntarily disclose for posting to the Service becomes available to the "
        "public.",
        None,
        {("Collect", "affirmed", "definite", ("UserGeneratedContent",), (), (), (), "FirstParty"),
         ("Disclose", "affirmed", "definite", ("UserGeneratedContent",), (), ("PublicDisclosure",), (), "FirstParty")},
    ),
    "a profile other users may view, and one they no longer see (OPP-115, reddit.com)": (
        "Your profile information may be viewed by other users. When you delete your account, your public profile is "
        "no longer visible to other users.",
        None,
        {("Disclose", "affirmed", "possible", ("IndividualProfile",), (), ("OtherUsers",), (), "FirstParty"),
         ("Disclose", "negated", "definite", ("IndividualProfile",), (), ("OtherUsers",), (), "FirstParty")},
    ),
    "data from sources that are publicly available is not made public": (
        "We may obtain information about you from sources which are publicly available.",
        None,
        {("Collect", "affirmed", "possible", ("PersonalData",), (), (), (), "FirstParty")},
    ),
    "conforming with the law and responding to claims are legal purposes (OPP-115, a publisher's policy)": (
        "We may disclose personal information to conform with the law, respond to claims, or if we believe in good "
        "faith that the law requires it.",
        None,
        {("Disclose", "affirmed", "possible", ("PersonalData",), ("DisputeManagement", "LegalCompliance"), (), (),
          "FirstParty")},
    ),
    "how the user interacts, the areas visited and the time spent are usage data (OPP-115 phrasings)": (
        "We automatically collect information about how you interact with our site, the areas of our site you visit "
        "and the amount of time you spend there.",
        None,
        {("Collect", "affirmed", "definite", ("DateTimeOfVisit", "PagesVisited", "UsageData"), (), (), (), "FirstParty")},
    ),
    "traffic patterns, user behavior, click-throughs and the page visited are usage data (OPP-115 phrasings)": (
        "We record traffic patterns, user behavior and click-throughs, and which page you are visiting on our site.",
        None,
        {("Collect", "affirmed", "definite", ("LinkClicked", "PagesVisited", "UsageData"), ("ServiceUsageAnalytics",), (), (),
          "FirstParty")},
    ),
    "acting 'in accordance with applicable laws' is no legal purpose; disclosing 'when required to do so' is (OPP-115)": (
        "We use any information we collect from you in accordance with applicable laws. We may disclose your "
        "information when required to do so by law.",
        None,
        {("Use", "affirmed", "definite", ("PersonalData",), (), (), (), "FirstParty"),
         ("Disclose", "affirmed", "possible", ("PersonalData",), ("LegalCompliance",), (), (), "FirstParty")},
    ),
    # Issue 3, purposes.
    "a generic object passes to the conjoined verb (OPP-115, medianews.com)": (
        "We may disclose and use the information collected where required to do so by law.",
        None,
        {("Disclose", "affirmed", "possible", ("PersonalData",), ("LegalCompliance",), (), (), "FirstParty"),
         ("Use", "affirmed", "possible", ("PersonalData",), ("LegalCompliance",), (), (), "FirstParty")},
    ),
    "'provide you with' in a purpose clause is not a disclosure": (
        "We use your email address to provide you with customer support.",
        None,
        {("Use", "affirmed", "definite", ("EmailAddress",), ("CustomerCare",), (), (), "FirstParty")},
    ),
    "a bare verb is a purpose only in a purpose clause": (
        "We collect, use and protect your email address.",
        None,
        {("Collect", "affirmed", "definite", ("EmailAddress",), (), (), (), "FirstParty"),
         ("Use", "affirmed", "definite", ("EmailAddress",), (), (), (), "FirstParty")},
    ),
    "'X allows us to' is a use of X for that purpose": (
        "Cookies allow us to remember your preferences and measure traffic.",
        None,
        {("Use", "affirmed", "definite", ("CookieIdentifier",), ("ServicePersonalisation", "ServiceUsageAnalytics"),
          (), (), "FirstParty")},
    ),
    "'this information helps us' refers to the data just named": (
        "We collect your IP address and browser type. This information helps us improve our services and measure traffic.",
        None,
        {("Collect", "affirmed", "definite", ("IPAddress", "UserAgent"), (), (), (), "FirstParty"),
         ("Use", "affirmed", "definite", ("IPAddress", "UserAgent"), ("ServiceOptimisation", "ServiceUsageAnalytics"),
          (), (), "FirstParty")},
    ),
    "a list that lost its markers keeps its lead-in (OPP-115, nbcuniversal.com)": (
        "We may use the information we collect from you to:\n\nrespond to your inquiries, requests, and comments;\n\n"
        "improve our online services; and\n\nsend you newsletters.",
        None,
        {("Use", "affirmed", "possible", ("PersonalData",), (), (), (), "FirstParty"),
         ("Use", "affirmed", "possible", ("PersonalData",), ("CommunicationForCustomerCare",), (), (), "FirstParty"),
         ("Use", "affirmed", "possible", ("PersonalData",), ("ServiceOptimisation",), (), (), "FirstParty"),
         ("Use", "affirmed", "possible", ("PersonalData",), ("Newsletter",), (), (), "FirstParty")},
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_hard_sentence(name):
    text, metadata, expected = CASES[name]
    assert _signatures(text, metadata) == expected


def test_children_are_the_data_subjects():
    document = read_text("We do not knowingly collect information about children under 13.", source="s.txt")
    (practice,) = PracticeExtractor()(document, split_sentences(document))
    assert _short(practice.data_subjects) == ("Child",)


def test_list_items_complete_a_purpose_lead_in():
    text = "We collect your email address to:\n\n- Process orders and send updates about them;\n- Respond to inquiries."
    document = read_text(text, source="list.md", media_type="text/markdown")
    practices = PracticeExtractor()(document, split_sentences(document))
    purposes = {p for practice in practices if "EmailAddress" in _short(practice.data_types) for p in _short(practice.purposes)}
    assert {"CustomerOrderManagement", "CommunicationForCustomerCare"} <= purposes


def test_a_lead_in_to_what_the_user_can_restrict_lists_no_practices():
    # Discord (Open Terms Archive)
    text = (
        "This is also where you can restrict certain types of processing of your information:\n\n"
        "- Restrict our ability to personalize Discord for you.\n- Restrict use of your data for analytics.\n"
    )
    document = read_text(text, source="discord.md", media_type="text/markdown")
    assert PracticeExtractor()(document, split_sentences(document)) == ()


def test_whether_or_not_in_a_lead_in_is_no_denial():
    # Miniclip (13k corpus)
    text = "Data we may collect when you use our Services (whether or not you register with us):\n\n- data about your device type and IP address.\n"
    document = read_text(text, source="list.md", media_type="text/markdown")
    practices = PracticeExtractor()(document, split_sentences(document))
    assert {(_short(p.data_types), p.polarity.value) for p in practices} == {(("DeviceType", "IPAddress"), "affirmed")}


def test_an_empty_list_after_a_colon_invents_nothing():
    text = "Generally, we collect personal information for the following purposes:\n\nHow we protect your data\n\nWe use SSL."
    document = read_text(text, source="empty.txt")
    practices = PracticeExtractor()(document, split_sentences(document))
    assert all(not p.purposes for p in practices)

def test_an_item_under_a_heading_keeps_its_own_denial_and_a_rights_lead_in_lists_no_practices():
    # Google's policy (OTA versions) and a GDPR rights list (OTA versions, Zoom).
    text = (
        "## We use data to build better services\n\nDepending on your settings, we may show you ads.\n\n"
        "* We don’t show you personalised ads based on your content from Drive, Gmail or Photos.\n"
        "* We show you personalised ads based on your search history.\n\n"
        "Your rights in relation to your personal data processed by us specifically include:\n\n"
        "* Right to rectification: You have the right to require us to correct any inaccurate personal data;\n"
    )
    document = read_text(text, source="google.md")
    practices = PracticeExtractor()(document, split_sentences(document))
    found = {(_short(p.data_types), p.polarity.value, p.rule) for p in practices if p.rule != "verb-object"}
    assert found == {
        (("Picture", "UserGeneratedContent"), "negated", "heading-context"),
        (("SearchQueries",), "affirmed", "heading-context"),
    }


def test_a_heading_about_using_the_site_or_a_disclaimer_under_a_heading_gives_no_practice():
    # CuisinArt Resort (13k corpus) and Military.com (OPP-115).
    text = (
        "## PLEASE READ THESE TERMS CAREFULLY BEFORE USING THIS WEBSITE\n\n"
        "For your protection, our e-mail responses to you will not include any confidential information.\n\n"
        "## Disclosure of Information to Others\n\n"
        "We are not responsible for the retention, use or privacy of profile information in the instance of other "
        "members who have accessed your profile.\n\n"
        "## How we use your information\n\nFor marketing and advertising purposes.\n"
    )
    document = read_text(text, source="terms.md")
    practices = PracticeExtractor()(document, split_sentences(document))
    assert {(_short(p.actions), p.polarity.value, p.rule) for p in practices} == {(("Use",), "affirmed", "heading-context")}


def test_a_title_run_into_a_paragraph_takes_no_action_from_the_sentence_before_and_sent_email_is_a_message():
    # GasBuddy (13k corpus): the section title has no line of its own.
    text = (
        "Email sent to or through the Service may not be secure. We collect the information you send to us via email. "
        "Accessing, Changing and Managing Your Information. You may change the information you provide."
    )
    document = read_text(text, source="gasbuddy.txt")
    practices = PracticeExtractor()(document, split_sentences(document))
    assert [document.text[p.evidence.start : p.evidence.end][:10] for p in practices] == ["We collect"]


def test_a_name_a_software_licence_or_a_shop_in_a_heading_is_no_action():
    # The Trade Desk, Bluestacks and Codemasters (13k corpus): "Trade", "Licensed" and "Store" name things there.
    text = (
        "## The Trade Desk follows the Digital Advertising Alliance\n\nIn connection with our processing of personal "
        "data from the EU, The Trade Desk complies with the EU-U.S. Privacy Shield Framework.\n\n## Licensed Software"
        "\n\nIt is licensed to You for copying Android apps from your device, such as photos and videos.\n\n"
        "## Applications downloaded through the Apple Store\n\nPhotos and videos.\n"
    )
    document = read_text(text, source="tradedesk.md")
    assert PracticeExtractor()(document, split_sentences(document)) == ()


def test_email_as_the_channel_of_an_item_is_no_email_address():
    # Red Cross Canada (13k corpus) and Military.com (OPP-115): items whose action comes from around them.
    text = (
        "For questions about the collection of your personal information, contact us:\n\n"
        "* Donors: email wecare@example.org\n* Clients: contact the Director.\n\n"
        "We may sell such information in a transaction. You will be notified of the sale of our business by email.\n\n"
        "We collect the following:\n\n* your email\n"
    )
    document = read_text(text, source="items.md")
    practices = PracticeExtractor()(document, split_sentences(document))
    quotes = [document.text[p.evidence.start : p.evidence.end] for p in practices if any(t.endswith("EmailAddress") for t in p.data_types)]
    assert quotes == ["your email"]


def test_items_of_a_list_take_what_their_lead_in_says_of_them():
    # OTA versions (Digital Science, PMI, O'Reilly, Outbrain) and OPP-115 (allstate.com).
    text = (
        "We do not generally disclose or share personal data with third parties, except where it is necessary for "
        "legitimate business reasons, such as:\n\n* if required by law or ordered by a court;\n"
        "* with our service providers.\n\n"
        "We will not disclose your information to any third party unless such action is necessary to:\n\n"
        "* comply with a legal procedure;\n\n"
        "We may share your information with:\n\n* our affiliates;\n* advertisers.\n\n"
        "You have the right to:\n\n* opt out from our using it for direct marketing; and\n"
        "* ask us to delete your email address.\n\n"
        "## Information We Collect\n\n* You can find out more about how we use sensitive information below.\n"
        "* This may include your approximate and non-precise location.\n"
    )
    document = read_text(text, source="items.md")
    practices = PracticeExtractor()(document, split_sentences(document))
    items = {
        (_short(p.actions)[0], p.polarity.value, _short(p.data_types), _short(p.purposes), _short(p.recipients))
        for p in practices if p.rule == "list-lead-in" or p.rule == "heading-context"
    }
    assert items == {
        ("Disclose", "affirmed", ("PersonalData",), ("LegalCompliance",), ("Court",)),
        ("Disclose", "affirmed", ("PersonalData",), ("LegalCompliance",), ()),
        ("Disclose", "affirmed", ("PersonalData",), (), ("DataProcessor",)),
        ("Share", "affirmed", ("PersonalData",), (), ("Affiliate",)),
        ("Share", "affirmed", ("PersonalData",), (), ("Advertiser",)),
    }


def test_what_the_acted_on_data_includes_takes_its_verb_however_the_list_is_parsed():
    # PI-Extract (amazon.com): the parser makes "includes" a clause of "clickstream", far down the list.
    text = (
        "The information we receive or can determine from your interaction with our Websites includes your Internet "
        "(IP) address; login and password information; email address; web browser type and version; operating "
        "system and computer platform; purchase history, which we may aggregate with similar information from other "
        "customers; the full Uniform Resource Locator (URL) clickstream to, through, and from our Websites, including "
        "date and time; one or more unique identifiers; products you viewed or searched for; areas of our Websites "
        "you visited; and the phone number you used to call our toll - free number."
    )
    document = read_text(text, source="s.txt")
    collected = {
        t for p in PracticeExtractor()(document, split_sentences(document)) if "Collect" in _short(p.actions)
        for t in _short(p.data_types)
    }
    assert {"IPAddress", "EmailAddress", "UserAgent", "DeviceOperatingSystem"} <= collected



def test_every_rule_has_a_description_and_an_example_that_yields_a_practice():
    for name, (description, example) in RULES.items():
        assert description and example, name
    document = read_text(RULES["verb-object"][1], source="rule.txt")
    assert PracticeExtractor()(document, split_sentences(document))[0].rule == "verb-object"


def test_evidence_and_mention_spans_lie_in_the_text():
    text = "We collect your name and email address. We never sell them."
    document = read_text(text, source="s.txt")
    for practice in PracticeExtractor()(document, split_sentences(document)):
        assert 0 <= practice.evidence.start < practice.evidence.end <= len(document.text)
        for span in practice.data_type_spans:
            assert practice.evidence.start <= span.start < span.end <= practice.evidence.end


def test_items_of_a_flattened_list_take_the_lead_in_and_are_not_parsed():
    text = "We use your email address to:\n\nrespond to your inquiries;\n\nimprove our online services."
    document = read_text(text, source="flat.txt")
    extractor = PracticeExtractor()
    practices = extractor(document, split_sentences(document))
    items = [p for p in practices if p.rule == "list-lead-in"]
    assert {_short(p.purposes) for p in items} == {("CommunicationForCustomerCare",), ("ServiceOptimisation",)}
    assert all(_short(p.data_types) == ("EmailAddress",) for p in items)


def test_not_limited_to_neither_negates_a_lead_in_nor_turns_it_into_a_purpose_lead_in():
    # OPP-115: a lead-in ending "including but not limited to:" and list items each in a block of their own.
    text = (
        "We may collect certain information automatically when you use our Services, including but not limited to:\n\n"
        "Web pages, content and advertisements you view and links you click on while navigating within our Services;\n\n"
        "Your device type, screen size, browser type, language, plug-ins, Internet domain, TCP configuration parameters, "
        "operating system and versions of installed software;"
    )
    practices, _ = _practices(text)
    items = [p for p in practices if p.rule == "list-lead-in"]
    assert len(items) == 2 and all(p.polarity.value == "affirmed" for p in items)
    assert {"LinkClicked", "UserAgent"} <= {t for p in items for t in _short(p.data_types)}


def test_the_user_required_to_provide_data_is_collection_by_us():
    practices, _ = _practices("In doing so, you will be required to provide your email address and occupation.")
    assert {(p.rule, _short(p.actions), _short(p.data_types), _short([p.actor])) for p in practices} == {
        ("user-provides", ("Collect",), ("EmailAddress", "Job"), ("FirstParty",))
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Emails as messages or as the channel are not email addresses.
        ("In addition, we may also use clear gifs in HTML-based emails sent to our users to track which emails are "
         "opened by recipients.", {("TrackingPixelData",)}),
        ("Should such an event occur, we will use reasonable measures to notify you, either through e-mail and/or a "
         "prominent notice on the Sites.", set()),
        # A bare "email" beside other data is the address.
        ("We collect your name and email when you register.", {("EmailAddress", "Name")}),
    ],
)
def test_email_as_message_or_channel_is_no_email_address(text, expected):
    practices, _ = _practices(text)
    assert {_short(p.data_types) for p in practices} == expected


def test_a_list_item_ending_with_a_colon_leads_in_the_items_after_it():
    # OPP-115: the lead-in is itself an item of an outer list, and an item runs over two sentences.
    text = (
        "- Personal Information. We use the Personal Information we collect from you in a variety of ways, including:\n\n"
        "Sending marketing and promotional e-mails to users. We may send you an email about a product sold by a third party;\n\n"
        "Processing your registration with the Site, such as verifying that your e-mail address is active and valid;\n\n"
        "Responding to your questions or other requests."
    )
    document = read_text(text, source="nested.md", media_type="text/markdown")
    practices = PracticeExtractor()(document, split_sentences(document))
    items = {(_short(p.data_types), _short(p.purposes)) for p in practices if p.rule == "list-lead-in"}
    assert items == {
        (("PersonalData",), ("DirectMarketing", "Marketing")),
        (("EmailAddress",), ("ServiceRegistration",)),
        (("PersonalData",), ("CommunicationForCustomerCare",)),
    }


def test_an_item_that_takes_its_data_from_the_lead_in_is_its_own_evidence():
    # OPP-115 annotates the purpose in the item's segment, not in the lead-in's.
    text = "We use the information we collect to:\n\nProvide the services you request and improve these services;\n\n" \
        "Detect, investigate and prevent activities that may violate our policies or be illegal."
    practices, document = _practices(text)
    items = [p for p in practices if p.rule == "list-lead-in"]
    assert {p.evidence.quote(document.text) for p in items} == {
        "Provide the services you request and improve these services;",
        "Detect, investigate and prevent activities that may violate our policies or be illegal.",
    }
    assert all(_short(p.data_types) == ("PersonalData",) and not p.data_type_spans for p in items)


def test_a_full_sentence_after_the_list_is_not_an_item():
    text = "We use your email address to:\n\nrespond to your inquiries.\n\nWe never sell it to advertisers."
    document = read_text(text, source="flat.txt")
    practices = PracticeExtractor()(document, split_sentences(document))
    sells = [p for p in practices if _short(p.actions) == ("Sell",)]
    assert sells and all(p.polarity.value == "negated" and p.rule != "list-lead-in" for p in sells)


def test_a_data_word_inside_a_purpose_is_not_data():
    text = "We use cookies to provide location-based services and remember your preferences."
    document = read_text(text, source="s.txt")
    practices = PracticeExtractor()(document, split_sentences(document))
    assert {t for p in practices for t in _short(p.data_types)} == {"CookieIdentifier"}


def _practices(text: str):
    document = read_text(text, source="s.txt")
    return PracticeExtractor()(document, split_sentences(document)), document


def test_a_flow_to_a_recipient_without_data_implies_personal_data():
    # OPP-115 annotates such flows with the data type "Unspecified"; the recipient and purpose still count.
    practices, _ = _practices("We may disclose to law enforcement when required by law.")
    assert {(p.rule, _short(p.actions), _short(p.data_types), _short(p.recipients)) for p in practices} == {
        ("implied-data", ("Disclose",), ("PersonalData",), ("LawEnforcement",))
    }
    assert all(p.confidence < 0.6 and not p.data_type_spans for p in practices)


def test_a_verb_with_an_object_of_its_own_implies_no_data():
    practices, _ = _practices("We sell our products to retailers and distributors across the country.")
    assert practices == ()


def test_a_data_word_that_modifies_another_noun_is_not_data():
    practices, _ = _practices("We use cookies to remember your email preferences.")
    assert {t for p in practices for t in _short(p.data_types)} == {"CookieIdentifier"}


def test_a_list_item_the_parser_hangs_on_the_next_item_is_data():
    # OPP-115 (93): spaCy makes "browser" a compound of "domain", two items further down the list.
    practices, _ = _practices(
        "For example, we may collect your IP address, browser information and reference site domain, as well as "
        "related information such as the date on which you visit the Site."
    )
    assert {t for p in practices for t in _short(p.data_types)} == {"IPAddress", "UserAgent", "HostName"}
    # What modifies a noun that is no data stays no data, conjoined or not (OPP-115, 940).
    practices, _ = _practices(
        "These service providers are not permitted to store, retain, or use billing Information except for the sole "
        "purpose of credit card and payment processing on our behalf."
    )
    assert {t for p in practices for t in _short(p.data_types)} == {"PaymentInformation"}


def test_a_data_word_that_modifies_patterns_is_data():
    # OPP-115 (a publisher's policy): "... operating system types, clickstream patterns, and the dates and times ..."
    practices, _ = _practices("We record clickstream patterns and the pages visited.")
    assert {t for p in practices for t in _short(p.data_types)} == {"ClickstreamData", "PagesVisited"}


def test_pin_is_not_a_pin_code_when_it_abbreviates_personal_information():
    # OPP-115 (a newspaper policy) defines "Personally Identifying Information (PIN)".
    practices, _ = _practices("Your PIN will also be collected upon registration for home delivery requests.")
    assert not any("PINCode" in _short(p.data_types) for p in practices)


def test_including_but_not_limited_to_does_not_exclude_what_it_lists():
    practices, _ = _practices(
        "We may share User Content and your information (including but not limited to, information from cookies, "
        "log files, device identifiers, location data, and usage data) with businesses that are legally part of "
        "the same group of companies."
    )
    (share,) = [p for p in practices if _short(p.actions) == ("Share",)]
    assert {"CookieIdentifier", "LogData", "DeviceIdentifier"} <= set(_short(share.data_types))


def test_the_object_of_allow_is_the_actor_of_the_allowed_action():
    practices, _ = _practices("We allow advertisers to collect your IP address when you visit our site.")
    assert {(p.rule, _short(p.actions), _short([p.actor]), _short(p.data_types)) for p in practices} == {
        ("third-party-actor", ("Collect",), ("Advertiser",), ("IPAddress",))
    }


def test_a_third_party_conjoined_to_we_acts_too():
    # OPP-115 marks such sentences as both first-party collection and third-party collection.
    practices, _ = _practices(
        "We and/or our service provider partners may collect any Personal Information that you provide to us, "
        "such as your name, mailing address, phone number, email address."
    )
    actors = {(p.rule, _short([p.actor])[0]) for p in practices if _short(p.data_types) != ("PersonalData",)}
    assert actors == {("verb-object", "FirstParty"), ("joint-actor", "DataProcessor")}


def test_this_information_after_an_excluded_kind_is_a_reference():
    # "credit card information" before "this information" is a named kind of data, not a generic antecedent.
    practices, _ = _practices(
        "We collect your name, telephone number and credit card information. "
        "Excluding credit card information, this information may be shared with third parties."
    )
    (share,) = [p for p in practices if _short(p.actions) == ("Share",) and p.polarity.value == "affirmed"]
    assert share.rule == "reference" and "TelephoneNumber" in _short(share.data_types)
    (left_out,) = [p for p in practices if _short(p.actions) == ("Share",) and p.polarity.value == "negated"]
    assert left_out.rule == "left-out" and _short(left_out.data_types) == ("PaymentCard",)


def test_generic_data_takes_the_types_of_its_relative_clause():
    practices, _ = _practices(
        "We may disclose information that we collect about your direct transactions (for example, account balance "
        "and payment history) among our family of companies."
    )
    (disclose,) = [p for p in practices if _short(p.actions) == ("Disclose",)]
    assert _short(disclose.data_types) == ("FinancialAccount", "PaymentInformation")


def test_all_of_the_information_is_data_and_its_recipients_survive_a_misattached_clause():
    # spaCy attaches "with vendors" to the nested "we collect"; the only sharing verb still receives them.
    practices, _ = _practices(
        "We may share all of the types of information we collect with vendors who provide services on our behalf."
    )
    (share,) = [p for p in practices if _short(p.actions) == ("Share",)]
    assert _short(share.data_types) == ("PersonalData",) and _short(share.recipients) == ("DataProcessor",)


def test_a_source_of_collection_is_not_a_recipient_of_the_sharing():
    practices, _ = _practices("We collect your email from our partners and share it with advertisers.")
    (share,) = [p for p in practices if _short(p.actions) == ("Share",)]
    assert _short(share.recipients) == ("Advertiser",)


def test_engaging_a_processor_for_a_task_discloses_personal_data_to_it():
    practices, _ = _practices("We contract with service providers to process payments and deliver orders on our behalf.")
    assert {(p.rule, _short(p.actions), _short(p.recipients), _short(p.purposes)) for p in practices} == {
        ("processor-engagement", ("Disclose",), ("DataProcessor",), ("PaymentManagement",))
    }
    # Using a technology is not engaging a party.
    practices, _ = _practices("We use cookies to remember your preferences.")
    assert {p.rule for p in practices} == {"verb-object"}


def test_an_identifier_of_a_device_is_a_device_identifier():
    practices, _ = _practices(
        "We collect your mobile device's unique ID number, a unique identifier assigned to your browser, "
        "your national identification number and your unique identifier."
    )
    assert {t for p in practices for t in _short(p.data_types)} == {"DeviceIdentifier", "OfficialID", "Identifying"}


def test_the_noun_a_relative_clause_modifies_is_its_actor():
    practices, _ = _practices(
        "Some of our Services may participate in third-party advertising networks that collect information about "
        "your activity online to tailor the advertising that you see."
    )
    assert {(p.rule, _short([p.actor])[0], _short(p.data_types)) for p in practices} == {
        ("third-party-actor", "AdvertisingNetwork", ("UsageData",))
    }


def test_permitting_a_party_to_collect_makes_it_the_actor_even_when_parsed_as_an_adverbial_clause():
    practices, _ = _practices(
        "We also may from time to time permit other Third Party Advertising Service Providers and Advertisers to "
        "collect Other Information on the Site."
    )
    assert {(p.rule, _short([p.actor])[0]) for p in practices} == {("third-party-actor", "AdvertisingPartner")}


def test_these_technologies_refers_to_the_tracking_technologies_just_named():
    practices, _ = _practices(
        "We use cookies and web beacons on our site. We use these technologies to personalize your experience."
    )
    (reference,) = [p for p in practices if p.rule == "reference"]
    assert _short(reference.data_types) == ("TrackingData",) and _short(reference.purposes) == ("ServicePersonalisation",)


def test_an_unresolved_reference_is_the_mention_itself():
    # PI-Extract marks "this information" as the collected data when nothing is named before it.
    practices, document = _practices("We use this information for analysis purposes, including analysis to improve customer relationships.")
    (practice,) = practices
    assert practice.rule == "reference" and _short(practice.data_types) == ("PersonalData",)
    assert [s.quote(document.text) for s in practice.data_type_spans] == ["this information"]


# ---------------------------------------------------------------- named organisations (recipients and actors)
def _names(text: str, metadata: PolicyMetadata | None = None) -> set[str]:
    """Every organisation named as a recipient or an actor in the practices of ``text``."""
    document = read_text(text, source="sentence.txt")
    practices = PracticeExtractor()(document, split_sentences(document), metadata)
    return {n for p in practices for n in (*p.recipient_names, *((p.actor_name,) if p.actor_name else ()))}


@pytest.mark.parametrize(
    ("rule", "text", "expected"),
    [
        ("a category in Title Case is a category",
         "Personally identifiable information - We Share Personally Identifiable Information with Third Parties, "
         "we share the information that you have answered.", set()),
        ("a place is not a recipient",
         "The information generated by the cookie about the use of this website is transferred to a Google server in "
         "North America.", {"Google"}),
        ("a country is not a recipient",
         "Irrespective of which country you live in, you authorize us to transfer, store, and use your information in "
         "the United States, Ireland, and any other country where we operate.", set()),
        ("a fragment before a hyphen is not a name",
         "From time to time, we may share your Usage Data and Non-Personal Information with advertisers.", set()),
        ("a heading word used in lower case elsewhere is not a name",
         "To Protect Rights and Property: We may disclose information about you to protect the rights of others.", set()),
        ("a name inside a relative clause receives nothing",
         "We may transfer your personal data to countries which the European Commission has found to provide "
         "adequate protection.", set()),
        ("a named processor is kept",
         "We share your payment information with Stripe, our payment processor, to process your order.", {"Stripe"}),
        ("names listed after 'including, but not limited to' are kept",
         "We may disclose your personally-identifiable information with our employees, agents, contractors and "
         "sub-contractors, and our related and affiliated entities, including, but not limited to, 13 Management, "
         "Firefly Entertainment and Swift Merchandising.", {"Firefly Entertainment", "Swift Merchandising", "Management"}),
        ("words of an all-caps disclaimer are not names",
         'TO THE EXTENT PERMITTED BY APPLICABLE LAW, THE SITE AND ALL CONTENT, MATERIAL, INFORMATION, POSTINGS, OR '
         'POSTING RESPONSES FOUND ON THE SITE ARE PROVIDED ON AN "AS IS" BASIS WITHOUT WARRANTIES OF ANY KIND, EITHER '
         'EXPRESS OR IMPLIED, INCLUDING, BUT NOT LIMITED TO, WARRANTIES OF TITLE OR NON-INFRINGEMENT OR IMPLIED '
         'WARRANTIES OF MERCHANTABILITY OR FITNESS FOR A PARTICULAR PURPOSE.', set()),
        ("a heading label before a colon is not a name",
         "Legal Matters: We may disclose your information when we believe in good faith that such disclosure is "
         "appropriate in order to investigate possible illegal activities.", set()),
        ("the subject of a nominal action is no actor",
         "Valve complies with the EU-U.S. Privacy Shield Framework as set forth by the U.S. Department of Commerce "
         "regarding the collection, use, and retention of personal information.", set()),
        ("names listed after 'such as' inside a misparsed list are kept",
         "We may share your personal information we collect from you, including your name, contact details, and "
         "transactions and activities, with: Members of the PayPal corporate family, such as PayPal Credit, Venmo or "
         "Braintree, to provide joint content, products, and services.",
         {"PayPal", "PayPal Credit", "Venmo", "Braintree"}),
        ("a name cut from a law's name by 'and' is not a name (13k corpus, bls.gov)",
         "Evidence of such acts may be disclosed to law enforcement authorities and result in criminal prosecution "
         "under the Computer Fraud and Abuse Act of 1986.", set()),
        ("the whole run of proper nouns names the actor",
         "Google Analytics collects only the IP address assigned to you on the date you visit this site.",
         {"Google Analytics"}),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 70 else "",
)
def test_named_organisations(rule, text, expected):
    assert _names(text) == expected, rule


def test_the_publisher_named_as_subject_is_the_first_party():
    # OPP-115 (a hospital's notice): the subject is the publisher, not a third party called "Health".
    metadata = PolicyMetadata(company="Kaleida Health", aliases=("Kaleida",))
    text = "Kaleida Health may disclose your health information to law enforcement officials."
    document = read_text(text, source="sentence.txt")
    practices = PracticeExtractor()(document, split_sentences(document), metadata)
    assert practices and all(p.actor_name is None and _short([p.actor]) == ("FirstParty",) for p in practices)


def test_organisation_names_rules_one_by_one():
    from policykg.ingest.extract import _OrganisationNames

    text = (
        "Written inquiries can be sent to our office, 110 William St, 28th Floor New York. LEGAL NOTICE. "
        "We use Campaign Monitor to send the newsletter; each campaign is monitored by our staff, and the "
        "monitor reports to our legal team. Transfers rely on the Privacy Shield Framework and the GDPR. "
        "Data is sent over Secure Socket Layer connections. See https://www.google.com/policies for Google."
    )
    names = _OrganisationNames(text, {"acme", "acme corp"})
    assert not names.is_organisation("William St")  # an address
    assert not names.is_organisation("LEGAL")  # an all-caps heading of a word used in lower case
    assert not names.is_organisation("Privacy Shield Framework")  # a framework
    assert not names.is_organisation("GDPR")  # a law
    assert not names.is_organisation("Secure Socket Layer")  # a technology
    assert not names.is_organisation("Switzerland")  # a place of the jurisdictions gazetteer
    assert not names.is_organisation("Usage Info")  # a data category
    assert not names.is_organisation("Master Subscription Agreement")  # a document
    assert not names.is_organisation("Data Controller")  # a role
    assert not names.is_organisation("Information Sharing")  # what a heading is about
    assert not names.is_organisation("Android")  # a technology
    assert not names.is_organisation("Acme Corp")  # the publisher
    assert not names.is_organisation("Opt", follows="-")  # a hyphen fragment ("Opt-out")
    assert not names.is_organisation("andWe")  # two words glued by a lost space
    assert names.is_organisation("Campaign Monitor")  # common words, but the phrase is not used in lower case
    assert names.is_organisation("Google")  # "google" occurs only inside a web address
    assert names.is_organisation("DoubleClick")
    assert names.is_organisation("Merriam-Webster")  # one name across a hyphen
    assert not names.is_organisation("EU-US")  # places joined by a hyphen
    assert not names.is_organisation("Department")  # an organisation noun whose name is elsewhere
    assert not names.is_organisation("US Department")
    assert names.is_organisation("IAC Group")


def test_a_hyphen_between_proper_nouns_joins_one_name():
    from policykg.ingest.extract import _proper_names
    from policykg.ingest.nlp import load_nlp

    doc = load_nlp()("Our dictionary data comes from Merriam-Webster and covers Non-Personal Information.")
    assert "Merriam-Webster" in [run.text for run in _proper_names(doc)]


# ---------------------------------------------------------------- generic mentions, questions, the user sharing with others
def test_a_generic_object_is_a_mention_beside_the_types_it_lists():
    # PI-Extract marks "information" as well as the types it lists; the data types stay the specific ones.
    practices, document = _practices("When you register we ask for information such as your name, email address, birth date, gender.")
    (practice,) = practices
    assert _short(practice.actions) == ("Collect",) and "PersonalData" not in _short(practice.data_types)
    assert "information" in [s.quote(document.text) for s in practice.data_type_spans]


def test_a_measured_out_generic_object_is_data():
    practices, document = _practices("We receive and store certain types of information whenever you interact with us.")
    assert {_short(p.actions)[0] for p in practices} == {"Collect", "Store"}
    assert all(_short(p.data_types) == ("PersonalData",) for p in practices)
    assert {s.quote(document.text) for p in practices for s in p.data_type_spans} == {"information"}


def test_what_a_question_asks_for_is_no_practice():
    for text in ("What Information Is Collected?", "What personal information do we collect?",
                 "The privacy policy describes what types of information we may gather during your visit."):
        practices, _ = _practices(text)
        assert practices == (), text


def test_what_the_user_shares_with_others_is_not_collected_by_us():
    for text in ("Many of our services let you share information with others.",
                 "Remember that when you share information publicly, it may be indexable by search engines.",
                 "Users should exercise caution when deciding to disclose personal information in public forums.",
                 # PI-Extract (nytimes.com, bankofamerica.com): the place is someone else's.
                 "We may allow certain widgets on our Sites that enable users to easily share information on another platform.",
                 "If you provide your Site username, password or other information about your accounts with us to an "
                 "aggregation website, we will consider that you have authorized all transactions.",
                 # OPP-115 (1708): the phrase hangs on the object.
                 "Copies of some information may remain viewable where you have shared information with Other Services."):
        practices, _ = _practices(text)
        assert not [p for p in practices if p.rule == "user-provides"], text
    for text in ("When you share information with us, for example by creating an account, we can improve our services.",
                 "If you provide your email address to us or to our partners, we will send you news."):
        practices, _ = _practices(text)
        assert [p.rule for p in practices] == ["user-provides"], text


def test_what_the_user_provides_is_collected_unless_it_is_a_condition():
    practices, _ = _practices("To register, you provide your name and email address.")
    assert {(p.rule, _short(p.actions)) for p in practices} == {("user-provides", ("Collect",))}
    practices, _ = _practices("We provide services to our members.")
    assert practices == ()


def test_tracking_data_that_remembers_or_tells_us_something_is_used_for_it():
    practices, _ = _practices("Cookies also tell us which advertising you have seen on the Services.")
    assert {(p.rule, _short(p.data_types), _short(p.purposes)) for p in practices} == {
        ("enables-purpose", ("CookieIdentifier",), ("Advertising",))
    }


def test_reserving_the_right_to_disclose_is_a_disclosure():
    practices, _ = _practices("We reserve the right to disclose your information to law enforcement.")
    assert {(_short(p.actions), _short([p.actor])[0], _short(p.recipients)) for p in practices} == {
        (("Disclose",), "FirstParty", ("LawEnforcement",))
    }


def test_data_listed_as_included_takes_the_actor_of_the_action_just_stated():
    practices, _ = _practices(
        "To make our ads relevant to you, Adzerk receives information about the page the ad will appear on. "
        "This information includes the subreddits used to generate that page, as well as your IP address."
    )
    (included,) = [p for p in practices if p.rule == "inclusion"]
    assert included.actor_name == "Adzerk" and _short(included.data_types) == ("IPAddress",)


def test_a_purpose_only_clause_completes_the_heading_above_it():
    # OPP-115 (policy 627): a heading with the sharing, then clauses that only state its purposes.
    text = (
        "## We may share your personal information with third parties\n\n"
        "For purposes of improving your user experience across our different websites and platforms (such as our mobile app);\n\n"
        "As required by law, or as needed to cooperate in or defend against any law enforcement investigation or legal proceeding."
    )
    document = read_text(text, source="s.md", media_type="text/markdown")
    practices = PracticeExtractor()(document, split_sentences(document))
    assert {(p.rule, _short(p.actions), _short(p.data_types)) for p in practices} == {
        ("heading-context", ("Share",), ("PersonalData",))
    }
    assert {q for p in practices for q in _short(p.purposes)} >= {"ServiceOptimisation", "LegalCompliance"}
    # A sentence under such a heading that does more than state a purpose takes nothing from it.
    document = read_text(
        "## We may share your personal information with third parties\n\n"
        "The Network Advertising Initiative explains targeted advertising on its pages.",
        source="s.md", media_type="text/markdown",
    )
    assert PracticeExtractor()(document, split_sentences(document)) == ()


@pytest.mark.parametrize(
    "text, purposes",
    [
        # OPP-115 (policies 21, 105, 1694): the party parsed as the subject of the 'to'-clause.
        ("We employ other companies and individuals to perform functions on our behalf.", ()),
        # OPP-115 (policy 394): no data word at all, so the sentence was never parsed.
        ("We also use such third parties to assist us in serving advertisements.", ("AdServing",)),
    ],
)
def test_engaging_a_party_needs_no_data_word_to_be_a_disclosure(text, purposes):
    practices, _ = _practices(text)
    assert {(p.rule, _short(p.actions), _short(p.recipients), _short(p.purposes)) for p in practices} == {
        ("processor-engagement", ("Disclose",), ("ThirdParty",), purposes)
    }


def test_examples_listed_after_a_practice_are_its_purposes():
    # OPP-115 (policy 105): the practice, then a sentence that lists what it is for.
    practices, _ = _practices(
        "We employ other companies and individuals to perform functions on our behalf. Examples include fulfilling "
        "orders, delivering packages, sending postal mail and e-mail, removing repetitive information from customer "
        "lists, analyzing data, providing marketing assistance, and providing customer service."
    )
    (examples,) = [p for p in practices if p.rule == "purpose-examples"]
    assert _short(examples.actions) == ("Disclose",) and _short(examples.recipients) == ("ThirdParty",)
    assert {"CustomerOrderManagement", "DeliveryOfGoods", "Marketing", "CustomerCare"} <= set(_short(examples.purposes))
    # Without a practice just before, examples are nobody's purposes.
    practices, _ = _practices("Examples include fulfilling orders and delivering packages.")
    assert not [p for p in practices if p.rule == "purpose-examples"]


def test_a_list_item_rests_on_itself_and_names_its_lead_in_as_context():
    practices, document = _practices("We use your email address to:\n\n- respond to your inquiries;\n- send you newsletters.")
    items = [p for p in practices if p.rule == "list-lead-in"]
    assert items and all(p.evidence.quote(document.text).startswith(("respond", "send")) for p in items)
    assert {p.context.quote(document.text) for p in items} == {"We use your email address to:"}


def test_partners_beside_we_act_through_the_technologies_we_use():
    practices, _ = _practices("We and our partners use various technologies to collect information when you visit our site.")
    assert {(p.rule, _short([p.actor])[0]) for p in practices if _short(p.actions) == ("Collect",)} == {
        ("verb-object", "FirstParty"), ("joint-actor", "BusinessPartner")
    }


def test_list_items_are_the_practices_of_whoever_acts_in_the_lead_in():
    practices, _ = _practices("Advertisers may collect the following information:\n\n- your IP address;\n- your browser type.")
    items = [p for p in practices if p.rule == "list-lead-in"]
    assert items and {_short([p.actor])[0] for p in items} == {"Advertiser"}
    practices, _ = _practices(
        "We and our service providers use the information we collect to:\n\n- process your orders;\n- send you newsletters."
    )
    assert {_short([p.actor])[0] for p in practices if p.rule == "list-lead-in"} == {"FirstParty", "DataProcessor"}


def test_a_lead_in_that_makes_data_available_discloses_it_in_each_item():
    # OPP-115 (policy 1713): the items are the circumstances of a disclosure.
    practices, _ = _practices(
        "We will make your Personal Information available to certain third parties in the following limited circumstances:\n\n"
        "- When we are compelled to do so by a court (e.g., to respond to subpoenas or legal process);\n"
        "- In the event of a merger, acquisition or bankruptcy."
    )
    items = {(_short(p.actions), _short(p.purposes)) for p in practices if p.rule == "list-lead-in"}
    assert items == {(("Disclose",), ("LegalProcess",)), (("Disclose",), ("Merger",))}


def test_an_address_a_notice_is_sent_to_is_not_disclosed():
    # OPP-115 (policy 1361): the e-mail address is where the notice goes, not what is disclosed.
    practices, _ = _practices(
        "We will notify you about significant changes in the way we treat personal information by sending a notice "
        "to the primary email address specified in your account."
    )
    assert not [p for p in practices if "EmailAddress" in _short(p.data_types)]
    practices, _ = _practices("We send your name and address to our shipping partners.")
    assert {_short(p.data_types) for p in practices if _short(p.actions) == ("Disclose",)} == {("Name", "PhysicalAddress")}


@pytest.mark.parametrize("lemma", sorted(ACTION_OF_LEMMA))
def test_the_candidate_pass_sees_every_action_verb(lemma):
    # A sentence whose only action verb the cheap pass misses is never parsed, and its practice is lost.
    gerund = lemma[:-2] + "ying" if lemma.endswith("ie") else (lemma[:-1] if lemma.endswith("e") else lemma) + "ing"
    for form in (lemma, lemma + "s", gerund):
        assert _CUE.search(f"We {form} it."), form


@pytest.mark.parametrize("lemma", sorted(_INCLUDE))
def test_the_candidate_pass_sees_every_inclusion_verb(lemma):
    for form in (lemma, lemma + "s", lemma[:-1] + "ed" if lemma.endswith("e") else lemma + "ed"):
        assert _INCLUDE_CUE.search(f"This information {form} your name."), form


def test_the_data_named_among_assets_beats_the_data_implied():
    # OPP-115 (Instagram): the "if" clause alone would be a sale of personal data in general.
    practices, _ = _practices(
        "If we sell or otherwise transfer part or the whole of Instagram or our assets to another organization (e.g., in "
        "the course of a transaction like a merger, acquisition, bankruptcy), User Content and any other information "
        "collected through the Service may be among the items sold or transferred."
    )
    assert {(p.rule, _short(p.actions), _short(p.data_types)) for p in practices} == {
        ("among-assets", ("Transfer",), ("UserGeneratedContent",))
    }
