"""Imports point one way (down): no cycles, and the bottom layers know nothing above them.

The graph is built statically with ``ast`` from every module under ``apilint/``. Every import counts:
module level, inside functions, and under ``if TYPE_CHECKING:`` — a deferred or type-only import is
still a dependency of one module on another, and a cycle through one is the same tangle, only hidden
until run time or until the annotation is evaluated. Importing ``apilint.a.b`` also runs the package
``apilint/a/__init__.py``; that implicit edge is not counted (Python initialises the parent package
first, so it cannot make a cycle by itself).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "apilint"


def _modules() -> dict[str, tuple[Path, bool]]:
    """Dotted module name -> (file, is a package ``__init__``)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found


def _resolve(name: str, modules: dict) -> str | None:
    """The module an imported name lives in (``apilint.x.y.Name`` -> ``apilint.x.y``)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for module, (path, is_package) in modules.items():
        package = module if is_package else module.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                targets.update(f"{base}.{alias.name}" for alias in node.names)
        graph[module] = {resolved for name in targets if name.split(".")[0] == "apilint"
                         for resolved in [_resolve(name, modules)] if resolved and resolved != module}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def _under(module: str, *packages: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def _violations(graph: dict[str, set[str]], layer: str, allowed: tuple[str, ...]) -> list[str]:
    return sorted(f"{module} imports {target}" for module, targets in graph.items() if _under(module, layer)
                  for target in targets if not _under(target, *allowed))


GRAPH = import_graph()


def test_the_graph_sees_imports_of_every_kind():
    # module level, inside a function, relative-free `from x import name` resolved to x
    assert "apilint.load.source" in GRAPH["apilint.load.workspace"]
    assert "apilint.load.jsonsrc" in GRAPH["apilint.load.source"]  # imported inside load_source()
    assert "apilint.diff.result" in GRAPH["apilint.diff.config"]  # under TYPE_CHECKING
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycles():
    assert cycles(GRAPH) == []


def test_load_knows_nothing_above_it():
    assert _violations(GRAPH, "apilint.load", ("apilint.load", "apilint.errors", "apilint.dirs")) == []


def test_model_builds_on_load_only():
    assert _violations(GRAPH, "apilint.model",
                       ("apilint.model", "apilint.load", "apilint.errors", "apilint.dirs")) == []


def test_nothing_below_the_commands_imports_them():
    top = ("apilint.cli", "apilint.commands", "apilint.__main__")
    assert sorted(f"{module} imports {target}" for module, targets in GRAPH.items() if not _under(module, *top)
                  for target in targets if _under(target, "apilint.cli", "apilint.commands")) == []
