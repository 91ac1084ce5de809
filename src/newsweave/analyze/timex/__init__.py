"""Time expressions: ``finder.find_times`` finds dates and relative expressions
(``patterns``) and resolves them against the publication date (``calendar``)."""
