"""Deterministic synthetic 质量强链 articles with their own ground truth, for scale runs.

Sentence patterns of the seed genre (链长制, 链主企业X, 印发《…》, 联合体, 质检中心 …)
are recombined with generated names from `bench/corpus_vocab.json`; a share of
the articles is converted to traditional script (some with the seeds' inline
pinyin noise), and nav crumbs, source lines and copyright footers are added.
Each article becomes `OUTDIR/<id>.txt` plus `OUTDIR/gold/<id>.json` in
SCHEMA.md's gold format, so benchmarks need no downloaded data.  Article `i`
depends only on (seed, i): a corpus of 100 is a prefix of a corpus of 10,000.

    python bench/corpus.py 1000 /tmp/corpus --seed 7
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

VOCAB_PATH = Path(__file__).with_name("corpus_vocab.json")

TRADITIONAL_SHARE = 0.3  # articles converted with OpenCC s2t
PINYIN_SHARE = 0.5  # of the traditional ones: inline pinyin such as 產(chǎn)業(yè)鏈
HALFWIDTH_SHARE = 0.25  # articles with half-width ',' '(' ')' ':' like seed 000
TEMPLATE_SHARE = 0.6  # share of body sentences that state entities/relations
ENTERPRISES_PER_REGION = 24

_SLOT = re.compile(r"\{([a-z]+)(\d?)\}")
_TYPE_ORDER = {"GovernmentBody": 0, "Chain": 1, "Enterprise": 2, "Platform": 3, "PolicyDocument": 4}
# Slots drawing from the same pool: one sentence never names the same entity in two of them.
_BASE_ROLE = {"ents": "ent", "chains": "chain", "ind": "chain", "inds": "chain"}
_HALFWIDTH = str.maketrans({"，": ",", "（": "(", "）": ")", "：": ":"})


@dataclass(frozen=True)
class Region:
    """A place an article is about; `level` is the character of unqualified forms (省政府, 市市场监管局)."""

    name: str
    short: str
    level: str
    province: str


@dataclass(frozen=True)
class GoldEntity:
    """A ground-truth entity (SCHEMA.md gold format)."""

    type: str
    name: str
    aliases: tuple[str, ...] = ()
    kind: str | None = None
    region: str | None = None
    optional: bool = False

    def to_json(self) -> dict:
        out: dict = {"type": self.type, "name": self.name, "aliases": list(self.aliases)}
        if self.kind:
            out["kind"] = self.kind
        if self.region:
            out["region"] = self.region
        if self.optional:
            out["optional"] = True
        return out


@dataclass(frozen=True)
class GoldRelation:
    """A ground-truth relation between canonical names, with the sentence that states it."""

    type: str
    source: str
    target: str
    evidence: str
    optional: bool = False

    def to_json(self) -> dict:
        out = {"type": self.type, "source": self.source, "target": self.target, "evidence": self.evidence}
        if self.optional:
            out["optional"] = True
        return out


@dataclass(frozen=True)
class SyntheticArticle:
    """One generated article: its text and the ground truth for it."""

    id: str
    text: str
    entities: tuple[GoldEntity, ...]
    relations: tuple[GoldRelation, ...]
    traditional: bool = False

    def gold(self) -> dict:
        """The gold-file JSON object for this article."""
        return {"article": self.id, "entities": [e.to_json() for e in self.entities],
                "relations": [r.to_json() for r in self.relations]}


@dataclass(frozen=True)
class _Ref:
    """An entity the generator can mention: its record and the surface forms the text may use."""

    entity: GoldEntity
    forms: tuple[str, ...]  # first form is the usual one
    industry: str | None = None  # a chain named inside the name (documents)


@lru_cache(maxsize=1)
def load_vocab() -> dict:
    """The generator's vocabularies and sentence patterns."""
    return json.loads(VOCAB_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _regions() -> tuple[Region, ...]:
    out: list[Region] = []
    for prov in load_vocab()["provinces"]:
        pname = prov["name"]
        out.append(Region(pname, prov["short"], "市" if pname.endswith("市") else ("区" if pname.endswith("区") else "省"), pname))
        city_shorts = {c[1] for c in prov["cities"]}
        for cname, cshort, counties in prov["cities"]:
            out.append(Region(cname, cshort, cname[-1], pname))
            for county in counties:
                short = county[:-1] if len(county) >= 3 else county
                out.append(Region(county, county if short in city_shorts else short, county[-1], pname))
    return tuple(out)


@lru_cache(maxsize=1)
def _converters():
    import opencc

    return opencc.OpenCC("s2t")


@lru_cache(maxsize=4096)
def _enterprises(seed: int, region: Region) -> tuple[_Ref, ...]:
    """The enterprises of one region: deterministic in (seed, region), shared by all its articles."""
    v = load_vocab()["enterprise"]
    rng = random.Random(f"{seed}:enterprises:{region.name}")
    refs: list[_Ref] = []
    seen: set[str] = set()
    while len(refs) < ENTERPRISES_PER_REGION:
        brand = "".join(rng.sample(v["brand_chars"], 2))
        if rng.random() < 0.3:
            short, legal = brand + "集团", brand + "集团股份有限公司"
        else:
            field_ = rng.choice(v["fields"])
            suffix = rng.choice(v["legal_suffix"])
            short, legal = brand + field_ + v["short_suffix"][suffix], brand + field_ + suffix
        if short in seen:
            continue
        seen.add(short)
        ent = GoldEntity("Enterprise", short, (legal,), None, region.name)
        refs.append(_Ref(ent, (short, short, short, legal)))
    return tuple(refs)


class _ArticleWriter:
    """Builds one article: picks a cast of entities, renders sentences, records the ground truth."""

    def __init__(self, seed: int, index: int) -> None:
        self.v = load_vocab()
        self.rng = rng = random.Random(f"{seed}:article:{index}")
        self.id = f"{index:06d}_{rng.getrandbits(64):016x}"
        regions = _regions()
        self.region = rng.choice(regions)
        self.traditional = rng.random() < TRADITIONAL_SHARE
        self.pinyin = self.traditional and rng.random() < PINYIN_SHARE
        self.halfwidth = rng.random() < HALFWIDTH_SHARE
        self.indent = rng.choice(["", "", "  ", "　　"])
        self.mentions: dict[tuple[str, str], tuple[GoldEntity, set[str], bool]] = {}
        self.relations: dict[tuple[str, str, str], GoldRelation] = {}
        self._decks: dict[str, list] = {}
        self._cast(seed)

    # --- the cast --------------------------------------------------------
    def _cast(self, seed: int) -> None:
        rng, r, v = self.rng, self.region, self.v
        gov = GoldEntity("GovernmentBody", f"{r.name}人民政府", (r.name, r.short, f"{r.name}政府"), "人民政府", r.name)
        self.gov = _Ref(gov, (gov.name, gov.name, f"{r.name}政府", f"{r.level}政府"))
        self.govr = _Ref(gov, (r.name, r.short))
        mkt = GoldEntity("GovernmentBody", f"{r.name}市场监督管理局", (f"{r.name}市场监管局",), "市场监督管理局", r.name)
        self.mkt = _Ref(mkt, (mkt.name, f"{r.name}市场监管局", f"{r.name}市场监管局", f"{r.level}市场监管局"))
        nat = GoldEntity("GovernmentBody", "国家市场监督管理总局", ("市场监管总局", "国家市场监管总局"), "市场监督管理局", "全国")
        self.nat = _Ref(nat, (nat.name, "市场监管总局", "国家市场监管总局"))
        self.depts = []
        for d in rng.sample(v["departments"], 2):
            organ = d["province"] if r.level == "省" else d["city"]
            abbr = f"{r.name}{d['abbr']}" if d["abbr"] == "发改委" else f"{r.name}{d['abbr']}{'厅' if r.level == '省' else '局'}"
            ent = GoldEntity("GovernmentBody", f"{r.name}{organ}", (abbr,), d["kind"], r.name)
            self.depts.append(_Ref(ent, (ent.name, abbr)))
        industries = rng.sample(v["industries"], rng.randint(3, 6))
        self.chains = [self._chain(i) for i in industries]
        pool = _enterprises(seed, r)
        weights = [1.0 / (k + 1) for k in range(len(pool))]
        picked: list[_Ref] = []
        wanted = rng.randint(3, 5)
        while len(picked) < wanted:
            e = rng.choices(pool, weights)[0]
            if e not in picked:
                picked.append(e)
        self.ents = picked
        self.plats = []
        for pat in rng.sample(v["platforms"], rng.randint(2, 4)):
            ind = rng.choice(industries)
            name = pat["pattern"].format(region=r.name, ind=ind)
            bare = pat["pattern"].format(region="", ind=ind)
            ent = GoldEntity("Platform", name, (bare,), pat["kind"], r.name)
            self.plats.append(_Ref(ent, (name, name, name, bare)))
        uni_name, uni_abbr = rng.choice(v["universities"])
        self.unis = [_Ref(GoldEntity("Platform", uni_name, (uni_abbr,), "大学"), (uni_name, uni_name, uni_abbr))]
        self.docs = []
        for pat in rng.sample(v["documents"], rng.randint(2, 4)):
            ind = rng.choice(industries) if pat["has_ind"] else None
            name = pat["pattern"].format(region=r.name, ind=ind or "", level=r.level)
            self.docs.append(_Ref(GoldEntity("PolicyDocument", name, (), pat["kind"], r.name), (name,), ind))
        self.ndocs = [_Ref(GoldEntity("PolicyDocument", n, (), k, "全国"), (n,)) for n, k in v["national_documents"]]

    def _chain(self, industry: str) -> _Ref:
        ent = GoldEntity("Chain", f"{industry}产业链", (industry, f"{industry}产业"))
        return _Ref(ent, (ent.name,), industry)

    def _role(self, role: str) -> list[_Ref]:
        return {"gov": [self.gov], "govr": [self.govr], "mkt": [self.mkt], "nat": [self.nat], "dept": self.depts,
                "doc": self.docs, "ndoc": self.ndocs, "chain": self.chains, "chains": self.chains,
                "ind": self.chains, "inds": self.chains, "ent": self.ents, "ents": self.ents,
                "plat": self.plats, "uni": self.unis}[role]

    # --- mentions and sentences ---------------------------------------------
    def _mention(self, ref: _Ref, form: str, *, optional: bool = False) -> None:
        key = (ref.entity.type, ref.entity.name)
        old = self.mentions.get(key)
        if old is None:
            self.mentions[key] = (ref.entity, {form}, optional)
        else:
            old[1].add(form)
            if old[2] and not optional:
                self.mentions[key] = (old[0], old[1], False)
        if ref.entity.type == "PolicyDocument" and ref.industry:  # a chain named in a document's title
            self._mention(self._chain(ref.industry), f"{ref.industry}产业链", optional=True)

    def _render(self, template: dict) -> tuple[str, list[tuple[str, str, str, bool]]]:
        """One sentence (simplified script) and its relations as (type, source, target, optional)."""
        rng = self.rng
        chosen: dict[str, list[_Ref]] = {}
        used: dict[str, set[int]] = {}
        last_list = [0]

        def pick(role: str, digit: str) -> list[_Ref]:
            key = role + digit
            if key not in chosen:
                pool = self._role(role)
                taken = used.setdefault(_BASE_ROLE.get(role, role), set())
                free = [i for i in range(len(pool)) if i not in taken] or list(range(len(pool)))
                k = min(len(free), rng.randint(2, 4)) if role in ("chains", "inds", "ents") else 1
                idx = rng.sample(free, k)
                taken.update(idx)
                chosen[key] = [pool[i] for i in idx]
            return chosen[key]

        def surface(ref: _Ref, role: str) -> str:
            if role in ("ind", "inds"):
                form = ref.industry or ref.entity.name
            else:
                form = rng.choice(ref.forms)
            self._mention(ref, form)
            return form

        def fill(m: re.Match) -> str:
            role, digit = m.group(1), m.group(2)
            if role == "n":
                return str(rng.randint(3, 600))
            if role == "k":  # how many items the list slot before it named
                return str(last_list[0])
            refs = pick(role, digit)
            forms = [surface(ref, role) for ref in refs]
            last_list[0] = len(forms)
            if len(forms) > 1 and rng.random() < 0.5:
                return "、".join(forms[:-1]) + "和" + forms[-1]
            return "、".join(forms)

        text = _SLOT.sub(fill, template["text"])
        rels = []
        for spec in template["relations"]:
            rtype, src, tgt = spec[0], spec[1], spec[2]
            optional = len(spec) > 3 and bool(spec[3])
            for s in self._slot_refs(chosen, src):
                for t in self._slot_refs(chosen, tgt):
                    if s.entity.name != t.entity.name:
                        rels.append((rtype, s.entity.name, t.entity.name, optional))
        for ref in [r for refs in chosen.values() for r in refs]:
            if ref.entity.type == "PolicyDocument" and ref.industry:
                rels.append(("COVERS", ref.entity.name, f"{ref.industry}产业链", True))
        return text, rels

    @staticmethod
    def _slot_refs(chosen: dict[str, list[_Ref]], slot: str) -> list[_Ref]:
        return chosen.get(slot, [])

    def _draw(self, what: str):
        """The next item of a shuffled deck of `what`: no repeats until all were used."""
        deck = self._decks.get(what)
        if not deck:
            deck = self._decks[what] = list(self.v[what])
            self.rng.shuffle(deck)
        return deck.pop()

    def _filler(self) -> str:
        rng = self.rng
        return self._draw("fillers").format(n=rng.randint(5, 900), m=rng.randint(10, 3000))

    def _script(self, text: str, *, noisy: bool = False) -> str:
        """Simplified sentence -> the article's script, width and noise (what the file holds)."""
        if self.traditional:
            text = _converters().convert(text).replace("陝", "陜")
            if self.pinyin:
                table = self.v["pinyin"]
                text = "".join(f"{c}({table[c]})" if c in table else c for c in text)
                if noisy and self.rng.random() < 0.3:  # a character lost in transcoding, as in seed 001
                    cjk = [i for i, c in enumerate(text) if "\u4e00" <= c <= "\u9fff"]
                    if cjk:
                        i = self.rng.choice(cjk)
                        text = text[:i] + "?" + text[i + 1:]
        if self.halfwidth:
            text = text.translate(_HALFWIDTH)
        return text

    def _relate(self, rels: list[tuple[str, str, str, bool]], evidence: str) -> None:
        for rtype, src, tgt, optional in rels:
            key = (rtype, src, tgt)
            old = self.relations.get(key)
            if old is None:
                self.relations[key] = GoldRelation(rtype, src, tgt, evidence, optional)
            elif old.optional and not optional:
                self.relations[key] = GoldRelation(rtype, src, tgt, old.evidence, False)

    # --- the article ------------------------------------------------------
    def build(self) -> SyntheticArticle:
        rng, v, r = self.rng, self.v, self.region
        lines: list[str] = []
        if rng.random() < 0.5:
            lines += [rng.choice(v["nav"]), ""]
        slogan = rng.choice(v["title_slogans"])
        if rng.random() < 0.6:
            lines.append(self._script(f"{r.short}：{slogan}"))
            self._mention(self.govr, r.short, optional=True)
        else:
            lines.append(self._script(slogan))
        if rng.random() < 0.4:
            lines.append(self._script(rng.choice(v["subtitles"]).format(region=r.name)))
            self._mention(self.govr, r.name, optional=True)
        if rng.random() < 0.7:
            date = {"year": rng.randint(2021, 2025), "month": rng.randint(1, 12), "day": rng.randint(1, 28),
                    "page": rng.randint(1, 8), "hour": rng.randint(7, 22), "minute": rng.randint(0, 59)}
            lines.append(self._script(rng.choice(v["sources"]).format(**date)))
        if rng.random() < 0.1:
            lines += ["", "  □", "", "  □", ""]
        for _ in range(rng.randint(5, 10)):
            if rng.random() < 0.4:
                lines.append(self._script(self._draw("headings")))
            sentences: list[str] = []
            for _ in range(rng.randint(3, 7)):
                if rng.random() < TEMPLATE_SHARE:
                    simplified, rels = self._render(self._draw("templates"))
                    sentence = self._script(simplified)
                    self._relate(rels, sentence)
                else:
                    sentence = self._script(self._filler(), noisy=True)
                sentences.append(sentence)
            lines.append(self.indent + "".join(sentences))
        if rng.random() < 0.6:
            lines.append("")
            for footer in rng.sample(v["footers"], rng.randint(1, 3)):
                lines.append(footer.format(editor=rng.choice(v["editors"]), year=rng.randint(2021, 2025),
                                           icp=rng.randint(10_000_000, 99_999_999)))
        text = "\n".join(lines) + "\n"
        return SyntheticArticle(self.id, text, self._entities(), tuple(self.relations.values()), self.traditional)

    def _entities(self) -> tuple[GoldEntity, ...]:
        out = []
        for ent, forms, optional in self.mentions.values():
            aliases = tuple(sorted((set(ent.aliases) | forms) - {ent.name}))
            out.append(GoldEntity(ent.type, ent.name, aliases, ent.kind, ent.region, optional))
        out.sort(key=lambda e: (_TYPE_ORDER[e.type], e.name))
        return tuple(out)


def generate_article(index: int, *, seed: int = 0) -> SyntheticArticle:
    """Article number `index` of the corpus with this seed."""
    return _ArticleWriter(seed, index).build()


def generate(n: int, *, seed: int = 0) -> Iterator[SyntheticArticle]:
    """The first `n` articles of the corpus with this seed."""
    for i in range(n):
        yield generate_article(i, seed=seed)


def write_corpus(n: int, out_dir: str | Path, *, seed: int = 0, durable: bool = True, jobs: int = 1) -> list[Path]:
    """Write `n` articles as `<id>.txt` and their ground truth as `gold/<id>.json`; the text paths.

    `durable=False` skips the fsyncs of `write_atomic` (still written whole, by
    rename): for throw-away benchmark corpora, where 20,000 fsyncs would cost
    minutes on a virtual disk.  `jobs` > 1 writes ranges of articles in worker
    processes (article i depends only on (seed, i), so the files are the same).
    """
    out = Path(out_dir)
    (out / "gold").mkdir(parents=True, exist_ok=True)
    if jobs <= 1 or n < 200:
        return _write_range(0, n, out, seed, durable)
    from concurrent.futures import ProcessPoolExecutor

    step = -(-n // (jobs * 4))
    with ProcessPoolExecutor(jobs) as pool:
        parts = pool.map(_write_range, *zip(*[(i, min(n, i + step), out, seed, durable) for i in range(0, n, step)]))
        return [p for part in parts for p in part]


def _write_range(start: int, stop: int, out: Path, seed: int, durable: bool) -> list[Path]:
    from graph.fileio import write_atomic

    write = write_atomic if durable else _write_scratch
    paths = []
    for i in range(start, stop):
        art = generate_article(i, seed=seed)
        paths.append(write(out / f"{art.id}.txt", art.text))
        write(out / "gold" / f"{art.id}.json", json.dumps(art.gold(), ensure_ascii=False, indent=1) + "\n")
    return paths


def _write_scratch(path: Path, text: str) -> Path:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path


# Node type shares and edge type endpoint mixes of the synthetic big graph (SCHEMA.md's edge table).
_GRAPH_NODE_SHARES = (("GovernmentBody", 0.10), ("Chain", 0.05), ("Enterprise", 0.45), ("Platform", 0.25),
                      ("PolicyDocument", 0.15))
_GRAPH_EDGE_MIX = (
    ("LEADS", "GovernmentBody", "Chain", 0.08), ("LEADS", "Enterprise", "Chain", 0.08),
    ("LEADS", "Enterprise", "Platform", 0.05), ("LEADS", "GovernmentBody", "Platform", 0.05),
    ("SUPPORTS", "Platform", "Chain", 0.12), ("SUPPORTS", "Platform", "Enterprise", 0.10),
    ("SUPPORTS", "GovernmentBody", "Enterprise", 0.07), ("ISSUED", "GovernmentBody", "PolicyDocument", 0.15),
    ("COVERS", "PolicyDocument", "Chain", 0.12), ("COVERS", "GovernmentBody", "Chain", 0.05),
    ("MEMBER_OF", "Enterprise", "Chain", 0.13),
)


def synthetic_graph(n_nodes: int = 100_000, n_edges: int = 500_000, *, seed: int = 0):
    """A deterministic schema-shaped MultiDiGraph (graph.json attributes) with skewed degrees.

    For report/analytics scale runs: far bigger than any article corpus we
    can build quickly, one edge per (source, target, type) as in a built graph.
    """
    import networkx as nx

    from graph.model import node_id

    rng = random.Random(f"{seed}:graph")
    v = load_vocab()
    regions = [r.name for r in _regions()]
    industries = v["industries"]
    g = nx.MultiDiGraph()
    by_type: dict[str, list[str]] = {}
    nodes = []
    for type_, share in _GRAPH_NODE_SHARES:
        ids = by_type.setdefault(type_, [])
        for k in range(max(1, round(n_nodes * share))):
            region = regions[k % len(regions)]
            if type_ == "Chain":
                name = f"{industries[k % len(industries)]}{'' if k < len(industries) else k}产业链"
            elif type_ == "GovernmentBody":
                name = f"{region}{('人民政府', '市场监督管理局', '发展和改革委员会')[k % 3]}{k // (3 * len(regions)) or ''}"
            else:
                name = f"{region}{type_[:3]}{k}"
            nid = node_id(type_, name)
            ids.append(nid)
            arts = [f"{rng.randrange(10**6):06d}" for _ in range(rng.randint(1, 3))]
            nodes.append((nid, {"id": nid, "name": name, "type": type_, "aliases": [], "region": region,
                                "kind": None, "articles": arts, "mentions": len(arts)}))
    g.add_nodes_from(nodes)
    mix_weights = [m[3] for m in _GRAPH_EDGE_MIX]
    evidence = [t["text"] for t in v["templates"]]
    seen: set[tuple[str, str, str]] = set()
    edges = []
    while len(edges) < n_edges:
        etype, stype, ttype, _ = rng.choices(_GRAPH_EDGE_MIX, mix_weights)[0]
        sources, targets = by_type[stype], by_type[ttype]
        # u**2 skews picks toward low indices: a few hubs, a long tail (like chains and big enterprises)
        s = sources[int(len(sources) * rng.random() ** 2)]
        t = targets[int(len(targets) * rng.random() ** 2)]
        if s == t or (s, t, etype) in seen:
            continue
        seen.add((s, t, etype))
        art = f"{rng.randrange(10**6):06d}"
        ev = evidence[rng.randrange(len(evidence))]
        edges.append((s, t, etype, {"type": etype, "article": art, "evidence": ev, "rule": "synthetic",
                                    "confidence": 1.0, "region": regions[rng.randrange(len(regions))],
                                    "articles": [art], "evidences": [ev]}))
    g.add_edges_from(edges)
    return g


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, help="number of articles")
    ap.add_argument("outdir", help="folder for <id>.txt (ground truth goes to OUTDIR/gold/)")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    a = ap.parse_args(argv)
    if a.n < 0:
        ap.error("N must be >= 0")
    paths = write_corpus(a.n, a.outdir, seed=a.seed)
    print(f"wrote {len(paths)} articles to {a.outdir} (ground truth in {Path(a.outdir) / 'gold'})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
