"""Presentation: tables declared by results, and the renderers that turn them into text,
Markdown, CSV, JSON and pandas frames."""
