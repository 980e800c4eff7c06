"""The command line: parses arguments and wires the stages; no logic of its own.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage error,
unreadable or invalid input, or internal error. Machine output on stdout (or --output),
messages on stderr.
"""

from __future__ import annotations

import difflib
import json
import os
import stat
import sys
import tempfile
from contextlib import ExitStack
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from armicheck import __version__
from armicheck.core.diagnostics import InputError
from armicheck.core.summary import RunSummary
from armicheck.core.time import as_of_problem

# Each command imports the stages it runs when it runs (below): `armicheck rules list` or
# `schema` need neither the engine nor the reporters, and `--help` needs none of them.

EXIT_HELP = (
    "Exit codes: 0 = nothing at or above --fail-on; 1 = findings at or above it; "
    "2 = usage error, unreadable or invalid input, internal error."
)

app = typer.Typer(
    name="armicheck",
    help="Check incidents on the Korean DMZ against the armistice regime: which clause of "
    "which agreement was broken, by which side, on what evidence.\n\n"
    "Example: armicheck evaluate incidents/2017-11-13-jsa-defection.yaml\n\n" + EXIT_HELP,
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
rules_app = typer.Typer(help="List, show and test the rule packs.\n\n"
                        "Example: armicheck rules show KAA-I-7\n\n"
                        "Exit codes: 0 = done (rules test: all pass); 1 = a rule test failed; "
                        "2 = usage error or an invalid rule pack.", no_args_is_help=True,
                        rich_markup_mode=None)
app.add_typer(rules_app, name="rules")
new_app = typer.Typer(help="Write a commented starting file.\n\n"
                      "Example: armicheck new incident incidents/draft.yaml\n\n"
                      "Exit codes: 0 = written; 2 = the file exists or cannot be written.",
                      no_args_is_help=True, rich_markup_mode=None)
app.add_typer(new_app, name="new")


class EvalFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    sarif = "sarif"
    markdown = "markdown"
    github = "github"
    html = "html"


class ValidateFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


class FailOn(StrEnum):
    violation = "violation"
    possible = "possible"
    never = "never"


class SchemaName(StrEnum):
    incident = "incident"
    findings = "findings"
    rules = "rules"


def _version(value: bool) -> None:
    if value:
        print(f"armicheck {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    pass


def _die(message: str) -> None:
    print(f"armicheck: {message}", file=sys.stderr)
    raise typer.Exit(2)


def _check_as_of(as_of: str | None) -> None:
    if as_of is None:
        return
    problem = as_of_problem(as_of)
    if problem:
        _die(problem)


def _load_rules(extra: list[str]) -> Any:
    from armicheck.packs import load_builtin, load_rules

    try:
        return load_rules(tuple(extra)) if extra else load_builtin()
    except InputError as exc:
        for d in exc.diagnostics:
            print(d, file=sys.stderr)
        raise typer.Exit(2) from None


def _cache_dir(enabled: bool) -> str | None:
    if not enabled:
        return None
    from armicheck.run.cache import default_dir

    return str(default_dir())


def _default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else (os.cpu_count() or 1))


def _jobs(asked: int) -> int:
    """--jobs: 0 means every core; never more processes than cores (more only contend), and
    run_many never forks more than there are files. A negative count is a usage error."""
    if asked < 0:
        _die(f"--jobs {asked}: expected a number of processes, 1 or more (0: every core)")
    return min(asked, _default_jobs()) if asked else _default_jobs()


class _Output:
    """stdout, or a new file written atomically (temporary file, then rename)."""

    def __init__(self, target: str | None) -> None:
        self.target = target
        self.tmp: Path | None = None
        if target and Path(target).is_dir():
            _die(f"--output {target}: is a directory")

    def __enter__(self) -> Any:
        if not self.target:
            return sys.stdout
        dest = Path(self.target)
        if dest.exists() and not dest.is_file():  # /dev/null, a FIFO: write through, never
            self.handle = open(dest, "w", encoding="utf-8")  # replace it with a file
            return self.handle
        try:
            fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp",
                                        dir=dest.parent if str(dest.parent) else ".")
        except OSError as exc:
            _die(f"--output {self.target}: cannot write there: {exc.strerror or exc}")
        self.tmp = Path(name)
        self.handle = os.fdopen(fd, "w", encoding="utf-8")
        return self.handle

    def __exit__(self, exc_type: Any, *rest: Any) -> None:
        if not self.target:
            sys.stdout.flush()
            return
        self.handle.close()
        if self.tmp is None:
            return
        if exc_type is None:
            # mkstemp makes the file 0600; a report should get the usual umask-based mode
            umask = os.umask(0)
            os.umask(umask)
            try:
                os.chmod(self.tmp, 0o666 & ~umask)
                os.replace(self.tmp, self.target)
            except OSError as exc:
                self.tmp.unlink(missing_ok=True)
                raise OSError(exc.errno, exc.strerror, f"--output {self.target}") from None
        else:
            self.tmp.unlink(missing_ok=True)


def _is_directory(target: str | None) -> bool:
    """`-o DIR/` (a trailing slash, or an existing directory) for --format html."""
    return bool(target) and (str(target).endswith(("/", os.sep)) or Path(str(target)).is_dir())


class _Directory:
    """--format html -o DIR/: the renderer writes index.html and one page per incident."""

    def __init__(self, target: str | None) -> None:
        self.directory = Path(str(target))
        if self.directory.exists() and not self.directory.is_dir():
            _die(f"--output {target}: not a directory")

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: Any) -> None:
        pass

    def write(self, text: str) -> None:  # nothing else is written here
        raise OSError(f"--output {self.directory}: a directory")

    def flush(self) -> None:
        pass


@app.command()
def evaluate(
    paths: list[str] = typer.Argument(..., help="Incident files, directories, or - for stdin."),
    fmt: list[EvalFormat] = typer.Option(
        [EvalFormat.table], "--format", "-f",
        help="Output format. Repeat it with --output for several outputs in one run: they "
        "pair in order, and a last --format without --output goes to stdout."),
    output: list[str] = typer.Option([], "--output", "-o",
                                     help="Write to this file (atomically: the old content "
                                     "stays until the new is complete)."),
    rules: list[str] = typer.Option([], "--rules", help="Extra or replacement rule packs."),
    as_of: str | None = typer.Option(None, "--as-of",
                                        help="Evaluate under the law in force on DATE."),
    fail_on: FailOn = typer.Option(FailOn.violation, "--fail-on",
                                   help="Lowest status that makes the exit code 1."),
    explain: bool = typer.Option(False, "--explain",
                                 help="Show why each rule did or did not fire."),
    verbose: bool = typer.Option(False, "--verbose", "-v",
                                 help="Table: add each finding's whole reason, clause texts "
                                 "and evidence quotes."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Processes (default: all cores)."),
    cache: bool = typer.Option(False, "--cache", envvar="ARMICHECK_CACHE",
                               help="Reuse the results of files unchanged since an earlier run "
                               "(kept in $XDG_CACHE_HOME/armicheck; keyed by file, code, rule "
                               "packs and options, so never stale)."),
) -> None:
    """Evaluate incidents and print findings citing clause and evidence.

    Example: armicheck evaluate incidents/ --format json --fail-on possible

    Example: armicheck evaluate incidents/ -f sarif -o out.sarif -f table

    Exit codes: 0 = nothing at or above --fail-on; 1 = findings at or above it;
    2 = usage error, unreadable or invalid input.
    """
    from armicheck.report import render
    from armicheck.run import api
    from armicheck.run.check import Options

    try:
        targets = render.pair_outputs([f.value for f in fmt], output)
    except ValueError as exc:
        _die(str(exc))
    _check_as_of(as_of)
    ruleset = _load_rules(rules)
    described = api.rule_descriptors(ruleset)
    names = [name for name, _ in targets]
    options = Options(as_of=as_of, explain=explain, cache_dir=_cache_dir(cache),
                      drawing="html" in names)
    streaming = render.STREAMING_FORMATS.issuperset(names)  # hold no results: flat memory
    files, entries, found = api.entries(paths, ruleset, options, jobs=_jobs(jobs),
                                        finish=render.encoder(names) if streaming else None)
    _refuse_overwriting_inputs(files, ruleset, [t for _, t in targets], names)
    if any(name == "html" and not _is_directory(target) for name, target in targets):
        try:  # refused before any output is written, whatever the order of the options
            render.html_fits_one_file(len(files) + len(entries))
        except render.TooMany as exc:
            _die(str(exc))
    with ExitStack() as stack:  # on any failure every --output keeps its old content
        outs = [stack.enter_context(_Directory(target) if name == "html" and _is_directory(
            target) else _Output(target)) for name, target in targets]
        _print_errors(entries)
        stream = _errors_to_stderr(found)
        if streaming:
            summary = render.stream_output(names, outs, stream, described, options, entries)
        else:
            got = render.evaluate_output(targets[0][0], stream, outs[0], described, options,
                                         missing_entries=entries, verbose=verbose)
            for (name, _), out in zip(targets[1:], outs[1:], strict=True):  # read once
                render.evaluate_output(name, iter(got), out, described, options,
                                       missing_entries=entries, verbose=verbose)
            entries += got
            summary = RunSummary.of(entries)
    if "table" in names:
        from armicheck.report.table import summary_line

        print(summary_line(summary.totals), file=sys.stderr)
    raise typer.Exit(summary.exit_code(fail_on.value))


def _refuse_overwriting_inputs(files: list[str], ruleset: Any, targets: list[str | None],
                               formats: list[str]) -> None:
    """No output may write into an incident file (whatever its name: a symlink, a hard link,
    standard input) or a rule pack's file, and the outputs must be distinct files, however
    they are spelt."""
    seen: dict[Path, str] = {}
    for target in targets:
        if target:
            real = Path(target).resolve()
            if real in seen:
                _die(f"--output {target}: the same file as --output {seen[real]}")
            seen[real] = target
    protected = list(files)
    for pack in ruleset.packs.values():
        protected += [str(p) for p in Path(pack.directory).rglob("*") if p.is_file()]
    # compared as files (device, inode), not names
    inputs = {_identity(f) for f in protected} - {None}
    for target in targets:
        if target and _identity(target) in inputs:
            _die(f"--output {target}: refusing to overwrite an input file")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary and "github" in formats and (
            Path(summary).resolve() in seen or _identity(summary) in inputs):
        _die(f"$GITHUB_STEP_SUMMARY {summary}: refusing to write into an input or an "
             "--output")


def _identity(path: str) -> tuple[int, int] | None:
    """The file a path names (device, inode); for '-', the file standard input reads, if it
    is one. None where there is no such file."""
    try:
        st = os.fstat(sys.stdin.fileno()) if path == "-" else os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISREG(st.st_mode) else None


def _print_errors(entries: list[dict[str, Any]]) -> None:
    for entry in entries:
        for err in entry["errors"]:
            print(f"{err['path']}:{err['line']}:{err['column']}: {err['message']}",
                  file=sys.stderr)


def _errors_to_stderr(stream: Any) -> Any:
    """Every error also goes to stderr as `path:line:col: message`, whatever the format."""
    for entry in stream:
        if entry["errors"]:
            _print_errors([entry])
        yield entry


@app.command()
def validate(
    paths: list[str] = typer.Argument(..., help="Incident files, directories, or - for stdin."),
    fmt: ValidateFormat = typer.Option(ValidateFormat.text, "--format", "-f"),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Processes (default: all cores)."),
    cache: bool = typer.Option(False, "--cache", envvar="ARMICHECK_CACHE",
                               help="Reuse the results of files unchanged since an earlier run "
                               "(kept in $XDG_CACHE_HOME/armicheck; keyed by file, code, rule "
                               "packs and options, so never stale)."),
) -> None:
    """Check incident files: schema and meaning (references, time order, positions).

    Example: armicheck validate incidents/ --format github

    Exit codes: 0 = all valid; 2 = a file is invalid or unreadable.
    """
    from armicheck.report import render
    from armicheck.run import api
    from armicheck.run.check import Options

    _, absent, found = api.entries(paths, None, Options(cache_dir=_cache_dir(cache)),
                                jobs=_jobs(jobs), evaluate_rules=False)
    entries = absent + list(found)
    render.validate_output(fmt.value, entries, sys.stdout)
    raise typer.Exit(RunSummary.of(entries).exit_code("never"))


@app.command()
def schema(name: SchemaName = typer.Argument(..., help="incident, findings or rules")) -> None:
    """Print a JSON Schema.

    Example: armicheck schema incident > incident.schema.json

    Exit codes: 0 = printed; 2 = usage error (unknown schema name).
    """
    from armicheck.schemas import load_schema

    print(json.dumps(load_schema(name.value), indent=2))


@new_app.command("incident")
def new_incident(
    path: str | None = typer.Argument(None, help="The file to create (never overwritten); "
                                      "without it, the template goes to stdout."),
) -> None:
    """Write a commented incident file to fill in: every section, the most common form of
    each field, and placeholders in <angle brackets> that `validate` points at until filled.

    Example: armicheck new incident incidents/2017-11-13-jsa-defection.yaml

    Exit codes: 0 = written; 2 = the file exists or cannot be written.
    """
    from armicheck.run.new import NewFileRefused, new_file

    try:
        new_file("incident", path, sys.stdout)
    except NewFileRefused as exc:
        _die(str(exc))
@app.command()
def places(
    near: str | None = typer.Option(None, "--near", help="Sort by distance from this place "
                                    "(an id or a name)."),
    within: float | None = typer.Option(None, "--within", help="With --near: only places "
                                        "within this many km."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json"),
) -> None:
    """List the gazetteer's places (format 1.1 `{place: ID}`), each with its source.

    Example: armicheck places --near yeonpyeong-do --within 30

    Exit codes: 0 = listed; 2 = usage error (an unknown place, a bad format).
    """
    from armicheck.run import places as place_commands

    if fmt not in ("table", "json"):
        _die(f"--format {fmt}: expected table or json")
    if within is not None and near is None:
        _die("--within needs --near PLACE")
    if within is not None and not 0 < within < 20000:  # nan, inf and negatives too
        _die(f"--within {within:g}: expected a distance in km above 0 (and below 20000)")
    try:
        place_commands.list_places(near, within, fmt, sys.stdout)
    except LookupError as exc:
        _die(f"--near: {exc.args[0]}")


@rules_app.command("list")
def rules_list(
    as_of: str | None = typer.Option(None, "--as-of", help="Only rules in force on DATE."),
    pack: str | None = typer.Option(None, "--pack", help="Only this pack."),
    rules: list[str] = typer.Option([], "--rules", help="Extra or replacement rule packs."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json"),
) -> None:
    """List rules: id, title, category, and for whom each is in force.

    Example: armicheck rules list --as-of 2019-06-01

    Exit codes: 0 = listed; 2 = usage error or an invalid rule pack.
    """
    from armicheck.run import rules as rule_commands

    _check_as_of(as_of)
    ruleset = _load_rules(rules)
    if pack and pack not in ruleset.packs:
        _die(f"--pack {pack}: unknown pack (known: {', '.join(ruleset.packs)})")
    rule_commands.list_rules(ruleset, as_of, pack, fmt, sys.stdout)


@rules_app.command("show")
def rules_show(
    rule_id: str = typer.Argument(..., help="Rule id, e.g. KAA-I-7"),
    rules: list[str] = typer.Option([], "--rules", help="Extra or replacement rule packs."),
) -> None:
    """Show a rule with its clauses' verbatim text, text status, basis and exceptions.

    Example: armicheck rules show KAA-I-7

    Exit codes: 0 = shown; 2 = unknown rule id, usage error or an invalid rule pack.
    """
    from armicheck.run import rules as rule_commands

    ruleset = _load_rules(rules)
    rule = ruleset.rule(rule_id)
    if rule is None:
        hint = difflib.get_close_matches(rule_id, [r.id for r in ruleset.rules], n=1)
        _die(f"unknown rule id {rule_id!r}" + (f" (did you mean {hint[0]}?)" if hint else ""))
    rule_commands.show_rule(rule, sys.stdout, ruleset)


@rules_app.command("facts")
def rules_facts(
    fmt: str = typer.Option("table", "--format", "-f", help="table or json"),
) -> None:
    """List the facts a rule's condition may test: type, scope, cost, meaning, absence.

    Example: armicheck rules facts

    Exit codes: 0 = listed.
    """
    from armicheck.run import rules as rule_commands

    rule_commands.list_facts(fmt, sys.stdout)


@rules_app.command("test")
def rules_test(
    rules: list[str] = typer.Option([], "--rules", help="Extra or replacement rule packs."),
) -> None:
    """Run every rule's own positive and negative test incidents.

    Example: armicheck rules test

    Exit codes: 0 = all pass; 1 = a test failed; 2 = a pack or fixture is invalid.
    """
    from armicheck.run import rules as rule_commands

    ruleset = _load_rules(rules)
    failures = rule_commands.test_rules(ruleset, sys.stdout)
    raise typer.Exit(1 if failures else 0)


def main() -> None:
    # `--version` answers before typer (and its imports) is even needed.
    if sys.argv[1:] == ["--version"]:
        print(f"armicheck {__version__}")
        return
    import signal

    # SIGTERM unwinds like an interrupt: every --output's temporary file is removed on the way
    signal.signal(signal.SIGTERM, _terminated)
    if sys.stderr is None:  # `2>&-`: messages go nowhere rather than into stdout
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the whole run
    sys.stdout = _Guarded(sys.stdout)  # type: ignore[assignment]
    try:
        try:
            app()
        finally:
            sys.stdout.flush()  # inside the guard: a dead pipe or full device is reported
    except KeyboardInterrupt:
        _say("armicheck: interrupted")
        _leave(130)
    except _Terminated:
        _leave(143)
    except OutputFailed as exc:
        _quiet_stdout()
        _say(f"armicheck: {exc}")
        _leave(2)
    except OSError as exc:  # a full disk, an unwritable folder or file
        _quiet_stdout()
        where = f" {exc.filename}" if exc.filename else ""
        _say(f"armicheck: cannot write{where}: {exc.strerror or exc}")
        _leave(2)
    except Exception as exc:  # never a traceback, and never exit 1, which reads as findings
        _quiet_stdout()
        text = " ".join(str(exc).split())[:300]
        _say(f"armicheck: internal error: {type(exc).__name__}: {text}")
        _leave(2)


def _leave(code: int) -> None:
    """End a run that failed or was stopped, now. The finally blocks the exception passed
    through have removed every temporary output; what is left is a `--jobs` pool abandoned
    mid-run, which the interpreter's exit would terminate and join, and a worker ended while
    holding one of the pool's queue locks makes that join wait forever (seen: a broken pipe
    on a 140-file run). Its workers are ended first, so none writes to a closed pipe and
    prints its own complaint."""
    pools = sys.modules.get("multiprocessing")  # imported only by a --jobs run
    if pools is not None:
        for worker in pools.active_children():
            worker.kill()
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)


def _say(message: str) -> None:
    """A last message on stderr; where even that cannot be written (a full device), the exit
    code must still say what happened, so stderr is let go quietly."""
    try:
        print(message, file=sys.stderr)
        sys.stderr.flush()
    except (OSError, ValueError):
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - the interpreter's last flush


class _Terminated(BaseException):
    pass


def _terminated(signum: int, frame: Any) -> None:
    raise _Terminated()


class OutputFailed(Exception):
    """stdout could not be written: not an OSError, so no library turns it into an exit 1."""


class _Guarded:
    """stdout whose write failures (a broken pipe, a full device) become OutputFailed."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream  # None: stdout closed (`>&-`)

    def write(self, text: str) -> int:
        if self._stream is None:
            if not text:
                return 0
            raise OutputFailed("standard output is closed")
        try:
            return self._stream.write(text)  # type: ignore[no-any-return]
        except OSError as exc:
            raise OutputFailed(_why(exc)) from None

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except OSError as exc:
            raise OutputFailed(_why(exc)) from None

    def isatty(self) -> bool:
        return self._stream is not None and bool(self._stream.isatty())

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _why(exc: OSError) -> str:
    if isinstance(exc, BrokenPipeError):
        return "standard output closed before the output was complete (broken pipe)"
    return f"cannot write standard output: {exc.strerror or exc}"


def _quiet_stdout() -> None:
    """stdout to /dev/null, so the interpreter's last flush of a dead pipe or a full device
    cannot print a second complaint."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno())  # type: ignore[union-attr]
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
