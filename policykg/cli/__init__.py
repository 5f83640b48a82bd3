"""The ``policykg`` command: a thin twin of the library.

Each command lives in a module of this package, parses its options, calls one
library function and prints the result. Options shared by several commands are
defined once in ``policykg.cli.options``. Library errors (``PolicyKGError``)
become one line on stderr and the error's exit code; nothing else exits.

Exit codes: 0 success; 1 a check failed (validation did not conform, a batch
had failures); 2 an error (bad input, unknown name, store locked, ...).
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from policykg.errors import PolicyKGError

app = typer.Typer(
    name="policykg",
    help="Turn privacy policies into a knowledge graph of data practices; validate it with SHACL; "
    "query it across companies with SPARQL; export pictures of it.\n\n"
    "Example: policykg demo",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)


def _register_commands() -> None:
    """Import every command module of this package; each registers its commands on ``app``."""
    import importlib
    import pkgutil

    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module.name != "options" and not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")


_register_commands()


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    try:
        code = app(args=argv, prog_name="policykg", standalone_mode=False)
    except PolicyKGError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        return 1
    except typer.TyperException as exc:  # usage errors: an unknown command, a missing argument, a bad value
        message = exc.format_message()  # empty when the help was printed instead ('policykg' alone)
        if message:
            context = getattr(exc, "ctx", None)
            hint = f" (see '{context.command_path} --help')" if context is not None else ""
            err_console.print(f"[bold red]error:[/] {message}{hint}", highlight=False, soft_wrap=True)
        return exc.exit_code
    except KeyboardInterrupt:
        err_console.print("interrupted")
        return 130
    return code if isinstance(code, int) else 0


def run() -> None:  # pragma: no cover - console script shim
    sys.exit(main())
