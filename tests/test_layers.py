"""The house's rules, read from the source: stages import only lower stages, reporters only the
core, no import cycles, and armicheck modules imported inside functions only where that keeps
shapely and pyproj out of start-up."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "armicheck"

# low to high: a module may import its own stage and lower ones
RANK = {"core": 0, "schemas": 0, "templates": 0, "load": 1, "validation": 2, "spatial": 2,
        "facts": 3, "packs": 4, "engine": 5, "run": 6, "report": 6, "cli": 7, "__main__": 8}
SIBLINGS = [{"validation", "spatial"}, {"run", "report"}]  # same rank, independent
REPORT_MAY_IMPORT = {"core", "report"}  # reporters render the JSON contract, nothing else
# armicheck modules imported inside functions, each for start-up time
LAZY_ALLOWED = {
    ("armicheck.spatial.resolve", "armicheck.spatial.lsib"),  # shapely/pyproj
    ("armicheck.facts.derive", "armicheck.spatial.lsib"),  # shapely/pyproj
    ("armicheck.facts.derive", "armicheck.spatial.cma"),  # shapely/pyproj, through lsib
    ("armicheck.facts.format11", "armicheck.spatial.lsib"),  # shapely/pyproj
    ("armicheck", "armicheck.run.api"),  # `armicheck --version` imports the package only
    ("armicheck.__main__", "armicheck"),  # --version before typer
    ("armicheck.__main__", "armicheck.cli"),  # typer only for a real command
    ("armicheck.run.check", "armicheck.run.cache"),  # only with --cache
    ("armicheck.run.rules", "armicheck.run.check"),  # only `rules test` runs the pipeline
    *((("armicheck.report.render", f"armicheck.report.{fmt}"))  # a format when asked for
      for fmt in ("table", "sarif", "markdown", "github", "html")),
}
# the command line imports each command's stages when that command runs
LAZY_ANYWHERE = {"armicheck.cli"}


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path, root: Path = PACKAGE) -> list[tuple[str, bool, int]]:
    """(armicheck module imported, inside a function?, line) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[str, bool, int]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                found.extend((a.name, in_function, child.lineno) for a in child.names
                             if a.name.split(".")[0] == "armicheck")
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:  # relative: resolve against this module's package
                    up = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*up, *([base] if base else [])])
                if base.split(".")[0] != "armicheck":
                    continue
                for alias in child.names:  # `from armicheck.x import y`: y may be a module
                    candidate = f"{base}.{alias.name}"
                    target = candidate if _is_module(candidate, root) else base
                    found.append((target, in_function, child.lineno))
            visit(child, nested)

    visit(tree, False)
    return found


def _is_module(name: str, root: Path) -> bool:
    rel = Path(*name.split(".")[1:])
    return (root / rel).with_suffix(".py").is_file() or (root / rel / "__init__.py").is_file()


def stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None  # None: the package root (`__version__`)


def violations(root: Path = PACKAGE) -> list[str]:
    problems: list[str] = []
    graph: dict[str, set[str]] = {}
    for path in sorted(root.rglob("*.py")):
        importer = module_name(path, root)
        mine = stage(importer)
        for target, lazy, line in imports(path, root):
            if importer != "armicheck":  # the root's one import is the API façade's, on use
                graph.setdefault(importer, set()).add(target)
            where = f"{path.relative_to(root.parent)}:{line}: {importer} imports {target}"
            if lazy and (importer, target) not in LAZY_ALLOWED and importer not in LAZY_ANYWHERE:
                problems.append(f"{where} inside a function (import it at the top)")
            theirs = stage(target)
            if mine is None or theirs is None or theirs == mine:
                continue
            if mine == "report":
                if theirs not in REPORT_MAY_IMPORT:
                    problems.append(f"{where}: a reporter imports only armicheck.core")
            elif RANK.get(theirs, 99) > RANK.get(mine, 99):
                problems.append(f"{where}: {mine} is below {theirs}")
            elif any({mine, theirs} == pair for pair in SIBLINGS):
                problems.append(f"{where}: {mine} and {theirs} are independent stages")
    problems += [f"import cycle: {' -> '.join(c)}" for c in cycles(graph)]
    return problems


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected group of modules (a package importing its own
    submodules from its __init__ is not a cycle: the submodule does not import it back)."""
    found: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                found.append([*stack[stack.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def test_the_package_keeps_its_layers_and_has_no_cycles() -> None:
    assert violations() == []


@pytest.mark.parametrize(("where", "text", "complaint"), [
    ("armicheck/facts/upward.py", "from armicheck.engine import evaluate\n",
     "facts is below engine"),
    ("armicheck/report/peek.py", "from armicheck.packs import load_builtin\n",
     "a reporter imports only armicheck.core"),
    ("armicheck/spatial/peek.py", "from armicheck.validation import DATE_RANGE\n",
     "spatial and validation are independent stages"),
    ("armicheck/load/late.py", "def f():\n    from armicheck.load import strict\n",
     "inside a function"),
    ("armicheck/core/loop.py", "import armicheck.core.loop2\n", "import cycle"),
])
def test_an_upward_import_a_lazy_import_or_a_cycle_fails(tmp_path: Path, where: str, text: str,
                                                         complaint: str) -> None:
    """The same check on a copy of the package with one bad module added."""
    import shutil

    copy = tmp_path / "armicheck"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "data",
                                                                  "schemas", "rules"))
    (copy / "schemas").mkdir()
    (copy / "schemas" / "__init__.py").write_text("")
    (tmp_path / where).write_text(text)
    if "loop" in where:
        (copy / "core" / "loop2.py").write_text("import armicheck.core.loop\n")
    found = violations(copy)
    assert any(complaint in p for p in found), found
