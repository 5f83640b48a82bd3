"""Tests of policykg.ingest.learned: the opt-in learned segment categoriser, its file format,
where it lives, the ``train`` command, and the eval's training-overlap warning."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from policykg.cli import main
from policykg.errors import InputError
from policykg.evaluate.opp115 import evaluate_opp115, read_opp115
from policykg.ingest.categorize import CATEGORY_IRIS, categorize
from policykg.ingest.learned import (
    FORMAT_VERSION,
    SOURCE,
    CategoryModel,
    Example,
    FeatureConfig,
    TrainConfig,
    categorize_with,
    cross_validate,
    data_dir,
    default_model_path,
    explain_with,
    fit,
    load_model,
    prepare_opp115,
    text_sha256,
    unit_features,
    with_context,
)
from policykg.ingest.records import Block, BlockKind, Document, Span

from conftest import CORPORA, require

PK = "https://w3id.org/policykg#"

# A dozen sentences per OPP-115 category, in the language real policies use.
SENTENCES: dict[str, list[str]] = {
    "FirstPartyCollectionUse": [
        "We collect your name, email address and postal address when you create an account.",
        "When you visit our website, our servers automatically record your IP address and browser type.",
        "We use the information you provide to process your orders and deliver your products.",
        "Our site uses cookies to remember your preferences and to understand how you use our services.",
        "We may use your location data to show you nearby stores.",
        "Information you submit through the contact form is used to respond to your inquiry.",
        "We gather details about the pages you view and the links you click on our site.",
        "We collect payment information, such as your credit card number, when you make a purchase.",
        "Your phone number is used to send you order status text messages.",
        "We analyze usage data to improve the performance of our mobile application.",
        "When you register, we ask for your date of birth and gender.",
        "We obtain your device identifier and operating system version when you install the app.",
    ],
    "ThirdPartySharingCollection": [
        "We may share your personal information with service providers who perform services on our behalf.",
        "We do not sell or rent your personal information to third parties for their marketing purposes.",
        "Advertising networks may place their own cookies on your browser to serve targeted ads.",
        "We may disclose your information to law enforcement when required by a subpoena or court order.",
        "In the event of a merger or acquisition, your data may be transferred to the acquiring company.",
        "We use Google Analytics, which collects information about your visits to our site.",
        "Your shipping address is given to our delivery partners so they can send your package.",
        "We share aggregated statistics with our business partners and sponsors.",
        "Our affiliates may receive your contact details to offer you related products.",
        "Social media plug-ins on our pages let Facebook and Twitter collect data about your visit.",
        "Payment processors receive your card details to complete the transaction.",
        "We may provide your email address to advertisers with your consent.",
    ],
    "UserChoiceControl": [
        "You may opt out of receiving promotional emails by clicking the unsubscribe link.",
        "You can set your browser to refuse all cookies or to alert you when cookies are being sent.",
        "If you do not wish to receive our newsletter, please tell us in your account settings.",
        "You can choose not to provide certain information, but some features may then be unavailable.",
        "To opt out of interest-based advertising, visit the Network Advertising Initiative opt-out page.",
        "You may withdraw your consent to marketing communications at any time.",
        "You can disable location services in your device settings.",
        "Text STOP to stop receiving text messages from us.",
        "You can manage your communication preferences on the preferences page.",
        "Most browsers let you block third-party cookies through their privacy options.",
        "If you prefer not to be contacted by phone, let our customer service team know.",
        "You have the choice to decline tracking technologies when you first visit the site.",
    ],
    "UserAccessEditDeletion": [
        "You can review and update your account information at any time by logging in.",
        "You may request that we delete your personal information from our records.",
        "To correct inaccurate information, please edit your profile page.",
        "You can close your account by contacting our support team.",
        "You have the right to request a copy of the personal data we hold about you.",
        "Registered users can change their email address and password in account settings.",
        "If your information is out of date, you can amend it through the My Account page.",
        "You may ask us to remove your posts from the community forum.",
        "Members can access their order history and edit their saved addresses.",
        "Your profile details can be updated or deleted from the settings menu.",
        "You can deactivate your account at any time from the account page.",
        "Please contact us if you would like to review the information we hold about you.",
    ],
    "DataRetention": [
        "We retain your personal information for as long as your account is active.",
        "Server logs are kept for ninety days and then deleted.",
        "We keep transaction records for seven years to comply with tax laws.",
        "Copies of deleted content may remain in our backup archives for a limited period.",
        "Once your account is closed, we delete your data within thirty days.",
        "We store your messages until you remove them.",
        "Information is retained only as long as necessary to fulfill the purposes described.",
        "Anonymized data may be kept indefinitely for statistical purposes.",
        "Your application materials are held for one year after the position is filled.",
        "Cookies stored on your device expire after twelve months.",
        "We purge inactive accounts after two years of inactivity.",
        "Backup copies are overwritten on a rolling basis within six months.",
    ],
    "DataSecurity": [
        "We use Secure Socket Layer encryption to protect your payment information.",
        "We maintain physical, electronic and procedural safeguards to protect your data.",
        "No method of transmission over the Internet is completely secure.",
        "Access to personal information is limited to authorized employees who need it.",
        "Our servers are protected by firewalls and monitored for intrusions.",
        "Passwords are stored in hashed form.",
        "We take reasonable measures to protect your information from unauthorized access.",
        "Sensitive data is encrypted at rest and in transit using TLS.",
        "Our vendors are contractually required to keep your information confidential.",
        "Keep your password secret and log out after using a shared computer.",
        "We regularly test our systems for security vulnerabilities.",
        "Credit card numbers are processed on PCI compliant secure servers.",
    ],
    "PolicyChangeCategory": [
        "We may change this privacy policy from time to time.",
        "If we make material changes, we will notify you by email before they take effect.",
        "Any revisions will be posted on this page with a new effective date.",
        "Your continued use of the site after changes are posted means you accept them.",
        "This policy was last updated on March 3, 2015.",
        "We reserve the right to modify this statement at any time.",
        "Please check this page periodically to review any updates to our policy.",
        "We will post a notice on our homepage when the policy is revised.",
        "Changes to this notice become effective when posted.",
        "The date of the last amendment appears at the top of this policy.",
        "If we change how we use your information, we will ask for your consent.",
        "Earlier versions of this privacy statement are archived and available on request.",
    ],
    "DoNotTrackCategory": [
        "We do not respond to Do Not Track signals sent by your browser.",
        "Our website does not currently honor Do Not Track requests.",
        "Some browsers offer a Do Not Track setting; we do not change our practices in response.",
        "Because there is no common standard, our site ignores DNT signals.",
        "We honor Do Not Track browser settings and stop tracking when they are on.",
        "Third parties on our site may not respond to Do Not Track signals.",
        "There is no industry agreement on how to respond to Do Not Track preferences.",
        "Our services treat browser Do Not Track headers like any other request.",
        "For more on Do Not Track, visit allaboutdnt.com.",
        "We do not track you across websites and therefore do not respond to DNT.",
        "Your browser's Do Not Track setting will not stop analytics on this site.",
        "We will revisit our Do Not Track practice when a standard is adopted.",
    ],
    "InternationalSpecificAudiences": [
        "Our services are not directed to children under the age of 13.",
        "We do not knowingly collect personal information from children under 13.",
        "California residents may request information about disclosures for direct marketing.",
        "If you are located in the European Union, your data will be transferred to the United States.",
        "Parents may contact us to have their child's information removed.",
        "Users in Canada have additional rights under federal privacy law.",
        "We comply with the EU-U.S. Privacy Shield Framework.",
        "Under California's Shine the Light law, residents may request a list of third parties.",
        "Visitors from outside the United States consent to the transfer of their data.",
        "Children must have a parent's permission before registering.",
        "Nevada residents may opt out of the sale of covered information.",
        "Residents of the European Economic Area may lodge a complaint with a supervisory authority.",
    ],
    "OtherCategory": [
        "If you have any questions about this policy, please contact us at privacy@example.com.",
        "This privacy policy describes how we handle information on our website.",
        "Welcome to our site; we respect your privacy.",
        "Our mailing address is 100 Main Street, Springfield.",
        "By using our services, you agree to the terms of this privacy policy.",
        "This statement applies to all websites owned and operated by our company.",
        "Please read this policy carefully before using the service.",
        "Our privacy officer can be reached at 1-800-555-0100.",
        "This policy does not apply to websites we link to.",
        "Capitalized terms not defined here have the meanings given in our Terms of Use.",
        "We are committed to being transparent about our practices.",
        "For more information about our company, see the About Us page.",
    ],
}

HELD_OUT = {
    "DataRetention": "Order records are retained for five years after the purchase.",
    "DoNotTrackCategory": "Our site does not respond to browser Do Not Track signals.",
    "DataSecurity": "All payment data is encrypted with SSL technology.",
    "UserChoiceControl": "You can unsubscribe from our newsletters at any time.",
}

FAST = TrainConfig(steps=120, learning_rate=0.1, inner_folds=2)


def _examples() -> list[Example]:
    examples = []
    for category, sentences in SENTENCES.items():
        for index, sentence in enumerate(sentences):
            policy = f"policy-{index % 4}"
            examples.append(Example(sentence, None, (PK + category,), policy, target=len(examples), position=index / 11))
    return examples


@pytest.fixture(scope="module")
def model() -> CategoryModel:
    return fit(_examples(), training=FAST, corpus="synthetic")


def _local(iris) -> set[str]:
    return {iri.rsplit("#", 1)[-1] for iri in iris}


# ---------------------------------------------------------------- fit and predict


def test_fit_learns_the_training_sentences(model):
    examples = _examples()
    right = sum(1 for e in examples if _local(e.categories) <= _local(model.classify(e.text, position=e.position)))
    assert right / len(examples) >= 0.9


@pytest.mark.parametrize(("category", "sentence"), sorted(HELD_OUT.items()))
def test_model_generalises_to_new_sentences(model, category, sentence):
    assert category in _local(model.classify(sentence))


def test_fitting_is_deterministic(model):
    again = fit(_examples(), training=FAST, corpus="synthetic")
    assert again.digest == model.digest
    assert np.array_equal(again.thresholds, model.thresholds)


def test_thresholds_are_tuned_within_bounds(model):
    assert model.thresholds.shape == (len(CATEGORY_IRIS),)
    assert np.all((model.thresholds > 0) & (model.thresholds < 1))
    assert model.training.policies == 4 and model.training.units == 120


def test_features_name_words_rules_and_items():
    features = unit_features("We retain your data for 30 days.", "Data Retention", position=1.0)
    assert features["w:retain"] > 0 and "w2:for 0" in features and "h:retention" in features
    assert "rule:DataRetention" in features and "score:DataRetention" in features
    assert any(name.startswith("cue:DataRetention:") for name in features)
    assert "pos:last" in features
    assert with_context([features, {"w:x": 1.0}])[1]["prev-rule:DataRetention"] == 1.0


def test_fit_refuses_no_examples():
    with pytest.raises(InputError, match="no training examples"):
        fit([])


# ---------------------------------------------------------------- save and load


def test_save_load_round_trip_gives_identical_predictions(model, tmp_path):
    path = model.save(tmp_path / "deep" / "model.npz")
    loaded = load_model(path)
    texts = [s for sentences in SENTENCES.values() for s in sentences[:3]] + list(HELD_OUT.values())
    features = [unit_features(t) for t in texts]
    assert np.allclose(loaded.probabilities(features), model.probabilities(features), atol=1e-6)
    assert loaded.decide(loaded.probabilities(features)) == model.decide(model.probabilities(features))
    assert loaded.digest == model.digest
    assert loaded.categories == model.categories and loaded.features == model.features
    assert loaded.training.sha256 == model.training.sha256 == ("policy-0", "policy-1", "policy-2", "policy-3")


def test_model_file_is_npz_without_pickle_and_a_json_header(model, tmp_path):
    path = model.save(tmp_path / "model.npz")
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["bias.npy", "header.npy", "rows.npy", "thresholds.npy", "weights.npy"]
    with np.load(path, allow_pickle=False) as data:
        header = json.loads(data["header"].tobytes())
    assert header["format_version"] == FORMAT_VERSION
    assert header["categories"] == list(CATEGORY_IRIS)
    assert len(header["thresholds"]) == 10 and header["training"]["policies"] == 4
    assert header["policykg_version"] and header["features"]["dim"] == FeatureConfig().dim


def test_a_corrupt_file_raises_a_typed_error_naming_it(tmp_path):
    path = tmp_path / "broken.npz"
    path.write_bytes(b"PK\x03\x04 this is not a zip archive")
    with pytest.raises(InputError) as raised:
        load_model(path)
    assert str(path) in str(raised.value) and "not a usable policykg categories model" in str(raised.value)


def test_a_truncated_file_raises_a_typed_error(model, tmp_path):
    path = model.save(tmp_path / "model.npz")
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(InputError, match="model.npz"):
        load_model(path)


def test_another_format_version_is_refused(model, tmp_path):
    path = model.save(tmp_path / "model.npz")
    with np.load(path, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    header = json.loads(arrays["header"].tobytes())
    header["format_version"] = FORMAT_VERSION + 1
    arrays["header"] = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
    np.savez_compressed(path, **arrays)
    with pytest.raises(InputError, match="format version"):
        load_model(path)


def test_a_missing_model_says_how_to_make_one(tmp_path):
    with pytest.raises(InputError, match="policykg train categories"):
        load_model(tmp_path / "nothing.npz")


# ---------------------------------------------------------------- where models live


def test_data_dir_honours_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("POLICYKG_DATA_DIR", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert data_dir() == tmp_path / "home" / ".local" / "share" / "policykg"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert data_dir() == tmp_path / "xdg" / "policykg"
    monkeypatch.setenv("POLICYKG_DATA_DIR", str(tmp_path / "pk"))
    assert default_model_path() == tmp_path / "pk" / "models" / "categories.npz"


# ---------------------------------------------------------------- using a model


def _document() -> Document:
    parts = [
        ("Data Retention", BlockKind.HEADING),
        ("We retain your personal information for as long as your account is active.", BlockKind.PARAGRAPH),
        ("Security", BlockKind.HEADING),
        ("We use Secure Socket Layer encryption to protect your payment information.", BlockKind.PARAGRAPH),
    ]
    text, blocks = "", []
    for part, kind in parts:
        if text:
            text += "\n\n"
        blocks.append(Block(kind, len(text), len(text) + len(part), 1 if kind is BlockKind.HEADING else 0))
        text += part
    return Document(text, tuple(blocks), "t.txt", "text/plain", "0")


def test_categorize_with_gives_the_rule_stage_units_with_learned_categories(model):
    document = _document()
    learned = categorize_with(model, document)
    assert [s.span for s in learned] == [s.span for s in categorize(document)]
    assert [_local(s.categories) for s in learned] == [{"DataRetention"}, {"DataSecurity"}]
    assert categorize_with(model, document, [Span(0, 0)]) == ()


def test_explanations_name_the_learned_model(model):
    explained = explain_with(model, "Server logs are retained for ninety days.", top=3)
    retention = explained[PK + "DataRetention"]
    assert retention and all(c.source == SOURCE == "learned model" for c in retention)
    assert len(retention) <= 3 and retention[0].weight != 0


def test_process_with_a_model_records_it_in_the_extractor_version(model, seeds_dir):
    from policykg.ingest.pipeline import EXTRACTOR_VERSION, process
    from policykg.ingest.read import read_file

    document = read_file(sorted(seeds_dir.iterdir())[0])
    plain, learned = process(document), process(document, categories_model=model)
    assert plain.extractor_version == EXTRACTOR_VERSION
    assert learned.extractor_version == f"{EXTRACTOR_VERSION}+categories-{model.digest}"
    assert [s.span for s in learned.segments] == [s.span for s in plain.segments]
    assert learned.practices == plain.practices


def test_ingest_refuses_a_model_with_a_cluster_executor(model, tmp_path):
    from policykg.ingest.pipeline import ingest_paths
    from policykg.store import Store

    with Store.open(tmp_path / "store") as store, pytest.raises(InputError, match="Dask"):
        ingest_paths([tmp_path], store=store, executor="dask://localhost:8786", categories_model=model)


# ---------------------------------------------------------------- train and eval on a mini OPP-115 release


def _write_policy(folder: Path, policy_id: int, site: str, segments: list[tuple[str, str]]) -> None:
    """One OPP-115-shaped policy: segments joined by ``|||`` and a consolidation CSV row per segment."""
    sanitized = folder / "sanitized_policies"
    consolidation = folder / "consolidation" / "threshold-0.75-overlap-similarity"
    sanitized.mkdir(parents=True, exist_ok=True)
    consolidation.mkdir(parents=True, exist_ok=True)
    (sanitized / f"{policy_id}_{site}.html").write_text("|||".join(text for _, text in segments), encoding="utf-8")
    with (consolidation / f"{policy_id}_{site}.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        for index, (category, _) in enumerate(segments):
            attributes = {"Does/Does Not": {"value": "Does", "startIndexInSegment": -1, "endIndexInSegment": -1}}
            writer.writerow([f"{policy_id}-{index}", "batch", "1", str(policy_id), str(index), category,
                             json.dumps(attributes), "1/1/15", f"http://{site}/privacy"])


NAMES = {
    "FirstPartyCollectionUse": "First Party Collection/Use",
    "ThirdPartySharingCollection": "Third Party Sharing/Collection",
    "UserChoiceControl": "User Choice/Control",
    "DataRetention": "Data Retention",
    "DataSecurity": "Data Security",
    "OtherCategory": "Other",
}


@pytest.fixture(scope="module")
def mini_opp115(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("opp115-mini")
    for number, site in enumerate(("alpha.com", "beta.org", "gamma.net")):
        segments = [
            (NAMES[category], " ".join(SENTENCES[category][4 * number : 4 * number + 3]))
            for category in NAMES
        ]
        _write_policy(folder, 100 + number, site, segments)
    return folder


def test_prepare_opp115_labels_the_pipeline_units_with_gold(mini_opp115):
    policies = prepare_opp115(mini_opp115)
    assert [p.name for p in policies] == ["100_alpha.com", "101_beta.org", "102_gamma.net"]
    first = policies[0]
    assert len(first.examples) == 6 and len(first.gold) == 6
    assert [_local(e.categories) for e in first.examples][3] == {"DataRetention"}
    assert first.sha256 == first.examples[0].policy
    (gold_policy,) = read_opp115(mini_opp115, limit=1)
    assert first.sha256 == text_sha256(gold_policy.document()[0].text)
    result = cross_validate(policies, folds=3, training=TrainConfig(steps=60, inner_folds=0))
    assert result.policies == 3 and result.segments == 18
    assert sum(s.support for _, s in result.scores("learned")) == 18
    assert result.as_dict()["learned"]["macro"]["f1"] >= 0


def test_cli_train_writes_the_model_and_eval_warns_about_overlap(mini_opp115, tmp_path, capsys):
    out = tmp_path / "models" / "categories.npz"
    report = tmp_path / "train.json"
    assert main(["train", "categories", str(mini_opp115), "--out", str(out), "--folds", "3", "--json", str(report)]) == 0
    printed = capsys.readouterr().out
    assert "3-fold cross-validation by policy" in printed and "macro" in printed and str(out) in printed.replace("\n", "")
    model = load_model(out)
    assert model.training.policies == 3 and model.training.corpus == mini_opp115.name
    data = json.loads(report.read_text())
    assert data["cross_validation"]["folds"] == 3 and data["policies"] == 3

    assert main(["eval", "opp115", str(mini_opp115), "--categories-model", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "WARNING" in printed and "trained on 3 of these 3 policies" in printed

    scored = evaluate_opp115(mini_opp115, limit=1, categories_model=model)
    assert scored.training_overlap == ["100_alpha.com"] and scored.categories_model.startswith("learned model")


def test_cli_train_saves_in_the_data_dir_by_default(mini_opp115, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("POLICYKG_DATA_DIR", str(tmp_path / "data"))
    assert main(["train", "categories", str(mini_opp115), "--limit", "2"]) == 0
    assert load_model(tmp_path / "data" / "models" / "categories.npz").training.policies == 2


def test_eval_of_unseen_policies_does_not_warn(mini_opp115, tmp_path):
    model = fit(_examples(), training=FAST)
    report = evaluate_opp115(mini_opp115, categories_model=model)
    assert report.training_overlap == [] and report.policies == 3


def test_cli_ingest_with_a_model_and_a_missing_model(model, seeds_dir, tmp_path, monkeypatch, capsys):
    path = model.save(tmp_path / "model.npz")
    seed = str(sorted(seeds_dir.iterdir())[0])
    assert main(["ingest", seed, "--store", str(tmp_path / "store"), "-q", "--categories-model", str(path)]) == 0
    monkeypatch.setenv("POLICYKG_DATA_DIR", str(tmp_path / "empty"))
    assert main(["ingest", seed, "--store", str(tmp_path / "store2"), "-q", "--learned"]) == 2
    assert "categories.npz" in capsys.readouterr().err


def test_two_workers_receive_the_model(model, seeds_dir, tmp_path):
    """Workers get the model once through their initialiser; the store equals a one-process run's."""
    from policykg.ingest.pipeline import ingest_paths
    from policykg.store import Store

    from policykg.ontology import ONTOLOGY_GRAPH

    seeds = sorted(seeds_dir.iterdir())[:2]
    stores = []
    for workers in (1, 2):
        with Store.open(tmp_path / f"store{workers}") as store:
            report = ingest_paths(seeds, store=store, workers=workers, categories_model=model)
            assert report.ok and len(report.stored) == 2
            stores.append({str(q) for q in store.oxigraph if str(q.graph_name) != f"<{ONTOLOGY_GRAPH}>"})
    assert stores[0] == stores[1]
    # the run that generated each policy names the model
    assert sum(f"extractor-2+categories-{model.digest}" in quad for quad in stores[1]) >= 2


# ---------------------------------------------------------------- the corpus


@pytest.mark.slow
def test_cross_validated_learned_model_beats_the_rules_on_opp115_dev():
    folder = require(CORPORA / "opp115-dev")
    result = cross_validate(prepare_opp115(folder), folds=5)
    assert result.policies == 75
    assert result.macro("learned")[2] > result.macro("rule")[2]


@pytest.mark.parametrize("text", [s for sentences in SENTENCES.values() for s in sentences[:2]])
def test_fired_cues_are_what_explain_segment_lists(text):
    from policykg.ingest.categorize import CUES, explain_segment, fired_cues

    heading = "Your Choices and Data Retention"
    explained = {
        (c.category, c.source == "heading", c.label) for parts in explain_segment(text, heading).values() for c in parts if c.source != "item"
    }
    assert {(cue.category, cue.heading, cue.pattern) for cue in fired_cues(text, heading)} == explained
    assert all(cue in CUES for cue in fired_cues(text, heading))
