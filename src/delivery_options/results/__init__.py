"""Analysis results: immutable records that declare their tables once and their JSON document.

Every analysis method of :class:`delivery_options.appraisal.Appraisal` returns one of these; the
renderers in :mod:`delivery_options.present` turn any of them into text, Markdown, CSV, JSON or
pandas frames, and the paper reads the same tables.
"""
