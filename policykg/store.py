"""The embedded store: a persistent Oxigraph directory.

Each policy version is one named graph (its IRI); the ontology is one more
(``ONTOLOGY_GRAPH``). Queries see the union of all graphs. One process writes at
a time: writers take an exclusive lock on ``<dir>/policykg.lock``, readers a
shared one, so a second writer waits (``wait`` seconds) and then stops with
:class:`StoreLockedError`, and nobody ever opens the database while another
process writes it. A batch of policies is written atomically (see below), so a
crash leaves whole policies only.

Writing: a batch of policy graphs goes through Oxigraph's bulk loader. It
sorts the batch into new RocksDB table files, one per index, and adds them
all in one ``IngestExternalFiles`` call, which RocksDB records atomically
(after a crash either every file of the batch is in the store or none is).
This costs about a third of the CPU of a transaction, and it bypasses
RocksDB's in-memory write buffers, which Oxigraph lets grow to 128 MB for
each of its twelve column families. The loader ingests at most a million
quads in one call, so a batch above ``BULK_QUADS`` quads goes through one
transaction instead, and the write buffers are flushed after it. Small writes
(the ontology, a validation report through :meth:`put_graph`, version links)
go through transactions too: a bulk load for each would leave RocksDB many
tiny files to merge. Table files added by the
loader read slower than the ones RocksDB's compaction writes, until it has
merged them; :meth:`Store.optimize` compacts the whole store (a large ingest
ends with it).

>>> import tempfile
>>> with Store.open(tempfile.mkdtemp()) as store:
...     store.count_triples() > 0   # the ontology is loaded on first open
True
"""

from __future__ import annotations

import collections
import fcntl
import hashlib
import os
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from policykg.errors import QueryError, StoreError, StoreLockedError
from policykg.ontology import ONTOLOGY_GRAPH, PREFIXES, ontology_graph
from policykg.queries import NamedQuery, load as load_query

DEFAULT_STORE = "policykg-store"
#: Most quads a batch may hold to go through the bulk loader, well below the million it ingests atomically.
BULK_QUADS = 500_000
_ONTOLOGY_HASH = ox.NamedNode("https://w3id.org/policykg#ontologyHash")

_FORMATS = {
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".nquads": ox.RdfFormat.N_QUADS,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
}


def default_store_path() -> Path:
    """``$POLICYKG_STORE`` or ``./policykg-store``."""
    return Path(os.environ.get("POLICYKG_STORE") or DEFAULT_STORE)


def to_ox(term):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise StoreError(f"cannot store RDF term {term!r}")


def to_python(term) -> object:
    """A pyoxigraph term as a plain Python value (IRIs and literals as strings, numbers as numbers)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value if term.datatype else ""
        if datatype.endswith(("#integer", "#int", "#long")):
            return int(term.value)
        if datatype.endswith(("#decimal", "#double", "#float")):
            return float(term.value)
        return term.value
    return str(term)


@dataclass(frozen=True, slots=True)
class StoreStats:
    organisations: int
    policies: int
    practices: int
    statements: int
    triples: int


class Store:
    """A policykg store on disk (or in memory when ``path`` is ``None``).

    Use :meth:`open` as a context manager; it releases the lock on exit.
    """

    def __init__(
        self,
        oxigraph: ox.Store,
        path: Path | None,
        lock_fd: int | None,
        read_only: bool,
    ):
        self.oxigraph = oxigraph
        self.path = path
        self._lock_fd = lock_fd
        self.read_only = read_only

    # ------------------------------------------------------------ opening
    @classmethod
    def open(
        cls,
        path: str | os.PathLike | None = None,
        *,
        read_only: bool = False,
        wait: float = 10.0,
    ) -> "Store":
        """Open (creating it when needed, unless ``read_only``) the store at ``path``.

        Raises:
            StoreLockedError: another process is writing it (after ``wait`` seconds).
            StoreError: the directory is not a store or cannot be opened.
        """
        if path is None:
            store = cls(ox.Store(), None, None, False)
            store._ensure_ontology()
            return store
        folder = Path(path)
        if read_only and not (folder / "oxigraph").is_dir():
            raise StoreError(f"{folder}: no policykg store here; run 'policykg ingest' first or pass --store")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            lock_fd = os.open(folder / "policykg.lock", os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(f"{folder}: cannot open the store: {exc.strerror or exc}") from exc
        mode = fcntl.LOCK_SH if read_only else fcntl.LOCK_EX
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(lock_fd, mode | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(lock_fd)
                    raise StoreLockedError(
                        f"{folder}: another policykg process is writing this store; "
                        "wait for it to finish or use another --store"
                    ) from None
                time.sleep(0.2)
        try:
            db = folder / "oxigraph"
            oxigraph = ox.Store.read_only(str(db)) if read_only else ox.Store(str(db))
        except OSError as exc:
            os.close(lock_fd)
            raise StoreError(f"{folder}: cannot open the Oxigraph database: {exc}") from exc
        store = cls(oxigraph, folder, lock_fd, read_only)
        if not read_only:
            store._ensure_ontology()
        return store

    def close(self) -> None:
        if self._lock_fd is not None:
            if not self.read_only:
                self.oxigraph.flush()
            del self.oxigraph
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _ensure_ontology(self) -> None:
        """Load (or refresh) the ontology graph when the shipped ontology changed."""
        # Sorted, the N-Triples are the same in every process (rdflib writes them in hash order, and
        # the ontology has no blank nodes), so the digest tells whether the ontology changed.
        data = b"".join(sorted(ontology_graph().serialize(format="nt", encoding="utf-8").splitlines(keepends=True)))
        digest = hashlib.sha256(data).hexdigest()
        graph = ox.NamedNode(str(ONTOLOGY_GRAPH))
        current = list(self.oxigraph.quads_for_pattern(graph, _ONTOLOGY_HASH, None, graph))
        if current and current[0].object.value == digest:
            return
        self.oxigraph.remove_graph(graph) if self.oxigraph.contains_named_graph(graph) else None
        self.oxigraph.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
        self.oxigraph.add(ox.Quad(graph, _ONTOLOGY_HASH, ox.Literal(digest), graph))

    # ------------------------------------------------------------ writing
    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")

    def put_graph(self, name: str, graph: Graph) -> None:
        """Replace the named graph ``name`` with ``graph`` (one transaction for the load)."""
        self._writable()
        node = ox.NamedNode(str(name))
        if self.oxigraph.contains_named_graph(node):
            self.oxigraph.remove_graph(node)
        data = graph.serialize(format="nt", encoding="utf-8")
        try:
            self.oxigraph.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=node)
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"{self.path}: could not write graph {name}: {exc}") from exc

    def put_graphs(self, graphs: Iterable[tuple[str, Graph]]) -> None:
        """Replace several named graphs; the new content of all of them is written in one transaction."""
        batch = []
        for name, graph in graphs:
            nt = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
            node = f"<{name}>"
            batch.append((str(name), "".join(line[:-2] + f" {node} .\n" for line in nt.splitlines(keepends=True) if line.strip())))
        self.put_nquads(batch)

    def put_nquads(self, batch: Sequence[tuple[str, str | bytes]]) -> None:
        """Replace named graphs given as ``(graph IRI, N-Quads of that graph)``; their new content is written atomically.

        The N-Quads may be ``str`` or UTF-8 ``bytes``; bytes cost the least
        memory (a Python ``str`` holding one non-Latin-1 character takes 2 or 4
        bytes per character, and is copied to UTF-8 again for Oxigraph). Up to
        ``BULK_QUADS`` quads (lines) go through the bulk loader, more through
        one transaction (see the module docstring).

        :param batch: ``(graph IRI, N-Quads)`` pairs; each graph's old content is replaced.
        :raises StoreError: the data does not parse or cannot be written; nothing of the batch is stored.
        """
        self._writable()
        replaced = [g for g in (ox.NamedNode(str(name)) for name, _ in batch) if self.oxigraph.contains_named_graph(g)]
        data = b"".join(chunk.encode("utf-8") if isinstance(chunk, str) else chunk for _, chunk in batch)
        bulk = data.count(b"\n") <= BULK_QUADS
        try:
            if replaced:  # read through first: a batch that does not parse leaves the graphs it would replace
                collections.deque(ox.parse(data, format=ox.RdfFormat.N_QUADS), maxlen=0)
                for graph in replaced:
                    self.oxigraph.remove_graph(graph)
            if bulk:
                self.oxigraph.bulk_load(data, format=ox.RdfFormat.N_QUADS)
            else:
                self.oxigraph.load(data, format=ox.RdfFormat.N_QUADS)
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"{self.path}: could not write {len(batch)} policy graphs: {exc}") from exc
        del data
        if replaced or not bulk:
            self.flush()  # the removals, or the transaction, went through the write buffers

    def flush(self) -> None:
        """Write RocksDB's in-memory write buffers to disk and free them.

        Oxigraph leaves them to grow to 128 MB per column family (about
        1.5 GB in all). Committed data is already durable (write-ahead log),
        so this changes nothing a reader or a crash can see; it only bounds
        memory.

        :raises StoreError: the flush failed (disk full, I/O error).
        """
        self._writable()
        if self.path is None:
            return  # an in-memory store has nothing to write out
        try:
            self.oxigraph.flush()
        except OSError as exc:
            raise StoreError(f"{self.path}: could not flush the store to disk: {exc}") from exc

    def optimize(self) -> None:
        """Compact the whole database, rewriting every table file (Oxigraph's ``optimize``).

        Worth it after many bulk-loaded batches: on the 13k store, 29 s of
        compaction made the slowest questions across companies about twice as
        fast (``ingest_paths`` calls this after a large run).

        :raises StoreError: the compaction failed (disk full, I/O error).
        """
        self._writable()
        try:
            self.oxigraph.optimize()
        except OSError as exc:
            raise StoreError(f"{self.path}: could not compact the store: {exc}") from exc

    def remove_matching(self, subject, predicate) -> None:
        """Remove every quad with this subject and predicate, in any graph."""
        self._writable()
        for quad in list(self.oxigraph.quads_for_pattern(to_ox(subject), to_ox(predicate), None, None)):
            self.oxigraph.remove(quad)

    def add_quads(self, quads: Iterable[tuple]) -> None:
        """Add ``(s, p, o, g)`` rdflib-term quads in one transaction."""
        self._writable()
        self.oxigraph.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g)) for s, p, o, g in quads)

    def remove_graph(self, name: str) -> None:
        self._writable()
        node = ox.NamedNode(str(name))
        if self.oxigraph.contains_named_graph(node):
            self.oxigraph.remove_graph(node)

    # ------------------------------------------------------------ reading
    def query(self, query: str | NamedQuery, params: Mapping[str, object] | None = None):
        """Run a SPARQL query on the union of all graphs; return pyoxigraph results.

        ``params`` maps variable names (without ``?``) to rdflib or pyoxigraph
        terms; they are bound with pyoxigraph substitutions, never spliced.
        Oxigraph applies substitutions after evaluating the pattern, so this is
        for the small internal queries; the named query library binds with a
        leading ``VALUES`` block instead (``policykg.queries.run``), which is
        selective.

        Raises:
            QueryError: the query does not parse or fails.
        """
        text = query.text if isinstance(query, NamedQuery) else query
        substitutions = {
            ox.Variable(name): value if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)) else to_ox(value)
            for name, value in (params or {}).items()
        }
        try:
            return self.oxigraph.query(
                text,
                prefixes=PREFIXES,
                use_default_graph_as_union=True,
                substitutions=substitutions or None,
            )
        except SyntaxError as exc:
            raise QueryError(f"query does not parse: {exc}") from exc
        except (OSError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from exc

    def rows(self, name: str, **params) -> list[dict[str, object]]:
        """Rows of a named (usually internal) SELECT query as dicts of plain Python values."""
        results = self.query(load_query(name), params)
        variables = [v.value for v in results.variables]
        return [{var: to_python(solution[var]) for var in variables} for solution in results]

    def graph_names(self) -> Iterator[str]:
        for node in self.oxigraph.named_graphs():
            if isinstance(node, ox.NamedNode):
                yield node.value

    def graph(self, name: str) -> Graph:
        """The named graph ``name`` as an rdflib graph."""
        node = ox.NamedNode(str(name))
        data = self.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=node)
        graph = Graph()
        if data:
            graph.parse(data=data.decode("utf-8"), format="nt")
        return graph

    def count_triples(self) -> int:
        return len(self.oxigraph)

    def stats(self) -> StoreStats:
        row = self.rows("_store-stats")[0]
        return StoreStats(
            organisations=int(row["organisations"]),
            policies=int(row["policies"]),
            practices=int(row["practices"]),
            statements=int(row["statements"]),
            triples=self.count_triples(),
        )

    # ------------------------------------------------------------ moving
    def dump(self, path: str | os.PathLike) -> int:
        """Write the whole store (every named graph) as TriG or N-Quads, by extension; return quad count."""
        target = Path(path)
        fmt = _FORMATS.get(target.suffix.lower())
        if fmt not in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
            raise StoreError(f"{target}: dump writes .trig or .nq files")
        try:
            self.oxigraph.dump(str(target), format=fmt, prefixes=PREFIXES if fmt == ox.RdfFormat.TRIG else None)
        except OSError as exc:
            raise StoreError(f"{target}: cannot write: {exc}") from exc
        return len(self.oxigraph)

    def load_file(self, path: str | os.PathLike) -> int:
        """Load a TriG / N-Quads dump (one transaction); return the number of quads added."""
        self._writable()
        source = Path(path)
        fmt = _FORMATS.get(source.suffix.lower())
        if fmt not in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
            raise StoreError(f"{source}: load reads .trig or .nq files")
        before = len(self.oxigraph)
        try:
            self.oxigraph.load(path=str(source), format=fmt)
        except FileNotFoundError as exc:
            raise StoreError(f"{source}: no such file") from exc
        except SyntaxError as exc:
            raise StoreError(f"{source}: not valid {fmt.name}: {exc}") from exc
        return len(self.oxigraph) - before
