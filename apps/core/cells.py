"""Which column an importer's message is about, shared by the importers (apps/<app>/importing.py).

A cell is parsed by the widgets of the app's Resource (apps/core/widgets.py; the cells that name a region by
apps/regions/cells.py, core names no app above it); every Chinese message names its column first, so that
`column_of` can place it in the error report.
"""


def column_of(message, headers):
    """The column a message is about: the header it starts with (messages name their column first)."""
    stripped = message.lstrip("“")
    return next((h for h in sorted(headers, key=len, reverse=True) if stripped.startswith(h)), "")
