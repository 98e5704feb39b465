"""options: transparent, reproducible multi-criteria appraisal of alternative delivery options."""

__version__ = "0.1.0"
