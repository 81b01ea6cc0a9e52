"""Reading pages as a browser would: every form on a page with the values it would send as it
stands (hidden fields, the selected option, checked boxes, text values), and every link, htmx
URL or form action that carries a query string. The isolation suite uses it to find every id a
page hands to the browser; URL building follows test_fuzz_forms (one id per URL argument)."""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit


@dataclass
class Form:
    page: str
    method: str
    action: str
    # name → list of (value, kind); kind: hidden, select, multi, checkbox, radio, text, textarea, file,
    # submit. A select lists every option it offers, with the selected one (or the first) first.
    fields: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def payload(self) -> dict[str, list[str]]:
        """What the browser sends when the form is submitted as the page shows it."""
        out: dict[str, list[str]] = {}
        for name, values in self.fields.items():
            kinds = {k for _, k in values}
            if "file" in kinds or kinds == {"submit"}:
                continue
            if kinds & {"select"}:
                out[name] = [values[0][0]] if values else []
            elif kinds & {"multi", "checkbox"}:
                out[name] = [v for v, k in values if k.endswith("+")] or []
            elif kinds & {"radio"}:
                checked = [v for v, k in values if k.endswith("+")]
                out[name] = checked[:1] or [values[0][0]]
            else:
                out[name] = [values[0][0]]
        return {k: v for k, v in out.items() if v and k != "csrf_token"}


class PageParser(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._select: tuple[str, bool] | None = None
        self._select_opts: list[tuple[str, bool]] = []
        self._option: list | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        for attr in ("href", "hx-get", "hx-post", "action", "hx-delete", "hx-put"):
            if "?" in a.get(attr, ""):
                self.links.append(a[attr])
        if tag == "form":
            self._form = Form(self.page, (a.get("method") or "get").lower(),
                              a.get("action") or self.page)
            self.forms.append(self._form)
            return
        f = self._form
        name = a.get("name")
        if tag == "input" and f is not None and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                kind += "+" if "checked" in a else ""
            f.fields.setdefault(name, []).append((a.get("value", "on" if kind.startswith("checkbox") else ""),
                                                  kind))
        elif tag == "select" and f is not None and name:
            self._select = (name, "multiple" in a)
            self._select_opts = []
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "selected" in a, ""]
        elif tag == "textarea" and f is not None and name:
            self._textarea = name
            self._text = []
        elif tag == "button" and f is not None and name:
            f.fields.setdefault(name, []).append((a.get("value", ""), "submit"))

    def handle_data(self, data):
        if self._option is not None:
            self._option[2] += data
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            value, selected, text = self._option
            self._select_opts.append((text.strip() if value is None else value, selected))
            self._option = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, multiple = self._select
            if self._option is not None:  # an unclosed last option
                self.handle_endtag("option")
            if multiple:
                vals = [(v, "multi+" if s else "multi") for v, s in self._select_opts]
            else:
                chosen = [v for v, s in self._select_opts if s] or [v for v, _ in self._select_opts[:1]]
                vals = [(v, "select") for v in chosen] + [(v, "select") for v, _ in self._select_opts
                                                          if v not in chosen]
            self._form.fields.setdefault(name, []).extend(vals)
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.fields.setdefault(self._textarea, []).append(("".join(self._text), "textarea"))
            self._textarea = None
        elif tag == "form":
            self._form = None


def parse_page(page: str, html: str) -> PageParser:
    parser = PageParser(page)
    parser.feed(html)
    return parser


def query_params(url: str) -> tuple[str, list[tuple[str, str]]]:
    parts = urlsplit(url)
    return parts.path, parse_qsl(parts.query, keep_blank_values=True)
