"""Topic tags: each paragraph is ``dcterms:subject`` of the thesaurus concepts its words name."""
from graph.extractors.topics import tags

EXTRACTORS = [tags.extractor]
POST_EXTRACT: list = []
