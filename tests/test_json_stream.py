"""JSON written as it is made: the same bytes as the standard library's whole-document text, for
every command that writes JSON, without holding the text or a rounded copy of the document."""

from __future__ import annotations

import importlib.util
import json
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from conftest import ROOT
from delivery_options.present import json as pjson


def joined(document) -> str:
    """The text as it was made before it was streamed: the whole document rounded, then
    ``json.dumps`` with an indent of two."""
    return json.dumps(pjson.rounded(document), indent=2, ensure_ascii=False) + "\n"


scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=8)
)
numpy_values = (
    arrays(np.float64, st.tuples(st.integers(0, 3), st.integers(0, 3)))
    | arrays(np.int64, st.integers(0, 4))
    | st.floats(allow_nan=True).map(np.float64)
    | st.booleans().map(np.bool_)
)
documents = st.recursive(
    scalars | numpy_values,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=5) | st.integers(-5, 5) | st.floats(), inner, max_size=4)
    ),
    max_leaves=30,
)


@given(documents)
def test_streamed_text_is_the_joined_text(document):
    assert pjson.render_json(document) == joined(document)


def test_object_arrays_and_empty_arrays():
    doc = {
        "pairs": np.array([["a", "b"], ["c", "Café"]], dtype=object),
        "none": np.empty((0, 2)),
        "deep": [np.zeros((2, 0)), {}, [], [[]]],
    }
    assert pjson.render_json(doc) == joined(doc)


def test_what_json_cannot_write_is_refused_as_json_refuses_it():
    with pytest.raises(TypeError):
        pjson.render_json({"s": {1, 2}})
    with pytest.raises(TypeError):
        pjson.render_json({(1, 2): 3})


def test_chunks_are_bounded_and_the_text_is_never_held_whole():
    """A document of 100,000 option pairs (3.8 MB of text) is written with less than 1 MB
    allocated beyond the document: the old text, joined whole, needed all of it."""
    doc = {"pairs": [[f"o{i:04d}", f"o{j:04d}"] for i in range(400) for j in range(250)]}
    size = len(joined(doc))
    sink = []
    tracemalloc.start()
    try:
        for chunk in pjson.json_chunks(doc):
            sink.append(len(chunk))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sum(sink) == size and size > 3_500_000
    assert max(sink) < pjson.CHUNK + 200
    assert peak < 1_000_000, peak


COMMANDS = {
    "sandwell": [
        ["validate"],
        ["rank", "-w", "commissioner"],
        ["value", "-w", "council"],
        ["compare"],
        ["sensitivity", "-w", "commissioner"],
        ["smaa", "-n", "500"],
        ["screen"],
        ["risks"],
        ["infer", "-w", "commissioner"],
        ["check"],
    ],
    "synthetic": [
        ["validate"],
        ["rank", "-w", "bench"],
        ["value", "-w", "bench"],
        ["compare", "-w", "bench", "-w", "stated"],
        ["sensitivity", "-w", "bench"],
        ["smaa", "-w", "bench", "-n", "300"],
        ["screen"],
        ["risks"],
        ["infer", "-w", "stated"],
        ["check"],
    ],
}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    """200 options x 20 criteria, 20 statements (benchmarks/synthetic.py, seeded)."""
    spec = importlib.util.spec_from_file_location("synthetic", ROOT / "benchmarks" / "synthetic.py")
    synthetic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synthetic)
    return synthetic.write_synthetic(
        tmp_path_factory.mktemp("ws") / "s200x20", 200, 20, statements=20
    )


@pytest.mark.parametrize("case", ["sandwell", "synthetic"])
def test_every_command_writes_the_joined_bytes(case, synthetic, run, tmp_path, monkeypatch):
    """Each command's -f json, to standard output and with -o, against the same command with
    the text made whole (the earlier writer) in place of the stream."""
    project = ROOT if case == "sandwell" else synthetic
    for args in COMMANDS[case]:
        cmd = [*args, "-p", str(project), "-f", "json"]
        streamed = run(*cmd)
        assert streamed.exit_code == 0, (args, streamed.stderr)
        assert run(*cmd, "-o", str(tmp_path / "streamed.json")).exit_code == 0
        with monkeypatch.context() as m:
            m.setattr(pjson, "json_chunks", lambda doc: iter([joined(doc)]))
            whole = run(*cmd)
            assert run(*cmd, "-o", str(tmp_path / "whole.json")).exit_code == 0
        assert whole.stdout_bytes.startswith(b"{"), args
        assert streamed.stdout_bytes == whole.stdout_bytes, args
        assert (tmp_path / "streamed.json").read_bytes() == whole.stdout_bytes, args
        assert (tmp_path / "whole.json").read_bytes() == whole.stdout_bytes, args
