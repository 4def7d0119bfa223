"""The ordered relation rules and the loop that runs them over an article's frames."""
from __future__ import annotations

from collections.abc import Callable, Iterator

from graph.model import Document, Relation
from loaders.entities import ArticleContext, Mention, RegionState
from loaders.relations import chain_roles, covers, issued, leads, notices, supports
from loaders.relations.frame import Frame, frames
from loaders.relations.scorer import apply, candidates
from loaders.vocab import vocab

Rule = Callable[[Frame], Iterator[tuple]]

# Frame steps first (they re-point the sentence's subject), then one family after another.
RULES: tuple[tuple[str, Rule], ...] = (
    ("frame.built_by", leads.frame_built_by),
    ("frame.platform_head", leads.frame_platform_head),
    ("issued.subject_verb_title", issued.issued_subject_verb_title),
    ("covers.document_as_subject", issued.covers_document_as_subject),
    ("issued.organ_before_title", notices.issued_organs_before_title),
    ("issued.notice_title", notices.issued_in_notice_title),
    ("issued.bare_region_list", notices.issued_bare_region_list),
    ("issued.passive_by", notices.issued_passive_by),
    ("covers.chain_in_name", covers.covers_chain_in_name),
    ("covers.subject_trigger_chain", covers.covers_subject_trigger_chain),
    ("covers.chain_before_programme", covers.covers_chain_before_programme),
    ("covers.include", covers.covers_include),
    ("covers.passive", covers.covers_passive),
    ("covers.campaign_on_chain", covers.covers_campaign_on_chain),
    ("covers.document_anaphor", covers.covers_document_anaphor),
    ("supports.subject_trigger_target", supports.supports_subject_trigger_target),
    ("supports.provide_service_for", supports.supports_provide_service_for),
    ("supports.granted_to_included", supports.supports_granted_to_included),
    ("supports.under_help", supports.supports_under_help),
    ("leads.subject_builds_platform", leads.leads_subject_builds_platform),
    ("leads.causee_builds_platform", leads.leads_causee_builds_platform),
    ("leads.partner_builds_platform", leads.leads_partner_builds_platform),
    ("leads.platform_led_by", leads.leads_platform_led_by),
    ("leads.under_leadership", leads.leads_under_leadership),
    ("leads.chair_of_alliance", leads.leads_chair_of_alliance),
    ("chain.master_and_member", chain_roles.chain_master_and_member),
    ("leads.master_list", chain_roles.leads_master_list),
    ("leads.responsible_for_chain", chain_roles.leads_responsible_for_chain),
    ("leads.lead_department", chain_roles.leads_lead_department),
    ("leads.chain_chief", chain_roles.leads_chain_chief),
)

# Rules over the whole article (signature blocks, titles): (doc, per_sentence) -> (hit, evidence, index of
# the sentence whose region state applies)
ARTICLE_RULES = (covers.title_chains, notices.signature_blocks)


class Relations:
    """Collects relations without duplicates (first evidence wins)."""

    def __init__(self) -> None:
        self.rels: dict[tuple, Relation] = {}

    def add(self, hit: tuple, evidence: str, region: str | None) -> None:
        """Keep `hit` unless seen; its region is its source's (else its target's), else `region`."""
        rtype, src, dst, rule, conf = hit
        if src.name == dst.name:
            return
        key = (rtype, src.type, src.name, dst.type, dst.name)
        if key not in self.rels:
            region = _known_region(src.region) or _known_region(dst.region) or region
            self.rels[key] = Relation(rtype, src.name, dst.name, src.type, dst.type, evidence, rule, conf, region)


def _known_region(name: str | None) -> str | None:
    """`name` if it is a region of the table (or 全国), else None."""
    return name if name and (name == "全国" or name in vocab().regions) else None


def sentence_region(f: Frame) -> str | None:
    """The most specific region in force where the sentence was read (news item, county, city, province)."""
    return f.here.region_for("county")


def read_relations(doc: Document, ctx: ArticleContext, per_sentence: list[list[Mention]],
                   regions_at: list[RegionState] | None = None, rules=RULES, scorer=None, sink: list | None = None
                   ) -> list[Relation]:
    """Every rule on every frame of the article, then the article-level rules; then the learned scorer
    (`scorer`: a `scorer.Model`, None = rules alone). `sink` receives every scored candidate (training)."""
    out = Relations()
    cands = [] if scorer is not None or sink is not None else None
    for f in frames(doc, ctx, per_sentence, regions_at):
        hits = []
        for _, rule in rules:
            for hit in rule(f):
                out.add(hit, f.text, sentence_region(f))
                hits.append(hit)
        if cands is not None:
            cands += candidates(f, hits, sentence_region(f))
    keep = set()
    for article_rule in ARTICLE_RULES:
        for hit, evidence, at in article_rule(doc, per_sentence):
            state = regions_at[at] if regions_at and at is not None else None
            out.add(hit, evidence, ArticleContext(**state).region_for("county") if state else None)
            keep.add((hit[0], hit[1].type, hit[1].name, hit[2].type, hit[2].name))
    if sink is not None:
        sink.append((out, cands, keep))
    if scorer is not None:
        apply(out, cands, scorer, keep)
    return list(out.rels.values())
