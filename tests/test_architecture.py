"""The shape of the imports (README, "Architecture: layers"), read with `ast` (tests/import_graph.py).

1. No import circle between packages at module level (view modules aside: see 3).
2. The foundation packages import only downwards, in the order of LAYERS.
3. View modules (`views.py`, `views_*.py`, `views/`) are the top of the stack: no module imports
   one except the app factory (jenjang/__init__.py) and the views of the same package.
4. A function-level import of a jenjang module says why, in a comment on its line or the line
   above (a layer above, a heavy library loaded only when used, a job's entry point).
"""
from __future__ import annotations

from tests import import_graph as g

# Bottom up. A package may import, at module level, packages of its own layer or below.
# The domain modules share one layer (among them only rule 1 holds).
LAYERS: list[set[str]] = [
    {"jenjang.config", "jenjang.embedded", "jenjang.eligibility", "jenjang.extensions"},
    {"jenjang.core"},
    {"jenjang.tenancy"},
    {"jenjang.jobs", "jenjang.storage"},
    {"jenjang.auth"},
    {"jenjang.people"},
    {"jenjang.notifications"},
    {"jenjang.console"},
    {"jenjang.training", "jenjang.workflow", "jenjang.promotion", "jenjang.feedback",
     "jenjang.mentoring", "jenjang.competency", "jenjang.contracts"},
    {"jenjang", "jenjang.cli", "jenjang.models", "jenjang.errors", "jenjang.security",
     "jenjang.observability", "jenjang.devserver", "jenjang.web_worker"},
]

# Function-level jenjang imports without a reason comment (issue 20 found 301; counted per name).
FUNCTION_IMPORT_CEILING = 0

APP_FACTORY = "jenjang"


def _layer(package: str) -> int:
    for number, members in enumerate(LAYERS):
        if package in members:
            return number
    raise AssertionError(f"{package} is in no layer: add it to LAYERS (and the README)")


def test_no_package_circles():
    found = g.imports()
    circles = g.cycles(g.package_graph(found, skip_views=True))
    report = []
    for circle in circles:
        report.append(" <-> ".join(circle))
        report += [f"    {i.source} -> {i.target} ({i.path.name}:{i.line})"
                   for i in g.edges_within(found, circle) if not g.is_view(i.source)]
    assert not circles, "import circles between packages:\n" + "\n".join(report)


def test_every_package_has_a_layer():
    for path in g.python_files():
        _layer(g.package_of(g.module_name(path)))


def test_foundation_imports_only_downwards():
    wrong = [
        f"{i.source} -> {i.target} ({i.path.name}:{i.line})"
        for i in g.imports()
        if not i.in_function and not g.is_view(i.source)
        and _layer(g.package_of(i.target)) > _layer(g.package_of(i.source))
    ]
    assert not wrong, "imports up the layers:\n" + "\n".join(wrong)


def test_views_are_imported_only_by_the_app_factory():
    wrong = [
        f"{i.source} -> {i.target} ({i.path.name}:{i.line})"
        for i in g.imports()
        if g.is_view(i.target) and i.source != APP_FACTORY
        and not (g.is_view(i.source) and g.package_of(i.source) == g.package_of(i.target))
    ]
    assert not wrong, "view modules imported outside the app factory:\n" + "\n".join(wrong)


def test_function_level_imports_say_why():
    silent = [i for i in g.imports() if i.in_function and not i.has_reason]
    listing = "\n".join(f"    {i.path.relative_to(g.ROOT)}:{i.line} {i.target}" for i in silent)
    assert len(silent) <= FUNCTION_IMPORT_CEILING, (
        f"{len(silent)} function-level jenjang imports without a reason comment "
        f"(ceiling {FUNCTION_IMPORT_CEILING}): fix the circle, or say why on the line\n{listing}")


def test_the_graph_reader_sees_what_it_should():
    """The reader itself: a known module-level edge, a function-level one, a view module."""
    found = g.imports()
    assert any(i.source == "jenjang.auth.models" and i.target == "jenjang.extensions"
               and not i.in_function for i in found)
    assert any(i.source == APP_FACTORY and g.is_view(i.target) for i in found)
    assert g.is_view("jenjang.workflow.views.holidays") and not g.is_view("jenjang.people.reviews")
