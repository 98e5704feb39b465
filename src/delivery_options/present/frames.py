"""One table as a pandas DataFrame, with the same tidy columns as its CSV."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .cells import tidy_header, tidy_rows
from .table import Table

if TYPE_CHECKING:
    import pandas


def to_frame(table: Table) -> pandas.DataFrame:
    """Ranges split in two, numbers as int64 (float64 when some are missing), text as objects;
    indexed by the first key column, if any."""
    import pandas as pd  # here, not at the top: the CLI must start without pandas

    header = tidy_header(table)
    rows = tidy_rows(table)
    data = {}
    for j, (key, kind) in enumerate(header):
        values = [row[j] for row in rows]
        if kind == "text":
            data[key] = pd.Series(values, dtype=object)
        elif kind == "int" and None not in values:
            data[key] = pd.Series(values, dtype="int64")
        else:
            data[key] = pd.Series(
                [float("nan") if v is None else v for v in values], dtype="float64"
            )
    frame = pd.DataFrame(data, columns=[key for key, _ in header])
    index = next((c.key for c in table.columns if c.key_column and c.kind != "range"), None)
    return frame.set_index(index) if index else frame
