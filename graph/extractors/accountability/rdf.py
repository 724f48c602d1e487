"""Records → triples: the classes, predicates and IRIs of the accountability layer.

IRIs (all under https://w3id.org/councilkg/id/):
  inspection/<council>-<framework>-<YYYY-MM>                       kg:Inspection
  inspection/<key>/judgement/<area>                                kg:Judgement
  inspection/<key>/finding/<n>                                     kg:Finding (paragraph n)
  inspection/<key>/<improve|recommendation|priority-action|area-for-improvement>/<n>   kg:Recommendation
  plan/<plan-key>                                                  kg:Plan (+ skos:ConceptScheme)
  concept/<plan-key>/<notation>                                    kg:Theme / kg:Priority
  plan/<plan-key>/action/<code>                                    kg:PlannedAction
"""
from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from graph.extractors.accountability.records import Finding, Inspection, Judgement, PlanItem, Recommendation, Strength
from graph.extractors.accountability.vocab import INSPECTORATES, TOPICS
from graph.iris import iri, post_key, short_hash, slug
from ontology import vocab
from ontology.namespace import KG, ORG, SCHEMA

GRADE_IRIS = {key: term.iri for key, term in vocab.GRADES.items()}
FRAMEWORK_CODES = {key: term.notation for key, term in vocab.FRAMEWORKS.items()}
INSPECTORATE_SLUGS = {"ofsted": "ofsted", "cqc": "care-quality-commission", "lga": "local-government-association",
                      "hmicfrs": "hmicfrs", "hmi-probation": "hmi-probation"}
AREA_SCHEME = "judgement-areas"
TOPIC_SCHEME = "accountability-topics"


def inspection_iri(key: str) -> URIRef:
    return iri.inspection(key)


def judgement_iri(key: str, area: str) -> URIRef:
    return iri.mint("inspection", key, "judgement", area)


def finding_iri(key: str, number: int) -> URIRef:
    return iri.mint("inspection", key, "finding", number)


def recommendation_iri(key: str, kind: str, number: int) -> URIRef:
    return iri.mint("inspection", key, kind, number)


def strength_iri(key: str, number: int) -> URIRef:
    return iri.mint("inspection", key, "strength", number)


def plan_iri(key: str) -> URIRef:
    return iri.plan(key)


def item_iri(plan: str, notation: str, kind: str | None = None) -> URIRef:
    if kind == "action" or (kind is None and notation[-1:].isalpha() and "." in notation):
        return iri.mint("plan", plan, "action", notation)
    return iri.concept(plan, notation)


def council_iri(council: str) -> URIRef:
    return iri.body(f"{council}-council")


def person_iri(name: str) -> URIRef:
    return iri.person(slug(name))


def area_iri(area: str) -> URIRef:
    return iri.concept(AREA_SCHEME, area)


def topic_iri(topic: str) -> URIRef:
    return iri.concept(TOPIC_SCHEME, topic)


def _lit(value: str) -> Literal:
    return Literal(value)


def _date(value: str) -> Literal:
    return Literal(value, datatype=XSD.date) if len(value) == 10 else Literal(value, datatype=XSD.gYearMonth)


def inspection_label(i: Inspection) -> str:
    year = (i.start or i.key.rsplit("-", 2)[-2])[:4]
    return f"{FRAMEWORK_CODES[i.framework]} {year} ({i.council_name})"


def inspection_core(i: Inspection) -> list:
    s = inspection_iri(i.key)
    body = council_iri(i.council)
    triples = [
        (s, RDF.type, KG.Inspection), (s, RDFS.label, _lit(inspection_label(i))),
        (s, KG.framework, _lit(FRAMEWORK_CODES[i.framework])),  # a framework not in the ontology is an error
        (s, KG.inspectedBody, body), (body, RDF.type, ORG.Organization), (body, RDFS.label, _lit(f"{i.council_name} Council")),
    ]
    for code in i.inspectorates:
        org = iri.body(INSPECTORATE_SLUGS.get(code, code))
        triples += [(s, PROV.wasAssociatedWith, org), (org, RDF.type, ORG.Organization),
                    (org, RDFS.label, _lit(INSPECTORATES.get(code, code))), (org, KG.bodyType, KG.Inspectorate)]
    return triples


def inspected_body(i: Inspection) -> list:
    """The authority the report names as inspected (stated by its own words in the report)."""
    s, body = inspection_iri(i.key), council_iri(i.council)
    return [(s, KG.inspectedBody, body), (body, RDF.type, ORG.Organization),
            (body, RDFS.label, _lit(f"{i.council_name} Council")), (body, SKOS.prefLabel, _lit(i.council_name))]


def inspection_dates(i: Inspection) -> list:
    s = inspection_iri(i.key)
    out = []
    if i.start:
        out.append((s, SCHEMA.startDate, _date(i.start)))
    if i.end:
        out.append((s, SCHEMA.endDate, _date(i.end)))
    return out


def person_triples(name: str, post: str | None = None) -> list:
    p = person_iri(name)
    out = [(p, RDF.type, KG.Person), (p, SCHEMA.name, _lit(name))]
    if post:
        post_iri = iri.post(post_key(post))  # one node with the civic extractors' post of that title
        holding = iri.holding(slug(name), slug(post))
        # the title as written; the post's one preferred label is chosen over every paper (``name_posts``)
        out += [(post_iri, RDF.type, ORG.Post), (post_iri, RDFS.label, _lit(post)), (post_iri, SKOS.altLabel, _lit(post)),
                (holding, RDF.type, KG.PostHolding), (holding, ORG.member, p), (holding, KG.post, post_iri)]
    return out


def area_concept(area: str) -> list:
    c = area_iri(area)
    scheme = iri.concept(AREA_SCHEME, "scheme")
    term = vocab.AREAS[area]
    out = [(c, RDF.type, SKOS.Concept), (c, SKOS.prefLabel, _lit(term.label)), (c, SKOS.inScheme, scheme),
           (c, SKOS.notation, _lit(area))]
    if term.close_match:
        out.append((c, SKOS.closeMatch, area_iri(term.close_match)))
    return out


def topic_concepts(topics) -> list:
    scheme = iri.concept(TOPIC_SCHEME, "scheme")
    out = []
    for t in topics:
        c = topic_iri(t)
        out += [(c, RDF.type, SKOS.Concept), (c, SKOS.prefLabel, _lit(TOPICS[t][0])), (c, SKOS.inScheme, scheme)]
    return out


def judgement_triples(j: Judgement) -> list:
    s = judgement_iri(j.inspection, j.area)
    i = inspection_iri(j.inspection)
    return [
        (s, RDF.type, KG.Judgement), (i, KG.judgement, s), (s, KG.inspection, i),
        (s, KG.area, _lit(vocab.AREAS[j.area].label)), (s, DCTERMS.subject, area_iri(j.area)), (s, KG.grade, GRADE_IRIS[j.grade]),
    ] + area_concept(j.area)


def finding_triples(f: Finding, text: str) -> list:
    s = finding_iri(f.inspection, f.number)
    out = [
        (s, RDF.type, KG.Finding), (s, KG.inspection, inspection_iri(f.inspection)),
        (s, KG.paragraphNumber, _lit(str(f.number))), (s, KG.text, _lit(text)),
        (s, RDFS.label, _lit(f"{f.inspection} paragraph {f.number}")),
    ]
    if f.area:
        out += [(s, KG.area, _lit(vocab.AREAS[f.area].label)), (s, DCTERMS.subject, area_iri(f.area))]
    out += [(s, DCTERMS.subject, topic_iri(t)) for t in f.topics] + topic_concepts(f.topics)
    return out


def recommendation_triples(r: Recommendation) -> list:
    s = recommendation_iri(r.inspection, r.kind, r.number)
    out = [
        (s, RDF.type, KG.Recommendation), (s, KG.inspection, inspection_iri(r.inspection)),
        (s, SKOS.notation, _lit(str(r.number))), (s, KG.kind, _lit(r.kind)), (s, KG.text, _lit(r.text)),
        (s, RDFS.label, _lit(f"{r.inspection} {r.kind} {r.number}")),
    ]
    if r.addressee:
        out.append((s, SCHEMA.recipient, _lit(r.addressee)))
    out += [(s, DCTERMS.subject, topic_iri(t)) for t in r.topics] + topic_concepts(r.topics)
    return out


def strength_triples(st: Strength) -> list:
    s = strength_iri(st.inspection, st.number)
    return [(s, RDF.type, KG.Finding), (s, KG.kind, _lit("strength")), (s, KG.inspection, inspection_iri(st.inspection)),
            (s, SKOS.notation, _lit(str(st.number))), (s, KG.text, _lit(st.text))]


ITEM_KINDS = {
    "theme": "theme", "priority": "priority", "priority-action": "priority action",
    "area-for-improvement": "area for improvement", "outcome": "desired outcome", "source-priority": "source of priority",
}


def plan_triples(plan: str, name: str | None) -> list:
    s = plan_iri(plan)
    out = [(s, RDF.type, KG.Plan), (s, RDF.type, SKOS.ConceptScheme)]
    if name:
        out.append((s, RDFS.label, _lit(name)))
    return out


def item_triples(it: PlanItem) -> list:
    """Theme, priority, priority action, desired outcome, source row, or planned action."""
    scheme = plan_iri(it.plan)
    owner = plan_iri(it.plan.removesuffix("-sources"))
    if it.kind == "action":
        s = item_iri(it.plan, it.notation, "action")
        out = [(s, RDF.type, KG.PlannedAction), (s, SKOS.notation, _lit(it.notation)), (s, RDFS.label, _lit(it.title)),
               (s, KG.plan, owner)]
        if it.parent:
            out.append((s, DCTERMS.isPartOf, item_iri(it.plan, it.parent, "outcome")))
        out += [(s, KG.measure, _lit(m)) for m in it.measures]
        return out
    if it.kind == "source-row":
        return source_row_triples(it)
    if it.kind == "measure":
        return [(item_iri(it.plan, it.notation, "action"), KG.measure, _lit(it.title))]
    s = item_iri(it.plan, it.notation, it.kind)
    cls = KG.Theme if it.kind == "theme" else KG.Priority
    out = [(s, RDF.type, cls), (s, SKOS.notation, _lit(it.notation)), (s, SKOS.prefLabel, _lit(it.title)),
           (s, SKOS.inScheme, scheme), (s, KG.plan, owner), (s, KG.kind, _lit(ITEM_KINDS.get(it.kind, it.kind)))]
    if scheme != owner:
        out += [(scheme, RDF.type, SKOS.ConceptScheme), (scheme, RDFS.label, _lit("Sources of improvement priorities")),
                (scheme, KG.plan, owner)]
    if it.parent:
        parent_kind = "theme" if it.kind in ("priority", "source-priority") else None
        out.append((s, SKOS.broader, item_iri(it.plan, it.parent, parent_kind)))
    return out


def source_row_iri(plan: str, notation: str) -> URIRef:
    """A row of a plan's source table: ``plan/<plan>/source-row/<theme>-<row>`` (never a priority notation)."""
    theme, _, row = notation.partition(".")
    return iri.mint("plan", plan.removesuffix("-sources"), "source-row", f"{theme}-{row}")


def source_row_triples(it: PlanItem) -> list:
    """A source-table row: its theme, position, title and the reference it prints."""
    s = source_row_iri(it.plan, it.notation)
    theme, _, row = it.notation.partition(".")
    owner = plan_iri(it.plan.removesuffix("-sources"))
    out = [(s, RDF.type, KG.PrioritySource), (s, RDFS.label, _lit(f"Theme {theme}, row {row}: {it.title}")),
           (s, KG.text, _lit(it.title)), (s, SCHEMA.position, Literal(int(row))), (s, KG.plan, owner),
           (s, DCTERMS.isPartOf, item_iri(it.plan.removesuffix("-sources"), theme, "theme"))]
    if it.reference:
        out.append((s, KG.reference, _lit(it.reference)))
    return out


def indicator_triples(plan: str, notation: str, label: str) -> list:
    s = iri.mint("indicator", plan, short_hash(notation, label))
    return [(s, RDF.type, KG.Indicator), (s, RDFS.label, _lit(label)), (s, KG.plan, plan_iri(plan)),
            (item_iri(plan, notation), KG.indicator, s)]


def inferred_link(source: URIRef, target: URIRef, score: float, method: str) -> list:
    node = iri.mint("inferred", short_hash(source, target))
    return [(source, KG.similarTo, target), (node, RDF.type, KG.InferredLink), (node, KG.linkSource, source),
            (node, KG.linkTarget, target), (node, KG.score, Literal(round(score, 3), datatype=XSD.decimal)),
            (node, KG.method, _lit(method))]
