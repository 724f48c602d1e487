"""Civic extractors: meetings and attendance, posts, bodies and chairs, business; then resolution
of people and one label per post."""
from graph.extractors.civic import bodies, business, meetings, posts, resolve

EXTRACTORS = [meetings.extract_meeting_extractor, posts.extractor, bodies.extractor, business.extractor]
POST_EXTRACT = [resolve.resolve_people, posts.name_posts]
