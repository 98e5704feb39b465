"""A new, valid workspace with a commented example of every field (`options init`).

:func:`scaffold` returns the files' contents; :func:`create` writes them whole or not at all.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ..errors import OptionsError
from .toml import toml_string

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")

DEFAULT_CRITERIA = ("quality", "cost", "speed")
#: Criterion ids that usually mean "less is better"; init makes them costs, with a comment.
_COSTLY = re.compile(r"(^|[-_])(risk|risks|cost|costs|time|delay|disruption|harm)($|[-_])", re.I)


def _criterion_block(cid: str, j: int) -> str:
    if cid == "cost":
        return f"""[criteria.{cid}]
name = "Cost"
description = "Whole-life cost over five years, in thousands of pounds. 0-2,000 is the fixed range."
direction = "cost"        # "cost": lower is better; a value x maps to 100*(high-x)/(high-low)
scale = [0, 2000]         # the fixed anchors [low, high] on the criterion's own units
"""
    name = cid.replace("_", " ").replace("-", " ").capitalize()
    if _COSTLY.search(cid):  # a risk, cost or time: less is better
        return f"""[criteria.{cid}]
name = "{name}"
description = "What 0 and 100 mean on this criterion (write the anchors out). Less is better."
direction = "cost"        # "cost": lower is better (check this is what you mean)
scale = [0, 100]
"""
    return f"""[criteria.{cid}]
name = "{name}"
description = "What 0 and 100 mean on this criterion (write the anchors out)."
direction = "benefit"     # "benefit" (the default): higher is better
scale = [0, 100]          # the default; values outside the scale are an error
"""


def _score(cid: str, i: int, j: int, n_opt: int) -> str:
    if cid == "cost":  # 400 to 1,900 on the scale [0, 2000], however many options
        value = 400 + min(300, 1500 // max(1, n_opt - 1)) * ((i + j) % n_opt)
        low, high = max(0, value - 150), min(2000, value + 250)
    else:
        value = 30 + (50 * ((i * 2 + j) % n_opt)) // max(1, n_opt - 1)
        low, high = max(0, value - 10), min(100, value + 10)
    return (
        f"{cid} = {{ value = {value}, low = {low}, high = {high}, "
        f'rationale = "Why this score (replace this text).", '
        f'evidence = ["Where the evidence is: document, section, phrase."] }}'
    )


def scaffold(
    title: str, options: int = 3, criteria: Sequence[str] = DEFAULT_CRITERIA
) -> dict[str, str]:
    """Relative path -> text for a workspace that validates and ranks at once."""
    if not isinstance(title, str) or not title.strip():
        raise OptionsError("the title must not be empty", "title")
    if options < 2:
        raise OptionsError("an appraisal needs at least two options", "options")
    criteria = [c.strip() for c in criteria if c.strip()]
    twice = [c for k, c in enumerate(criteria) if c in criteria[:k]]
    if twice:
        raise OptionsError(f"'{twice[0]}' is named twice; name each criterion once", "criteria")
    if not criteria:
        raise OptionsError("name at least one criterion", "criteria")
    for c in criteria:
        if not _ID.match(c):
            raise OptionsError(
                f"'{c}' is not a usable criterion id (letters, digits, - and _; start with a "
                "letter)",
                "criteria",
            )
    folded = [c.casefold() for c in criteria]
    if len(set(folded)) != len(folded):
        raise OptionsError("two criteria differ only in letter case", "criteria")
    files: dict[str, str] = {}
    files[
        "criteria.toml"
    ] = f"""# The appraisal: its context, and the criteria the options are scored against.
# Format: docs/format.md in the options repository. Check with `options validate`.

[appraisal]
title = {toml_string(title)}  # required
question = "What decision is being made, by whom?"    # optional: the decision question
date = "2026-01-01"                                   # optional: printed on the paper
description = \"\"\"
The decision context: aims, who decides, who else has a stake, constraints.\"\"\"

# One [criteria.<id>] table per criterion, in display order. Each fact that is one option's
# benefit and another's risk should be ONE criterion, scored on both (no double counting).
""" + "\n".join(_criterion_block(c, j) for j, c in enumerate(criteria))
    for i in range(options):
        first = i == 0
        lines = [
            "# One option. Its id is the file name (without .toml).",
            f'name = "{"Business as usual" if first else f"Option {i + 1}"}"   # required',
            f"number = {i + 1}            # optional: display order",
            f"status_quo = {'true' if first else 'false'}     # mark the business-as-usual option",
            'description = "What the option is, in a sentence."',
            "",
            "# Benefits and risks: plain text, or { text, criteria } naming the criteria they are",
            "# scored under (`options validate` warns about any that name none).",
            f'benefits = [{{ text = "A benefit of this option", criteria = ["{criteria[0]}"] }}]',
            f'risks = [{{ text = "A risk of this option", criteria = ["{criteria[-1]}"] }}]',
            "",
            "# A score for every criterion: a number, or a table with the plausible range",
            "# (low <= value <= high, within the criterion's scale) and the evidence for it.",
            "[scores]",
            *(_score(c, i, j, options) for j, c in enumerate(criteria)),
        ]
        files[f"options/option-{i + 1}.toml"] = "\n".join(lines) + "\n"
    weights = "\n".join(f"{c} = {max(1, len(criteria) - j)}" for j, c in enumerate(criteria))
    files[
        "weights/example.toml"
    ] = f"""# One stakeholder's weights. Its id is the file name; files in sub-folders count too.
name = "Example stakeholder"          # required
rationale = "Where these weights come from: who set them, on what evidence."
sources = ["A document or meeting"]   # optional

# Swing weights: how much the swing from 0 to 100 on each criterion matters, relative to the
# others. Any non-negative numbers; they are normalised to sum to 1.
[weights]
{weights}

# Optional: the weights this stakeholder would still accept, used by `options sensitivity`,
# `options smaa` and the paper. Its own weights must satisfy them.
[constraints]
tolerance = 0.10    # every normalised weight may move by at most 0.10
# bounds = {{ {criteria[0]} = [0.2, 0.6] }}          # bounds on normalised weights
# order = [["{criteria[0]}", "{criteria[-1]}"]]      # weight({criteria[0]}) >= weight({criteria[-1]})
"""
    files["reports/.gitkeep"] = ""
    return files


#: Moved into place last: a folder without criteria.toml is not a workspace, so an interrupted
#: ``init`` never leaves something that validates as one.
_LAST = "criteria.toml"


def create(folder: Path, files: dict[str, str]) -> None:
    """Write a new workspace into ``folder`` (created if missing; it must not hold one yet):
    built in a temporary folder beside it, then moved into place, criteria.toml last."""
    from ..files import _signals_held

    if folder.exists() and not folder.is_dir():
        raise OptionsError(f"{folder}: exists and is not a folder")
    clash = [rel for rel in (_LAST, "options", "weights") if (folder / rel).exists()]
    if clash:
        raise OptionsError(f"{folder}: already holds a workspace ({clash[0]}); nothing was written")
    parent = folder.parent
    if not parent.is_dir():
        raise OptionsError(f"the folder {parent} does not exist")
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=parent))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)  # an ordinary folder, not mkdtemp's owner-only one
    except OSError as exc:
        raise OptionsError(f"cannot write in {parent} ({exc.strerror})") from None
    try:
        for rel, text in files.items():
            path = tmp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        with _signals_held() as pending:
            if not folder.exists():
                os.rename(tmp, folder)
            else:
                tops = sorted({Path(rel).parts[0] for rel in files}, key=lambda t: t == _LAST)
                moved: list[str] = []
                try:
                    for top in tops:
                        os.rename(tmp / top, folder / top)
                        moved.append(top)
                except OSError:
                    for top in moved:  # take back what was moved: the folder is as it was
                        os.rename(folder / top, tmp / top)
                    raise
        if pending:
            raise KeyboardInterrupt
    except OSError as exc:
        raise OptionsError(
            f"could not write the workspace ({exc.strerror}); nothing was left half-written"
        ) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
