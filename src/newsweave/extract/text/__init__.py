"""The text-dump cleaner: ``cleaner.clean_text_dump`` keeps the article lines of a
scraped text dump and drops its furniture, scoring each line by its shape
(``features``, ``lines``, ``patterns``) and context (``trees``), and reads title,
dateline and byline from its head (``header``, ``title``, ``meta``)."""
