"""``policykg push``: load the store into a remote triple store (SPARQL 1.1 Graph Store Protocol)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from policykg.cli import app, console
from policykg.cli.options import DEFAULT_STORE, StoreOption
from policykg.errors import EndpointError


@app.command()
def push(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Policy files or folders to ingest afresh and push (default: push the store).", show_default=False),
    ] = None,
    endpoint: Annotated[
        str | None,
        typer.Option("--endpoint", help="Query URL of the server (used to compare triple counts). Credentials from "
                     "POLICYKG_ENDPOINT_USER / POLICYKG_ENDPOINT_PASSWORD or POLICYKG_ENDPOINT_TOKEN."),
    ] = None,
    graph_store: Annotated[
        str | None,
        typer.Option("--graph-store", help="Graph Store Protocol URL (default: the endpoint's /query replaced by /store, as on Oxigraph)."),
    ] = None,
    store: StoreOption = DEFAULT_STORE,
    chunk_size: Annotated[int, typer.Option("--chunk-size", min=1, help="At most this many triples per request.")] = 50_000,
    force: Annotated[bool, typer.Option("--force", help="Send every graph, even those the server already holds in full.")] = False,
) -> None:
    """Push one named graph per policy version (and the ontology) to a triple store; resumable.

    Graphs whose triple count on the server already matches are skipped, so an
    interrupted push can simply be run again.

    Example: policykg push --endpoint http://127.0.0.1:7878/query
    """
    from policykg.queries.endpoint import Endpoint
    from policykg.queries.push import push as push_store
    from policykg.store import Store

    if not endpoint:
        raise EndpointError("policykg push needs --endpoint URL (the server's SPARQL query URL)")
    remote = Endpoint.from_env(endpoint, graph_store_url=graph_store)

    def progress(graph: str, status: str, triples: int) -> None:
        console.print(f"{status:7s} {triples:8d} triples  {graph}", highlight=False)

    if paths:
        from policykg.ingest.pipeline import ingest_paths

        with Store.open(None) as source:
            report = ingest_paths([str(p) for p in paths], store=source)
            if report.failures:
                console.print(f"{len(report.failures)} file(s) could not be ingested; pushing the rest", style="yellow")
            result = push_store(source, remote, chunk_size=chunk_size, force=force, on_graph=progress)
    else:
        with Store.open(Path(store), read_only=True) as source:
            result = push_store(source, remote, chunk_size=chunk_size, force=force, on_graph=progress)
    console.print(
        f"{result.pushed} graph(s) pushed ({result.triples} triples, {result.requests} requests), "
        f"{result.skipped} already on the server"
    )
