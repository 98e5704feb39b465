"""The CSV columns docs/output.md lists for each table, expanded for one workspace."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs" / "output.md"


def documented() -> dict[tuple[str, str], list[str]]:
    """(command, table) -> the documented columns, as written (``CRITERION``, ``typed?``)."""
    text = DOCS.read_text(encoding="utf-8").split("## CSV columns", 1)[1].split("\n## ")[0]
    out = {}
    for line in text.splitlines():
        m = re.match(r"\| (`[^|]+`) \| ([^|]+) \| ([^|]+) \|$", line)
        if m:
            columns = [c.strip() for c in m.group(3).split(",")]
            for command in re.findall(r"`(\w+)`", m.group(1)):
                out[command, m.group(2).strip()] = columns
    return out


def tables_of(command: str) -> list[str]:
    """The tables docs/output.md lists for the command, in the order the command offers them
    (a table marked ``?`` in the JSON section is there only when the workspace calls for it)."""
    return [t for c, t in documented() if c == command]


def columns_for(command: str, table: str, root: Path | None = None) -> list[str]:
    """The documented columns; for a value tree (``root`` has objectives) the table's
    ``(value tree)`` row where docs/output.md gives one."""
    docs = documented()
    key = (command, "register:OPTION" if table.startswith("register:") else table)
    if root is not None and "objectives" in tomllib.loads(
        (root / "criteria.toml").read_text(encoding="utf-8")
    ):
        key = (
            (command, f"{key[1]} (value tree)")
            if (command, f"{key[1]} (value tree)") in docs
            else key
        )
    assert key in docs, f"docs/output.md lists no CSV columns for {command} --table {table}"
    return docs[key]


def expand(columns: list[str], root: Path, rows: list[list[str]], header: list[str]) -> list[str]:
    """The header the documented ``columns`` stand for in the workspace at ``root``; ``rows`` are
    the table's data rows (for OPTION and rank_N), ``header`` the header found (for ``?``)."""
    criteria = tomllib.loads((root / "criteria.toml").read_text(encoding="utf-8"))
    stakeholders = sorted(
        p.relative_to(root / "weights").with_suffix("").as_posix()
        for p in (root / "weights").rglob("*.toml")
    )
    from delivery_options.model.load import load_workspace

    ws = load_workspace(root)  # a value tree orders the criteria depth first
    ids = {
        "CRITERION": list(ws.criterion_ids),
        "RANKED": [h for h in header if h in ws.option_ids],  # the options, in rank order
        "REQUIREMENT": list(criteria.get("requirements", {})),
        "STAKEHOLDER": stakeholders,
        "OPTION": [r[0] for r in rows],
        "rank_N": [f"rank_{k}" for k in range(1, len(rows) + 1)],
    }
    out: list[str] = []
    for c in columns:
        if c in ids:
            out += ids[c]
        elif c.endswith("?"):
            if c[:-1] in header:
                out.append(c[:-1])
        else:
            out.append(c)
    return out
