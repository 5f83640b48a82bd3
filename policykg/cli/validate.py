"""``policykg validate``: SHACL structure checks and completeness profiles, per policy version."""

from __future__ import annotations

import json
from dataclasses import asdict
from enum import Enum
from typing import Annotated

import typer
from rich.table import Table

from policykg.cli import app, console
from policykg.cli.options import DEFAULT_STORE, CompanyOption, StoreOption


class Profile(str, Enum):
    core = "core"
    gdpr = "gdpr"
    ccpa = "ccpa"
    caloppa = "caloppa"
    coppa = "coppa"
    all = "all"


class Format(str, Enum):
    table = "table"
    json = "json"
    turtle = "turtle"


class Engine(str, Enum):
    pyshacl = "pyshacl"
    turbo = "turbo"


_STYLE = {"met": "green", "missing": "red", "not applicable": "dim"}


def _short(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@app.command()
def validate(
    profile: Annotated[Profile, typer.Option("--profile", help="Shapes to check: core structure, a law's completeness profile, or all.")] = Profile.core,
    company: CompanyOption = None,
    policy: Annotated[str | None, typer.Option("--policy", help="One policy version by IRI.")] = None,
    output_format: Annotated[Format, typer.Option("--format", help="table (readable), json (every row), turtle (the SHACL report graph).")] = Format.table,
    save: Annotated[bool, typer.Option("--save", help="Store each report graph in the store, linked from its policy with pk:validatedBy.")] = False,
    engine: Annotated[Engine, typer.Option("--engine", help="pyshacl (reference) or turbo (optional pyshacl-turbo package).")] = Engine.pyshacl,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Worker processes (one policy graph each at a time).")] = 2,
    evidence: Annotated[bool, typer.Option("--evidence/--no-evidence", help="Quote the text that meets each met requirement (--no-evidence: statuses only, about twice as fast).")] = True,
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Check each policy version against SHACL shapes; show every requirement as met, missing or not applicable,
    with the quote that meets it and the legal source. Exit 0 when all conform, 1 when one does not, 2 on error.

    Example: policykg validate --profile gdpr --company plimus
    """
    from policykg.shapes import validate_store
    from policykg.store import Store

    with Store.open(store, read_only=not save) as db:
        results = validate_store(
            db, profile=profile.value, company=company, policy=policy, workers=workers, engine=engine.value, save=save,
            evidence=evidence,
        )
    if output_format is Format.json:
        payload = [
            {"policy": policy_iri, "profile": result.profile, "conforms": result.conforms,
             "requirements": [asdict(row) for row in result.for_policy(policy_iri)]}
            for result in results for policy_iri in result.policies
        ]
        typer.echo(json.dumps(payload, indent=2, default=list))
    elif output_format is Format.turtle:
        from rdflib import Graph

        from policykg.ontology import bind_prefixes

        merged = Graph()
        bind_prefixes(merged)
        for result in results:
            merged += result.report
        typer.echo(merged.serialize(format="turtle"))
    else:
        for result in results:
            for policy_iri in result.policies:
                rows = result.for_policy(policy_iri)
                verdict = "[green]conforms[/]" if not any(r.status == "missing" and r.severity == "violation" for r in rows) else "[red]does not conform[/]"
                table = Table(title=f"{policy_iri} — {result.profile}: {verdict}", title_justify="left", show_lines=False, expand=True)
                table.add_column("requirement", ratio=3)
                table.add_column("status", no_wrap=True)
                table.add_column("severity", no_wrap=True)
                table.add_column("evidence or reason", ratio=6)
                table.add_column("legal source", ratio=2)
                for row in rows:
                    detail = f"“{_short(row.evidence)}”" if row.evidence else _short(row.reason)
                    if row.focus_nodes and row.status == "missing" and row.profile == "core":
                        detail += f" ({len(row.focus_nodes)} node(s), e.g. {row.focus_nodes[0]})"
                    style = _STYLE.get(row.status, "")
                    table.add_row(row.requirement, f"[{style}]{row.status}[/]", row.severity, detail, row.legal_source)
                console.print(table)
    if not results:
        console.print("no policy versions to validate")
    if any(not result.conforms for result in results):
        raise typer.Exit(1)
