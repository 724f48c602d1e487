"""Controlled vocabularies the accountability extractors read text with.

Grades, judgement areas and inspection frameworks come from the ontology (``ontology/vocab.py``
reads them from ``ontology/*.ttl``); this module adds only what is particular to reading reports:
the Area SEND outcome sentences, inspectorates and finding topics.
"""
from __future__ import annotations

import re

from ontology import vocab
from ontology.vocab import area_key, grade_first_words, grade_key  # noqa: F401 - re-exported for the extractors

GRADE_WORDS = vocab.grade_pattern()
# The grade closing a line, found by one linear search (a lazy "^(.*?)[\s:-]*\bGRADE$" was cubic on a
# long run of spaces); the area is what comes before it.
_GRADE_AT_END = re.compile(r"\b" + GRADE_WORDS + r"\s*\.?\s*$", re.I)


def send_outcome_key(text: str) -> str | None:
    """Read an Area SEND outcome from a sentence, if it states one."""
    t = text.lower()
    if re.search(r"widespread\s*(?:and/or|and|,|or)?\s*systemic\s+failings", t):
        return "send-systemic-failings"
    if re.search(r"lead\s+to\s+inconsistent\s+experiences", t):
        return "send-inconsistent"
    if re.search(r"typically\s+lead\s+to\s+positive\s+experiences", t):
        return "send-positive"
    return None


def split_area_grade(text: str) -> tuple[str, str] | None:
    """'2.2 Experiences and progress of care le avers Requires improvement' → (area, grade)."""
    line = text.replace("\t", " ").replace("*", "").strip()
    m = _GRADE_AT_END.search(line)
    if not m:
        return None
    area_text = line[:m.start()].rstrip(" \t\n\r\f\v:-–")
    if "\n" in area_text:
        return None
    area, grade = area_key(area_text), grade_key(m.group(1))
    if area is None or grade is None or area == "area-send":
        return None
    return area, grade


INSPECTORATES: dict[str, str] = {
    "ofsted": "Ofsted",
    "cqc": "Care Quality Commission",
    "hmicfrs": "HMICFRS",
    "hmi-probation": "HMI Probation",
    "lga": "Local Government Association",
}

# Finding topics: key → (label, regex over lower-cased text). A paragraph can have several.
TOPICS: dict[str, tuple[str, str]] = {
    "front-door": ("Front door / MASH", r"\bmash\b|multi-agency safeguarding hub|front door|referrals?\b|screening"),
    "strategy-meetings": ("Strategy meetings and child protection enquiries", r"strategy (meetings?|discussions?)|child protection (enquir|investigat)"),
    "thresholds": ("Thresholds and early help", r"threshold|early help"),
    "assessment": ("Assessments", r"assessments?\b"),
    "plans-planning": ("Plans and planning", r"\bplans?\b|planning"),
    "cumulative-harm": ("Cumulative harm, neglect and domestic abuse", r"cumulative harm|domestic abuse|neglect"),
    "child-protection": ("Child protection planning", r"child protection (plan|conference)|core groups?"),
    "pre-proceedings": ("Pre-proceedings and court", r"pre-proceedings|public law outline|\bplo\b|court"),
    "disabled-children": ("Disabled children", r"disabled children|disabilit"),
    "exploitation": ("Exploitation", r"exploit"),
    "missing-children": ("Missing children", r"go(es)? missing|missing from (home|care)|return home interview"),
    "missing-education": ("Children missing education and home education", r"missing (from )?education|home educat"),
    "homelessness": ("Homeless 16 and 17 year olds", r"homeless"),
    "allegations": ("Allegations against professionals (LADO)", r"allegations|designated officer"),
    "children-in-care": ("Children in care and permanence", r"children in care|looked after|permanence|placements?\b|foster"),
    "care-leavers": ("Care leavers", r"care leavers?|pathway plan|personal advisers?"),
    "adoption": ("Adoption", r"adopt"),
    "education": ("Education, virtual school and PEPs", r"virtual (school|head)|personal education plan|\bpeps?\b|key stage|neet|education, employment"),
    "health": ("Health and mental health", r"health|camhs|mental"),
    "iro": ("Independent reviewing officers", r"independent reviewing officer|\biros?\b"),
    "supervision": ("Supervision and management oversight", r"supervision|management oversight|management challenge"),
    "caseloads": ("Caseloads", r"caseloads?"),
    "workforce": ("Workforce, recruitment and retention", r"recruit|retention|turnover|changes? (of|in) social worker|agency (staff|social workers)|workforce"),
    "leadership": ("Senior leadership and governance", r"senior leader|leadership team|director of children|chief executive|improvement board|governance"),
    "performance-quality": ("Performance management and audit", r"performance|audits?\b|quality assurance"),
    "partnership": ("Partnership working", r"partner agencies|multi-agency|partnership"),
    "voice-of-child": ("Voice of the child and participation", r"wishes and feelings|children in care council|advocate|voice"),
    "send": ("Special educational needs and disabilities", r"\bsend\b|ehc ?p|education, health and care|special educational"),
    "private-fostering": ("Private fostering", r"privately fostered|private fostering"),
}
_TOPIC_RES = {k: re.compile(p) for k, (_, p) in TOPICS.items()}


def topics_of(text: str, limit: int = 4) -> tuple[str, ...]:
    """Topics a finding is about, strongest first (by number of matches), at most ``limit``."""
    t = text.lower()
    scored = [(len(r.findall(t)), k) for k, r in _TOPIC_RES.items()]
    scored = [(n, k) for n, k in scored if n]
    scored.sort(key=lambda x: (-x[0], list(TOPICS).index(x[1])))
    return tuple(k for _, k in scored[:limit])
