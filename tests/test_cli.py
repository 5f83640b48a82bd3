"""The command line: every command documents itself with an example, and the main commands work end to end."""

from __future__ import annotations

import json

import pytest
import typer.main

from policykg.cli import app, main


def _is_group(command) -> bool:
    return hasattr(command, "commands")


def _commands(group, prefix: str = ""):
    for name, command in group.commands.items():
        yield f"{prefix}{name}", command
        if _is_group(command):
            yield from _commands(command, f"{prefix}{name} ")


COMMANDS = dict(_commands(typer.main.get_command(app)))


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_with_an_example(name):
    command = COMMANDS[name]
    if _is_group(command):
        assert command.help, name
        return
    assert command.help and "Example: policykg" in command.help, f"'policykg {name}' lacks an example in its help"


def test_ingest_info_query_and_dump_on_the_seeds(tmp_path, seeds_dir, capsys):
    store = str(tmp_path / "store")
    assert main(["ingest", str(seeds_dir), "--store", store, "-q"]) == 0
    assert main(["ingest", str(seeds_dir), "--store", store, "-q"]) == 0  # a rerun skips what is stored
    assert "skipped 5 already stored" in " ".join(capsys.readouterr().out.split())  # rich wraps lines
    assert main(["info", "--store", store]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "4 organisations, 5 policy versions" in out
    assert main(["query", "who-collects", "--param", "datatype=pd:IPAddress", "--format", "json", "--store", store]) == 0
    rows = json.loads(capsys.readouterr().out)
    names = {row["name"] for row in (rows["rows"] if isinstance(rows, dict) else rows)}
    assert {"Plantraco Ltd.", "PLUSnxt LLC"} <= names
    assert main(["dump", str(tmp_path / "all.trig"), "--store", store]) == 0
    assert main(["load", str(tmp_path / "all.trig"), "--store", str(tmp_path / "copy")]) == 0


@pytest.mark.parametrize(
    "argv, message",
    [
        (["nosuch"], "No such command 'nosuch'. (see 'policykg --help')"),
        (["ingest"], "Missing argument 'paths'. (see 'policykg ingest --help')"),
        (["ingest", "x", "--workers", "two"], "Invalid value for '--workers'"),
    ],
)
def test_a_usage_error_is_one_line_with_exit_code_2(argv, message, capsys):
    assert main(argv) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert err.startswith("error: ") and message in err
    assert "Traceback" not in err


def test_unknown_company_is_a_clear_error_with_exit_code_2(tmp_path, seeds_dir, capsys):
    store = str(tmp_path / "store")
    main(["ingest", str(seeds_dir / "003_949f69b16bbf245a.txt"), "--store", store, "-q"])
    assert main(["query", "company-profile", "--param", "company=nosuchco", "--store", store]) == 2
    assert "no company called 'nosuchco'" in " ".join(capsys.readouterr().err.split())


def test_update_is_refused_without_allow_update(tmp_path, capsys):
    store = str(tmp_path / "store")
    code = main(["query", "-e", "DROP ALL", "--store", store])
    assert code == 2
    assert "--allow-update" in " ".join(capsys.readouterr().err.split())
