"""One error hierarchy for the whole library.

Library code raises these; only the CLI turns them into messages and exit codes
(see ``policykg.cli``). Every message says what went wrong, where (file, line or
offset when known) and, where there is one, what to do about it.
"""

from __future__ import annotations


class PolicyKGError(Exception):
    """Base class of every error policykg raises on purpose."""

    #: Exit code the CLI uses for this kind of error.
    exit_code: int = 2


class InputError(PolicyKGError):
    """A policy file (or corpus line) cannot be read as a policy.

    ``path`` names the file; ``reason`` says what is wrong with it.
    """

    def __init__(self, path: str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ManifestError(PolicyKGError):
    """A manifest file is malformed or names a file that does not exist."""


class StoreError(PolicyKGError):
    """The store cannot be opened, read or written."""


class StoreLockedError(StoreError):
    """Another process holds the store's write lock."""


class QueryError(PolicyKGError):
    """A named query is unknown, malformed, lacks a parameter, or failed to run."""


class EndpointError(QueryError):
    """A remote SPARQL endpoint is down, answered with an HTTP error, or sent malformed results."""


class ValidationError(PolicyKGError):
    """SHACL validation could not run (bad shapes, unknown profile); not a failed check."""


class ExportError(PolicyKGError):
    """A view or format cannot be produced (unknown view, missing Graphviz, empty selection)."""


class NotFoundError(PolicyKGError):
    """A company, policy or other named thing is not in the store."""


class EvaluationError(PolicyKGError):
    """A gold corpus is missing or not in the expected format."""
