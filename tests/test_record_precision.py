"""The precision record.py states for a record's first-place shares, checked against a long run
(issue 23): shares from :data:`record.RECORD_SAMPLES` hit-and-run draws, as ``Appraisal.settled``
draws them (``smaa.sampler_for``), under twenty seeds, against 400,000 draws under another seed
with a burn-in four times as long, over 6 criteria (the comment on RECORD_SAMPLES gives the
wider errors measured over 40). The same seed gives the same bytes."""

from __future__ import annotations

import numpy as np
import pytest

from delivery_options.methods import record, smaa
from test_smaa_implied_rows import _stated


def _shares(X, W, samples, seed, burn_in=None):
    factory = smaa.sampler_for(W, samples)
    if burn_in is not None:
        base = factory
        factory = lambda rng: _with_burn_in(base, rng, burn_in)  # noqa: E731
    return smaa.first_shares(X, factory, samples, seed)[0]


def _with_burn_in(base, rng, burn_in):
    s = base(np.random.default_rng(0))  # only to read the settings sampler_for chose
    return smaa.WeightSampler(
        s.W,
        rng,
        start=s.start,
        chains=s.chains,
        thin=s.thin,
        moves=s.moves,
        box=s.box,
        burn_in=burn_in,
    )


@pytest.mark.parametrize("case", [100, 101])
def test_shares_within_the_stated_half_width_of_a_long_run(case):
    rng = np.random.default_rng(case)
    n = 6
    W = _stated(rng, n, 30, 2)
    X = rng.integers(0, 101, (5, n)).astype(float)
    assert smaa.sampler_for(W, 10)(np.random.default_rng(0)).kind == "hit-and-run"
    long = _shares(X, W, 400_000, 999, burn_in=400 * n)
    assert (long > 0.1).sum() >= 2  # a share to get wrong
    err = np.array([_shares(X, W, record.RECORD_SAMPLES, s) - long for s in range(20)])
    # +-1 point at 95% for each share: of 20 x 3 shares, 95% would hold it and 90% is the
    # least a one-sided binomial test at 5% allows (measured: at least 95% and 93%)
    held = np.abs(err[:, long > 0]) <= 0.01
    assert held.mean() >= 0.9 and np.abs(err).max() <= 0.015
    again = _shares(X, W, record.RECORD_SAMPLES, 3)
    assert again.tobytes() == _shares(X, W, record.RECORD_SAMPLES, 3).tobytes()
