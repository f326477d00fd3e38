"""Qt widgets only; nothing outside this package (and desktop/app.py) imports PySide6."""
