"""Language analysis of stored articles: sentences, entities, time expressions, quotes.

The analyzer itself (``analyzer.Analyzer``) loads spaCy; this package's root imports
nothing heavy, so code that only needs to know what is analyzed stays light.
"""

# Bump when the analysis output changes, so stored analyses are redone on the next run.
# 2: quotes carry their speaker's antecedent.
# 3: a bare weekday naming the publication day's own weekday is that day; a future
#    state ("will stay closed") and "hopes to" look ahead.
# 4: speakers: subjects with postmodifiers ("Engineers familiar with ..."), titled
#    names tagged ORG, an article opens the speaker's noun phrase, first-name genders,
#    passives ("were told", "reported by") are not attributions.
ANALYSIS_VERSION = "4"
