"""Timelines: the dated events of a set of articles, each date with the sentences that
say what happened on it.

Two separate decisions, as in DATEWISE (Ghalandari & Ifrim, ACL 2020): which dates
(:mod:`.dates`: how many sentences and articles mention a day, by time expressions
already resolved against publication dates, plus the articles published on it), then
which sentences for each date (:mod:`.sentences`: closest to what the sentences about
that day say, taken from the sentences that mention it and the leads of the articles
published on it or the day after). :mod:`.carriers` folds near-identical sentences of
several outlets into one entry; :mod:`.build` runs the steps over plain records (no
store), :mod:`.subject` reads a story's articles through the store's read side and
:mod:`.render` turns a timeline into the report JSON and Markdown.
"""
