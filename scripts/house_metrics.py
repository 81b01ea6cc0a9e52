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
sys.path.insert(0, str(ROOT))

from tests import import_graph  # noqa: E402  (the import graph tests/test_architecture.py checks)


def python_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "translations" not in p.parts)


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


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
    found = import_graph.imports()
    silent = sum(1 for i in found if i.in_function and not i.has_reason)
    print(f"function-level jenjang imports without a reason comment: {silent}")
    for label, kw in (("module level, view modules aside (the rule)", {"skip_views": True}),
                      ("module level, views included", {}),
                      ("counting function-level imports", {"module_level_only": False})):
        circles = import_graph.cycles(import_graph.package_graph(found, **kw))
        print(f"import circles between packages ({label}): {len(circles)}")
        for c in circles:
            print("  " + " <-> ".join(c))
    print(f"duplicates platform/: {duplicate_pairs('platform')}")
    print(f"duplicates templates/: {duplicate_pairs('templates')}")


if __name__ == "__main__":
    main()
