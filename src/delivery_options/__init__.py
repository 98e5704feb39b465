"""options: transparent, reproducible multi-criteria appraisal of alternative delivery options.

In Python::

    import delivery_options as do
    app = do.load("workspace")              # an Appraisal: the same core as the command line
    app.rank("commissioner").frame()        # a pandas DataFrame
"""

import os

__version__ = "0.1.0"

# The BLAS under numpy keeps worker threads spinning between calls; across the many small
# products of hit-and-run, re-solved LPs and SMAA's chunks they burn more CPU than the work
# itself (compare at 300 x 40: 46 s of CPU with OpenBLAS's two threads, 8 s with one, the same
# bytes). One thread unless the user has said otherwise; heeded when numpy is loaded after this
# package, as every command loads it.
for _var in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"):
    os.environ.setdefault(_var, "1")

__all__ = ["Appraisal", "OptionsError", "load", "__version__"]


def __getattr__(name: str):
    # Loaded on first use, so that `options --help` stays fast.
    if name in ("load", "Appraisal", "Defaults"):
        from . import appraisal

        return getattr(appraisal, name)
    if name == "OptionsError":
        from .errors import OptionsError

        return OptionsError
    raise AttributeError(f"module 'delivery_options' has no attribute {name!r}")
