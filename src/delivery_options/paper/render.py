"""Render the paper's context in each format and write the files safely.

The context is built by :mod:`.context` (re-exported here: ``Settings``, ``build_context``);
workspace templates are rendered in the sandbox (:mod:`.sandbox`), in a child process
(:mod:`.jail`); files are written as one atomic set.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import OptionsError
from ..files import interruptible, write_set
from .context import (  # noqa: F401  (the paper's public names, as they were here)
    NOT_STATED,
    Settings,
    build_context,
    swing_rated,
    weight_change_words,
)
from .sandbox import (  # noqa: F401  (the renderers' public names)
    PAPER_CSP,
    environment,
    render_html,
    render_markdown,
    workspace_templates,
)

if TYPE_CHECKING:
    from ..appraisal import Appraisal

FORMATS = ("html", "pdf", "md", "docx")
KINDS = ("paper", "submission")


# --- rendering and writing -------------------------------------------------------------------


def render_docx(ctx: dict) -> bytes:
    from .word import render

    long = ctx["long_list"]  # the workspace's own words: empty, never "not stated"
    return render(ctx["doc"], ctx["date_iso"], long.author, long.organisation)


#: How to get the system libraries WeasyPrint draws the PDF with (WeasyPrint's installation
#: guide, "First steps": Pango and its dependencies, which pip cannot install).
PANGO_HOWTO = (
    "for PDF, install Pango (https://doc.courtbouillon.org/weasyprint/stable/"
    "first_steps.html): on Windows, MSYS2 then `pacman -S mingw-w64-x86_64-pango` in its shell; "
    "on macOS, `brew install pango`; on Debian or Ubuntu, "
    "`sudo apt install libpango-1.0-0 libpangoft2-1.0-0`"
)


class PdfUnavailable(OptionsError):
    """WeasyPrint cannot load the system libraries it draws with; ``written`` lists the other
    formats' files, written all the same."""

    def __init__(self, cause: str, written: tuple[Path, ...] = ()):
        self.cause, self.written = cause, written
        done = f"; the other formats were written ({', '.join(p.name for p in written)})"
        super().__init__(
            f"no PDF: WeasyPrint cannot load its libraries ({cause}){done if written else ''}; "
            + PANGO_HOWTO,
            "format",
        )


#: The largest page drawn as a PDF (the Sandwell paper's is 0.27 MB for 46 pages; a synthetic
#: 300 x 40 paper's 0.65 MB): a stranger's 1.6 MB of statements made a page WeasyPrint took
#: 458 s and 1.4 GB to draw, and the input caps would allow hours.
MAX_PDF_HTML = 4 * 2**20
#: The most pages a PDF is laid out to. The page's size does not bound them: 45 KB of HTML with
#: a page break after each paragraph made 5,000 pages, 41 s and 571 MB. The Sandwell paper has
#: 46 pages and a synthetic 300-option, 40-criterion paper 90 (the paper cuts its long tables
#: to their first rows), so 500 leaves five times the room of the largest measured, and is laid
#: out in about 5 s.
MAX_PDF_PAGES = 500


class _PastPageLimit(Exception):
    """Raised from inside WeasyPrint's layout when it starts a page past the limit."""


class _PageLimit:
    """A filter on WeasyPrint's progress log, which names each page as its layout starts
    ("Step 5 - Creating layout - Page %d"): past :data:`MAX_PDF_PAGES` it stops the layout
    there, before the pages after it are made or any is drawn. It shows nothing."""

    def filter(self, record) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        page = args[0] if args and "layout - Page" in str(record.msg) else None
        if isinstance(page, int) and page > MAX_PDF_PAGES:
            raise _PastPageLimit
        return False


def render_pdf(
    html: str,
    base: Path,
    date: str | None = None,
    pages: list[int] | None = None,
    template: str | None = None,
) -> bytes:
    """A tagged (PDF/UA-1) PDF, byte for byte the same for the same HTML and date.

    Tagging gives screen readers the structure: headings, lists, tables with header rows, and
    each chart's text alternative. Font subsets carry a timestamp; fontTools takes it from
    SOURCE_DATE_EPOCH (the reproducible-builds convention), set here from the paper's date for
    the duration. A page past :data:`MAX_PDF_PAGES` stops the layout: one error naming
    ``template``, the template that made the page.
    """
    import contextlib
    import io
    import logging

    if len(html) > MAX_PDF_HTML:  # WeasyPrint's time and memory grow with the page: refuse first
        raise OptionsError(
            f"the paper is too long to draw as a PDF: its page is {len(html) / 2**20:.1f} MB, "
            f"past the {MAX_PDF_HTML // 2**20} MB (some 700 pages) a PDF is drawn from; write "
            "it as html, md or docx, or shorten the workspace's text",
            "format",
        )
    try:  # WeasyPrint prints its own notice on standard output when a library is missing
        with contextlib.redirect_stdout(io.StringIO()):
            from weasyprint import HTML
    except OSError as exc:
        raise PdfUnavailable(str(exc).split(":")[0]) from None

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    try:
        when = dt.datetime.fromisoformat(date or "").replace(tzinfo=dt.UTC)
        epoch = str(int(when.timestamp()))
    except ValueError:
        epoch = "0"
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    fetcher = _fetcher()
    counted = pages if pages is not None else []

    def count(document, pdf) -> None:  # the pages drawn, for a caller that must fit a count
        if len(document.pages) > MAX_PDF_PAGES:  # the layout's log did not stop it
            raise _PastPageLimit
        counted.append(len(document.pages))

    progress = logging.getLogger("weasyprint.progress")
    level, limit = progress.level, _PageLimit()
    progress.setLevel(logging.INFO)
    progress.addFilter(limit)
    try:
        doc = HTML(string=html, base_url=str(base), url_fetcher=fetcher)
        try:
            data = doc.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False, finisher=count)
        except (ValueError, TypeError):  # an older WeasyPrint: tags without the variant
            data = doc.write_pdf(pdf_tags=True, finisher=count)
    except _PastPageLimit:
        raise OptionsError(
            f"{template + ': ' if template else ''}the paper runs past {MAX_PDF_PAGES} pages as "
            "a PDF, more than a PDF is drawn with; write it as html, md or docx, or remove the "
            "page breaks",
            "template",
        ) from None
    except (AssertionError, IndexError, KeyError, RecursionError) as exc:  # inside WeasyPrint
        raise OptionsError(
            f"{template + ': ' if template else ''}the PDF could not be laid out "
            f"({type(exc).__name__} in WeasyPrint); write it as html, md or docx",
            "template",
        ) from None
    finally:
        progress.removeFilter(limit)
        progress.setLevel(level)
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    if fetcher.refused:
        from ..present.escape import terminal

        url = terminal(fetcher.refused[0])
        url = url if len(url) <= 80 else url[:77] + "..."
        raise OptionsError(
            f"the paper asks for {url}, which is neither the paper's own resource nor a "
            "picture it drew; the PDF fetches nothing else (remove it from the workspace's "
            "templates)",
            "template",
        )
    return data


#: data: URLs the paper itself made (none today: charts are inline SVG); only these are fetched.
MADE_URLS: frozenset[str] = frozenset()


def _fetcher():
    """WeasyPrint's URL fetcher for the paper: it fetches only the package's own files and the
    data: URLs the tool made; never the network, never a file of the workspace or elsewhere,
    never an attachment the tool did not create. What it refuses is kept in ``refused``, and
    :func:`render_pdf` then refuses the whole PDF."""
    from weasyprint.urls import URLFetcher

    own = Path(__file__).resolve().parent / "templates"

    class Fetcher(URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            from urllib.parse import unquote, urlsplit

            if url in MADE_URLS:
                return super().fetch(url, headers)
            parts = urlsplit(url)
            if parts.scheme == "file" and not parts.netloc:
                path = Path(unquote(parts.path)).resolve()
                if path.is_relative_to(own) and path.is_file():
                    return super().fetch(url, headers)
            self.refused.append(url)
            raise ValueError(f"refused: {url}")

    return Fetcher()


def progress_printer(stream=None):
    """Stages on standard error when it is a terminal; nothing when it is piped."""
    import sys
    import time

    from ..present.escape import terminal

    stream = stream or sys.stderr
    if not getattr(stream, "isatty", lambda: False)():
        return None
    start = time.monotonic()

    def say(stage: str) -> None:
        stream.write(f"[{time.monotonic() - start:5.1f}s] {terminal(stage)}\n")
        stream.flush()

    return say


def write_report(
    app: Appraisal,
    settings: Settings,
    out: Path,
    formats: tuple[str, ...],
    progress=None,
) -> list[Path]:
    """Render every requested format in memory first, then write them as one set; return the
    paths. An interrupt or a failure leaves the earlier set as it was."""
    from dataclasses import replace

    say = progress or (lambda stage: None)
    if settings.kind not in KINDS:
        raise OptionsError(f"choose from {', '.join(KINDS)} (got {settings.kind!r})", "kind")
    if not out.parent.is_dir():
        raise OptionsError(f"the folder {out.parent} does not exist", "output")
    targets = {fmt_: out.with_name(f"{out.name}.{fmt_}") for fmt_ in FORMATS if fmt_ in formats}
    for path in targets.values():
        if path.is_dir():
            raise OptionsError(f"{path} is a folder", "output")
    if "docx" in formats and not settings.png:
        settings = replace(settings, png=True)
    with interruptible() as state:
        ctx = build_context(app, settings, say)
        if settings.kind == "submission" and "pdf" in formats:
            fit_submission(ctx, say)
        rendered, missing, pages = _render_formats(ctx, formats, say)
        say("saving the files")
        _unchanged(ctx["inputs"])
        write_set({targets[f]: data for f, data in rendered.items()}, state)
    if missing is not None:
        raise PdfUnavailable(missing.cause, tuple(targets[f] for f in rendered))
    return list(targets.values())


def fit_submission(ctx: dict, say=None) -> None:
    """The submission's fit, judged by the PDF drawn: its line estimate is tightened a line at a
    time while the PDF runs past two pages, and, when it needed no tightening, loosened while
    the PDF still holds two (:func:`_loosened`). Without a PDF renderer the estimate stands."""
    from . import submission

    say = say or (lambda stage: None)
    _, _, pages = _render_formats(ctx, ("pdf",), say)
    tighter = 0
    while pages and pages[-1] > 2 and tighter < 8:
        tighter += 1
        ctx["doc"] = submission.submission(ctx, submission.PAGE_LINES - tighter)
        _, _, pages = _render_formats(ctx, ("pdf",), say)
    if pages and not tighter:
        _loosened(ctx, say)


def _loosened(ctx: dict, say, most: int = 3):
    """The submission cut less, a line of estimate at a time, while the PDF drawn still holds it
    in two pages (the estimate errs short, so a cut it asks for may not be needed): the least
    cut document that fits, or None when the first cut is needed."""
    from . import submission

    found = None
    first = shown = ctx["doc"]
    for more in range(1, most + 1):
        trial = submission.submission(ctx, submission.PAGE_LINES + more)
        if trial.blocks == shown.blocks:
            continue
        ctx["doc"] = trial
        _, _, pages = _render_formats(ctx, ("pdf",), say)
        if not pages or pages[-1] > 2:
            break
        found, shown = trial, trial
    ctx["doc"] = found or first
    return found


def _render_formats(
    ctx: dict, formats, say
) -> tuple[dict[str, bytes], PdfUnavailable | None, list[int]]:
    """Each requested format in memory; the PDF's absence (no Pango) and its page count."""
    from jinja2 import TemplateError

    from . import jail

    if jail.wanted(ctx):  # a stranger's templates: made in a child process with hard limits
        return jail.render_formats(ctx, formats, say)
    rendered: dict[str, bytes] = {}
    try:
        say("writing HTML")
        html = render_html(ctx)
        if "html" in formats:
            rendered["html"] = html.encode("utf-8")
        if "md" in formats:
            say("writing Markdown")
            rendered["md"] = render_markdown(ctx).encode("utf-8")
        if "docx" in formats:  # a template may have added blocks the Word writer refuses
            say("writing Word")
            rendered["docx"] = render_docx(ctx)
    except TemplateError as exc:
        raise OptionsError(f"{_where(exc)}: {exc}", "template") from None
    except OptionsError:
        raise
    except Exception as exc:  # a stranger's template may fail any way a filter can
        if not ctx.get("workspace_templates"):
            raise  # the package's own templates: a bug of ours, not the workspace's
        raise OptionsError(
            f"templates/: a template failed while writing the paper "
            f"({type(exc).__name__}: {str(exc)[:200]})",
            "template",
        ) from None
    missing, pages = None, []
    if "pdf" in formats:
        say("writing the tagged PDF")
        own = ctx.get("workspace_templates") or {}
        making = [n for n in ("paper.html.j2", "macros.html.j2", "style.css") if n in own]
        made_by = f"templates/{(making or sorted(own))[0]}" if own else None
        try:
            rendered["pdf"] = render_pdf(html, ctx["ws"].root, ctx["date_iso"], pages, made_by)
        except PdfUnavailable as exc:  # the other formats are still worth having
            missing = exc
    return rendered, missing, pages


def _unchanged(inputs: list[tuple[str, Path]]) -> None:
    """Refuse to write a paper whose inputs changed while it was being made: its audit would
    give hashes of files that are no longer the ones its figures came from."""
    from ..files import changed

    moved = changed([p for _, p in inputs])
    if moved:
        shown = next(s for s, p in inputs if p == moved[0])
        raise OptionsError(
            f"{shown} changed while the paper was being made; nothing was written (run again)",
            "workspace",
        )


def _where(exc) -> str:
    name = getattr(exc, "name", None) or getattr(exc, "filename", None)
    line = getattr(exc, "lineno", None)
    where = f"template {name}" if name else "a template"
    return f"{where}, line {line}" if line else where
