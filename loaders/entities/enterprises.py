"""Enterprises (Enterprise): companies by legal suffix (有限公司, 集团, incl. branches and 简称
notes), suffix-less names from their role (链主企业X, A、B等链主企业, X作为链主, 在X的牵头下, X牵头…),
award subjects, banks; with verbs, time words and product/role nouns rejected by data-file word lists.
The role found (master / member) is kept in `Mention.tag` for the relation rules.
"""
from __future__ import annotations

import re
from functools import lru_cache

from loaders.entities.bounds import cut_left, HAN, HARD_WORDS, industries_at, LEADING_VERBS, NAME_STOP, organ_re
from loaders.entities.context import Mention, Tag, clause_start, is_subject_position, listed_items
from loaders.normalize import data_lines
from loaders.vocab import excluded, is_region_word, name_affixes, vocab

# a hyphen may join two brands (一汽-大众); a branch (…有限公司佛山分公司) is part of the legal name
_COMPANY = re.compile(rf"((?:[A-Z]{{2,6}}(?=[{HAN}]))?[{HAN}](?:[{HAN}]|-(?=[{HAN}])){{1,19}}(?:[(（][{HAN}]{{2,6}}[)）][{HAN}]{{0,8}}?)?(?:集团)?(?:[(（][{HAN}]{{2,6}}[)）])?"
                      rf"((?:股份有限公司|有限责任公司|有限公司)(?:[{HAN}]{{2,4}}分公司)?)|[{HAN}]{{2,8}}(集团))")
_MASTER_BEFORE = re.compile(rf"(链主企业|龙头企业|领军企业|牵头单位|骨干企业|链员企业)([{HAN}A-Za-z]{{2,12}})")
_LIST_BEFORE_MASTER = re.compile(
    rf"([{HAN}、()“”]{{2,48}})等[^,，。;；]{{0,24}}?(链主企业|龙头企业|领军企业|链员企业|链上企业|骨干企业|配套企业|供应商|配套商|"
    rf"上下游单位|上下游企业|成员单位|成员企业|企业)")
_ROLE_BEFORE = re.compile(r"(链主企业|龙头企业|领军企业|链员企业|链上企业|配套企业)$")
_MEMBER_HEADS = ("链员企业", "链上企业", "配套企业", "供应商", "配套商", "上下游单位", "上下游企业", "成员单位", "成员企业")
_ITEM_SEP = re.compile(rf"、|以及|及(?=[{HAN}]{{2}})")


def _split_items(body: str) -> list[str]:
    """List items split at 、/以及/及, and at 和/与 only when both sides stay names (天和磁材 is one name)."""
    out = []
    for it in _ITEM_SEP.split(body):
        for m in re.finditer("[和与]", it):
            left, right = it[:m.start()], it[m.end():]
            if len(right) >= 2 and (_clean_ent(left) or "") and len(_clean_ent(left) or "") >= 2:
                out += [left, right]
                break
        else:
            out.append(it)
    return [it for it in out if it]


_LIST_AS_ROLE = re.compile(rf"(?:^|[,，;；。:：])([{HAN}]{{2,8}}(?:、[{HAN}]{{2,8}})*)(?:(?<![作成认称视])为|是|被确定为|被认定为)(?:首批|第一批|本批)?"
                           r"(链主企业|龙头企业|链员企业)")
_ROLE_PREFIX = re.compile(r"(链主企业|龙头企业|领军企业|骨干企业|链主)")
_LEAD_UNDER = re.compile(rf"在([{HAN}]{{2,12}})的(牵头|带动|引领)下")
_AS_MASTER = re.compile(rf"([{HAN}]{{2,8}})作为[^,，。;；]{{0,20}}?(链主|龙头)")
_ENT_VERB_STOP = ("在", "会同", "通过", "获得", "作为", "牵头", "以", "将", "的", "等", "和", "与", "及", "为", "是",
                  "对", "向", "从", "于", "已", "也", "还", "共同", "联合", "积极", "主导", "参与", "开展", "推动",
                  "实现", "成为", "入选", "获批", "获颁", "带动", "构建", "打造", "建设", "研发", "数名", "专家")
_ENT_LEFT = ("培育了", "培育", "引导", "推动", "支持", "鼓励", "带动", "包括", "比如", "例如", "如", "组织", "发动",
             "推荐", "联合", "了", "由", "与", "和")
_ENT_HEADS = ("科技", "智能", "电网", "电梯", "航空", "光电", "重工", "重科", "电气", "电器", "电子", "股份", "药业",
              "制药", "新材", "钢铁", "汽车", "机械", "能源", "氢能", "通信", "微电子", "半导体", "动力", "宅配")
_GENERIC_PREFIX = re.compile(r"^(人工|数字|智能|高端|先进|新型|质量|信息|工业|现代|绿色|高新|科技|产业|全球|国际|国内|"
                             r"我国|中国|全国|企业|重点|相关|主要|核心|关键|传统|未来|新兴|战略|服务|技术|研发|创新|"
                             r"生产|制造|电子|网络|平台|数据|能源|新能|交通|节能|安全|管理|生物|医疗|轨道|船舶|高分|"
                             r"标准|计量|检测|检验|认证|品牌|自主|联合|协同|上下|中小|小微|大型|规模|骨干|龙头|链主)")
_NOT_ENT_START = re.compile(r"^(授牌|授予|颁发|名单|评选|遴选|认定|要|应|需|须|必须|可以|能够|促进|支撑|辐射|发力|牵引|参评|获评|荣获|获得|获批|成功|顺利|先后|率先|再次|首次|相继|均(?:已|为|在|将|有|可|实现|达到)|已|发挥|推广|确定|聚焦|一同|示范|引领|质量|推动|带动|参与|开展|共同|积极|主动|加强|提升|实现|形成|"
                            r"建立|发展|协同|引导|培育|作用|优势|名单|数量|队伍|代表|责任|主体|标杆|转型|升级|创新|技术|管理|"
                            r"产品|生产|研发|牵头|成立|除了|围绕|市场|标准|计量|品牌|认证|检测|服务|人才|资金|政策|一起|提供|开展)")
_ASPECT = {"技术", "市场", "标准", "质量", "品牌", "计量", "认证", "检测", "管理", "服务", "人才", "资金", "政策", "创新"}
_ENT_FOLLOW = re.compile(r"^($|[、,，。;；等在会以获通作牵和与及(（:]|主导|参与|开展|推动|实现|成为|入选|带动|构建|打造|建设|研发|数名|专家)")


@lru_cache(maxsize=1)
def _ent_left_words() -> tuple[str, ...]:
    return tuple(sorted(set(_ENT_LEFT) | set(name_affixes()["left"]), key=len, reverse=True))


@lru_cache(maxsize=1)
def _not_enterprise() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for ln in data_lines("not_enterprise.tsv"):
        kind, word = ln.split("\t")[:2]
        out.setdefault(kind, []).append(word.strip())
    return {k: tuple(v) for k, v in out.items()}


def not_enterprise_name(name: str) -> bool:
    """Time words, role nouns and product nouns are no enterprise names (data: not_enterprise.tsv)."""
    w = _not_enterprise()
    return name.startswith(w["time"]) or name in w["role"] or name.endswith(w["product"])


def _clean_ent(name: str) -> str | None:
    for w in name_affixes()["right"]:
        if name.endswith(w) and len(name) - len(w) >= 2:
            name = name[: -len(w)]
            break
    for w in _ent_left_words():
        p = name.rfind(w)
        if p == 1 and w in ("和", "与"):
            continue  # a conjunction after one character is inside the name: 天和磁材
        if p >= 0 and len(name) - p - len(w) >= 2 and w not in ("和", "与", "了", "如") or \
                (p >= 0 and w in ("了", "如", "由", "与", "和") and len(name) - p - 1 >= 2 and p + 1 < len(name)):
            name = name[p + len(w):]
            break
    name = name.strip("“”")
    if name in ("公司", "有限公司", "股份有限公司", "有限责任公司", "集团", "集团公司"):
        return None
    lead = _ENT_LEAD.match(name)
    if lead and len(name) - lead.end() >= 2:
        name = name[lead.end():]
    if name[:1] in "的将在对把被为与和及了是其该各" or re.search(r"[\d]", name) or _NOT_ENT_START.match(name):
        return None
    if not (2 <= len(name) <= 12) or excluded(name) or name in vocab().industries or is_region_word(name) or \
            not_enterprise_name(name):
        return None
    if re.search(r"(企业|公司们|单位|部门|机构|高校|院所|协会|政府|产业|行业|领域|链$)", name):
        return None
    if re.search(r"(作用|效应|功能|地位|优势|质量奖|品质奖)$", name):
        return None  # 链主企业牵引作用: what the enterprise does, not its name
    return name


_GROUP_BRANCH = re.compile(rf"([{HAN}]{{2,4}}?)(分公司|公司)")
_LEGAL_FORM = re.compile(r"(集团)?(股份有限公司|有限责任公司|有限公司)$")


def _same_company(name: str, known: set) -> str:
    """The name the article already uses for this company: X集团股份有限公司 after X集团 is X集团
    (the legal form added), and X集团 after the full legal name is that full name."""
    m = _LEGAL_FORM.search(name)
    if m:
        for stem in (name[:m.start()], name[:m.start(2)]):
            if len(stem) >= 2 and stem in known:
                return stem
        return name
    full = [k for k in known if k.startswith(name) and _LEGAL_FORM.fullmatch(k[len(name):])]
    return min(full) if full else name


def find_enterprises(text: str, known: set) -> list[Mention]:
    """Companies by suffix, and suffix-less names from context (链主企业X, X、Y等龙头企业, 在X的牵头下, X作为链主)."""
    out: list[Mention] = []

    def add(name, s, tag=Tag.NONE, kind=None):
        same = next((o for o in out if o.start == s and (o.name == name or o.end == s + len(name))), None)
        if same is not None and tag and not same.tag:
            same.tag = tag  # a suffix match later seen in a role context (X作为…链主)
        if name and same is None:
            canon = _same_company(name, known)
            out.append(Mention("Enterprise", canon, s, s + len(name), name, kind=kind, tag=tag))
            known.add(canon)

    _legal_names(text, out, known, add)
    _role_names(text, out, add)
    _context_names(text, add)
    for m in _BANK.finditer(text):
        name = _bank_name(m)
        if name:
            add(name, m.end() - len(name), "", kind="银行")
    return _outermost(out)


def _legal_names(text: str, out: list[Mention], known: set, add) -> None:
    """Companies by legal suffix (有限公司, 集团), with 简称 notes, role words before them, regional companies."""
    for m in _COMPANY.finditer(text):
        raw = m.group(1)
        suffix = m.group(2) or m.group(3)
        cut = cut_left(raw, len(suffix) + 1)
        name = raw[cut:]
        name = re.sub(r"^[(（][^()（）]*[)）]", "", name)
        base = name[: -len(suffix)]
        if len(base) >= 2 and not excluded(name) and not re.search(r"(企业|各类|多家|一批)", base) and \
                not base.startswith(_not_enterprise()["time"]):
            if suffix == "集团" and len(base) > 6:
                continue
            short = SHORT_NAME.match(text, m.end())
            role = _ROLE_BEFORE.search(text, max(0, m.end() - len(name) - 6), m.end() - len(name))
            tag = Tag.MASTER if _AS_MASTER_AFTER.match(text, (short or m).end()) else Tag.NONE
            if role:  # 链主企业X有限公司 / 链员企业X有限公司: the company in that role
                tag = Tag.MEMBER if role.group(1) in _MEMBER_HEADS else Tag.MASTER
            if short and 2 <= len(short.group(1)) <= 8:
                # 广西X机械股份有限公司(以下简称“X”): the short name is canonical, the legal name its alias
                out.append(Mention("Enterprise", short.group(1), m.end() - len(name), m.end(), name, tag=tag))
                known.add(short.group(1))
                continue
            branch = _GROUP_BRANCH.match(text, m.end()) if suffix == "集团" else None
            if branch and is_region_word(branch.group(1)):
                add(name + branch.group(0), m.end() - len(name), tag)  # 中国X集团深圳公司: the regional company
                continue
            add(name, m.end() - len(name), tag)


def _role_names(text: str, out: list[Mention], add) -> None:
    """Suffix-less names in a role: 链主企业X, 链主企业A、B等, A、B等龙头企业 / 链上企业."""
    for m in _MASTER_BEFORE.finditer(text):
        tag = Tag.MEMBER if m.group(1) in ("链员企业", "链上企业") else Tag.MASTER
        items = re.split(r"[、和及]", m.group(2))
        pos = m.start(2)
        for it in items:
            name = it
            for w in _ENT_VERB_STOP:
                p = name.find(w, 2)
                if p >= 2:
                    name = name[:p]
            s = text.find(name, pos)
            if _clean_ent(name) == name and _ENT_FOLLOW.match(text[s + len(name):]):
                add(name, s, tag)
            pos = s + len(it)
            if len(it) != len(name):
                break
    # 链主企业航天时代飞鹏、峰飞航空等企业: continue the list after the first item
    for m in re.finditer(rf"(链主企业|龙头企业)([{HAN}]{{2,8}}(?:、[{HAN}]{{2,8}})+)等", text):
        for s, it in listed_items(text, m.start(2), m.group(2).split("、")):
            if _clean_ent(it) == it:
                add(it, s, Tag.MASTER)
    for m in _LIST_BEFORE_MASTER.finditer(text):
        if re.match(r"等\d*[个条大项]?(?:重点|主导|优势|特色)?(产业链|产业|行业|领域)", text[m.end(1):m.end()]):
            continue  # "A、B等产业链上的N家企业": the items are industries, not companies
        tag = Tag.MEMBER if m.group(2) in _MEMBER_HEADS else Tag.MASTER
        if m.group(2) == "企业" and "链上" in text[m.end(1):m.end()]:
            tag = Tag.MEMBER  # "为A等X产业链上企业": members of that chain, even a single one
        body = m.group(1)
        if "“" in body or "”" in body:
            # A(以下简称“A'”)、B等链主企业: the list items are the names around the 简称 notes
            marked = SHORT_NAME.sub(lambda n: "#" * len(n.group(0)), body)
            marked = marked[max(marked.rfind("“"), marked.rfind("”")) + 1:]
            span = len(marked)
            body = marked.replace("#", "")
        else:
            span = len(body)
        if body.count("(") != body.count(")"):
            body = body[body.rfind(")") + 1:] if body.rfind(")") > body.rfind("(") else body[body.rfind("(") + 1:]
        items = _split_items(body)
        if m.group(2) == "企业":
            # plain "A、B等企业": members when the clause puts them on a chain (产业链上A、B等企业 / …加入)
            if len(items) < 2 and tag != Tag.MEMBER:
                continue
            k = clause_start(text, m.start(1))
            tag = Tag.MEMBER if "链上" in text[k:m.end()] or re.match(r"[^,，。;；]{0,4}加入", text[m.end():]) else Tag.NONE
        if len(items) == 1 and len(items[0]) > 8 or any(it in _ASPECT or it[-2:] in _ASPECT and (len(it) > 4 or _GENERIC_PREFIX.match(it) or it[:-2] in _ASPECT)
                                               for it in items) or \
                re.search(r"(方面|作用|、)", text[m.end(1):m.end()]):
            continue
        for s, it in listed_items(text, m.end(1) - span, items):
            inst = vocab().platform_kind_re.search(it) or organ_re().search(it)
            rest = it[inst.end():] if inst else ""
            if inst and len(rest) >= 2 and _clean_ent(rest) not in (None, rest):
                # "服务站累计为A、B等…企业": the list opens after the subject and its verb
                s, it = s + inst.end(), rest
            elif inst:
                continue  # an institution in a mixed member list (研究院、大学以及A、B等单位)
            name = _clean_ent(it)
            if name:
                add(name, s + len(it) - len(name), tag)
            else:  # a company already matched by its suffix: give it the list's role
                for o in out:
                    if o.end == s + len(it) and not o.tag:
                        o.tag = tag


def _context_names(text: str, add) -> None:
    """Suffix-less names from context: 在X的牵头下, X作为链主, brand + head, award subjects, (A、B) lists, X牵头."""
    for m in _LEAD_UNDER.finditer(text):
        role = _ROLE_PREFIX.match(m.group(1))  # 在链主企业X的带动下: X, in that role
        raw, start = (m.group(1)[role.end():], m.start(1) + role.end()) if role else (m.group(1), m.start(1))
        name = _clean_ent(raw)
        if name and not re.search("(局|委|厅|政府|联合体|中心|部门)$", name):
            add(name, start + raw.rfind(name) if name in raw else start, Tag.LEAD_UNDER)
    # "A、B为(首批)链主企业": the list before the role it is given
    for m in _LIST_AS_ROLE.finditer(text):
        for s, it in listed_items(text, m.start(1), _split_items(m.group(1))):
            name = _clean_ent(it)
            if name and s >= 0:
                add(name, s + len(it) - len(name), Tag.MEMBER if m.group(2) == "链员企业" else Tag.MASTER)
    for m in _AS_MASTER.finditer(text):
        if is_subject_position(text, m.start(1)):
            name = _clean_ent(m.group(1))
            if name:
                add(name, m.start(1), Tag.MASTER)
    # suffix-less company-like names: 2-char brand + head (金发科技, 南方电网), at a clause start or after a verb
    for m in _ENT_HEAD_RE.finditer(text):
        s = m.start()
        name = m.group(0)
        if _GENERIC_PREFIX.match(m.group(1)) or name in vocab().industries or excluded(name):
            continue
        if m.group(1) in vocab().regions or m.group(1)[1] in "的和与及在了是为等化型级性" or \
                _NOT_ENT_START.match(name) or m.group(1) in HARD_WORDS or m.group(1) in LEADING_VERBS or \
                any(len(w) > len(name) for w in industries_at(text, s)):
            continue
        pre = text[max(0, s - 2):s]
        if s == 0 or text[s - 1] in NAME_STOP or pre in ("研发", "引导", "推动", "助力", "支持", "带动") or \
                text[s - 1] in "由与和及":
            if re.match(r"(牵头|作为|构建|以|获|入选|在|会同|等|、|,|，|:|坚持|主要|是)", text[m.end():]) or \
                    text[s - 1:s] == "、" or (s == 0 or text[s - 1] in ",，;；。") and \
                    _AWARD.search(text, m.end(), min(len(text), m.end() + 16)):
                add(name, s, "")
    # clause-initial subject of an award or approval: 中车株所获批国家…试点单位
    for m in _AWARD_SUBJECT.finditer(text):
        raw = _TIME_PREFIX.sub("", m.group(1))
        name = _clean_ent(raw)
        if name and name == raw and not _NOT_ENTERPRISE_END.search(name) and \
                not _IS_GENERIC_SUBJECT.match(name) and not vocab().platform_kind_re.search(name) and \
                not organ_re().search(name) and not any(name.startswith(r) for r in _region_prefixes(name)):
            add(name, m.end(1) - len(name), "")
    # parenthesised company lists after 企业: …企业,广州占2席(希音、广汽埃安)
    if "企业" in text:
        for m in re.finditer(rf"[(（]([{HAN}]{{2,6}}(?:、[{HAN}]{{2,6}})+)[)）]", text):
            for s, it in listed_items(text, m.start(1), m.group(1).split("、")):
                if _clean_ent(it) == it:
                    add(it, s)
    # clause-initial names before 牵头 / 构建“…” (尚品宅配构建…)
    for m in re.finditer(rf"(?:^|[,，;；。])([{HAN}]{{2,6}})(牵头(?!负责)|构建“|以打造“)", text):
        name = _clean_ent(m.group(1))
        if name and not re.search("(局|委|厅|政府|联合体|中心|部门|市|省|县|区|单位|企业)$", name) \
                and not _IS_GENERIC_SUBJECT.match(name):
            add(name, m.start(1), "subject")


# banks: a region (江西银行, 佛山农商银行, 东莞农村商业银行) or a national brand (中国建设银行哈尔滨分行)
_BANK = re.compile(rf"([{HAN}]{{2,8}}?)(农村商业银行|农商银行|商业银行|银行)([{HAN}]{{2,4}}?(?:分行|支行))?")


@lru_cache(maxsize=1)
def _banks() -> frozenset:
    return frozenset(w.strip() for w in data_lines("banks.txt"))


def _bank_name(m: re.Match) -> str | None:
    """The bank a `_BANK` match names, None for 人民银行 (a government body) or an unknown prefix."""
    pre, head, branch = m.group(1), m.group(2), m.group(3) or ""
    for k in range(len(pre)):
        stem = pre[k:]
        if (stem + head) in _banks():
            return stem + head + branch
        if stem in vocab().regions and "人民" not in stem and not (k and pre[k - 1] == "人"):
            return stem + head + branch
    return None


def _outermost(ms: list[Mention]) -> list[Mention]:
    """Drop enterprise mentions inside a longer one (龙头企业双良硅材料|(包头)有限公司), keeping their role tag."""
    kept = []
    for m in ms:
        outer = next((o for o in ms if o is not m and o.start <= m.start and m.end <= o.end and
                      (o.end - o.start) > (m.end - m.start)), None)
        if outer is None:
            kept.append(m)
        elif m.tag and not outer.tag:
            outer.tag = m.tag
    return kept


_ENT_LEAD = re.compile(r"^(?:已|还|也|将|均|正)?(?:为|向|对|给|帮助|服务)")
_AS_MASTER_AFTER = re.compile(r"作为[^,，。;；]{0,20}?(链主|龙头)")
SHORT_NAME = re.compile(r"[(（](?:以下)?简称[“\"]?([^“”\"()（）,，]{2,8})[”\"]?[)）]")
_TIME_PREFIX = re.compile(r"^(今年|去年|近日|目前|此外|同时|其中|近年来|近期|日前|随后|最终|先后|已经|已)")
_AWARD = re.compile(r"获颁|获批|荣获|获评|入选")
_AWARD_SUBJECT = re.compile(rf"(?:^|[,，;；。])([{HAN}]{{2,6}})(?:获批|获颁|荣获|获评为|入选)(?:国家|全国|全球|首批|省|中国)")
_NOT_ENTERPRISE_END = re.compile(r"(市|省|县|区|镇|村|局|委|厅|办|府|部|产品|项目|品牌|标准|成果|技术|案例|城市|园区|基地|"
                                 r"中心|平台|产业|集群|企业|单位|机构|团队|个人|我们|他们)$")


def _region_prefixes(name: str) -> list[str]:
    regs = vocab().regions
    return [name[:k] for k in range(2, min(len(name), 5) + 1) if name[:k] in regs]


_ENT_HEAD_RE = re.compile(rf"([{HAN}]{{2}})({'|'.join(_ENT_HEADS)})")
_IS_GENERIC_SUBJECT = re.compile(r"^(除了|同时|此外|另外|目前|其中|积极|大力|充分|全面|深入|持续|不断|进一步|推动|组织|共同|各地|地方|企业|政府)")
