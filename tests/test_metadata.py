"""Tests of policykg.ingest.metadata: company, aliases, contacts, dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from policykg.ingest.metadata import (
    detect_metadata,
    find_addresses,
    find_dates,
    find_emails,
    find_phones,
    policy_date,
)
from policykg.ingest.read import read_file, read_text

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def seed_metadata(prefix: str):
    if not SEEDS.is_dir():
        pytest.skip(f"shared seeds not found at {SEEDS}")
    found = sorted(SEEDS.glob(f"{prefix}_*"))
    if not found:
        pytest.skip(f"seed {prefix} not found in {SEEDS}")
    return detect_metadata(read_file(found[0]))


GOLDEN = {
    "000": dict(
        company="3PLUS international Inc.",
        date=dt.date(2017, 1, 10),
        date_kind="last-updated",
        emails=(),
        phones=("1-866-592-0184",),
        address="1502 Foothill Blvd., Suite 103-260, La Verne, CA 91750",
    ),
    "001": dict(
        company="PLUSnxt LLC",
        date=dt.date(2023, 2, 1),
        date_kind="last-updated",
        emails=("plusinfo@plusnxt.com",),
        phones=("213-349-4440",),
        address="11726 San Vicente Blvd. Suite 203, Los Angeles, CA 90049",
    ),
    "002": dict(
        company="BlueSnap, Inc.",
        date=dt.date(2012, 4, 10),
        date_kind="version",
        emails=("privacyoptions@plimus.com", "security@plimus.com"),
        phones=(),
        address="1777 N. Milpitas Blvd. # 337, Milpitas, CA 95035-2730, U.S.A",
    ),
    "003": dict(
        company="Plimus, Inc.",
        date=dt.date(2007, 2, 12),
        date_kind="version",
        emails=("security@plimus.com",),
        phones=(),
        address="3830 Valley Center Dr. Suite 705-294 San Diego, CA 92130",
    ),
    "004": dict(
        company="Plantraco Ltd.",
        date=dt.date(2017, 8, 23),
        date_kind="last-updated",
        emails=("sales@plantraco.com", "service@plantraco.com"),
        phones=("1-306-955-1836",),
        address="1101 8th Street East, Saskatoon, SK, Canada S7H 0S3",
    ),
}


@pytest.mark.parametrize("prefix", sorted(GOLDEN))
def test_seed_golden(prefix: str) -> None:
    md = seed_metadata(prefix)
    want = GOLDEN[prefix]
    assert md.company == want["company"]
    assert md.date == want["date"]
    assert md.date_kind == want["date_kind"]
    assert md.emails == want["emails"]
    assert md.phones == want["phones"]
    assert want["address"] in md.addresses
    assert md.language == "en"
    # never a third party
    assert not {"TRUSTe", "Google", "Federal Trade Commission", "Amazon"} & {md.company, *md.aliases}


def test_seed_versions_and_aliases() -> None:
    md2, md3, md1 = seed_metadata("002"), seed_metadata("003"), seed_metadata("001")
    assert md2.version == "1.5" and md3.version == "1.3"
    # the two Plimus policies share names, so the lead can merge them into one organisation
    names2 = {md2.company, *md2.aliases}
    names3 = {md3.company, *md3.aliases}
    assert {"Plimus", "Plimus, Inc."} <= names2 | names3
    assert names2 & names3
    assert "Plimus International Limited" not in names2  # a subsidiary, not the operator
    assert md2.website == "www.plimus.com"
    assert md1.aliases[0] == "PLUS"
    assert md1.website == "www.plusnxt.com"
    assert seed_metadata("004").aliases == ("Plantraco",)


def test_fax_is_not_a_phone_and_phones_deduplicate() -> None:
    text = "Phone: 1-306-955-1836 Fax: 306-931-0055. Call (213) 349-4440 or +44 20 7946 0958 or 306-955-1836."
    assert find_phones(text) == ("1-306-955-1836", "(213) 349-4440", "+44 20 7946 0958")


def test_phones_ignore_dates_and_zip_codes() -> None:
    assert find_phones("Updated 2019-05-24. Write to CA 95035-2730, Suite 103-260.") == ()


def test_emails_from_mailto_and_case() -> None:
    doc = read_text("Privacy\n\nMail [Us@Example.COM](mailto:us@example.com?subject=Hi) today.", source="x")
    assert find_emails(doc.text) == ("us@example.com",)


def test_multiline_address() -> None:
    text = "Write to us:\nExample GmbH\nMusterstraße 12\n10115 Berlin\nGermany"
    assert find_addresses(text) == ("Musterstraße 12, 10115 Berlin, Germany",)


@pytest.mark.parametrize(
    ("text", "date", "kind"),
    [
        ("Last updated: January 10, 2017", dt.date(2017, 1, 10), "last-updated"),
        ("(Ver. 1.3 Date: February 12, 2007)", dt.date(2007, 2, 12), "version"),
        ("Updated Aug 23, 2017", dt.date(2017, 8, 23), "last-updated"),
        ("Last updated: February 2023", dt.date(2023, 2, 1), "last-updated"),
        ("This policy is effective as of 1 March 2020.", dt.date(2020, 3, 1), "effective"),
        ("Last revised: 2019-05-24", dt.date(2019, 5, 24), "last-updated"),
        ("Last modified 05/24/2019", dt.date(2019, 5, 24), "last-updated"),
        ("Effective date: 24.05.2019", dt.date(2019, 5, 24), "effective"),
        ("Effective Date: This Privacy Policy is effective as of 27 July, 2022.", dt.date(2022, 7, 27), "effective"),
    ],
)
def test_date_forms(text: str, date: dt.date, kind: str) -> None:
    got, got_kind, _version = policy_date("Privacy Policy\n\n" + text + "\n\nWe collect data.")
    assert (got, got_kind) == (date, kind)


def test_unrelated_dates_are_ignored() -> None:
    text = (
        "The Privacy Shield was invalidated in July 2020. As of June 2021, the Commission deems the UK adequate. "
        "We are away until May 1 2019."
    )
    assert policy_date(text) == (None, None, None)


def test_labelled_date_wins_over_bare_and_last_updated_over_effective() -> None:
    text = "Effective: March 1, 2020\nMay 5, 2018\nLast updated: February 2, 2020\nIn 2019 we grew."
    assert policy_date(text)[:2] == (dt.date(2020, 2, 2), "last-updated")
    assert [d.kind for d in find_dates(text)] == ["effective", None, "last-updated"]


def test_company_defined_term_beats_frequent_third_party() -> None:
    text = (
        "Privacy Policy\n\n"
        "Google Inc. provides analytics. Google Inc. sets cookies. Google Inc. may process data.\n\n"
        "This policy explains how Foo Bar Ltd. (\"FooBar\", \"we\", \"us\") handles your data. "
        "FooBar collects your email address. FooBar never sells data."
    )
    md = detect_metadata(read_text(text, source="t"))
    assert md.company == "Foo Bar Ltd."
    assert md.aliases == ("FooBar",)


def test_company_without_legal_suffix() -> None:
    text = "Privacy\n\nZapster collects your email address. Zapster uses it to send receipts. Zapster respects you."
    assert detect_metadata(read_text(text, source="t")).company == "Zapster"


def test_language_in_metadata() -> None:
    text = (
        "Datenschutzerklärung\n\nWir verarbeiten Ihre personenbezogenen Daten nur, wenn Sie uns die Einwilligung "
        "geben und das Gesetz es erlaubt. Die Daten werden nicht an Dritte weitergegeben."
    )
    assert detect_metadata(read_text(text, source="t")).language == "de"


# --------------------------------------------------------------------------- regressions on the shipped examples

EXAMPLES = Path(__file__).resolve().parents[1] / "policykg" / "examples"


def _manifest_rows() -> list[dict[str, str]]:
    import csv

    with (EXAMPLES / "manifest.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("row", _manifest_rows(), ids=lambda r: r["file"])
def test_examples_company_and_date_detected_without_manifest(row: dict[str, str]) -> None:
    md = detect_metadata(read_file(EXAMPLES / row["file"]))
    assert md.company == row["company"]
    assert md.date == dt.date.fromisoformat(row["date"])


def test_company_not_lost_when_an_affiliate_shares_its_short_name() -> None:
    # zinnober-labs.md: "our subsidiary Zinnober Labs Ltd." excluded "Zinnober Labs GmbH" too
    text = (
        "Privacy Policy\n\n**Quark Labs GmbH** · Last updated on 12 May 2023\n\n"
        "This privacy policy explains how Quark Labs GmbH processes personal data.\n\n"
        "Recipients\n\n- Affiliates: our subsidiary Quark Labs Ltd. in London provides support.\n\n"
        "Transfers\n\nThe United Kingdom, where our affiliate Quark Labs Ltd. is based, is adequate."
    )
    md = detect_metadata(read_text(text, source="t.md", media_type="text/markdown"))
    assert md.company == "Quark Labs GmbH"
    assert "Quark Labs Ltd." not in md.aliases
    assert md.date == dt.date(2023, 5, 12)


def test_company_defined_with_commas_outside_the_quotes() -> None:
    # glimmerpane-photo.txt: ("Glimmerpane", "we", "us")
    text = 'Privacy\n\nLumen Apps, Inc. ("Lumen", "we", "us") makes Lumen, a photo app. Lumen collects your email.'
    md = detect_metadata(read_text(text, source="t"))
    assert (md.company, md.aliases) == ("Lumen Apps, Inc.", ("Lumen",))


def test_registered_legal_name_beats_trading_name() -> None:
    # tallowmere-candle-co.txt: "Tallowmere Candle Co." in the title, the legal name later
    text = (
        "Wickford Soap Co. - Privacy Notice\n\nWickford Soap Co. is a tiny business run by two people. "
        "The legal name of the business is Wickford Soap Company Ltd, but everyone calls us Wickford. "
        "We collect your email address to send receipts.\n\nContact\n\nWickford Soap Company Ltd\nhello@wickford.example"
    )
    md = detect_metadata(read_text(text, source="t"))
    assert md.company == "Wickford Soap Company Ltd"
    assert "Wickford Soap Co." in md.aliases


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Questions? Call us at (617) 555-0129.", "(617) 555-0129"),  # pebblewick-learning.md lost "("
        ("Phone: +1 (303) 555-0188", "+1 (303) 555-0188"),  # heronstep-fitness.html lost "+"
        ("Phone:+1 (303) 555-0188", "+1 (303) 555-0188"),
        ("Contact tel.(617) 555-0129 today", "(617) 555-0129"),
        ("Telephone: (0)30 5550 1842", "(0)30 5550 1842"),
    ],
)
def test_phone_keeps_its_opening_parenthesis_and_plus(text: str, phone: str) -> None:
    assert find_phones(text) == (phone,)


def test_address_split_over_short_lines() -> None:
    # an <address> split by <br> reads as one short paragraph per line
    text = "Write to us at:\n\nAcme, Inc.\n\n2150 NW Juniper Ridge Road\n\nBend, OR 97703\n\nUnited States"
    assert find_addresses(text) == ("2150 NW Juniper Ridge Road, Bend, OR 97703, United States",)
    prose = "We are at 12 Main Street.\n\nWe keep your data for as long as the law requires us to keep it. OR 97703"
    assert find_addresses(prose) == ()


# --------------------------------------------------------------------------- publisher at corpus scale
# Snippets shaped like the bulk corpus (web pages flattened to text): headings glued to the next
# block, generic phrases, third parties named with their own links, trading names and domains.


def _company(text: str, url: str | None = None) -> str | None:
    return detect_metadata(read_text(text, source="t", url=url)).company


@pytest.mark.parametrize(
    ("text", "company"),
    [
        # an HTML heading glued to the paragraph after it
        ("Privacy & Cookies PolicyThe Lantern Trail Ltd respects your privacy. The Lantern Trail Ltd will be "
         "the data controller of your data.", "Lantern Trail Ltd"),
        ("2018 Introduction Clearwater Coast Ltd. runs this site and will be the data controller.", "Clearwater Coast Ltd."),
        ("Cookies Policy 1.1 Fastline Couriers Limited (\"we\") uses cookies on this website.", "Fastline Couriers Limited"),
        ("UserProbe Privacy Policy 1. INTRODUCTION UserProbe, Inc. (\"UserProbe\", \"we\") respects your privacy.", "UserProbe, Inc."),
        ("Privacy NoticeBY USING THE GREAT PINES SERVICES, LLC WEBSITES YOU AGREE TO THIS NOTICE.", "GREAT PINES SERVICES, LLC"),
        ("Notice to Canada ResidentsEvolvo Media, LLC (\"we\") collects your email address.", "Evolvo Media, LLC"),
        ("Updated 2016Neoclick, Inc. (\"Neoclick\", \"we\") provides the service.", "Neoclick, Inc."),
        ("1. INTRODUCTION.Deductive Automation, LLC (\"we\") makes control software.", "Deductive Automation, LLC"),
        # a role, a section number before the name (bulk corpus: bayt.com, gettransfer.com)
        ("Owner and Data Controller Marlow Jobs, Inc. Marlow Jobs, Inc. (\"we\") runs this site.", "Marlow Jobs, Inc."),
        ("GENERAL 1.1. FARTRANSFER LTD (\"we\") provides transfers.", "FARTRANSFER LTD"),
        ("Contact: 2.Northern Media, Ltd. (\"we\") runs this site.", "Northern Media, Ltd."),
    ],
)
def test_heading_words_glued_to_a_legal_name_are_stripped(text: str, company: str) -> None:
    assert _company(text) == company


def test_title_cased_names_keep_their_prepositions() -> None:
    text = 'This is a contract between you and How To Do Things, Ltd. ("we", "us"). We collect your email.'
    assert _company(text) == "How To Do Things, Ltd."


@pytest.mark.parametrize(
    "text",
    [
        # a sentence end, a blank line and a generic noun are not a name
        "We want to keep you safe on the Internet.\n\nUsers may ask us to delete their data. Internet Users may "
        "write to us. Internet Users will be told of changes.",
        "Please read this notice before using the Website.\n\nWe collect your email address. Website.\n\nWe store it.",
        "Personal Information We collect includes your name. Personal Information We store is kept safe.",
        # a place or a legal form with nothing before it is not a name
        "Payments are handled by our US affiliate, located in the USA, Inc. where required.",
        "Our partner is registered as a Co., Ltd. in Shenzhen.",
        # a heading that asks, a team, an initial (OTA versions; bulk corpus)
        "How Weatherly uses information. How Weatherly uses cookies. We collect your email address.",
        "Our Customer Support Team will answer. Customer Support Team may ask for your email address.",
        "You retain all rights in your User Content. B. Limited License Subject to these Terms, we grant you a license.",
    ],
)
def test_generic_phrases_are_not_publishers(text: str) -> None:
    assert _company(text) is None


def test_domain_names_the_publisher_when_nothing_else_does() -> None:
    text = ("PRIVACY POLICY Privacy Policy for XCWeather The privacy of XCWeather visitors is very important to us. "
            "This page explains what information we receive when you visit xcweather.co.uk.")
    assert _company(text, url="https://xcweather.co.uk/Info/Privacy") == "XCWeather"
    assert _company(text) is None  # without the address there is nothing to anchor the name


def test_fuller_first_person_name_beats_the_bare_domain_label() -> None:
    text = ("Yale University respects your privacy. Yale University collects your name when you apply. "
            "Contact the Yale webmaster at yale.edu.")
    assert _company(text, url="https://www.yale.edu/privacy-policy") == "Yale University"


def test_service_named_like_another_linked_domain_is_not_the_publisher() -> None:
    text = (
        "Privacy Policy\n\nThis website collects your name when you ask Acta Genealogica a question. Acta Genealogica "
        "answers every question.\n\nWe use analytics. Hotjar Ltd. records how visitors use the pages; "
        "Hotjar Ltd. stores this data in the EU. Read more at https://www.hotjar.com/legal/policies/privacy."
    )
    assert _company(text, url="https://actagenealogica.com/privacy") == "Acta Genealogica"


def test_provider_of_a_service_the_site_uses_is_not_the_publisher() -> None:
    text = ("We sell music software. Card payments use a billing service provided by Northbank Payments plc. "
            "Questions go to Loop Tools. Loop Tools answers within a day.")
    assert _company(text, url="https://www.looptools.com/legal/privacy") == "Loop Tools"


def test_provider_defined_as_we_is_the_publisher() -> None:
    text = ('This policy explains how we use information when you use the services provided by Apricot Hill Inc. '
            '("Streamly," "we," "us" or "our") via http://streamly.com.')
    assert _company(text, url="https://streamly.com/privacy") == "Apricot Hill Inc."


@pytest.mark.parametrize(
    "text",
    [
        "Who we are In this Privacy Policy references to 'we' and 'us' are to Harbour Retail Limited trading as "
        "Gadget World, company number 504877. Gadget World sells laptops. Gadget World delivers them.",
        "We – meaning Tablecloth, Inc., doing business as Gadget World (also \"Gadget World,\" \"our\" or \"us\") "
        "– wrote this policy. Gadget World stores data. Gadget World deletes it on request.",
        "Gadget World is a website belonging to Harbour Retail Limited, a UK Registered Company. Gadget World "
        "sells laptops. Gadget World delivers them.",
        "Harbour Retail Limited and its affiliated entities (collectively, \"Harbour\", \"us\" or \"we\") protect "
        "your privacy. Gadget World sells laptops. Gadget World delivers them.",
        "Gadget World sells laptops. Gadget World delivers them. The data controller is Harbour Retail Limited, "
        "1 Portal Way, London.",
    ],
)
def test_legal_entity_behind_a_trading_name_wins_over_the_brand(text: str) -> None:
    company = _company(text, url="https://www.gadgetworld.co.uk/privacy")
    assert company in ("Harbour Retail Limited", "Tablecloth, Inc.")


def test_merely_mentioned_legal_name_loses_to_the_sites_own_name() -> None:
    text = ("Image Forge collects your email address when you buy. Image Forge never sells it.\n\n"
            "Billing information is collected by Payworld (The Royal Bank of Albion plc, 36 St Andrew Square, "
            "Edinburgh).")
    assert _company(text, url="https://www.image-forge.com/legal/privacy") == "Image Forge"


def test_words_glued_before_a_name_fold_into_the_name() -> None:
    # a title-cased heading runs into the first sentence: "... Notice Covers Gofar Trails Ltd ("we")"
    text = ('What This Privacy Notice Covers Gofar Trails Ltd ("we", "us") owns this site. Gofar Trails Ltd will '
            "collect your data. Write to Gofar Trails Ltd at the address below.")
    assert _company(text) == "Gofar Trails Ltd"
    # but a name is not cut down to a fragment seen once: "Enterprises Ltd" is not "Gofar Enterprises Ltd"
    text = ("Gofar Enterprises Ltd will collect your data. Gofar Enterprises Ltd is the Data Controller. "
            "Gofar Enterprises Ltd keeps it safe. Write to: Enterprises Ltd, 1 Mill Lane.")
    assert _company(text) == "Gofar Enterprises Ltd"


def test_website_is_the_policys_own_site_rather_than_a_cookie_information_site() -> None:
    text = ("We use cookies. To learn about cookies visit www.aboutcookies.org or www.aboutcookies.org/delete. "
            "See www.aboutcookies.org for help.")
    md = detect_metadata(read_text(text, source="t", url="https://www.thomsonpress.com/en/privacy.html"))
    assert md.website == "www.thomsonpress.com"
