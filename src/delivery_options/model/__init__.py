"""The data model and loading: records, TOML reading, workspace and weights files, scaffolding."""
