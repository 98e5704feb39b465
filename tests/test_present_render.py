"""render(): one entry point for every format, with the format and table names checked."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

from delivery_options.errors import OptionsError
from delivery_options.present import normalise_format, render
from delivery_options.present.csv import render_csv
from delivery_options.present.markdown import render_markdown
from delivery_options.present.table import Table
from delivery_options.present.text import render_text
from present_helpers import options_table, scenarios_table


@dataclass
class Example:
    tables_: tuple[Table, ...] = (options_table(), scenarios_table())

    def tables(self) -> tuple[Table, ...]:
        return self.tables_

    def document(self) -> dict[str, Any]:
        return {"best": "In-house delivery", "score": 71.2340001}


def test_format_names_and_aliases():
    assert [normalise_format(n) for n in ("text", "Table", "markdown", "md", " CSV ", "json")] == [
        "text",
        "text",
        "markdown",
        "markdown",
        "csv",
        "json",
    ]
    with pytest.raises(OptionsError, match="unknown format 'xml'.*markdown"):
        normalise_format("xml")


def test_text_and_markdown_show_every_table():
    a, b = options_table(), scenarios_table()
    assert render(Example(), "table", width=100) == render_text(a, 100) + "\n" + render_text(b, 100)
    assert render(Example(), "md") == render_markdown(a) + "\n" + render_markdown(b)
    assert render(Example(), "text", width=100, table="scenarios") == render_text(b, 100)


def test_text_uses_the_terminal_width(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    assert "(continued)" not in render(Example(), "text")
    monkeypatch.setenv("COLUMNS", "80")
    assert "(continued)" in render(Example(), "text")


def test_csv_is_one_table():
    assert render(Example(), "csv") == render_csv(options_table())
    assert render(Example(), "csv", table="scenarios") == render_csv(scenarios_table())
    with pytest.raises(OptionsError, match="unknown table 'nope'.*scores, scenarios"):
        render(Example(), "csv", table="nope")
    with pytest.raises(OptionsError, match="no tables"):
        render(Example(()), "csv")


def test_json_is_the_document():
    assert json.loads(render(Example(), "json")) == {"best": "In-house delivery", "score": 71.234}
