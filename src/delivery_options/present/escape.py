"""How untrusted text is shown, one function per target: a workspace comes from a stranger, so
its names, file names and TOML keys may hold control characters, escape sequences, bidi
overrides, newlines, markup or a ``$`` that a renderer would read as maths.

``terminal``  every control (C0, DEL, C1, line separators, bidi controls) and noncharacter
              (U+FFFE, U+FFFF, U+FDD0-U+FDEF ...) shown as an escape (``\\x1b``, ``\\n``,
              ``\\u202e``, ``\\ufffe``), so a name cannot move the cursor, colour the screen,
              forge a second ``error:`` line or reverse the text around it.
``markdown``  one line of inline text: no link, image, emphasis, code, raw HTML, table pipe or
              ``$`` that a renderer would typeset as maths.
``html``      entities for ``<>&"'``, and the controls shown as in ``terminal``.
``word``      what XML 1.0 can hold, and the controls shown as in ``terminal``.
``pdf``       the PDF is drawn from the HTML paper: ``html``.
``chart``     matplotlib text: controls as spaces, ``$`` never maths, a leading ``_`` kept.
``csv``       a text field a spreadsheet shows and never evaluates, its controls shown as in
              ``terminal`` (:mod:`.csv` quotes it); JSON escapes everything itself.
"""

from __future__ import annotations

import html as _html
import re

from .cells import is_control

_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def unshown(char: str) -> bool:
    """Whether a character is shown as an escape: a control (:func:`.cells.is_control`) or a
    noncharacter, which Unicode keeps for a program's internal use and never for interchange
    (The Unicode Standard, section 23.7: U+FDD0-U+FDEF and the last two code points of every
    plane, U+FFFE and U+FFFF among them)."""
    code = ord(char)
    return is_control(char) or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def _escape(char: str) -> str:
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


def terminal(text: object) -> str:
    """Text for a terminal line: every control character shown as an escape."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(_escape(c) if unshown(c) else c for c in text)


def controls(text: str, keep: str = "") -> str:
    """``terminal``, but leaving the characters in ``keep`` (a document's own newlines)."""
    if text.isprintable():
        return text
    return "".join(_escape(c) if unshown(c) and c not in keep else c for c in text)


# Inline Markdown: entities for raw HTML, backslashes before what opens emphasis, code, links
# and images ("[", "]"), strikethrough and table cells; "://", "www." and "@" broken, so that
# GitHub's extended autolinks make no link from a bare address either.
_MD_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        **{c: "\\" + c for c in "\\`*_[]|~$"},
    }
)
_MD_BARE_LINK = re.compile(r"(?i)(:)(?=//)|(?<=www)(\.)|(@)")
_MD_SPACES = str.maketrans({"\t": " ", "\n": " ", "\r": " ", "\u2028": " ", "\u2029": " "})


def markdown(text: object) -> str:
    """One line of inline Markdown that renders as exactly this text: no link, image, emphasis,
    code, raw HTML or table cell; controls as U+FFFD."""
    plain = str(text).translate(_MD_SPACES)
    if not plain.isprintable():
        plain = "".join("\ufffd" if unshown(c) else c for c in plain)
    out = plain.strip(" ").translate(_MD_ESCAPES)
    return _MD_BARE_LINK.sub(lambda m: "\\" + m.group(0), out)


def markdown_document(text: str) -> str:
    """A whole Markdown document (a template's output) with no live link, image, autolink, raw
    HTML or maths left: every ``[``, ``$`` and ``<`` not already escaped is, and ``://``,
    ``www.`` and ``@`` broken. Idempotent on text from :func:`markdown`, which leaves none of
    them unescaped."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] != "<":  # an escape pair stays as it is
            out.append(text[i : i + 2])  # ("\\<" is no escape to every renderer: "<" goes on)
            i += 2
            continue
        if c in "[$":  # a link, or maths to a renderer that typesets it (GitHub, Jupyter)
            out.append("\\" + c)
        elif c == "<":
            out.append("&lt;")
        elif c == "@" or (c == ":" and text.startswith("//", i + 1)):
            out.append("\\" + c)
        elif c == "." and text[max(0, i - 3) : i].lower() == "www":
            out.append("\\.")
        else:
            out.append(c)
        i += 1
    return "".join(out)


def html(text: object) -> str:
    """Text for an HTML element or attribute."""
    return _html.escape(controls(str(text), keep="\n\t"), quote=True)


_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def word(text: object) -> str:
    """Text for a Word run: what XML 1.0 can hold, controls and bidi overrides made visible."""
    return _BAD_XML.sub("\ufffd", controls(str(text), keep="\n\t"))


pdf = html


def chart(text: object) -> str:
    """A chart label or legend entry: controls as spaces, ``$`` shown as itself (with
    ``text.parse_math`` off, which :mod:`delivery_options.paper.charts` sets), and a leading
    ``_`` kept (matplotlib leaves out legend entries whose label starts with one)."""
    plain = "".join(" " if unshown(c) else c for c in str(text))
    return "\u200b" + plain if plain.startswith("_") else plain


def csv(text: object) -> str:
    """A CSV text field's content: controls shown as in ``terminal`` (a field's own newlines and
    tabs kept: CSV quotes them), then a leading formula character neutralised (OWASP)."""
    from .csv import neutralise

    return neutralise(controls(str(text), keep="\n\t"))
