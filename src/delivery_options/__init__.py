"""options: transparent, reproducible multi-criteria appraisal of alternative delivery options.

In Python: ``import delivery_options as do; app = do.load("workspace"); app.rank("commissioner")``.
"""

__version__ = "0.1.0"


def __getattr__(name: str):
    # The API pulls in pandas; load it only when asked, so the CLI starts fast.
    if name in ("load", "Appraisal"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'delivery_options' has no attribute {name!r}")
