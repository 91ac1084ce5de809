"""Outlet comparison: for one story or storyline, the facts each outlet reports (matched
across outlets when they say the same thing in other words, numbers and names
agreeing), what only one outlet has, where accounts conflict (counts, dates, people,
outcomes, a denial beside the claim it denies), and each outlet's sourcing.

``comparison`` works on plain records (:class:`facts.ComparedArticle`), so benchmarks
and tests need no store; ``store`` reads a stored subject; ``render`` gives the report
JSON and Markdown. Steps: ``facts`` (claims, with ``numbers``' counts) → ``matching``
(facts) → ``clashes`` and ``denials`` (pairs that cannot both hold) → ``conflicts``
(gathered, with every side) → ``sourcing``.
"""
