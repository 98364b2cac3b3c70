"""HTML pages to the text a reader sees (part of reading documents, see ``_documents``).

Scripts, styles, navigation, footers, forms and the head are dropped (the ``<title>``, the
publication-date ``<meta>`` and the canonical link are kept as metadata), block elements
become line breaks, character references are decoded and whitespace is collapsed. Built on
the standard library's :class:`html.parser.HTMLParser`, after a linear pass that escapes
every ``<`` that starts no complete construct (the parser is quadratic on those, and raises
on some declarations), so any input is handled in linear time and never raises.
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from typing import NamedTuple

__all__ = ["Page", "html_page", "looks_like_html"]


#: Elements whose content is not article text.
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "math", "iframe", "object",
                   "canvas", "title", "nav", "footer", "aside", "form", "button", "select",
                   "dialog", "datalist", "head"})
#: Elements that start a new paragraph (a blank line) or a new line.
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "details", "dialog", "div",
    "dl", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hgroup", "hr", "html", "main", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "tfoot", "thead", "ul",
})
_LINES = frozenset({"br", "li", "dt", "dd", "tr", "option"})
_CELLS = frozenset({"td", "th"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr"})
#: ``<meta name|property|itemprop>`` holding the publication date, most specific first.
_DATE_META = ("article:published_time", "datepublished", "og:published_time", "pubdate",
              "publishdate", "publish-date", "dc.date.issued", "dcterms.issued", "dc.date",
              "dcterms.date", "date")
_SPACE = re.compile(r"\s+")

# What may start markup. Any other "<" is escaped before parsing: HTMLParser rescans the rest of
# the page for each "<" that starts no complete construct, which is quadratic (and its
# "<![...]>" handling raises AssertionError).
_MARKUP = re.compile(r"<(?:(!--)|(!\[CDATA\[)|(/?[A-Za-z][^<>]*>)|(![^<>]*>)|(\?[^<>]*>))")


def _sanitize(page: str) -> str:
    """The page with every ``<`` that starts no complete tag, comment or declaration escaped.

    Declarations other than ``<!DOCTYPE ...>`` (Word's ``<![if ...]>``, internal subsets)
    are dropped. Linear in the length of the page.
    """
    out: list[str] = []
    pos = 0
    ends = {1: "-->", 2: "]]>"}
    unclosed: set[int] = set()  # comment / CDATA: once one is unclosed, all later ones are
    while (i := page.find("<", pos)) >= 0:
        out.append(page[pos:i])
        m = _MARKUP.match(page, i)
        group = m.lastindex if m is not None else None
        if m is None or group is None:
            out.append("&lt;")
            pos = i + 1
        elif group in ends:
            j = -1 if group in unclosed else page.find(ends[group], m.end())
            if j < 0:
                unclosed.add(group)
                out.append("&lt;")
                pos = i + 1
            else:
                pos = j + len(ends[group])
                out.append(page[i:pos])
        elif group == 4 and not (m.group(4)[:8].lower() == "!doctype" and "[" not in m.group(4)):
            pos = m.end()  # drop the declaration
        else:
            out.append(m.group())
            pos = m.end()
    out.append(page[pos:])
    return "".join(out)


class _PageText(HTMLParser):
    """The visible article text of an HTML page, with its title, date and canonical URL."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[str] = []  # open elements (end tags close up to the matching one)
        self.open: dict[str, int] = {}
        self.skipping = 0  # open elements of _SKIP
        self.title: str | None = None
        self.title_parts: list[str] | None = None
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None

    def _push(self, tag: str) -> None:
        self.stack.append(tag)
        self.open[tag] = self.open.get(tag, 0) + 1
        self.skipping += tag in _SKIP

    def _close(self, tag: str) -> None:
        if not self.open.get(tag):
            return
        while self.stack:
            top = self.stack.pop()
            self.open[top] -= 1
            self.skipping -= top in _SKIP
            if top == "title" and self.title_parts is not None:
                self.title = " ".join("".join(self.title_parts).split()) or None
                self.title_parts = None
            if top == tag:
                return

    def _break(self, tag: str) -> None:
        if self.skipping:
            return
        if tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag in _LINES:
            self.parts.append("\n")
        elif tag in _CELLS:
            self.parts.append(" ")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            values = dict(attrs)
            key = (values.get("property") or values.get("name") or values.get("itemprop")
                   or "").lower()
            if key and values.get("content"):
                self.meta.setdefault(key, values["content"] or "")
        elif tag == "link" and self.canonical is None:
            values = dict(attrs)
            if (values.get("rel") or "").lower() == "canonical" and values.get("href"):
                self.canonical = values["href"]
        self._break(tag)
        if tag in _VOID:
            return
        if tag == "title" and self.title is None and self.title_parts is None and (
                self.skipping == self.open.get("head", 0)):  # not an <svg> <title>
            self.title_parts = []
        self._push(tag)

    def handle_endtag(self, tag: str) -> None:
        self._close(tag)
        self._break(tag)

    def handle_data(self, data: str) -> None:
        if self.skipping:
            if self.title_parts is not None:
                self.title_parts.append(data)
            return
        if self.open.get("pre"):
            self.parts.append(data.replace("\r\n", "\n").replace("\r", "\n"))
        else:
            self.parts.append(_SPACE.sub(" ", data))

    def text(self) -> str:
        """The text: lines with collapsed whitespace, at most one blank line between them."""
        lines = [" ".join(line.split()) for line in "".join(self.parts).split("\n")]
        out: list[str] = []
        for line in lines:
            if line or (out and out[-1]):
                out.append(line)
        return "\n".join(out).strip("\n")

    def published(self) -> str | None:
        """The first publication date in the page's ``<meta>`` tags (``YYYY-MM-DD``)."""
        for key in _DATE_META:
            value = self.meta.get(key, "").strip()[:10]
            try:
                return date.fromisoformat(value).isoformat()
            except ValueError:
                continue
        return None


class Page(NamedTuple):
    """The text of a page and its metadata."""

    text: str
    title: str | None
    published: str | None
    url: str | None


def html_page(page: str) -> Page:
    """The text a reader sees on an HTML page, and its title, date and canonical URL."""
    parser = _PageText()
    parser.feed(_sanitize(page))
    parser.close()
    title = parser.title or parser.meta.get("og:title", "").strip() or None
    url = parser.canonical or parser.meta.get("og:url") or None
    return Page(parser.text(), title, parser.published(), url)


_HTML_START = re.compile(r"\A\ufeff?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
                         r"<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(
    r"</?(?:p|div|br|span|a|li|ul|ol|h[1-6]|table|tr|td|th|article|section|header|footer|nav|"
    r"main|aside|figure|figcaption|blockquote|strong|em|b|i|u|img|script|style|meta|link|title|"
    r"body|html|head|iframe|form|input|button|label|time|small|sup|sub|hr|pre|code|dl|dt|dd|"
    r"noscript|svg|picture|source|video)(?:\s[^<>]*)?/?>", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """Whether a text is an HTML page or fragment rather than prose that mentions a tag.

    It is when it starts like an HTML document, or has at least 6 HTML tags and at least one
    per 1,000 characters.
    """
    if "<" not in text:
        return False
    if _HTML_START.match(text[:8192]):
        return True
    need = max(6, len(text) // 1000)
    n = 0
    for _ in _HTML_TAG.finditer(text):
        n += 1
        if n >= need:
            return True
    return False
