"""Jenjang's imports read as text through `ast` (nothing of Jenjang is imported): which module
imports which, at module level or inside a function, and the package graph they make.

Shared by tests/test_architecture.py and scripts/house_metrics.py.

A *package* is `jenjang.<first part>`: `jenjang.people.models` belongs to `jenjang.people`,
`jenjang.jobs` (a module directly under jenjang/) is a package of its own, and `jenjang` itself is
the app factory (jenjang/__init__.py). `from jenjang import jobs` imports the module
`jenjang.jobs`, not the app factory. Imports under `if TYPE_CHECKING:` are type-only and make no
edge.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "platform" / "jenjang"


@dataclass(frozen=True)
class Import:
    source: str  # the importing module, e.g. jenjang.auth.views
    target: str  # the imported module, e.g. jenjang.core.web
    path: Path
    line: int
    in_function: bool
    has_reason: bool  # a comment on the same line or on the line above (not only a noqa)


def python_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "translations" not in p.parts)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_of(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2])


def is_view(module: str) -> bool:
    """A view module: `views.py`, `views_*.py`, or anything in a `views/` package."""
    return any(part == "views" or part.startswith("views_") for part in module.split(".")[1:])


def _known_modules() -> set[str]:
    return {module_name(p) for p in python_files()}


_DIRECTIVE = re.compile(r"noqa(:\s*[A-Z]+[0-9]+(,\s*[A-Z]+[0-9]+)*)?|type:\s*ignore(\[[^]]*\])?")


def _is_reason(comment: str) -> bool:
    """A comment that says something besides a linter directive (`# noqa: F401` alone is none)."""
    return bool(_DIRECTIVE.sub("", comment).replace("#", "").strip())


def _reason(lines: list[str], lineno: int) -> bool:
    """A reason on the import's line, or in a comment above it or above the run of imports it is
    part of (one comment may speak for a block of imports)."""
    line = lines[lineno - 1]
    if "#" in line and _is_reason(line[line.index("#"):]):
        return True
    index = lineno - 2
    while index >= 0 and _continues_imports(lines[index]):
        index -= 1
    above = lines[index].strip() if index >= 0 else ""
    return above.startswith("#") and _is_reason(above)


def _continues_imports(line: str) -> bool:
    text = line.strip()
    return text.startswith(("from ", "import ")) or text == ")" or (
        bool(text) and text.endswith(",") and not text.startswith("#"))


def imports(paths: list[Path] | None = None) -> list[Import]:
    known = _known_modules()
    found: list[Import] = []
    for path in paths or python_files():
        found += _file_imports(path, known)
    return found


def _file_imports(path: Path, known: set[str]) -> list[Import]:
    found: list[Import] = []
    source = module_name(path)
    text = path.read_text()
    lines = text.splitlines()
    is_package = path.name == "__init__.py"

    def resolve(node: ast.ImportFrom) -> str | None:
        if node.level == 0:
            return node.module
        base = source.split(".") if is_package else source.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        return ".".join(base + ([node.module] if node.module else []))

    def add(target: str, node: ast.stmt, in_function: bool) -> None:
        found.append(Import(source, target, path, node.lineno, in_function, _reason(lines, node.lineno)))

    def visit(node: ast.AST, in_function: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child, in_function)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "jenjang":
                    add(alias.name, node, in_function)
        elif isinstance(node, ast.ImportFrom):
            base = resolve(node)
            if base and base.split(".")[0] == "jenjang":
                for alias in node.names:
                    candidate = f"{base}.{alias.name}"
                    add(candidate if candidate in known else base, node, in_function)
        inner = in_function or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        for child in ast.iter_child_nodes(node):
            visit(child, inner)

    visit(ast.parse(text), False)
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def package_graph(found: list[Import], *, module_level_only: bool = True,
                  skip_views: bool = False) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for imp in found:
        if module_level_only and imp.in_function:
            continue
        if skip_views and is_view(imp.source):
            continue
        src, dst = package_of(imp.source), package_of(imp.target)
        if src != dst:
            graph.setdefault(src, set()).add(dst)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one package (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    nodes = set(graph) | {w for ws in graph.values() for w in ws}
    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return result


def edges_within(found: list[Import], component: list[str], **kw) -> list[Import]:
    """The imports that make a circle between the packages of `component` (to print them)."""
    members = set(component)
    return [imp for imp in found
            if package_of(imp.source) in members and package_of(imp.target) in members
            and package_of(imp.source) != package_of(imp.target)
            and not (kw.get("module_level_only", True) and imp.in_function)]
