"""Cells of the spreadsheets the app exports (the action tracker, the withheld register)."""


def safe_cell(value: str) -> str:
    """The value as a spreadsheet reads it as text: a cell starting like a formula is not run."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
