"""Output formats (SARIF, JSON Lines, markdown, GitHub), --output, terminal manners, exit codes."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from armicheck.report import github
from tests.conftest import DEFECTION_2017, INCIDENTS, MINIMAL, ROOT, run_cli

DATA = Path(__file__).parent / "data"
ESC = "\x1b"
# an incident with no finding at all: a guard with a pistol, present on his own side
CLEAN = MINIMAL.replace("action: cross, from: {side: north}, to: {side: south}",
                        "action: present, at: {side: north}")
INVALID = MINIMAL.replace("actor: guard", "actor: gaurd")


def sarif_of(*args: Any) -> dict[str, Any]:
    result = run_cli("evaluate", *args, "--format", "sarif", "--fail-on", "never")
    assert result.code in (0, 2), result.stderr
    return result.json()


def official_sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def run_armicheck(*args: str, env: dict[str, str] | None = None,
                  stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real command in a child process (pipes, environment, exit status as a shell sees)."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "armicheck", *args], cwd=ROOT, env=full_env,
                          input=stdin, capture_output=True, text=True, timeout=120)


# --- SARIF -----------------------------------------------------------------------------------

def test_sarif_of_2017_defection_is_valid_and_points_at_the_event_lines(monkeypatch):
    monkeypatch.chdir(ROOT)
    sarif = sarif_of(DEFECTION_2017.relative_to(ROOT))
    official_sarif_validator().validate(sarif)
    run = sarif["runs"][0]
    assert sarif["version"] == "2.1.0"
    violations = {r["properties"]["events"][0]: r for r in run["results"]
                  if r["properties"]["status"] == "violation"}
    assert line_of(DEFECTION_2017, "- id: shots") == \
        violations["shots"]["locations"][0]["physicalLocation"]["region"]["startLine"]
    crossing = [r for r in run["results"] if r["properties"]["events"] == ["brief-crossing"]]
    assert len(crossing) == 2  # KAA-I-7 and JSA76-CROSSING
    for r in [violations["shots"], *crossing]:
        loc = r["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"] == {"uri": "incidents/2017-11-13-jsa-defection.yaml",
                                           "uriBaseId": "%SRCROOT%"}
        line = DEFECTION_2017.read_text().splitlines()[loc["region"]["startLine"] - 1]
        assert line[loc["region"]["startColumn"] - 1:].startswith("id: "), line
    assert line_of(DEFECTION_2017, "- id: brief-crossing") == \
        crossing[0]["locations"][0]["physicalLocation"]["region"]["startLine"]


def test_sarif_rules_one_descriptor_per_rule_with_results_and_verbatim_clause():
    run = sarif_of(INCIDENTS)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    assert set(ids) == {r["ruleId"] for r in run["results"]}  # only rules with results
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    doc = run_cli("evaluate", INCIDENTS, "--format", "json", "--fail-on", "never").json()
    for f in (f for e in doc["incidents"] for f in e["findings"]):
        rule = rules[ids.index(f["rule_id"])]
        clause = f["clause"]
        assert clause["text"] in rule["fullDescription"]["text"]
        md = rule["help"]["markdown"]
        assert f"> {clause['text'].splitlines()[0]}" in md
        assert f"Text status: **{clause['text_status']}**" in md and "Seen in:" in md
        assert rule["shortDescription"]["text"] == f["title"]
        assert "security-severity" not in rule["properties"]


def test_sarif_levels_suppressions_and_properties():
    run = sarif_of(DEFECTION_2017)["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    by_status: dict[str, list[dict[str, Any]]] = {}
    for r in run["results"]:
        by_status.setdefault(r["properties"]["status"], []).append(r)
        for key in ("status", "side", "force", "instrument", "paragraphs", "confidence",
                    "evidence"):
            assert key in r["properties"]
    assert {r["level"] for r in by_status["violation"]} == {"error"}
    contested = [r for r in run["results"] if r["properties"]["basis"] == "contested"]
    assert contested and all(r["level"] != "error" for r in contested)
    assert all(rules[r["ruleId"]]["defaultConfiguration"]["level"] == "warning"
               for r in contested)
    for r in by_status["exception-applied"]:
        assert r["level"] == "note"
        assert r["suppressions"] == [{"kind": "external", "status": "accepted",
                                      "justification": "A defector's own flight across the MDL"}]
    assert not any("suppressions" in r for r in by_status["violation"])
    assert run["automationDetails"]["id"] == "armicheck/"


def test_sarif_fingerprints_are_unique_and_survive_moved_lines(write):
    text = DEFECTION_2017.read_text()
    before = sarif_of(write(text, "a.yaml"))["runs"][0]["results"]
    after = sarif_of(write("# a comment line added on top\n" + text, "a.yaml"))["runs"][0]
    prints = [r["partialFingerprints"] for r in before]
    assert len({p["primaryLocationLineHash"] for p in prints}) == len(prints)
    assert prints == [r["partialFingerprints"] for r in after["results"]]
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in before]
    assert [line + 1 for line in lines] == [
        r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after["results"]]


def test_sarif_errors_are_tool_execution_notifications(write):
    bad = write(INVALID, "bad.yaml")
    sarif = sarif_of(bad, DEFECTION_2017)
    official_sarif_validator().validate(sarif)
    invocation = sarif["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and "gaurd" in note["message"]["text"]
    loc = note["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"].startswith("file:///")  # outside the cwd: absolute
    assert loc["region"]["startLine"] == line_of(bad, "actor: gaurd")
    assert sarif["runs"][0]["results"]  # the valid file is still evaluated


def test_sarif_as_of_gets_its_own_category_and_stdin_has_no_uri():
    result = run_cli("evaluate", "-", "--format", "sarif", "--as-of", "2019-01-01",
                     stdin=DEFECTION_2017.read_text())
    run = result.json()["runs"][0]
    official_sarif_validator().validate(result.json())
    assert run["automationDetails"]["id"] == "armicheck-as-of-2019-01-01/"
    artifact = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert "uri" not in artifact and artifact["description"]["text"] == "standard input"


# --- JSON Lines, stdin, summary line ---------------------------------------------------------

def test_jsonl_line_count_equals_json_findings_through_a_real_pipe():
    jsonl = run_armicheck("evaluate", "incidents/", "--format", "jsonl")
    doc = json.loads(run_armicheck("evaluate", "incidents/", "--format", "json").stdout)
    wc = subprocess.run(["wc", "-l"], input=jsonl.stdout, capture_output=True, text=True)
    total = sum(len(e["findings"]) for e in doc["incidents"])
    assert int(wc.stdout.split()[0]) == total > 5
    assert jsonl.returncode == 1 and jsonl.stderr == ""


def test_jsonl_lines_match_the_findings_schema_including_error_lines(write):
    schema = run_cli("schema", "findings").json()
    line_schema = {**schema, "$ref": "#/$defs/jsonl_line"}
    for key in ("type", "required", "properties"):
        line_schema.pop(key)
    validator = jsonschema.Draft202012Validator(line_schema)
    result = run_cli("evaluate", write(INVALID, "bad.yaml"), DEFECTION_2017, "missing.yaml",
                     "--format", "jsonl")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    for line in lines:
        validator.validate(line)
    errors = [line for line in lines if "error" in line]
    assert {Path(e["path"]).name for e in errors} == {"bad.yaml", "missing.yaml"}
    assert result.code == 2
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({"path": "x", "incident": None})


def test_stdin_dash_reads_the_incident():
    result = run_cli("evaluate", "-", "--format", "json", stdin=DEFECTION_2017.read_text())
    [entry] = result.json()["incidents"]
    assert entry["path"] == "-" and entry["id"] == "2017-11-13-jsa-defection"
    by_path = run_cli("evaluate", DEFECTION_2017, "--format", "json").json()["incidents"][0]
    assert entry["findings"] == by_path["findings"] and result.code == 1


def test_table_mode_prints_the_summary_line_on_stderr_only():
    from armicheck.report.table import summary_line

    result = run_armicheck("evaluate", "incidents/")
    totals = json.loads(run_armicheck("evaluate", "incidents/", "-f", "json").stdout)["summary"]
    summary = summary_line(totals)
    assert re.fullmatch(r"\d+ incidents, \d+ violations, \d+ possible, \d+ exceptions, "
                        r"\d+ errors", summary)
    assert result.stderr.strip().splitlines()[-1] == summary
    assert summary not in result.stdout
    assert "incidents," not in run_armicheck("evaluate", "incidents/", "-f", "json").stderr


# --- markdown --------------------------------------------------------------------------------

def test_markdown_quotes_clause_and_evidence_with_status_and_determinations():
    md = run_cli("evaluate", DEFECTION_2017, "--format", "markdown").stdout
    doc = run_cli("evaluate", DEFECTION_2017, "--format", "json").json()
    fire = next(f for f in doc["incidents"][0]["findings"] if f["rule_id"] == "KAA-I-6-FIRE")
    assert f"> {fire['clause']['text']}" in md
    assert f"text status **{fire['clause']['text_status']}**" in md
    assert "  > firing weapons across the MDL" in md  # evidence quote as a blockquote
    assert "**Side / force:** kpa / KPA" in md
    assert "### 5. Exception applied — JSA76-CROSSING" in md
    assert "| UNC Special Investigation Team (UNCMAC) | 2017-11-22 | kpa | fire-across-mdl |" in md
    # the UNC's "crossing the MDL" covers the jsa-1976 crossing (made under the Armistice);
    # the contested arms finding is the one no body determined
    assert "agrees" in md and "determined by no body: JSA53-ARMS" in md
    assert "**Law applied:** each event is judged under the law in force on its own date" in md
    as_of = run_cli("evaluate", DEFECTION_2017, "-f", "markdown", "--as-of", "1975-01-01")
    assert "**Counterfactual:** evaluated under the law in force on 1975-01-01" in as_of.stdout


def test_markdown_escapes_text_from_incident_files(write):
    text = MINIMAL.replace("title: A test incident", 'title: "A | <b>bold</b> *claim*"')
    md = run_cli("evaluate", write(text), "--format", "markdown").stdout
    assert r"A \| \<b\>bold\</b\> \*claim\*" in md and "<b>" not in md


# --- GitHub annotations and step summary -----------------------------------------------------

def test_github_escaping_follows_the_workflow_command_rules():
    assert github.escape_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert github.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    cmd = github.command("error", "line1\nline2", file="x,y.yaml", line=3, col=5, title="T: 1")
    assert cmd == "::error file=x%2Cy.yaml,line=3,col=5,title=T%3A 1::line1%0Aline2"


def test_github_evaluate_maps_statuses_to_levels_with_locations(monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    result = run_cli("evaluate", "incidents/2017-11-13-jsa-defection.yaml", "-f", "github")
    lines = result.stdout.splitlines()
    assert result.code == 1
    levels = [re.match(r"::(\w+) ", line).group(1) for line in lines if " file=" in line]
    assert sorted(levels) == sorted(["error"] * 3 + ["warning"] + ["notice"] * 2)
    shots = line_of(DEFECTION_2017, "- id: shots")
    assert any(line.startswith("::error file=incidents/2017-11-13-jsa-defection.yaml,"
                               f"line={shots},col=5,title=KAA-I-6-FIRE violation")
               for line in lines)
    assert lines[0] == "::group::incidents/2017-11-13-jsa-defection.yaml"
    assert not any("more annotations" in line for line in lines)


def test_github_overflow_note_counts_what_github_will_not_show():
    doc = run_cli("evaluate", DEFECTION_2017, "--format", "json").json()
    violation = next(f for f in doc["incidents"][0]["findings"] if f["status"] == "violation")
    doc["incidents"][0]["findings"] = [violation] * 14  # 14 errors: GitHub shows 10
    out = github.render_github(doc, findings=True).splitlines()
    assert out[0] == ("::notice::armicheck: 4 more annotations not shown by GitHub; "
                      "see the full report")
    assert github.hidden_count(["error"] * 3 + ["notice"] * 11) == 2  # our note takes a place
    assert github.hidden_count(["warning"] * 12 + ["notice"] * 10) == 3


def test_github_step_summary_is_appended_never_overwritten(monkeypatch, tmp_path, write):
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run_cli("evaluate", DEFECTION_2017, "-f", "github")
    result = run_cli("validate", write(INVALID, "bad.yaml"), "-f", "github")
    text = summary.read_text()
    assert text.startswith("earlier step\n")
    assert "### armicheck evaluate" in text and "| Violation | KAA-I-6-FIRE |" in text
    assert "### armicheck validate" in text and "1 files, 0 valid, 1 invalid" in text
    assert result.code == 2
    assert re.search(r"^::error file=\S*bad\.yaml,line=\d+,col=\d+,title=armicheck%3A ",
                     result.stdout, re.M)


# --- --output --------------------------------------------------------------------------------

def test_output_is_old_content_until_the_new_content_is_complete(tmp_path, monkeypatch):
    from armicheck.report import sarif

    target = tmp_path / "out.sarif"
    target.write_text("old content\n")
    real = sarif.render_sarif
    seen_during_run: list[str] = []

    def watching(doc: dict[str, Any]) -> dict[str, Any]:
        seen_during_run.append(target.read_text())
        return real(doc)

    monkeypatch.setattr(sarif, "render_sarif", watching)
    result = run_cli("evaluate", DEFECTION_2017, "-f", "sarif", "-o", target)
    assert result.code == 1 and result.stdout == ""
    assert seen_during_run == ["old content\n"]
    official_sarif_validator().validate(json.loads(target.read_text()))
    assert [p.name for p in tmp_path.iterdir()] == ["out.sarif"]  # no temporary file left
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_failed_run_leaves_the_old_output_intact(tmp_path, monkeypatch):
    from armicheck.report import markdown

    target = tmp_path / "report.md"
    target.write_text("old content\n")

    def broken(doc: dict[str, Any]) -> str:
        raise RuntimeError("renderer crashed half-way")

    monkeypatch.setattr(markdown, "render_markdown", broken)
    with pytest.raises(RuntimeError):
        run_cli("evaluate", DEFECTION_2017, "-f", "markdown", "-o", target)
    assert target.read_text() == "old content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_several_formats_in_one_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("evaluate", DEFECTION_2017, "-f", "sarif", "-o", "out.sarif",
                     "-f", "jsonl", "-o", "out.jsonl", "-f", "table")
    assert result.code == 1
    official_sarif_validator().validate(json.loads(Path("out.sarif").read_text()))
    doc = run_cli("evaluate", DEFECTION_2017, "-f", "json").json()
    assert len(Path("out.jsonl").read_text().splitlines()) == len(doc["incidents"][0]["findings"])
    assert re.search(r"^  VIOLATION +KPA +KAA-I-6-FIRE", result.stdout, re.M)  # the table
    assert re.search(r"^1 incidents, \d+ violations, .* 0 errors$", result.stderr, re.M)


@pytest.mark.parametrize("args", [
    ["-f", "table", "-f", "sarif", "-o", "x.sarif"],  # pairs in order: table -> x.sarif
    ["-f", "json", "-f", "table"],                    # two formats for stdout
    ["-f", "json", "-o", "a.json", "-o", "b.json"],   # more outputs than formats
])
def test_mispaired_formats_and_outputs_are_usage_errors(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("evaluate", DEFECTION_2017, *args)
    assert result.code == 2 and ("--output" in result.stderr or "--format" in result.stderr)
    assert list(tmp_path.iterdir()) == []


def test_output_refuses_to_overwrite_an_input(write):
    path = write(MINIMAL)
    result = run_cli("evaluate", path, "-f", "json", "-o", path)
    assert result.code == 2 and path.read_text() == MINIMAL


# --- --explain -------------------------------------------------------------------------------

def test_explain_covers_every_event_in_json_and_table():
    doc = run_cli("evaluate", DEFECTION_2017, "-f", "json", "--explain").json()
    entry = doc["incidents"][0]
    events = [ev["event"] for ev in entry["facts"]]
    tried = {item["event"] for item in entry["explain"]}
    assert tried <= set(events) and {"shots", "brief-crossing", "run"} <= tried
    fired = {(i["rule_id"], i["event"]): i for i in entry["explain"]}
    assert fired[("KAA-I-6-FIRE", "shots")]["status"] == "violation"
    assert any("fire.crosses_mdl" in c and "fact = yes" in c
               for c in fired[("KAA-I-6-FIRE", "shots")]["condition"])
    assert fired[("KAA-I-7", "run")]["status"] == "exception-applied"
    assert any("defector-own-flight" in r for r in fired[("KAA-I-7", "run")]["reasons"])
    assert fired[("KAA-I-7", "rescue")]["status"] == "pass"
    table = run_cli("evaluate", DEFECTION_2017, "--explain").stdout
    assert "explain: every rule tried on every event" in table
    for event in events:
        assert re.search(rf"^    event {re.escape(event)} \(line \d+\)$", table, re.M), event
    assert "KAA-I-7: pass — condition not met" in table


def test_explain_table_shows_in_force_check_and_exceptions_tried():
    from io import StringIO

    from armicheck.report.table import Painter, _render_explain

    entry = {"facts": [{"event": "e1", "line": 12, "facts": {
        "crosses_mdl": {"value": "yes", "reason": "from north to south"}}}],
        "explain": [{"rule_id": "R-1", "event": "e1", "status": "exception-applied",
                     "reasons": ["exception x: X"], "condition": ["crosses_mdl -> yes"],
                     "in_force": {"value": "yes", "reason": "in force for kpa from 1953"},
                     "exceptions": [{"id": "w", "value": "no", "reason": "not authorised"},
                                    {"id": "x", "value": "yes", "reason": "defector"}]}]}
    out = StringIO()
    _render_explain(entry, out, Painter(False))
    text = out.getvalue()
    assert "event e1 (line 12)" in text and "fact crosses_mdl = yes (from north to south)" in text
    assert "in force: yes (in force for kpa from 1953)" in text
    assert "exception w: no (not authorised)" in text and "exception x: yes (defector)" in text


# --- terminal manners ------------------------------------------------------------------------

def run_on_a_terminal(*args: str, env: dict[str, str]) -> str:
    """Run with stdout and stderr on a real pseudo-terminal; return all it printed."""
    master, slave = pty.openpty()
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm", **env}
    proc = subprocess.Popen([sys.executable, "-m", "armicheck", *args], cwd=ROOT, env=full_env,
                            stdin=subprocess.DEVNULL, stdout=slave, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    proc.wait(timeout=120)
    return b"".join(chunks).decode("utf-8", "replace")


def test_no_color_means_no_escape_codes_even_on_a_terminal():
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    coloured = run_on_a_terminal("evaluate", "incidents/", "--explain", env={**env})
    plain = run_on_a_terminal("evaluate", "incidents/", "--explain", env={"NO_COLOR": "1"})
    if "NO_COLOR" not in os.environ:
        assert ESC in coloured  # the test can see colour when there is some
    assert ESC not in plain and "KAA-I-6-FIRE" in plain
    piped = run_armicheck("evaluate", "incidents/", env={"NO_COLOR": "1"})
    assert ESC not in piped.stdout + piped.stderr


def test_use_colour_honours_no_color_and_tty(monkeypatch):
    from io import StringIO

    from armicheck.report.table import use_colour

    class FakeTTY(StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert use_colour(FakeTTY()) and not use_colour(StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour(FakeTTY())


def test_progress_on_a_terminal_uses_no_escape_codes(monkeypatch):
    from io import StringIO

    from armicheck.report.render import _with_progress

    class FakeTTY(StringIO):
        def isatty(self) -> bool:
            return True

    err = FakeTTY()
    monkeypatch.setattr(sys, "stderr", err)
    assert len(list(_with_progress(iter([{}] * 450), StringIO()))) == 450
    assert "400 incidents" in err.getvalue() and ESC not in err.getvalue()


COMMANDS = [["evaluate"], ["validate"], ["schema"], ["rules"], ["rules", "list"],
            ["rules", "show"], ["rules", "test"]]


@pytest.mark.parametrize("command", [[], *COMMANDS], ids=lambda c: " ".join(c) or "armicheck")
def test_every_help_has_an_example_and_exit_codes(command):
    result = run_cli(*command, "--help")
    assert result.code == 0
    assert "Example: armicheck" in result.stdout
    assert "Exit codes" in result.stdout


def test_shell_completion_is_offered():
    assert "--install-completion" in run_cli("--help").stdout


# --- exit codes ------------------------------------------------------------------------------

FORMATS = ["table", "json", "jsonl", "sarif", "markdown", "github"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("case", "fail_on", "code"), [
    ("violation", "violation", 1), ("violation", "possible", 1), ("violation", "never", 0),
    ("clean", "violation", 0), ("clean", "never", 0),
    ("invalid", "violation", 2), ("invalid", "never", 2),
])
def test_evaluate_exit_codes(fmt, case, fail_on, code, write):
    path = DEFECTION_2017 if case == "violation" else write(CLEAN if case == "clean" else INVALID)
    assert run_cli("evaluate", path, "-f", fmt, "--fail-on", fail_on).code == code


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_validate_exit_codes(fmt, write, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert run_cli("validate", DEFECTION_2017, "-f", fmt).code == 0
    assert run_cli("validate", write(INVALID), "-f", fmt).code == 2
    assert run_cli("validate", "no-such-file.yaml", "-f", fmt).code == 2


@pytest.mark.parametrize(("args", "code"), [
    (["schema", "incident"], 0), (["schema", "nonsense"], 2),
    (["rules", "list"], 0), (["rules", "show", "KAA-I-7"], 0), (["rules", "show", "NOPE"], 2),
    (["rules", "test"], 0), (["evaluate", "--no-such-option", "x"], 2),
    (["evaluate", "incidents", "--as-of", "yesterday"], 2),
    (["evaluate", "incidents", "--fail-on", "sometimes"], 2),
])
def test_other_commands_exit_codes(args, code, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert run_cli(*args).code == code
