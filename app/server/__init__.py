"""The server: the ``linear-classify`` command, its health page, and what serving needs."""
