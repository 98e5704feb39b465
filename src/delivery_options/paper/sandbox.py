"""Workspace templates and the sandbox the paper's HTML and Markdown are rendered in: a
workspace's own templates (``templates/``) come from whoever sent it, so they read the context
they are given and nothing else, and cannot change what the output loads or links to."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import OptionsError
from ..model.types import Workspace
from ..present.cells import format_cell


def workspace_templates(root: Path) -> dict[str, str]:
    """The workspace's own templates (``templates/``), each read once through
    :func:`delivery_options.files.read_input`: inside the workspace (no link or ``..`` out of
    it), a regular file of bounded size, hashed for the audit from the bytes the paper uses."""
    from ..files import confined, read_input

    folder = root / "templates"
    if not folder.is_dir():
        return {}
    confined(root, folder, "templates/")  # a linked folder is not walked at all
    found = {}
    for p in sorted(folder.rglob("*")):
        if p.is_dir() and not p.is_symlink():
            continue
        name = p.relative_to(folder).as_posix()
        data = read_input(p, f"templates/{name}", root)
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
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from ..present.markdown import inline, paragraph

    if templates is None:
        templates = workspace_templates(ws.root)
    loaders = [DictLoader(templates), PackageLoader("delivery_options.paper", "templates")]
    env = ImmutableSandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["cell"] = lambda value, column: format_cell(column, value)
    env.globals["zip"] = zip
    # Markdown: text from the workspace can never change the document's structure
    env.filters["md"] = inline  # no emphasis, code, link, image or raw HTML from workspace text
    env.filters["mdpara"] = paragraph
    return env


def render_html(ctx: dict) -> str:
    """The HTML paper; no control character or bidi override reaches it raw (they are shown as
    escapes, as on a terminal), whatever the template."""
    from ..present.escape import controls

    env = environment(ctx["ws"], autoescape=True, templates=ctx.get("workspace_templates"))
    html = controls(env.get_template("paper.html.j2").render(**ctx), keep="\n\t\r")
    # opened in a browser, the paper loads nothing either (a workspace template may name URLs)
    if ctx.get("workspace_templates"):
        # such a template may hide '<head>' in a comment or write tags before it: the policy
        # goes before anything it wrote but a leading doctype
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


def render_markdown(ctx: dict) -> str:
    from ..present.escape import markdown_document

    env = environment(ctx["ws"], autoescape=False, templates=ctx.get("workspace_templates"))
    # a workspace's own template cannot add a link, image or raw HTML either
    return markdown_document(env.get_template("paper.md.j2").render(**ctx))
