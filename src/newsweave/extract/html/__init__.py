"""Main text and metadata from an HTML page: ``extractor.extract_html`` chooses the
article's blocks (``filters``) and reads title, date, byline and outlet from the page's
markup (``meta``, ``dates``, ``byline``, ``outlet``)."""
