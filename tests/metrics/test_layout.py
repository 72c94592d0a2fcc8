"""The shape of the metrics package: its modules import each other one way only, and it loads
without the dashboard's libraries.

Imports inside functions count too: a lazy import hides a cycle from Python, not from a reader.
Module names come from the files, so these tests hold for the flat layout of modules and for
the layout in subpackages (inputs, counts, standards ...) alike.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI_LIBRARIES = ("streamlit", "altair")


def module_files(root: Path, package: str = "metrics") -> dict[str, Path]:
    """Every module of the package under root, by dotted name (a package by its __init__)."""
    modules = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _run_by(name: str, modules: dict[str, Path]) -> list[str]:
    """The modules of ours an import of `name` runs: it and every package above it."""
    parts = name.split(".")
    return [m for i in range(len(parts), 0, -1) if (m := ".".join(parts[:i])) in modules]


def _for_typing_only(node: ast.AST) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _run_time_nodes(tree: ast.AST):
    """Every node, at any depth, except the body of `if TYPE_CHECKING:` (never run)."""
    todo = [tree]
    while todo:
        node = todo.pop()
        yield node
        if _for_typing_only(node):
            todo.extend(node.orelse)
        else:
            todo.extend(ast.iter_child_nodes(node))


def imports(name: str, path: Path, modules: dict[str, Path]) -> list[tuple[str, int]]:
    """(imported module, line) for every import of one of ours that runs, at any depth in the
    file (inside functions too; not those under `if TYPE_CHECKING:`, which never run).

    The packages above the importing module are left out: Python runs them before it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    ancestors = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)}
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in _run_time_nodes(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from . import x, from ..counts import y
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from P import X` runs P, and X too when X is a module
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            for module in _run_by(target, modules):
                if module != name and module not in ancestors:
                    found.append((module, node.lineno))
    return found


def import_graph(root: Path, package: str = "metrics") -> dict[str, dict[str, int]]:
    """module -> {imported module: first line importing it}."""
    modules = module_files(root, package)
    graph: dict[str, dict[str, int]] = {}
    for name, path in modules.items():
        edges: dict[str, int] = {}
        for target, line in imports(name, path, modules):
            edges[target] = min(line, edges.get(target, line))
        graph[name] = edges
    return graph


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The groups of modules that import each other in a circle (strongly connected, > 1)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's algorithm
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def describe(group: list[str], graph: dict[str, dict[str, int]]) -> str:
    members = set(group)
    return "\n".join(
        f"  {a} -> {b} (line {line})"
        for a in group
        for b, line in sorted(graph[a].items())
        if b in members
    )


def test_metrics_modules_import_each_other_one_way_only() -> None:
    graph = import_graph(ROOT)
    assert "metrics.problems" in graph and len(graph) > 20  # the modules were found
    found = cycles(graph)
    assert not found, "metrics modules import each other in a circle:\n" + "\n\n".join(
        describe(group, graph) for group in found
    )


def test_the_files_that_are_read_no_longer_import_in_a_circle() -> None:
    """readers, frames, prefetch and columns used to import each other (two of them lazily)."""
    graph = import_graph(ROOT)
    names = {n.rpartition(".")[2]: n for n in graph}
    readers, frames, prefetch, columns = (
        names[n] for n in ("readers", "frames", "prefetch", "columns")
    )
    assert readers not in graph[frames] and readers not in graph[columns]
    assert prefetch not in graph[readers]
    assert {readers, columns} <= set(graph[prefetch])  # prefetch is the one that uses the others


def test_a_circle_through_a_lazy_import_is_found(tmp_path: Path) -> None:
    """The checker itself: a cycle hidden inside a function (and one via a relative import)."""
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text('"""Top."""\n')
    (package / "sub" / "__init__.py").write_text('"""Sub."""\n')
    (package / "a.py").write_text("from pkg.sub import b\n")
    (package / "sub" / "b.py").write_text("def f():\n    from pkg import a\n    return a\n")
    (package / "sub" / "c.py").write_text("from . import d\n")
    (package / "sub" / "d.py").write_text("def g():\n    from .c import x\n")
    (package / "e.py").write_text("import pkg.a\n")  # imports into the circle, not part of it
    (package / "f.py").write_text(  # for types only: never run, so no circle with g
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import g\n"
        "else:\n    import pkg.e\n"
    )
    (package / "g.py").write_text("import pkg.f\n")
    graph = import_graph(tmp_path, "pkg")
    assert graph["pkg.sub.b"] == {"pkg.a": 2}
    assert graph["pkg.f"] == {"pkg.e": 5}
    assert sorted(cycles(graph)) == [["pkg.a", "pkg.sub.b"], ["pkg.sub.c", "pkg.sub.d"]]


# A meta path finder that refuses the dashboard's libraries, as if they were not installed.
REFUSE_UI = f"""
import importlib, importlib.abc, sys

class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {UI_LIBRARIES!r}:
            raise ImportError(f"metrics imported {{name}}")

sys.meta_path.insert(0, Refuse())
"""


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_every_metrics_module_imports_without_streamlit_or_altair() -> None:
    modules = sorted(module_files(ROOT))
    result = _run(
        REFUSE_UI
        + f"""
for name in {modules!r}:
    importlib.import_module(name)
assert not [m for m in sys.modules if m.partition(".")[0] in {UI_LIBRARIES!r}]
print(len({modules!r}))
"""
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(len(modules))


def test_the_refusing_finder_does_refuse() -> None:
    """So the test above would fail if a metrics module imported streamlit or altair."""
    result = _run(REFUSE_UI + "import altair\n")
    assert result.returncode != 0 and "metrics imported altair" in result.stderr


def test_finding_and_parsing_files_ahead_needs_no_pandas() -> None:
    """The command line starts parsing while pandas loads, so prefetch and the readers it uses
    must not import pandas (frames does, and readers loads it only when a table is read)."""
    code = "import sys, metrics.inputs.prefetch, metrics.inputs.readers, metrics.inputs.columns\n"
    result = _run(code + "print('pandas' in sys.modules)\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
