"""The package's import graph, read from the source with ast: no cycles, and the batch uses
docconv through its public API and registries, never the writers' or the parser's insides.

Every import counts, those inside functions too: a lazy import defers a cycle, it does not
remove it."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "docconv"

# What docconv/batch/ may import from the rest of docconv: the API (the package itself), the
# reader and writer registries (docconv.readers, docconv.writers, not their modules) and the
# small shared modules.
BATCH_MAY_USE = {
    "docconv", "docconv.capture", "docconv.console", "docconv.conversion", "docconv.errors",
    "docconv.exitcodes", "docconv.files", "docconv.fontstacks", "docconv.model",
    "docconv.options", "docconv.readers", "docconv.text", "docconv.writers", "docconv.zones",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The docconv modules `name` imports: `from X import y` imports X.y if that is a module,
    else X. (The parent packages Python loads on the way are not counted.)"""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:  # a submodule, or a name defined in `target`
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in known else target)
    return {m for m in found if m in known and m != name}


def graph() -> dict[str, set[str]]:
    mods = modules()
    return {name: imports(name, path, set(mods)) for name, path in mods.items()}


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_graph_is_read():
    edges = graph()
    assert "docconv.conversion" in edges["docconv.convert_cmd"]
    assert "docconv.writers.validate" in edges["docconv.writers.pdf"]  # from .. import validate
    assert "docconv.batch.worker" in edges["docconv.batch.runner"]


def test_no_import_cycle():
    assert find_cycle(graph()) is None, " → ".join(find_cycle(graph()) or [])


def test_the_cycle_finder_finds_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_batch_uses_only_the_api_and_the_registries():
    outside = {
        (name, target)
        for name, targets in graph().items() if name.startswith("docconv.batch")
        for target in targets
        if not target.startswith("docconv.batch") and target not in BATCH_MAY_USE
    }
    assert outside == set()
