"""Report use cases shared by the CLI and the UI (Qt-free): reports, checks, list rows, metadata."""
