"""options: transparent, reproducible multi-criteria appraisal of alternative delivery options.

In Python::

    import delivery_options as do
    app = do.load("workspace")              # an Appraisal: the same core as the command line
    app.rank("commissioner").frame()        # a pandas DataFrame
"""

__version__ = "0.1.0"

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
