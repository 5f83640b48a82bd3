"""Extraction on a Dask cluster: ``policykg ingest --executor dask://HOST:PORT``.

Beyond one machine policykg uses an existing engine rather than a home-made
one. The parent process walks the inputs and sends one task per policy to the
cluster (``dask.distributed``); each Dask worker reads the policy, runs
``process`` and builds its graph (:func:`policykg.ingest.pipeline.extract_task`);
the outcomes stream back in input order to the parent, which resolves
organisation identity and writes the store. At most ``window`` tasks are in
flight, so the parent's memory stays flat whatever the corpus size.

Workers must have policykg installed (same version) and be able to read the
files named on the command line (a shared file system); policies from a
JSON-lines corpus travel inside the tasks, so they need no shared files.

Start a cluster by hand::

    dask scheduler --host 127.0.0.1 --port 8786
    dask worker tcp://127.0.0.1:8786 --nworkers 2 --nthreads 1
    policykg ingest corpus.jsonl.gz --executor dask://127.0.0.1:8786

Dask is optional: ``pip install "policykg[dask]"``.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator

from policykg.errors import PolicyKGError

from .pipeline import WINDOW_PER_WORKER, Outcome, Task, extract_task

__all__ = ["dask_address", "dask_outcomes"]

#: How long to wait for the scheduler before giving up, in seconds.
CONNECT_TIMEOUT = 20


def dask_address(executor: str) -> str:
    """The Dask scheduler address of an ``--executor`` value.

    :param executor: ``dask://HOST:PORT`` (or a Dask address, ``tcp://HOST:PORT``).
    :returns: the address ``distributed.Client`` takes.
    :raises PolicyKGError: the value is not a Dask address.

    >>> dask_address("dask://127.0.0.1:8786")
    'tcp://127.0.0.1:8786'
    """
    match = re.fullmatch(r"(dask|tcp|tls)://([^/\s:]+|\[[0-9a-fA-F:]+\]):(\d{1,5})/?", executor.strip())
    if not match:
        raise PolicyKGError(f"--executor {executor!r}: expected dask://HOST:PORT (the address of a Dask scheduler)")
    scheme, host, port = match.groups()
    return f"{'tcp' if scheme == 'dask' else scheme}://{host}:{port}"


def _client(address: str):
    try:
        from distributed import Client
    except ImportError as exc:
        raise PolicyKGError(
            "--executor dask://... needs Dask: pip install \"policykg[dask]\" (or \"dask[distributed]\")"
        ) from exc
    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise PolicyKGError(f"cannot reach the Dask scheduler at {address}: {exc}; is it running?") from exc


def dask_outcomes(
    executor: str,
    tasks: Iterable[Task],
    *,
    known: frozenset[str],
    token: str,
    window: int | None = None,
) -> Iterator[Outcome]:
    """Outcomes of ``tasks``, extracted on a Dask cluster, in input order.

    :param executor: ``dask://HOST:PORT`` of the scheduler.
    :param tasks: the policies to extract.
    :param known: SHA-256 of policies already stored (sent once to every worker).
    :param token: the run's placeholder token (see ``pipeline.placeholder_slug``).
    :param window: tasks in flight at once; default ``WINDOW_PER_WORKER`` per worker thread.
    :returns: an iterator of outcomes; a task that fails on the cluster (a worker
        died twice, say) becomes a failed outcome, and the batch goes on.
    :raises PolicyKGError: Dask is not installed or the scheduler cannot be reached.
    """
    address = dask_address(executor)
    client = _client(address)
    try:
        if window is None:
            threads = sum(client.nthreads().values()) or 1
            window = WINDOW_PER_WORKER * threads
        # The set of stored hashes goes to every worker once, not with every task.
        # (Wrapped in a list: Dask scatters the items of a bare collection one by one.)
        [known_on_cluster] = client.scatter([known], broadcast=True, hash=False)
        in_flight: deque[tuple[Task, object]] = deque()
        todo = iter(tasks)
        while True:
            while len(in_flight) < window:
                task = next(todo, None)
                if task is None:
                    break
                future = client.submit(extract_task, task, token, known_on_cluster, pure=False, retries=1)
                in_flight.append((task, future))
            if not in_flight:
                return
            task, future = in_flight.popleft()
            try:
                outcome = future.result()
            except Exception as exc:  # noqa: BLE001 - a worker lost twice, a deserialisation error: report the policy, go on
                outcome = Outcome(task.name, error=f"failed on the Dask cluster: {type(exc).__name__}: {exc}")
            finally:
                future.release()
            yield outcome
    finally:
        client.close()
