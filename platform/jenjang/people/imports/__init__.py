"""The import of units, positions, employees and SKP predicates from a spreadsheet (CSV or XLSX).

``files`` reads a file (format, encoding, delimiter, header row); ``columns`` says what each kind's
columns are and parses a cell; ``run`` runs an import through a ``Handler`` (check every row, preview,
then apply in batches, reporting problems by row and column); ``kinds`` holds the four handlers.
The pages are in ``people/views/imports.py``; the jobs and the steps of a run (upload, mapping,
confirm, cancel) in ``people/tasks.py``. May import people's own modules, ``core``, ``extensions``
and ``tenancy``."""
