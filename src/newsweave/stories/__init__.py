"""Stories: ``grouper.StoryGrouper`` puts each new article into a story over an
inverted index (``index``) of its features (``features``), optionally blending
sentence embeddings (``embeddings``)."""
