"""The recommendation paper: charts, templates and rendering to HTML, PDF and Markdown."""
