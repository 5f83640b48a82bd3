"""A real SPARQL server: the query suite, hostile values, push, and the client's errors."""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import threading
import time
import urllib.request

import pytest

from graphs_for_queries import build_corpus
from policykg.errors import EndpointError, NotFoundError, QueryError
from policykg.queries import adhoc, public, run
from policykg.queries.endpoint import ENV_TOKEN, Endpoint, redact
from policykg.queries.push import graph_sizes, push
from policykg.store import Store


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``oxigraph serve`` on a free port of 127.0.0.1, stopped at the end."""
    binary = shutil.which("oxigraph")
    if binary is None:
        pytest.skip("the 'oxigraph' server binary is not installed (pip install oxigraph)")
    port = _free_port()
    folder = tmp_path_factory.mktemp("oxigraph-server")
    process = subprocess.Popen([binary, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.terminate()
        pytest.fail("oxigraph serve did not start within 20 s")
    yield Endpoint(url, retries=1, backoff=0.05, timeout=10)
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def pushed(server):
    store = Store.open(None)
    policies = build_corpus(store)
    first = push(store, server, chunk_size=40)
    yield store, policies, first
    store.close()


def _normalised(result):
    """Rows as a sorted list; GROUP_CONCAT cells (order unspecified) sorted inside."""
    def cell(value):
        if isinstance(value, str) and ", " in value:
            return ", ".join(sorted(value.split(", ")))
        if isinstance(value, str) and value.startswith("http") and " " in value:
            return " ".join(sorted(value.split(" ")))
        return value
    return sorted((tuple(cell(v) for v in row) for row in result.rows), key=repr)


@pytest.mark.server
def test_push_is_chunked_and_resumable(server, pushed):
    store, _, first = pushed
    assert first.pushed == first.graphs == len(graph_sizes(store)) and first.requests > first.graphs
    assert graph_sizes(server) == graph_sizes(store)
    again = push(store, server, chunk_size=40)
    assert again.pushed == 0 and again.skipped == first.graphs and again.requests == 0
    # a graph damaged on the server (a push cut short) is sent again, and only that one
    some_graph = sorted(graph_sizes(store))[1]
    server.update(f"DELETE WHERE {{ GRAPH <{some_graph}> {{ ?s a ?type }} }}")
    repaired = push(store, server, chunk_size=40)
    assert repaired.pushed == 1 and graph_sizes(server) == graph_sizes(store)


@pytest.mark.server
def test_whole_suite_gives_the_same_rows_on_the_server(server, pushed):
    store, policies, _ = pushed
    item = run("company-practices", store=store, company="acme").rows[0][1]
    fallback = {"policy": policies["acme-2021"], "item": item}
    for name, named in public().items():
        params = dict(kv.split("=", 1) for kv in named.example.split()) if named.example else {}
        params = {k: ("acme" if v == "plimus" else v) for k, v in params.items()}
        for p in named.parameters:
            if not p.optional and p.name not in params:
                params[p.name] = fallback.get(p.name) or {"IRI": "dpv:PersonalData", "string": "email", "decimal": "0.95"}[p.kind]
        local = run(name, store=store, **params)
        remote = run(name, endpoint=server, **params)
        assert remote.columns == local.columns, name
        assert _normalised(remote) == _normalised(local), name


@pytest.mark.server
@pytest.mark.parametrize("hostile", ['x" } ; DROP ALL ; { "', "} ; DROP ALL ; {", "a'b\\c\nd"])
def test_hostile_values_are_values_on_the_server(server, pushed, hostile):
    store, _, _ = pushed
    before = graph_sizes(server)
    assert len(run("evidence-search", endpoint=server, text=hostile)) == 0
    with pytest.raises(QueryError):
        run("who-collects", endpoint=server, datatype=f"http://x/{hostile}>")
    with pytest.raises((QueryError, NotFoundError)):
        run("company-profile", endpoint=server, company=hostile)
    assert graph_sizes(server) == before
    assert len(run("evidence-search", endpoint=server, text="email address for marketing")) == 2


@pytest.mark.server
def test_update_needs_permission_on_the_server(server, pushed):
    with pytest.raises(QueryError, match="allow-update"):
        run(adhoc("DROP ALL"), endpoint=server)
    assert graph_sizes(server)


@pytest.mark.server
def test_paging_and_row_cap(server, pushed):
    paged = Endpoint(server.url, page_size=100, retries=0)
    whole = run("concepts", endpoint=server)
    assert _normalised(run("concepts", endpoint=paged)) == _normalised(whole) and len(whole) > 100
    capped = run("concepts", endpoint=Endpoint(server.url, max_rows=3, retries=0))
    assert len(capped) == 3 and capped.truncated


def test_server_down_is_a_clear_error():
    endpoint = Endpoint(f"http://127.0.0.1:{_free_port()}/query", retries=2, backoff=0.01, timeout=2)
    started = time.monotonic()
    with pytest.raises(EndpointError, match="down or unreachable.*after 3 attempts"):
        run("companies", endpoint=endpoint)
    assert time.monotonic() - started < 5


class _Handler(http.server.BaseHTTPRequestHandler):
    """A fake endpoint: /junk sends non-JSON, /missing 404, /secret needs a token and echoes headers on refusal."""

    def do_POST(self):  # noqa: N802 - http.server naming
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.startswith("/junk"):
            self._send(200, b"<html>not sparql</html>", "application/sparql-results+json")
        elif self.path.startswith("/busy"):
            type(self).busy_calls += 1
            self._send(503, b"try later", "text/plain")
        elif self.path.startswith("/secret"):
            self._send(403, ("forbidden for " + str(self.headers.get("Authorization"))).encode(), "text/plain")
        else:
            self._send(404, b"no", "text/plain")

    busy_calls = 0

    def _send(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def fake():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_malformed_results_http_errors_and_retries(fake):
    with pytest.raises(EndpointError, match="malformed results"):
        run("companies", endpoint=Endpoint(fake + "/junk", retries=0))
    with pytest.raises(EndpointError, match="404"):
        run("companies", endpoint=Endpoint(fake + "/missing", retries=0))
    _Handler.busy_calls = 0
    with pytest.raises(EndpointError, match="HTTP 503.*after 3 attempts"):
        run("companies", endpoint=Endpoint(fake + "/busy", retries=2, backoff=0.01))
    assert _Handler.busy_calls == 3


def test_credentials_never_appear_in_errors_or_repr(fake, monkeypatch, capsys):
    monkeypatch.setenv(ENV_TOKEN, "s3cr3t-token")
    endpoint = Endpoint.from_env(fake + "/secret")
    with pytest.raises(EndpointError) as caught:
        run("companies", endpoint=endpoint)
    assert "s3cr3t-token" not in str(caught.value) and "***" in str(caught.value)
    basic = Endpoint("http://alice:pa55word@127.0.0.1:1/query", retries=0)
    assert "pa55word" not in repr(basic) and redact("http://a:b@h/x") == "http://h/x"
    from policykg.cli import main

    assert main(["query", "companies", "--endpoint", fake + "/secret"]) == 2
    captured = capsys.readouterr()
    assert "s3cr3t-token" not in captured.out + captured.err


@pytest.mark.server
def test_cli_push_then_query_the_server(server, pushed, tmp_path, capsys):
    from policykg.cli import main

    with Store.open(tmp_path / "s") as disk:
        build_corpus(disk)
    assert main(["push", "--endpoint", server.url, "--store", str(tmp_path / "s")]) == 0
    assert "already on the server" in capsys.readouterr().out
    assert main(["query", "who-sells", "--endpoint", server.url, "--format", "csv"]) == 0
    assert "beta-labs" in capsys.readouterr().out
    assert main(["push", "--store", str(tmp_path / "s")]) == 2
