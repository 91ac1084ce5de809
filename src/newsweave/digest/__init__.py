"""The static digest: every report, story and article as HTML files in one folder
that opens from ``file://`` with the network off (``newsweave digest``).

``pages`` writes files only when their content changed and remembers what it wrote
(a manifest); ``site`` decides what pages there are and which of them changed;
``rendering`` renders those, in worker processes when there are many.
"""
