"""Message templates: rendered in Jinja's sandbox, because a tenant admin writes them.

A template is checked when it is saved: a syntax error is refused with its line, and any reach
for Python internals (`__class__`, `_private`, `mro`…) is refused with a clear message. The
sandbox refuses the same again at send time, so a template that slipped past the check still
cannot escape.
"""
from __future__ import annotations

import functools

from flask_babel import gettext as _
from jinja2 import StrictUndefined, TemplateSyntaxError, Undefined, nodes
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from jenjang.notifications.kinds import Kind

MAX_SUBJECT = 300
MAX_BODY = 10_000


def _environment(undefined=Undefined) -> SandboxedEnvironment:
    env = SandboxedEnvironment(autoescape=False, undefined=undefined, keep_trailing_newline=True,
                               trim_blocks=True, lstrip_blocks=True)
    # Nothing but the data we hand over: no cycler, joiner, lipsum or namespace to poke at.
    env.globals.clear()
    env.globals["range"] = range
    return env


_env = _environment()
_strict_env = _environment(StrictUndefined)


@functools.lru_cache(maxsize=512)
def _compiled(source: str, strict: bool = False):
    return (_strict_env if strict else _env).from_string(source)


class TemplateProblem(ValueError):
    """A template that cannot be saved; the message says what to fix."""


def _internal_reach(tree: nodes.Template) -> str | None:
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        name = node.attr if isinstance(node, nodes.Getattr) else (
            node.arg.value if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str) else None)
        if name is not None and (name.startswith("_") or name in ("mro", "gi_frame", "f_globals", "func_globals")):
            return name
    return None


def check(source: str, sample: dict) -> None:
    """Raise TemplateProblem when `source` may not be saved."""
    try:
        tree = _env.parse(source)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(_("Baris %(line)s: %(message)s. Perbaiki penulisan templat lalu simpan lagi.",
                                line=exc.lineno, message=exc.message)) from exc
    reach = _internal_reach(tree)
    if reach:
        raise TemplateProblem(_("Templat tidak boleh menjangkau bagian dalam Python (%(name)s). Pakai hanya "
                                "variabel yang tersedia.", name=reach))
    try:
        _compiled(source, strict=True).render(**sample)
    except SecurityError as exc:
        raise TemplateProblem(_("Templat tidak boleh menjangkau bagian dalam Python (%(name)s). Pakai hanya "
                                "variabel yang tersedia.", name=str(exc))) from exc
    except UndefinedError as exc:
        raise TemplateProblem(_("Variabel tidak dikenal: %(message)s. Pakai hanya variabel yang tersedia.",
                                message=exc.message)) from exc
    except Exception as exc:  # a filter used on the wrong type, a division by zero…
        raise TemplateProblem(_("Templat gagal dibuat dengan data contoh: %(message)s", message=str(exc))) from exc


def variables(kind: Kind) -> list[str]:
    return sorted({"recipient_name", "tenant_name", "hr_agency_name", "link", *kind.sample})


def sample_context(kind: Kind, tenant) -> dict:
    return {"recipient_name": "Siti Rahmawati, S.E.", "tenant_name": tenant.name,
            "hr_agency_name": tenant.hr_agency_name, "link": "https://contoh.jenjang.id/…", **kind.sample}


def warm(all_kinds) -> None:
    """Compile every default template once, in a worker's main process, so that the work horses
    it forks for each job inherit them compiled."""
    for kind in all_kinds:
        for source in (*kind.subject.values(), *kind.body.values()):
            _compiled(source)


def render(subject_source: str, body_source: str, context: dict) -> tuple[str, str]:
    """Render subject and body; raises SecurityError if a template reaches for internals."""
    subject = _compiled(subject_source).render(**context)
    subject = " ".join(subject.split())[:MAX_SUBJECT]
    body = _compiled(body_source).render(**context)
    return subject, body
