"""Bounds every face applies to numbers and lists people type (API bodies, forms): within the database
columns, and sensible for a Pemda, so an absurd value is a clear 422 rather than a 500 from the database."""

MAX_ID = 2**63 - 1  # BigAutoField primary keys
MAX_INT = 2**31 - 1  # an IntegerField on PostgreSQL
MAX_CAPACITY = 10_000  # seats of one class (and so of one unit quota)
MAX_JP = 1_000  # JP (lesson hours) of one course or one external learning claim
MAX_LIST = 1_000  # items of a list in a body (ids, unit codes)
MAX_TEXT = 10_000  # free text (descriptions, notes, reasons) without a column limit
