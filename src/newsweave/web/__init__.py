"""``newsweave serve``: a local web application and JSON API over the store.

``app.create_app`` builds the FastAPI application; ``api`` and ``api_sourcing`` hold
the JSON endpoints, ``upload`` the one that writes, ``pages`` the server-rendered HTML
(Jinja2 templates in ``templates/``, one stylesheet and one script in ``static/``),
``docs`` the locally served API reference. Every request reads through its own
short read-only session on the store (``newsweave.store.reading``), so an ingest may
write meanwhile.
"""
