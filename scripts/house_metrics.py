"""Figures about the shape of the code (issue 20): file sizes, complexity, imports, circles.

Run from the repository root: ``python scripts/house_metrics.py``. It reads the tree as text and
through ``ast``; it imports nothing of Jenjang. The duplicate-pair counts come from the library's
``duplicates`` command where it is installed (a developer machine), and are skipped elsewhere.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "platform" / "jenjang"


def python_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "translations" not in p.parts)


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def top_package(name: str) -> str:
    parts = name.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else parts[0]


def imported_modules(tree: ast.AST, current: str, is_package: bool) -> list[tuple[str, bool]]:
    """(module, at_module_level) for each jenjang import in the tree."""
    found: list[tuple[str, bool]] = []
    module_level = {id(node) for node in getattr(tree, "body", [])}

    def resolve(node: ast.ImportFrom) -> str | None:
        if node.level == 0:
            return node.module
        base = current.split(".")
        if not is_package:
            base = base[:-1]
        base = base[: len(base) - (node.level - 1)]
        return ".".join(base + ([node.module] if node.module else []))

    def top_level(node: ast.AST) -> bool:
        if id(node) in module_level:
            return True
        return False

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("jenjang"):
                    found.append((alias.name, top_level(node)))
        elif isinstance(node, ast.ImportFrom):
            target = resolve(node)
            if target and target.startswith("jenjang"):
                found.append((target, top_level(node)))
    return found


def function_level_imports() -> int:
    count = 0
    for path in python_files():
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Import | ast.ImportFrom):
                        count += 1
    return count


def package_graph(module_level_only: bool = True) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in python_files():
        name = module_name(path)
        tree = ast.parse(path.read_text())
        src = top_package(name)
        for target, at_top in imported_modules(tree, name, path.name == "__init__.py"):
            if module_level_only and not at_top:
                continue
            dst = top_package(target)
            if dst != src:
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


def complexity_over(limit: int = 12) -> list[str]:
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    out = subprocess.run(
        [ruff, "check", "--select", "C901", "--config", f"lint.mccabe.max-complexity={limit}",
         "--output-format", "concise", "--no-cache", str(PACKAGE)],
        capture_output=True, text=True, check=False,
    ).stdout
    return [line for line in out.splitlines() if "C901" in line]


def duplicate_pairs(folder: str) -> str:
    tool = shutil.which("duplicates")
    if not tool:
        return "n/a (duplicates not installed)"
    out = subprocess.run([tool, "--repo", folder, "--most", "1", "--seconds", "120"],
                         capture_output=True, text=True, cwd=ROOT, check=False).stdout
    return out.splitlines()[0] if out else "n/a"


def main() -> None:
    files = python_files()
    sizes = sorted(((len(p.read_text().splitlines()), p) for p in files), reverse=True)
    big = [(n, p) for n, p in sizes if n > 400]
    people_models = sum(
        1 for p in files
        if "jenjang.people.models" in p.read_text() or
        ("from .models" in p.read_text() and p.parent.name == "people")
        or "from ..people.models" in p.read_text() or "from ...people.models" in p.read_text()
    )
    print(f"python files: {len(files)}, lines: {sum(n for n, _ in sizes)}")
    print(f"files over 400 lines: {len(big)}")
    for n, p in big:
        print(f"  {n:5d} {p.relative_to(ROOT)}")
    over = complexity_over()
    print(f"functions with complexity > 12: {len(over)}")
    for line in over:
        print("  " + line.replace(str(ROOT) + "/", ""))
    print(f"function-level imports of any module: {function_level_imports()}")
    print(f"files importing people.models: {people_models}")
    found = cycles(package_graph())
    print(f"import circles between packages (module level): {len(found)}")
    for c in found:
        print("  " + " <-> ".join(c))
    found_all = cycles(package_graph(module_level_only=False))
    print(f"import circles counting function-level imports: {len(found_all)}")
    for c in found_all:
        print("  " + " <-> ".join(c))
    print(f"duplicates platform/: {duplicate_pairs('platform')}")
    print(f"duplicates templates/: {duplicate_pairs('templates')}")


if __name__ == "__main__":
    main()
