"""Workspace templates and the sandbox the paper's HTML and Markdown are rendered in: a
workspace's own templates (``templates/``) come from whoever sent it, so they read the context
they are given and nothing else, and cannot change what the output loads or links to."""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import is_dataclass
from pathlib import Path, PurePath
from types import MappingProxyType

from ..errors import OptionsError
from ..model.types import Workspace
from ..present.cells import format_cell
from ..present.escape import terminal
from ..present.table import KINDS, Column

#: The most bytes ``templates/`` may hold, all files together (the bundled templates are 9 KB):
#: thirty sparse files of 60 MB each, none of them used, took 2 GB to read.
MAX_TEMPLATES = 16 * 2**20


def workspace_templates(root: Path) -> dict[str, str]:
    """The workspace's own templates (``templates/``), each read once through
    :func:`delivery_options.files.read_input`: inside the workspace (no link or ``..`` out of
    it), a regular file, hashed for the audit from the bytes the paper uses; at most
    :data:`MAX_TEMPLATES` bytes in all, counted before any is read; two names the same under
    the identity rule (case and Unicode normalisation, model/ids.py) refused, naming both."""
    from ..files import confined, read_input, walk
    from ..model.ids import clashes

    folder = root / "templates"
    if not folder.is_dir():
        return {}
    confined(root, folder, "templates/")  # a linked folder is not walked at all
    paths = [p for p in sorted(walk(folder, "templates/")) if p.is_symlink() or not p.is_dir()]
    names = [
        p.relative_to(folder).as_posix() for p in paths
    ]  # walk refused names Windows cannot hold
    for first, again in clashes(names):
        raise OptionsError(
            f"templates/{again}: clashes with templates/{first} (template names ignore case and "
            "Unicode normalisation, as a Windows or macOS folder does)",
            "template",
        )
    total = 0
    for p, name in zip(paths, names, strict=True):
        try:
            total += p.lstat().st_size
        except OSError:
            continue  # read_input says why
        if total > MAX_TEMPLATES:
            raise OptionsError(
                f"templates/{name}: templates/ holds more than {MAX_TEMPLATES // 2**20} MB; a "
                "paper's templates need a few KB (remove the files it does not use)",
                "template",
            )
    found = {}
    left = MAX_TEMPLATES
    for p, name in zip(paths, names, strict=True):
        data = read_input(p, f"templates/{name}", root, limit=left)
        left -= len(data)
        try:
            found[name] = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise OptionsError(f"templates/{name}: is not UTF-8 text", "template") from None
    return found


def environment(ws: Workspace, autoescape: bool, templates: dict[str, str] | None = None):
    """Jinja2 in its sandbox: a workspace's own templates (in ``templates/``) come from whoever
    sent the workspace, so they may read the context they are given and nothing else; they are
    the texts already read (``templates``, from :func:`workspace_templates`), never a file the
    loader finds for itself."""
    from jinja2 import ChoiceLoader, DictLoader, PackageLoader, StrictUndefined

    from ..present.markdown import inline, paragraph

    if templates is None:
        templates = workspace_templates(ws.root)
    loaders = [DictLoader(templates), PackageLoader("delivery_options.paper", "templates")]
    env = _bounded_environment()(
        loader=ChoiceLoader(loaders),
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["cell"] = lambda value, column: _cell(env, value, column)
    env.globals["zip"] = lambda *iterables, **kwargs: _zip(env, iterables, kwargs)
    # Markdown: text from the workspace can never change the document's structure
    # (no emphasis, code, link, image or raw HTML from workspace text)
    env.filters["md"] = lambda text: inline(_text_in(env, "md", text))
    env.filters["mdpara"] = lambda text: paragraph(_text_in(env, "mdpara", text))
    env.workspace_names = frozenset(templates)
    env.undefined = _named_undefined(env)
    for name, f in list(env.filters.items()):
        env.filters[name] = _guarded_filter(env, name, f)
    env.globals.pop("lipsum", None)  # its paragraph count is a way to make gigabytes
    for name in ("tojson", "pprint"):  # unused by the paper; each can expand text many times
        env.filters.pop(name, None)
    return env


def render_html(ctx: dict) -> str:
    """The HTML paper; no control character or bidi override reaches it raw (they are shown as
    escapes, as on a terminal), whatever the template."""
    from ..present.escape import controls

    env = environment(ctx["ws"], autoescape=True, templates=ctx.get("workspace_templates"))
    with _memory(env):
        return _page(ctx, controls(_render(env, "paper.html.j2", ctx), keep="\n\t\r"))


def _page(ctx: dict, html: str) -> str:
    """The page with its content policy, rebuilt first when a workspace template made it."""
    # opened in a browser, the paper loads nothing either (a workspace template may name URLs)
    if ctx.get("workspace_templates"):
        # nor does it go anywhere: such a template's page is rebuilt tag by tag; and as it may
        # write tags before '<head>', the policy goes before anything but a leading doctype
        html = _stay_on_page(html)
        lead = re.match(r"\s*<!doctype[^<>]*>", html, re.I)
        at = lead.end() if lead else 0
    else:
        head = re.search(r"<head[^>]*>", html, re.I)
        at = head.end() if head else 0
    return html[:at] + PAPER_CSP + html[at:]


#: The HTML paper's own policy: its styles and inline charts only, nothing from elsewhere.
PAPER_CSP = (
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
    "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">"
)


def _stay_on_page(html: str) -> str:
    """The page rebuilt from what the stdlib parser reads in it, so that opening it sends the
    browser nowhere (the content policy stops loads, not navigation): no ``<meta http-equiv>``
    (a refresh), ``<base>``, frame, object, script or SVG animation, no ``<link>`` but a style
    sheet, icon or attachment (loads, which the policy and the PDF's fetcher refuse), no link,
    form target or ping off the page (``#fragment`` links stay), no comment; text and attributes
    re-escaped, so the browser sees the tags the parser saw and no others."""
    from html import escape
    from html.parser import HTMLParser

    out: list[str] = []
    dropped = set(
        "base iframe frame frameset object embed applet portal script animate "  # noqa: SIM905
        "animatemotion animatetransform set".split()
    )
    away = {"action", "formaction", "ping", "srcdoc", "xml:base", "manifest"}
    fetched = {"src", "srcset", "poster", "cite", "data", "background", "longdesc", "href"}
    refused: list[str] = []
    name_ok = re.compile(r"[a-z][a-z0-9-]*\Z").match
    attr_ok = re.compile(r"[a-z_][-a-z0-9_:.]*\Z").match
    state = {"raw": None}

    def local(value: str | None) -> bool:  # on the page itself, or data the page holds
        v = (value or "").strip(" \t\n\r\f").lower()
        return v.startswith(("#", "data:"))

    def kept(tag: str, name: str, value: str | None) -> bool:
        if not attr_ok(name) or name.startswith("on") or name in away:
            return False
        if name in {"href", "xlink:href"} and tag != "link":
            return (value or "").strip(" \t\n\r\f").startswith("#")
        if name in fetched and not local(value):  # a viewer ignoring the policy fetches it
            refused.append(value or "")
        elif name == "srcset" or (name in fetched and _DATA_CSS.match(value or "")):
            refused.append(value or "")  # a list of candidates, or a style sheet that imports
        elif value:  # SVG's fill, mask, clip-path ... and style: url() in any attribute
            refused.extend(_fetches(value))
        return True

    class Rebuild(HTMLParser):
        def handle_starttag(self, tag, attrs, close=""):
            state["raw"] = tag if tag in {"script", "style"} else None
            if tag in dropped or not name_ok(tag):
                return
            if tag == "meta" and any(a not in {"charset", "name", "content"} for a, _ in attrs):
                return
            rel = set((dict(attrs).get("rel") or "").lower().split())
            if tag == "link" and not (rel and rel <= {"stylesheet", "icon", "attachment"}):
                return
            parts = [tag]
            for a, v in attrs:
                if kept(tag, a, v):
                    parts.append(a if v is None else f'{a}="{escape(v, quote=True)}"')
            out.append(f"<{' '.join(parts)}{close}>")

        def handle_startendtag(self, tag, attrs):
            self.handle_starttag(tag, attrs, " /")
            state["raw"] = None

        def handle_endtag(self, tag):
            state["raw"] = None
            if tag not in dropped and name_ok(tag):
                out.append(f"</{tag}>")

        def handle_data(self, data):
            if state["raw"] == "script":
                return
            if state["raw"] == "style":  # no '<' at all, so no tag even inside SVG
                refused.extend(_fetches(data))
                out.append(data.replace("<", "\\3c "))
            else:
                out.append(escape(data, quote=False))

        def handle_decl(self, decl):
            if decl.lower().startswith("doctype"):
                out.append("<!doctype html>")

    parser = Rebuild(convert_charrefs=True)
    parser.feed(html)
    parser.close()
    if refused:  # as the PDF's fetcher refuses it: one line, naming what was asked for
        url = terminal(refused[0].strip())
        url = url if len(url) <= 80 else url[:77] + "..."
        raise OptionsError(
            f"templates/: the paper asks for {url}, which is not on the page itself; a template "
            "may use only data: URLs and links within the page, so that whoever opens the paper "
            "fetches nothing from elsewhere (remove it from the workspace's templates)",
            "template",
        )
    return "".join(out)


#: CSS that fetches: ``@import`` and ``url(...)`` of anything but data the page holds.
_DATA_CSS = re.compile(r"\s*data:\s*text/css", re.I)
_IMPORT = re.compile(r"@import\b[^;]*;?", re.I)
_URL = re.compile(r"""url\(\s*(?!['"]?\s*(?:data:(?!text/css)|\#))[^)]*\)?""", re.I)
_IMAGE_SET = re.compile(r"image-set\([^)]*\)?", re.I)
_CSS_HEX = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?")
_CSS_CHAR = re.compile(r"\\(.)", re.S)


def _css_plain(css: str) -> str:
    """Style text as the browser reads it: character references (an SVG's style decodes them)
    and CSS escapes (``\\75 rl(`` is ``url(``) decoded (CSS Syntax Level 3, 4.3.7)."""
    from html import unescape

    def code(m: re.Match) -> str:
        n = int(m.group(1), 16)
        return chr(n) if 0 < n <= 0x10FFFF and not 0xD800 <= n <= 0xDFFF else "\ufffd"

    return _CSS_CHAR.sub(r"\1", _CSS_HEX.sub(code, unescape(css)))


def _fetches(css: str) -> list[str]:
    """What style text would load from elsewhere: ``@import``, ``image-set()`` and ``url()``
    of anything but data the page holds (a data: style sheet may import, so it counts)."""
    plain = _css_plain(css)
    return [
        m.group(0)
        for m in (*_IMPORT.finditer(plain), *_URL.finditer(plain), *_IMAGE_SET.finditer(plain))
    ]


def render_markdown(ctx: dict) -> str:
    """The Markdown paper; a workspace's own template cannot add a link, image or raw HTML,
    nor put a control character, bidi override or noncharacter in it raw."""
    from ..present.escape import controls, markdown_document

    env = environment(ctx["ws"], autoescape=False, templates=ctx.get("workspace_templates"))
    with _memory(env):
        return controls(markdown_document(_render(env, "paper.md.j2", ctx)), keep="\n\t\r")


@contextmanager
def _memory(env):
    """A page's rendering and what is done to it after (escaping, the HTML's rebuild), whose
    running out of memory is one error naming the template."""
    try:
        yield
    except MemoryError:
        held = f"more than {memory_words(MEMORY)} of" if MEMORY else "more"
        raise _over(env, f"it needed {held} memory") from None


# -- bounds ------------------------------------------------------------------------------------
# A workspace template is a program from a stranger: nested loops, recursive macros and string
# products can run for hours or fill the memory. Every loop iteration, call, filter, include and
# intercepted operator is one step against a budget and a deadline, each text it makes is capped,
# and so is the page. The checks run in the template's own code, so they hold on every platform
# (no signal needed), and a failure is one error naming the template.

MAX_STEPS = 1_000_000  # loop iterations, calls, filters, includes and operators per rendering
MAX_SECONDS = 120.0  # wall-clock time per rendering
MAX_TEXT = 10_000_000  # characters (or items) in any one value a template makes
MAX_PAGE = 64_000_000  # characters in the rendered page
MAX_COUNT = 1_000_000  # an integer argument to a string or list method or a Jinja filter
MAX_SLOW = 50_000  # characters given to a filter whose time grows faster than its input
MAX_DEPTH = 100  # containers inside containers that a value shown as text may have
MEMORY: int | None = None  # bytes a rendering may use, where a process limit holds it (jail.py)
# filters whose time is superlinear in the text (textwrap's long-word breaking, regex scans)
_SLOW = frozenset({"wordwrap", "urlize", "striptags"})
# filters that never turn a container's contents into text, so need no estimate first
_SHALLOW = frozenset(
    "length count first last default d attr abs int float round random min max "  # noqa: SIM905
    "select reject selectattr rejectattr map sort unique reverse list batch slice "
    "groupby dictsort items".split()
)
# a format width of a million or more, a width taken from the arguments (`*`), or a nested field
_WIDE = re.compile(r"[%{][^%{}]*?(?:\d{7,}|\*)|\{[^{}]*\{")
_CONTAINERS = (list, tuple, dict, set, frozenset, MappingProxyType)


def memory_words(size: int) -> str:
    """A memory limit as the errors say it: ``1 GB``, ``200 MB``."""
    return f"{size / 2**30:g} GB" if size >= 2**30 else f"{size // 2**20} MB"


def _over(env, what: str):
    """The one error for a template past a bound, naming the template that was running."""
    return OptionsError(
        f"{_running(env)}: the template failed while writing the paper: {what}; "
        "a workspace template may not loop, recurse or grow text without bound",
        "template",
    )


def _running(env) -> str:
    """The template being run, as the error names it."""
    name = None
    frame = sys._getframe(1)
    while frame is not None:
        g = frame.f_globals
        if g.get("environment") is env and isinstance(g.get("name"), str):
            name = g["name"]
            break
        frame = frame.f_back
    name = name or env.rendering
    if name is None:
        where = "templates/" if env.workspace_names else "a template"
    elif name in env.workspace_names:
        where = f"templates/{name}"
    else:
        where = f"template {name} (built in)"
    return where


def _sized(env, value):
    """``value``, refused when it is huge; making a long value costs steps for its length (a
    text's for its bytes: an emoji is four), so a loop that builds one each time round, or a
    template that slices one many times, is bounded by its work, not its turns."""
    if isinstance(value, (str, bytes, list, tuple, dict, set)):
        if len(value) > MAX_TEXT:
            raise _over(env, f"it made a value of more than {MAX_TEXT:,} characters or items")
        env.step(1 + ((sys.getsizeof(value) if isinstance(value, str) else len(value)) >> 6))
    return value


def _estimate(env, value) -> int:
    """About how many characters showing ``value`` as text makes, counted before it is made:
    a container held many times counts each time (one big list repeated forty times is forty
    times as long), but each distinct one is walked once, a step per 64 items."""
    seen: dict[int, int] = {}
    walked = 0

    def size(v, depth: int) -> int:
        nonlocal walked
        if isinstance(v, (str, bytes)):  # its repr may escape a character into up to 4 bytes
            return (
                len(v) + 2
                if v.isascii() and (isinstance(v, bytes) or v.isprintable())
                else 4 * len(v) + 2
            )
        if not isinstance(v, _CONTAINERS):
            return 24
        if id(v) in seen:
            return seen[id(v)]
        if depth > MAX_DEPTH:
            raise _over(env, f"a value nested more than {MAX_DEPTH} deep")
        seen[id(v)] = 8  # a container inside itself is shown as '[...]'
        total = 2
        pairs = isinstance(v, (dict, MappingProxyType))
        for item in v.items() if pairs else v:
            walked += 1
            total += 2 + (sum(size(x, depth + 1) for x in item) if pairs else size(item, depth + 1))
            if total > MAX_TEXT:
                break
        seen[id(v)] = total
        return total

    try:
        return size(value, 0)
    finally:
        env.step(1 + (walked >> 6))


def _shown(env, value):
    """``value``, refused when showing it as text would make a huge text."""
    if isinstance(value, _CONTAINERS) and _estimate(env, value) > MAX_TEXT:
        raise _over(env, f"it would make a text of more than {MAX_TEXT:,} characters")
    return value


def _check_args(env, args, kwargs) -> None:
    for a in (*args, *kwargs.values()):
        if isinstance(a, int) and not isinstance(a, bool) and abs(a) > MAX_COUNT:
            raise _over(env, f"an argument of {MAX_COUNT:,} or more")
        if isinstance(a, str) and _WIDE.search(a):
            raise _over(env, "a format width of a million or more")


def _guarded_filter(env, name: str, f):
    """A filter that counts as a step, refuses the arguments that make huge text, and caps
    what it returns."""
    from functools import wraps

    from jinja2.utils import _PassArg

    lead = 0 if _PassArg.from_obj(f) is None else 1  # the context Jinja passes, if it does
    ours = getattr(f, "__module__", "") or ""
    trusted = ours.startswith("delivery_options") or name in {"cell", "md", "mdpara"}

    @wraps(f)
    def guarded(*args, **kwargs):
        env.step()
        if not trusted:
            if name == "join" and len(args) > lead:  # a generator's length is known only so
                args = (*args[:lead], list(env.guard_iter(args[lead])), *args[lead + 1 :])
            plain = list(args[lead:])
            _check_args(env, plain[1:], kwargs)
            if name not in _SHALLOW:
                for a in (*plain, *kwargs.values()):
                    _shown(env, a)
            if name in _SLOW and plain and len(str(plain[0])) > MAX_SLOW:
                raise _over(env, f"the {name} filter given more than {MAX_SLOW:,} characters")
            if name == "format" and plain and isinstance(plain[0], str):
                if _WIDE.search(plain[0]):
                    raise _over(env, "a format width of a million or more")
                _format_size(env, plain[0], [*plain[1:], *kwargs.values(), *_mapped(plain[1:])])
            if name in {"replace", "indent", "join"}:
                _amplifies(env, name, plain, kwargs)
        return _sized(env, f(*args, **kwargs))

    return guarded


def _amplifies(env, name: str, args: list, kwargs: dict) -> None:
    """Refuse a replace, indent, join, expandtabs or translate whose result would be too large,
    before making it (on a text or on bytes)."""
    subject = args[0] if args else ""
    rest = list(args[1:])
    if name == "replace" and isinstance(subject, (str, bytes)) and len(rest) >= 2:
        old, new = (x if isinstance(x, (str, bytes)) else str(x) for x in rest[:2])
        size = len(subject) + (len(subject) // max(1, len(old)) + 1) * len(new)
    elif name == "expandtabs" and isinstance(subject, (str, bytes)):
        tab = rest[0] if rest else kwargs.get("tabsize", 8)
        tabs = subject.count("\t" if isinstance(subject, str) else b"\t")
        size = len(subject) + tabs * (tab if isinstance(tab, int) and tab > 0 else 0)
    elif name == "translate" and isinstance(subject, str) and rest and isinstance(rest[0], Mapping):
        longest = max((len(v) for v in rest[0].values() if isinstance(v, str)), default=1)
        size = len(subject) * max(longest, 1)
    elif name == "indent":
        width = rest[0] if rest else kwargs.get("width", 4)
        wide = width if isinstance(width, int) else len(str(width))
        size = len(str(subject)) + (str(subject).count("\n") + 1) * wide
    elif name == "join":
        sep = rest[0] if rest else kwargs.get("d", "")
        n = len(subject) if hasattr(subject, "__len__") else 0
        items = subject if isinstance(subject, (list, tuple)) else ()
        made = sum(len(x) for x in items if isinstance(x, (str, bytes)))
        size = n * len(sep if isinstance(sep, (str, bytes)) else str(sep)) + made
    else:
        return
    if size > MAX_TEXT:
        raise _over(env, f"it would make more than {MAX_TEXT:,} characters")


def _bounded_environment():
    """The sandbox's class with the bounds: made on first use (Jinja2 is a heavy import)."""
    global _BOUNDED
    if _BOUNDED is not None:
        return _BOUNDED
    from jinja2 import nodes
    from jinja2.compiler import CodeGenerator
    from jinja2.sandbox import ImmutableSandboxedEnvironment
    from jinja2.utils import Namespace

    class Guarded(CodeGenerator):
        """Each ``for`` loop iterates through ``environment.guard_iter``; each ``~`` and each
        include is checked too."""

        def visit_For(self, node, frame):
            orig = node.iter
            node.iter = nodes.Call(nodes.EnvironmentAttribute("guard_iter"), [orig], [], None, None)
            try:
                super().visit_For(node, frame)
            finally:
                node.iter = orig

        def visit_Concat(self, node, frame):
            if frame.eval_ctx.volatile:
                join = "(markup_join if context.eval_ctx.volatile else str_join)"
            else:
                join = "markup_join" if frame.eval_ctx.autoescape else "str_join"
            self.write(f"environment.guard_text({join}((")
            for arg in node.nodes:
                self.write("environment.guard_value(")
                self.visit(arg, frame)
                self.write("), ")
            self.write(")))")

        def visit_Getitem(self, node, frame):
            if not (isinstance(node.arg, nodes.Slice) and node.ctx == "load"):
                return super().visit_Getitem(node, frame)
            # Jinja slices in plain Python, uncounted: forty slices of a long text made 1.7 GB
            self.write("environment.getitem(")
            self.visit(node.node, frame)
            self.write(", slice(")
            for i, part in enumerate((node.arg.start, node.arg.stop, node.arg.step)):
                self.write(", " if i else "")
                if part is None:
                    self.write("None")
                else:
                    self.visit(part, frame)
            self.write("))")

        def visit_Include(self, node, frame):
            self.writeline("environment.step()")
            super().visit_Include(node, frame)

    class Bounded(ImmutableSandboxedEnvironment):
        code_generator_class = Guarded
        intercepted_binops = frozenset(["*", "**", "+", "%"])

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.steps = 0
            self.deadline = time.monotonic() + MAX_SECONDS
            self.workspace_names = frozenset()
            self.rendering = None  # the page being rendered
            self.finalize = self.guard_value  # each value a template shows

        def step(self, n: int = 1) -> None:
            """``n`` steps: the clock is read each 256, and at every jump (a long value)."""
            before = self.steps
            self.steps += n
            if self.steps > MAX_STEPS:
                raise _over(self, f"it took more than {MAX_STEPS:,} steps")
            if before >> 8 != self.steps >> 8 and time.monotonic() > self.deadline:
                raise _over(self, f"it ran for more than {MAX_SECONDS:g} seconds")

        def guard_value(self, value):
            return _shown(self, value)

        def guard_iter(self, iterable):
            for item in iterable:
                self.step()
                yield item

        def guard_text(self, text):
            self.step()
            return _sized(self, text)

        def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
            __self.step()
            if not isinstance(__obj, Namespace) and not _ours(__obj):
                _check_args(__self, args, kwargs)
                owner = getattr(__obj, "__self__", None)
                name = getattr(__obj, "__name__", "")
                text = isinstance(owner, (str, bytes))
                if text and name in {"replace", "expandtabs", "translate"}:
                    _amplifies(__self, name, [owner, *args], kwargs)
                elif text and name == "join" and args:
                    args = (list(__self.guard_iter(args[0])), *args[1:])
                    _amplifies(__self, name, [args[0], owner], {})
                elif text and name in {"encode", "decode"}:
                    _codec(__self, args, kwargs)
            return _sized(__self, super().call(__context, __obj, *args, **kwargs))

        def is_safe_attribute(self, obj, attr, value):
            # never a class's: `dict.update(meta, ...)` changed a dict the sandbox holds
            if isinstance(obj, type):
                return False
            return _plain(obj) and super().is_safe_attribute(obj, attr, value)

        def unsafe_undefined(self, obj, attribute):
            raise OptionsError(
                f"{_running(self)}: the template uses {attribute!r} of a "
                f"{_kind(obj)}; a workspace template may show the values it is given, "
                "never use them to reach files or the tool's inner workings",
                "template",
            )

        def getattr(self, obj, attribute):
            self.step()
            value = super().getattr(obj, attribute)
            if isinstance(obj, str) and attribute in {"format", "format_map"}:
                if _WIDE.search(obj):
                    raise _over(self, "a format width of a million or more")
                value = _figures(self, obj, value)  # its arguments are the figures it shows
            return value

        def getitem(self, obj, argument):
            self.step()
            return _sized(self, super().getitem(obj, argument))

        def call_binop(self, context, operator, left, right):
            self.step()
            _binop_bounds(self, operator, left, right)
            return _sized(self, super().call_binop(context, operator, left, right))

    _BOUNDED = Bounded
    return Bounded


_BOUNDED = None

#: The modules whose objects a template may read attributes of (and so call methods of): plain
#: values, the tool's own, and Jinja's. The paper's data holds paths, numpy arrays and pandas
#: frames, whose methods read, write and delete files (``read_text``, ``unlink``, ``tofile``,
#: ``to_csv``); a template is given none of them (:func:`given`), and could not use one if it were.
_PLAIN_MODULES = ("builtins", "delivery_options", "jinja2", "markupsafe")


#: the codecs a template may encode or decode with: linear in the text (CPython's punycode,
#: and so idna, is quadratic in its distinct characters: 12,000 took 19 s in one call)
_CODECS = frozenset({"utf-8", "utf-8-sig", "ascii", "iso8859-1", "utf-16", "utf-32"})


def _codec(env, args, kwargs) -> None:
    import codecs

    name = args[0] if args else kwargs.get("encoding", "utf-8")
    try:
        known = codecs.lookup(name).name if isinstance(name, str) else None
    except LookupError:
        known = None
    if known not in _CODECS:
        shown = terminal(name if isinstance(name, str) else type(name).__name__)[:40]
        raise _wrong(env, f"the codec {shown!r} is not offered (utf-8, ascii and latin-1 are)")


def _plain(obj) -> bool:
    """Whether a template may read ``obj``'s attributes."""
    module = type(obj).__module__ or ""
    return any(module == m or module.startswith(m + ".") for m in _PLAIN_MODULES)


def _ours(obj) -> bool:
    """A callable of the tool itself or a template's own macro: its arguments are figures."""
    from jinja2.runtime import Macro

    if isinstance(obj, Macro) or getattr(obj, "takes_figures", False):
        return True
    if isinstance(obj, _Call):
        obj = object.__getattribute__(obj, "_f")
    module = getattr(obj, "__module__", None) or ""
    return module.startswith("delivery_options")


def _figures(env, text: str, f):
    """A string's format method, its width checked already: its arguments are figures to show,
    but one long text named by many fields could still make gigabytes."""

    def formatted(*args, **kwargs):
        _format_size(env, text, [*args, *kwargs.values(), *_mapped(args)])
        return f(*args, **kwargs)

    formatted.takes_figures = True
    return formatted


def _mapped(values) -> list:
    return [v for d in values if isinstance(d, (dict, MappingProxyType)) for v in d.values()]


#: a %-format's field: its width and precision
_PERCENT = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\d*)(?:\.(\d*))?[hlL]?[a-zA-Z%]")
#: a str.format field's spec: its width and precision
_SPEC = re.compile(r"(?:.?[<>=^])?[+\- ]?z?#?0?(\d*)[,_]?(?:\.(\d*))?")


def _widths(text: str) -> int:
    """The widths and precisions a format's fields pad to, summed (``%`` and ``{}`` fields both
    counted, so either reading of the text is covered): 500 fields of width 999,999 made 4 GB."""
    from string import Formatter

    total = sum(int(m[1] or 0) + int(m[2] or 0) for m in _PERCENT.finditer(text))
    try:
        fields = list(Formatter().parse(text))
    except ValueError:  # not a str.format text: formatting it fails before anything is made
        return total
    for _, field, spec, _ in fields:
        if field is not None and spec:
            m = _SPEC.match(spec)
            total += int(m[1] or 0) + int(m[2] or 0)
    return total


def _format_size(env, text: str, values) -> None:
    """Refuse a format whose fields could repeat a long value, or pad, into a huge text."""
    containers = _CONTAINERS
    longest = max(
        (
            _estimate(env, v) if isinstance(v, containers) else len(v)
            for v in values
            if isinstance(v, (str, bytes, *containers))
        ),
        default=0,
    )
    fields = text.count("{") + text.count("%")
    if len(text) + fields * (longest + 32) + _widths(text) > MAX_TEXT:
        raise _over(env, f"a format that would make more than {MAX_TEXT:,} characters")


def _binop_bounds(env, operator: str, left, right) -> None:
    """Refuse a product, power, sum or format that would be huge, before it is made."""
    seqs = (str, bytes, list, tuple)
    ints = isinstance(left, int) and isinstance(right, int)
    if operator == "*":
        for seq, n in ((left, right), (right, left)):
            if isinstance(seq, seqs) and isinstance(n, int) and len(seq) * max(n, 0) > MAX_TEXT:
                raise _over(env, f"a repetition of more than {MAX_TEXT:,} characters or items")
        huge = ints and left.bit_length() + right.bit_length() > 100_000
    elif operator == "**":
        huge = ints and abs(left) > 1 and right * left.bit_length() > 100_000
    elif operator == "+":
        both = isinstance(left, seqs) and isinstance(right, seqs)
        if both and len(left) + len(right) > MAX_TEXT:
            raise _over(env, f"a text of more than {MAX_TEXT:,} characters")
        huge = False
    else:  # "%"
        if isinstance(left, str):
            if _WIDE.search(left):
                raise _over(env, "a format width of a million or more")
            values = right if isinstance(right, tuple) else (right,)
            _format_size(env, left, [*values, *_mapped(values)])
        huge = False
    if huge:
        raise _over(env, "a number too large to compute")


def _render(env, name: str, ctx: dict) -> str:
    """Render a page within the bounds: the page's size is checked as it is made."""
    out: list[str] = []
    size = 0
    env.rendering = name
    try:
        for chunk in env.get_template(name).generate(**given_context(env, ctx)):
            size += len(chunk)
            if size > MAX_PAGE:
                raise _over(env, f"the page grew past {MAX_PAGE:,} characters")
            out.append(chunk)
            env.step()
    except MemoryError:
        out.clear()
        raise
    return "".join(out)


# -- what a template is given ------------------------------------------------------------------
# A template reads the paper's context through :func:`given`: plain values as they are, lists
# and tuples as tuples, mappings read-only, the tool's own objects as read-only views (their
# fields, properties and methods, each result given the same way), an array or a frame as
# tuples of plain numbers, a path as its name inside the workspace. So a template holds no
# numpy array or pandas frame (whose indexing, broadcasting and repeat allocate past the
# sandbox's count: 877 MB from one line), cannot change the paper's data (a dict's ``update``,
# the document's ``add``) and cannot show the folder the workspace was opened from.

MAX_GIVEN = 1_000_000  # numbers in one array or frame a template is given
#: the methods of the tool's mutable objects (the document) that only read; the others
#: (``add``, ``cut``) change the paper after it was composed
_READS = frozenset({"contents", "contents_tree", "headings", "figures", "grids"})


def given_context(env, ctx: dict) -> dict:
    """The context as the template reads it (see above)."""
    ws = ctx.get("ws")
    env.given_root = getattr(ws, "root", None)
    return {k: given(env, v) for k, v in ctx.items()}


def given(env, value, depth: int = 0):
    """``value`` as a template reads it."""
    kind = type(value)
    if value is None or kind in (str, int, float, bool, bytes, range):
        return value
    module = kind.__module__ or ""
    if module.startswith("numpy"):
        return _from_numpy(env, value, depth)
    if module.startswith("pandas"):
        return _from_pandas(env, value, depth)
    if module.startswith(("jinja2", "markupsafe")) or kind in (_View, _Call):
        return value  # the sandbox's own: markup, macros, namespaces, loops
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, PurePath):
        return _inside(env, value)
    if isinstance(value, type):
        return value.__name__
    if depth > MAX_DEPTH:
        raise _over(env, f"a value nested more than {MAX_DEPTH} deep")
    if module.startswith("delivery_options"):
        return _Call(env, value) if callable(value) else _View(env, value)
    if isinstance(value, (list, tuple, Iterator)):
        return _items(env, value, depth)
    if isinstance(value, Mapping):
        env.step(1 + (len(value) >> 6))
        return MappingProxyType(
            {given(env, k, depth + 1): given(env, v, depth + 1) for k, v in value.items()}
        )
    if isinstance(value, (set, frozenset)):
        return frozenset(_items(env, value, depth))
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    if callable(value):
        return _Call(env, value)
    return value if module == "builtins" else str(value)  # a date, a fraction: as text


def _items(env, values, depth: int) -> tuple:
    out = []
    for v in values:
        out.append(given(env, v, depth + 1))
        if len(out) > MAX_TEXT:
            raise _over(env, f"it made a value of more than {MAX_TEXT:,} characters or items")
    env.step(1 + (len(out) >> 6))
    return tuple(out)


def _from_numpy(env, value, depth: int):
    """A numpy array as tuples of plain numbers, a numpy number as a plain one."""
    size = getattr(value, "size", 1)
    if size > MAX_GIVEN:
        raise _over(env, f"it was given an array of more than {MAX_GIVEN:,} numbers")
    if hasattr(value, "tolist"):
        env.step(1 + (size >> 6))
        return given(env, value.tolist(), depth)
    return str(value)


def _from_pandas(env, value, depth: int):
    """A frame as a tuple of rows (each a read-only mapping), a series or index as a tuple."""
    size = getattr(value, "size", 1)
    if size > MAX_GIVEN:
        raise _over(env, f"it was given a table of more than {MAX_GIVEN:,} values")
    if hasattr(value, "to_dict") and hasattr(value, "columns"):
        return given(env, value.to_dict("records"), depth)
    if hasattr(value, "tolist"):
        return given(env, value.tolist(), depth)
    return str(value)


def _inside(env, path: PurePath) -> str:
    """A path as its name inside the workspace (``.`` for the workspace itself): the recipient's
    own folders are nobody else's business."""
    root = getattr(env, "given_root", None)
    if root is not None:
        try:
            return Path(path).relative_to(root).as_posix()
        except ValueError:
            pass
    return path.name


def _taken(value):
    """What the tool's own code is given back for a value a template passes it."""
    if isinstance(value, _View):
        return object.__getattribute__(value, "_obj")
    if type(value) in (list, tuple):
        return type(value)(_taken(v) for v in value)
    return value


def _kind(obj) -> str:
    return type(_taken(obj)).__name__


def _mutable(obj) -> bool:
    params = getattr(type(obj), "__dataclass_params__", None)
    return not (is_dataclass(obj) and params is not None and params.frozen)


class _View:
    """One of the tool's objects as a template reads it: its public fields, properties and
    methods (on a mutable object, only those that read), each result given through
    :func:`given`; shown as text by its kind alone (a dataclass's repr would show paths)."""

    __slots__ = ("_obj", "_env")

    def __init__(self, env, obj):
        object.__setattr__(self, "_obj", obj)
        object.__setattr__(self, "_env", env)

    def __getattr__(self, name: str):
        obj, env = object.__getattribute__(self, "_obj"), object.__getattribute__(self, "_env")
        if name.startswith("_"):
            raise AttributeError(name)
        value = getattr(obj, name)
        if callable(value) and _mutable(obj) and name not in _READS:
            raise OptionsError(
                f"{_running(env)}: the template uses {name!r} of a {type(obj).__name__}; a "
                "workspace template may show the paper's values, never change them",
                "template",
            )
        return given(env, value)

    def __setattr__(self, name, value):
        raise AttributeError(name)

    def __getitem__(self, key):
        obj = object.__getattribute__(self, "_obj")
        return given(object.__getattribute__(self, "_env"), obj[_taken(key)])

    def __iter__(self):
        env = object.__getattribute__(self, "_env")
        return (given(env, v) for v in iter(object.__getattribute__(self, "_obj")))

    def __len__(self) -> int:
        return len(object.__getattribute__(self, "_obj"))

    def __bool__(self) -> bool:
        return bool(object.__getattribute__(self, "_obj"))

    def __contains__(self, item) -> bool:
        return _taken(item) in object.__getattribute__(self, "_obj")

    def __eq__(self, other) -> bool:
        return object.__getattribute__(self, "_obj") == _taken(other)

    def __lt__(self, other) -> bool:
        return object.__getattribute__(self, "_obj") < _taken(other)

    def __hash__(self) -> int:
        return hash(object.__getattribute__(self, "_obj"))

    def __str__(self) -> str:
        obj = object.__getattribute__(self, "_obj")
        if type(obj).__str__ is not object.__str__:
            return str(obj)
        return f"<{type(obj).__name__}>"

    __repr__ = __str__


class _Call:
    """A function or method of the tool as a template calls it: views it is passed are
    unwrapped, and its result is given through :func:`given`."""

    __slots__ = ("_f", "_env")

    def __init__(self, env, f):
        object.__setattr__(self, "_f", f)
        object.__setattr__(self, "_env", env)

    def __setattr__(self, name, value):
        raise AttributeError(name)

    def __call__(self, *args, **kwargs):
        from jinja2.runtime import Macro

        env = object.__getattribute__(self, "_env")
        for a in (*args, *kwargs.values()):
            _shown(env, a)
            if callable(a) and not isinstance(a, (Macro, _Call)):
                # the tool calls it outside the sandbox's count: a text's join, given a
                # 40 MB separator, made 4.7 GB
                raise _wrong(
                    env,
                    "the tool's functions take one of its own functions or a template's macro, "
                    f"not a {_kind(a)}",
                )
        f = object.__getattribute__(self, "_f")
        out = f(*(_taken(a) for a in args), **{k: _taken(v) for k, v in kwargs.items()})
        return given(env, out)

    def __str__(self) -> str:
        return f"<{getattr(object.__getattribute__(self, '_f'), '__name__', 'function')}>"

    __repr__ = __str__


def _named_undefined(env):
    """Jinja's strict undefined, whose error names the template and stays one short line (its
    own message holds the repr of whatever key was asked for: a list of ten million items)."""
    from jinja2 import StrictUndefined
    from jinja2.utils import missing

    class Named(StrictUndefined):
        __slots__ = ()

        def _fail_with_undefined_error(self, *args, **kwargs):
            name, obj = self._undefined_name, self._undefined_obj
            key = repr(name) if isinstance(name, str) and len(name) <= 80 else None
            if self._undefined_hint:
                what = self._undefined_hint[:200]
            elif obj is missing:
                what = f"{key or 'a name'} is undefined"
            elif key is None and not isinstance(name, str):
                what = f"a {_kind(obj)} has no element for a {type(name).__name__}"
            else:
                what = f"a {_kind(obj)} has no attribute or element {key or 'of that name'}"
            raise OptionsError(f"{_running(env)}: {terminal(what)}", "template")

    base = StrictUndefined._fail_with_undefined_error
    for attr in dir(StrictUndefined):  # Jinja binds each operator to the base's function
        if attr != "_fail_with_undefined_error" and getattr(StrictUndefined, attr) is base:
            setattr(Named, attr, Named._fail_with_undefined_error)
    return Named


# -- the trusted filters' arguments ------------------------------------------------------------

MAX_DIGITS = 12  # decimal places a column may show (the tool's tables use 0 to 3)


def _wrong(env, what: str):
    return OptionsError(
        f"{_running(env)}: the template failed while writing the paper: {what}", "template"
    )


def _cell(env, value, column) -> str:
    """The ``cell`` filter: a value of one of the tool's own table columns, checked before it is
    formatted (a column-like namespace with ``digits`` set to a billion made a 1 GB text)."""
    column = _taken(column)
    if type(column) is not Column:
        raise _wrong(env, "the cell filter takes a column of one of the tool's tables")
    digits = column.digits
    if type(digits) is not int or not 0 <= digits <= MAX_DIGITS or column.kind not in KINDS:
        raise _wrong(env, f"a column shows 0 to {MAX_DIGITS} decimal places")
    value = _taken(value)
    ends = (value,)
    if column.kind == "range" and value is not None:
        if not isinstance(value, (tuple, list)) or len(value) != 2:
            raise _wrong(env, "the cell filter shows a range as (low, high)")
        ends = tuple(value)
    for v in ends:
        if not (v is None or isinstance(v, (int, float, str))):
            raise _wrong(env, "the cell filter shows a number, a text or a range of two")
        if isinstance(v, str) and len(v) > MAX_SLOW:
            raise _wrong(env, f"the cell filter given more than {MAX_SLOW:,} characters")
        if isinstance(v, int) and abs(v) >= 10**30:
            raise _wrong(env, "the cell filter given a number too large to show")
    return format_cell(column, value)


MAX_ZIPPED = 64  # sequences a template zips together (a table's columns, say)


def _zip(env, iterables: tuple, kwargs: dict):
    """The ``zip`` global: a few iterables, each a value a template may iterate; made lazily,
    so each tuple it gives is a step of the loop that reads it."""
    if len(iterables) > MAX_ZIPPED or set(kwargs) - {"strict"}:
        raise _wrong(env, f"zip takes at most {MAX_ZIPPED} sequences (and strict)")
    return zip(*iterables, strict=bool(kwargs.get("strict", False)))


def _text_in(env, name: str, text):
    """A Markdown filter's text, refused before it is escaped when showing it would be huge
    (each character may become five)."""
    if isinstance(text, _CONTAINERS):
        _shown(env, text)
    if _estimate(env, text) > MAX_TEXT // 5:
        raise _over(env, f"the {name} filter given more than {MAX_TEXT // 5:,} characters")
    return text
