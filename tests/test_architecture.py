"""The layout is the architecture: imports point one way, as the map at the top of the README says.

Read from the source with ast (nothing is imported), so a wrong import fails here before it can
become an import circle or a stage that reaches into another stage's internals.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "pipeline"

# Modules every part may import: the version, the user-facing errors, the input layout's file
# names, the memory hand-back.
BASE = {"pipeline", "pipeline.errors", "pipeline.paths", "pipeline.memory", "pipeline.resources"}
BASE |= {"pipeline.resources.locale"}
BELOW_STAGES = {"formats", "office", "model", "inputs", "form"}
STAGES = {"ingest", "validate", "aggregate", "render"}
# Which parts each part may import (besides BASE and itself). The README's map says the same.
MAY_IMPORT: dict[str, set[str]] = {
    "base": set(),
    "formats": set(),
    "office": {"formats"},
    "model": {"formats", "office"},
    "inputs": {"formats", "office", "model"},
    "form": {"formats", "office", "model", "inputs"},
    **{stage: BELOW_STAGES for stage in STAGES},
    "runs": BELOW_STAGES,
    "portal": BELOW_STAGES | STAGES | {"runs", "runner"},
    "runner": BELOW_STAGES | STAGES | {"runs"},
    "cli": BELOW_STAGES | STAGES | {"runs", "runner", "portal", "scaffold"},
    "__main__": {"cli"},
    "scaffold": BELOW_STAGES,
}


def part_of(module: str) -> str:
    """pipeline.ingest.workbook -> "ingest"; the few top-level modules are parts of their own."""
    if module in BASE:
        return "base"
    return module.split(".")[1]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def sources() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path) -> list[tuple[int, str, bool]]:
    """(line, imported pipeline module, inside a function) for every import of the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    known = sources()
    found: list[tuple[int, str, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                found.extend((child.lineno, a.name, in_function) for a in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                for alias in child.names:  # `from pipeline.form import layout` imports a module
                    sub = f"{child.module}.{alias.name}"
                    found.append((child.lineno, sub if sub in known else child.module, in_function))
            visit(child, nested)

    visit(tree, False)
    return [(line, name, lazy) for line, name, lazy in found if name.split(".")[0] == "pipeline"]


def test_every_part_has_a_rule() -> None:
    parts = {part_of(m) for m in sources()}
    assert parts <= set(MAY_IMPORT), f"parts without a rule in MAY_IMPORT: {parts - set(MAY_IMPORT)}"


@pytest.mark.parametrize("module", sorted(sources()))
def test_imports_follow_the_map(module: str) -> None:
    part = part_of(module)
    allowed = MAY_IMPORT[part] | {part, "base"}
    wrong = [
        f"{module}:{line} imports {name} ({part_of(name)})"
        for line, name, _ in imports_of(sources()[module])
        if part_of(name) not in allowed
    ]
    assert not wrong, "imports against the map:\n" + "\n".join(sorted(set(wrong)))


def test_no_import_circles() -> None:
    graph = {m: {n for _, n, _ in imports_of(p) if n in sources() and n != m} for m, p in sources().items()}
    # Importing a package's submodule runs the package's __init__ first: an edge to each parent.
    for module in list(graph):
        for cut in range(2, module.count(".") + 1):
            parent = module.rsplit(".", cut - 1)[0]
            if parent in graph and parent != module:
                graph[module].add(parent)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def strongly_connect(node: str) -> None:  # Tarjan
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                strongly_connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            # A package's __init__ that imports its own submodules is not a circle.
            if len(component) > 1 and not _package_face(component):
                circles.append(sorted(component))

    for node in graph:
        if node not in index:
            strongly_connect(node)
    assert not circles, f"import circles: {circles}"


def _package_face(component: list[str]) -> bool:
    """A package and its submodules, where only the edges to the package are the implicit ones."""
    packages = [m for m in component if (PACKAGE.parent / m.replace(".", "/") / "__init__.py").exists()]
    return len(packages) == 1 and all(m == packages[0] or m.startswith(packages[0] + ".") for m in component)


@pytest.mark.parametrize("module", sorted(sources()))
def test_lazy_imports_say_why(module: str) -> None:
    """An import inside a function is for start-up time only, and its line (or the one above) says so."""
    lines = sources()[module].read_text(encoding="utf-8").splitlines()
    silent = [
        f"{module}:{line}: {lines[line - 1].strip()}"
        for line, _, lazy in imports_of(sources()[module])
        if lazy and "#" not in lines[line - 1] and not lines[line - 2].strip().startswith("#")
    ]
    assert not silent, "lazy imports without a reason:\n" + "\n".join(silent)


def test_the_readme_map_names_every_part() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for part in {part_of(m) for m in sources()} - {"base", "__main__"}:
        folder = f"pipeline/{part}/" if (PACKAGE / part).is_dir() else f"pipeline/{part}.py"
        assert f"`{folder}`" in readme, f"README's map does not name {folder}"


MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
ONE_PIECE = "# one piece:"  # a comment on a def's line or the line above: why it must stay long


def _long_functions(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    found = []
    for node in ast.walk(ast.parse("\n".join(lines))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno:
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            length = node.end_lineno - first + 1
            said = ONE_PIECE in lines[node.lineno - 1] or ONE_PIECE in lines[first - 2]
            if length > MAX_FUNCTION_LINES and not said:
                found.append(f"{module_name(path)}.{node.name} ({length} lines)")
    return found


def test_modules_and_functions_are_small() -> None:
    """A module reads in one sitting; a longer function says why it must be one piece."""
    long_modules = [
        f"{module_name(p)} ({n} lines)"
        for p in sources().values()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    ]
    long_functions = [f for p in sources().values() for f in _long_functions(p)]
    assert not long_modules and not long_functions, f"too long: {long_modules + long_functions}"
