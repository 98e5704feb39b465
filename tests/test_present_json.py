"""The JSON document: floats rounded, -0.0 and non-finite numbers tamed, numpy converted."""

from __future__ import annotations

import json
import math

import numpy as np

from delivery_options.present.json import render_json, rounded


def test_rounding_negative_zero_and_non_finite():
    doc = {"a": 1 / 3, "b": -0.0, "c": -1e-9, "d": math.nan, "e": [math.inf, -math.inf], "f": 2}
    assert rounded(doc) == {"a": 0.333333, "b": 0.0, "c": 0.0, "d": None, "e": [None, None], "f": 2}
    text = render_json(doc)
    assert "-0" not in text and "NaN" not in text and "Infinity" not in text
    assert json.loads(text)["a"] == 0.333333


def test_numpy_scalars_and_arrays():
    doc = {
        "x": np.float64(0.1234567),
        "n": np.int64(3),
        "ok": np.bool_(True),
        "m": np.array([[1.0, np.nan], [-0.0, 2 / 3]]),
    }
    out = json.loads(render_json(doc))
    assert out == {"x": 0.123457, "n": 3, "ok": True, "m": [[1.0, None], [0.0, 0.666667]]}


def test_layout_unicode_and_trailing_newline():
    text = render_json({"name": "Café – 東京", "t": (1, 2)})
    assert text == '{\n  "name": "Café – 東京",\n  "t": [\n    1,\n    2\n  ]\n}\n'
