from policykg.ingest.identity import OrganisationRegistry
from policykg.ingest.records import PolicyMetadata


def test_aliases_join_two_names_of_one_organisation_in_either_order():
    for first, second in [
        (PolicyMetadata(company="Plimus, Inc."), PolicyMetadata(company="BlueSnap, Inc.", aliases=("Plimus",))),
        (PolicyMetadata(company="BlueSnap, Inc.", aliases=("Plimus",)), PolicyMetadata(company="Plimus, Inc.")),
    ]:
        registry = OrganisationRegistry()
        assert registry.resolve(first, source="a").slug == registry.resolve(second, source="b").slug


def test_website_domain_identifies_an_organisation():
    registry = OrganisationRegistry()
    a = registry.resolve(PolicyMetadata(company="Acme Widgets LLC", website="https://www.acme.example"), source="a")
    b = registry.resolve(PolicyMetadata(website="http://home.acme.example/privacy"), source="b")
    assert a.slug == b.slug == "acme-widgets"


def test_generic_names_do_not_merge_companies():
    registry = OrganisationRegistry()
    a = registry.resolve(PolicyMetadata(company="Alpha Ltd.", aliases=("Company",)), source="a")
    b = registry.resolve(PolicyMetadata(company="Beta Ltd.", aliases=("Company",)), source="b")
    assert a.slug != b.slug


def test_unknown_company_falls_back_to_the_file_name():
    registry = OrganisationRegistry()
    assert registry.resolve(PolicyMetadata(), source="/x/foo_policy.txt").slug == "foo-policy"


def test_registry_from_store_rows_recognises_a_stored_company():
    registry = OrganisationRegistry.from_rows([{"slug": "plimus", "name": "Plimus, Inc.", "url": None}])
    publisher = registry.resolve(PolicyMetadata(company="Plimus Inc"), source="x")
    assert publisher.slug == "plimus" and publisher.legal_name == "Plimus Inc"
