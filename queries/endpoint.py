"""A remote SPARQL 1.1 endpoint: queries with SPARQLWrapper, plain HTTP for the Graph Store Protocol.

What the client does for you:

- **timeouts** on every request (``timeout`` seconds) and **retries with
  exponential back-off** when the server is unreachable, times out, or answers
  429 / 5xx (``retries`` more attempts, waiting ``backoff * 2**n`` seconds);
  4xx answers are not retried: they will not get better;
- **clear errors**: every failure is an :class:`~policykg.errors.EndpointError`
  that says whether the server is down, which HTTP status it sent (with the
  start of its message), or that its results were not SPARQL JSON;
- **credentials** from the environment, ``POLICYKG_ENDPOINT_TOKEN`` (HTTP bearer)
  or ``POLICYKG_ENDPOINT_USER`` / ``POLICYKG_ENDPOINT_PASSWORD`` (HTTP basic). They
  go into an ``Authorization`` header only; ``repr`` and every error message
  show the URL with any ``user:password@`` part removed;
- **the union default graph**: policykg keeps one named graph per policy
  version and queries the union of all graphs. Oxigraph server's default graph
  is its own (empty) graph, so by default the client sends the
  ``union-default-graph`` request parameter Oxigraph understands (servers that
  do not know it ignore it; Virtuoso and GraphDB already use the union). Turn it
  off with ``union_default_graph=False`` or ``POLICYKG_ENDPOINT_UNION=0``;
- **caps**: ``page_size`` reads a SELECT in pages (``LIMIT``/``OFFSET``), for
  servers that cap result rows (Virtuoso's ``ResultSetMaxRows``); ``max_rows``
  stops reading after that many rows and marks the result ``truncated``.

Parameters are bound with a ``VALUES`` block written from the terms' N-Triples
form (:func:`policykg.queries.with_values`): values stay escaped RDF terms.

>>> Endpoint("http://alice:secret@127.0.0.1:7878/query")
Endpoint('http://127.0.0.1:7878/query')
"""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping

from SPARQLWrapper import JSON, POST, POSTDIRECTLY, URLENCODED, SPARQLWrapper
from SPARQLWrapper import SPARQLExceptions as sparql_errors

from policykg.errors import EndpointError

from .results import QueryResult, from_sparql_json

ENV_USER = "POLICYKG_ENDPOINT_USER"
ENV_PASSWORD = "POLICYKG_ENDPOINT_PASSWORD"
ENV_TOKEN = "POLICYKG_ENDPOINT_TOKEN"
ENV_UNION = "POLICYKG_ENDPOINT_UNION"
ENV_TIMEOUT = "POLICYKG_ENDPOINT_TIMEOUT"
ENV_PAGE_SIZE = "POLICYKG_ENDPOINT_PAGE_SIZE"

_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_USER_AGENT = "policykg (SPARQLWrapper)"


def redact(url: str) -> str:
    """The URL without any ``user:password@`` part.

    >>> redact("http://bob:pw@example.org/sparql?x=1")
    'http://example.org/sparql?x=1'
    """
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def _split_credentials(url: str) -> tuple[str, str | None, str | None]:
    parts = urllib.parse.urlsplit(url)
    user = urllib.parse.unquote(parts.username) if parts.username else None
    password = urllib.parse.unquote(parts.password) if parts.password else None
    return redact(url), user, password


def _has_limit(text: str) -> bool:
    from . import _TOKEN

    bare = _TOKEN.sub(lambda m: " " if m.group("skip") else m.group(0), text)
    tail = bare[bare.rfind("}") + 1 :] if "}" in bare else bare
    return bool(re.search(r"\b(LIMIT|OFFSET)\b", tail, re.IGNORECASE))


class Endpoint:
    """A SPARQL 1.1 endpoint (query URL, optional update URL and Graph Store URL).

    Args:
        url: the query endpoint (``http://127.0.0.1:7878/query``). A
            ``user:password@`` part is taken as HTTP basic credentials and removed.
        update_url: the SPARQL Update endpoint (default: ``url`` with a final
            ``/query`` or ``/sparql`` replaced by ``/update``, else ``url``).
        graph_store_url: the Graph Store Protocol endpoint (default: ``url`` with a
            final ``/query`` replaced by ``/store``, Oxigraph's layout).
        timeout: seconds per request.
        retries: further attempts after a failure that may pass (down, timeout, 429, 5xx).
        backoff: seconds before the first retry; doubled each time, at most 30 s.
        union_default_graph: ask for the union of all graphs as default graph.
        page_size: read SELECT results in pages of this many rows (``None``: one request).
        max_rows: read at most this many rows (``None``: all).
        user, password, token: credentials; :meth:`from_env` reads them from the environment.
    """

    def __init__(
        self,
        url: str,
        *,
        update_url: str | None = None,
        graph_store_url: str | None = None,
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 0.5,
        union_default_graph: bool = True,
        page_size: int | None = None,
        max_rows: int | None = None,
        user: str | None = None,
        password: str | None = None,
        token: str | None = None,
    ) -> None:
        if not re.match(r"^https?://", url or "", re.IGNORECASE):
            raise EndpointError(f"{redact(url or '')!r} is not an http(s) URL of a SPARQL endpoint")
        clean, url_user, url_password = _split_credentials(url)
        self.url = clean
        base = re.sub(r"/(query|sparql)/?$", "", clean)
        has_known_suffix = base != clean
        self.update_url = redact(update_url) if update_url else (base + "/update" if has_known_suffix else clean)
        self.graph_store_url = redact(graph_store_url) if graph_store_url else (
            base + "/store" if re.search(r"/query/?$", clean) else None
        )
        if timeout <= 0 or retries < 0 or backoff < 0:
            raise EndpointError("timeout must be positive, retries and backoff not negative")
        if page_size is not None and page_size <= 0 or max_rows is not None and max_rows < 0:
            raise EndpointError("page_size must be positive and max_rows not negative")
        self.timeout = float(timeout)
        self.retries = int(retries)
        self.backoff = float(backoff)
        self.union_default_graph = union_default_graph
        self.page_size = page_size
        self.max_rows = max_rows
        self._user = user or url_user
        self._password = password if password is not None else url_password
        self._token = token

    @classmethod
    def from_env(cls, url: str, **options) -> "Endpoint":
        """An endpoint whose credentials and defaults come from the environment.

        ``POLICYKG_ENDPOINT_TOKEN`` (bearer) or ``POLICYKG_ENDPOINT_USER`` and
        ``POLICYKG_ENDPOINT_PASSWORD`` (basic); ``POLICYKG_ENDPOINT_UNION=0``
        turns the union default graph off; ``POLICYKG_ENDPOINT_TIMEOUT`` and
        ``POLICYKG_ENDPOINT_PAGE_SIZE`` set those options. ``options`` win.
        """
        env = os.environ
        options.setdefault("token", env.get(ENV_TOKEN) or None)
        options.setdefault("user", env.get(ENV_USER) or None)
        options.setdefault("password", env.get(ENV_PASSWORD) or None)
        if ENV_UNION in env:
            options.setdefault("union_default_graph", env[ENV_UNION].strip().lower() not in ("0", "false", "no", "off"))
        try:
            if env.get(ENV_TIMEOUT):
                options.setdefault("timeout", float(env[ENV_TIMEOUT]))
            if env.get(ENV_PAGE_SIZE):
                options.setdefault("page_size", int(env[ENV_PAGE_SIZE]))
        except ValueError as exc:
            raise EndpointError(f"bad number in {ENV_TIMEOUT} or {ENV_PAGE_SIZE}: {exc}") from None
        return cls(url, **options)

    def __repr__(self) -> str:
        return f"Endpoint({self.url!r})"

    # ------------------------------------------------------------ credentials
    def _authorization(self) -> str | None:
        if self._token:
            return f"Bearer {self._token}"
        if self._user is not None:
            raw = f"{self._user}:{self._password or ''}".encode("utf-8")
            return "Basic " + base64.b64encode(raw).decode("ascii")
        return None

    def _scrub(self, text: str) -> str:
        """``text`` with any credential replaced by ``***`` (servers sometimes echo headers)."""
        for secret in (self._token, self._password):
            if secret:
                text = text.replace(secret, "***")
        return text

    # ------------------------------------------------------------ retrying
    def _with_retries(self, what: str, url: str, attempt_once):
        delay = self.backoff
        for attempt in range(self.retries + 1):
            try:
                return attempt_once()
            except _Retryable as exc:
                if attempt == self.retries:
                    raise EndpointError(self._scrub(f"{what} at {url}: {exc.message} (after {attempt + 1} attempts)")) from None
                time.sleep(min(delay, 30.0))
                delay *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    # ------------------------------------------------------------ SPARQL protocol
    def _wrapper(self, url: str, text: str, *, update: bool = False) -> SPARQLWrapper:
        wrapper = SPARQLWrapper(url, updateEndpoint=url, agent=_USER_AGENT)
        wrapper.setTimeout(max(1, round(self.timeout)))
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(POSTDIRECTLY if update else URLENCODED)
        wrapper.setReturnFormat(JSON)
        authorization = self._authorization()
        if authorization:
            wrapper.addCustomHttpHeader("Authorization", authorization)
        if self.union_default_graph and not update:
            wrapper.addParameter("union-default-graph", "true")
        wrapper.setQuery(text)
        return wrapper

    def _send(self, url: str, text: str, *, update: bool) -> bytes:
        wrapper = self._wrapper(url, text, update=update)

        def once() -> bytes:
            try:
                response = wrapper.query()
                return response.response.read()
            except sparql_errors.QueryBadFormed as exc:
                raise EndpointError(self._scrub(f"{url} rejected the query as malformed (HTTP 400): {_short(exc)}")) from None
            except sparql_errors.Unauthorized:
                raise EndpointError(
                    f"{url} refused the credentials (HTTP 401); set {ENV_TOKEN} or {ENV_USER}/{ENV_PASSWORD}"
                ) from None
            except sparql_errors.EndPointNotFound:
                raise EndpointError(f"{url}: no SPARQL endpoint at this URL (HTTP 404)") from None
            except sparql_errors.URITooLong:
                raise EndpointError(f"{url}: request too long (HTTP 414)") from None
            except sparql_errors.EndPointInternalError as exc:
                raise _Retryable(f"server error (HTTP 500): {_short(exc)}") from None
            except urllib.error.HTTPError as exc:
                detail = _short(exc.read() if hasattr(exc, "read") else exc)
                if exc.code in _RETRY_STATUS:
                    raise _Retryable(f"HTTP {exc.code}: {detail}") from None
                if exc.code == 403:
                    raise EndpointError(f"{url} forbids this request (HTTP 403): {self._scrub(detail)}") from None
                raise EndpointError(self._scrub(f"{url} answered HTTP {exc.code}: {detail}")) from None
            except urllib.error.URLError as exc:
                raise _Retryable(f"server is down or unreachable ({_reason(exc)})") from None
            except (TimeoutError, socket.timeout):
                raise _Retryable(f"no answer within {self.timeout:g} s") from None
            except ConnectionError as exc:
                raise _Retryable(f"connection failed ({exc})") from None
            except sparql_errors.SPARQLWrapperException as exc:
                raise EndpointError(self._scrub(f"{url}: {_short(exc)}")) from None

        return self._with_retries("SPARQL request", url, once)

    def _select_raw(self, text: str) -> dict:
        body = self._send(self.url, text, update=False)
        try:
            document = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise EndpointError(f"{self.url} sent malformed results (not SPARQL JSON: {exc})") from None
        if not isinstance(document, dict):
            raise EndpointError(f"{self.url} sent malformed results (not a JSON object)")
        return document

    def select(self, text: str, bindings: Mapping[str, object] | None = None) -> QueryResult:
        """Run a query (SELECT, ASK, or CONSTRUCT as rows) with bound parameters.

        Args:
            text: SPARQL query text; policykg prefixes it uses need not be declared.
            bindings: ``{variable: pyoxigraph term}`` (see :func:`policykg.queries.bind`).

        Raises:
            EndpointError: the server is down, answered with an error, or sent malformed results.
        """
        from policykg.errors import QueryError

        from . import strip_comments, with_prefixes, with_values

        prepared = with_prefixes(strip_comments(with_values(text, bindings or {})))
        if re.search(r"\b(CONSTRUCT|DESCRIBE)\b", _form_of(prepared), re.IGNORECASE):
            return self._graph(prepared)
        try:
            if self.page_size is None or _has_limit(prepared):
                result = from_sparql_json(self._select_raw(prepared), max_rows=self.max_rows)
                return result
            rows: list[tuple] = []
            columns: tuple[str, ...] = ()
            offset = 0
            truncated = False
            while True:
                page = from_sparql_json(self._select_raw(f"{prepared}\nLIMIT {self.page_size} OFFSET {offset}"))
                columns = page.columns or columns
                rows.extend(page.rows)
                if len(page.rows) < self.page_size:
                    break
                offset += self.page_size
                if self.max_rows is not None and len(rows) > self.max_rows:
                    truncated = True
                    break
            if self.max_rows is not None and len(rows) > self.max_rows:
                rows, truncated = rows[: self.max_rows], True
            return QueryResult(columns, tuple(rows), truncated=truncated)
        except EndpointError:
            raise
        except QueryError as exc:
            raise EndpointError(f"{self.url} sent malformed results ({exc})") from None

    def _graph(self, text: str) -> QueryResult:
        """Rows (subject, predicate, object) of a CONSTRUCT / DESCRIBE query, read as N-Triples."""
        import pyoxigraph as ox

        from .results import plain_from_ox

        wrapper = self._wrapper(self.url, text)
        wrapper.setReturnFormat("n3")
        wrapper.addCustomHttpHeader("Accept", "application/n-triples")

        def once() -> bytes:
            try:
                return wrapper.query().response.read()
            except urllib.error.URLError as exc:
                raise _Retryable(f"server is down or unreachable ({_reason(exc)})") from None
            except sparql_errors.SPARQLWrapperException as exc:
                raise EndpointError(self._scrub(f"{self.url}: {_short(exc)}")) from None

        body = self._with_retries("SPARQL request", self.url, once)
        try:
            triples = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as exc:
            raise EndpointError(f"{self.url} sent malformed N-Triples: {exc}") from None
        rows = tuple((plain_from_ox(t.subject), plain_from_ox(t.predicate), plain_from_ox(t.object)) for t in triples)
        return QueryResult(("subject", "predicate", "object"), rows)

    def update(self, text: str) -> None:
        """Run a SPARQL Update on :attr:`update_url`.

        Raises:
            EndpointError: as for :meth:`select`.
        """
        from . import strip_comments, with_prefixes

        self._send(self.update_url, with_prefixes(strip_comments(text)), update=True)

    # ------------------------------------------------------------ plain HTTP (Graph Store Protocol)
    def http(
        self,
        method: str,
        url: str,
        *,
        body: bytes | None = None,
        content_type: str | None = None,
        accept: str | None = None,
    ) -> tuple[int, bytes]:
        """Send one HTTP request with credentials, timeout and retries; return ``(status, body)``.

        Raises:
            EndpointError: the server is down, or answered 4xx/5xx (after retries for 429/5xx).
        """
        headers = {"User-Agent": _USER_AGENT}
        if content_type:
            headers["Content-Type"] = content_type
        if accept:
            headers["Accept"] = accept
        authorization = self._authorization()
        if authorization:
            headers["Authorization"] = authorization
        shown = redact(url)

        def once() -> tuple[int, bytes]:
            request = urllib.request.Request(url, data=body, headers=headers, method=method)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return response.status, response.read()
            except urllib.error.HTTPError as exc:
                detail = _short(exc.read())
                if exc.code in _RETRY_STATUS:
                    raise _Retryable(f"HTTP {exc.code}: {detail}") from None
                if exc.code == 401:
                    raise EndpointError(
                        f"{method} {shown} refused the credentials (HTTP 401); set {ENV_TOKEN} or {ENV_USER}/{ENV_PASSWORD}"
                    ) from None
                raise EndpointError(self._scrub(f"{method} {shown} answered HTTP {exc.code}: {detail}")) from None
            except urllib.error.URLError as exc:
                raise _Retryable(f"server is down or unreachable ({_reason(exc)})") from None
            except (TimeoutError, socket.timeout):
                raise _Retryable(f"no answer within {self.timeout:g} s") from None
            except ConnectionError as exc:
                raise _Retryable(f"connection failed ({exc})") from None

        return self._with_retries(f"{method}", shown, once)


class _Retryable(Exception):
    """A failure worth another attempt (internal to the retry loop)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _short(thing: object, limit: int = 300) -> str:
    if isinstance(thing, bytes):
        thing = thing.decode("utf-8", "replace")
    text = " ".join(str(thing).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _reason(exc: urllib.error.URLError) -> str:
    reason = getattr(exc, "reason", exc)
    return _short(getattr(reason, "strerror", None) or reason)


def _form_of(text: str) -> str:
    from . import _TOKEN

    for match in _TOKEN.finditer(text):
        if match.group("form"):
            return match.group("form")
    return ""
