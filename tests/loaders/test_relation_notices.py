"""Relation rules added for real published text (notices, co-issuer lists, signature blocks), the
per-mention region of edges and the rule seams; fixtures are sentences written for these tests."""
import json
import re
from pathlib import Path

from graph.model import Article
from loaders.clean import clean
from loaders.extract import extract
from loaders.relations import RULES
from loaders.relations.engine import ARTICLE_RULES
from loaders.vocab import vocab

from extract_helpers import ROOT, extract_sets, extract_text


def _one_dash(rels):
    """Relations with year ranges in names written one way (the entity finders give titles (2021-2035年))."""
    return {tuple(re.sub(r"(?<=\d)[—–-](?=\d)", "-", x) for x in r) for r in rels}


def test_signature_block_bodies_each_issue_the_document_the_notice_issues():
    text = ("各市人民政府,省直各部门:\n"
            "为推进质量强省建设,制定《湖南省质量强链行动计划(2025—2027年)》,现印发给你们,请认真贯彻落实。\n"
            "湖南省市场监督管理局\n湖南省发展和改革委员会\n湖南省科学技术厅\n"
            "2025年2月10日\n")
    _, rels = extract_sets(text)
    for organ in ("湖南省市场监督管理局", "湖南省发展和改革委员会", "湖南省科学技术厅"):
        assert ("ISSUED", organ, "湖南省质量强链行动计划(2025-2027年)") in _one_dash(rels)


def test_signature_block_does_not_claim_documents_others_issued():
    text = ("今年,省质量协会发布团体标准《茶叶加工质量评价规范》。\n"
            "我局制定《江西省茶产业链质量提升方案》。\n"
            "江西省市场监督管理局\n2024年12月1日\n")
    _, rels = extract_sets(text)
    assert ("ISSUED", "江西省市场监督管理局", "江西省茶产业链质量提升方案") in rels
    assert ("ISSUED", "江西省市场监督管理局", "茶叶加工质量评价规范") not in rels


def test_organs_written_before_a_title_issued_it():
    _, rels = extract_sets("为贯彻国务院《计量发展规划》,全市开展计量提升行动。")
    assert ("ISSUED", "国务院", "计量发展规划") in rels


def test_organs_heading_a_notice_title_issue_the_notice_and_what_it_issues():
    ents, rels = extract_sets("根据《国务院关于印发〈计量发展规划(2021—2035年)〉的通知》要求,本市开展计量服务。")
    rels = _one_dash(rels)
    assert ("ISSUED", "国务院", "国务院关于印发〈计量发展规划(2021-2035年)〉的通知") in rels
    assert ("ISSUED", "国务院", "计量发展规划(2021-2035年)") in rels
    assert len([e for e in ents if e[1].startswith("计量发展规划")]) == 1  # one document, not one per dash


def test_bare_regions_in_a_co_issuer_list_stand_for_their_governments():
    _, rels = extract_sets("四川省联合贵州、云南三省共同制定《西南地区茶产业链质量协同方案》,推动茶产业提质。")
    for gov in ("四川省人民政府", "贵州省人民政府", "云南省人民政府"):
        assert ("ISSUED", gov, "西南地区茶产业链质量协同方案") in rels


def test_a_description_of_many_industries_is_not_a_chain_master_statement():
    text = "该市将聚焦汽车产业链、钢铁产业链、化工产业链、纺织产业链等链条完善、龙头企业华宇集团带动明显的产业。"
    _, rels = extract_sets(text)
    assert not [r for r in rels if r[0] == "LEADS" and r[1] == "华宇集团"]


def test_a_counted_platform_is_a_category_not_one_led_platform():
    _, rels = extract_sets("到2026年,全省建设产业计量测试中心5个。")
    assert not [r for r in rels if r[0] == "LEADS"]
    _, rels = extract_sets("台州市人民政府还将打造一系列公共服务平台。")
    assert not [r for r in rels if r[0] == "LEADS"]


def test_edges_carry_the_region_of_their_paragraph_in_a_roundup():
    """Seed 001 is a roundup of seven provinces: edges read in its 安徽 section carry 安徽 regions."""
    p = ROOT / "seeds" / "001_4eb16f80512fd49f.txt"
    doc = clean(Article(id="001", path=str(p), text=p.read_text(encoding="utf-8")))
    ex = extract(doc)
    paras = [s.paragraph for s in doc.sentences]
    heads = [(s.paragraph, s.folded) for s in doc.sentences if re.match(r"^[\u4e00-\u9fff]{2,3}[:：]", s.folded)]
    start = next(p for p, t in heads if t.startswith("安徽"))
    end = min([p for p, _ in heads if p > start] or [max(paras) + 1])
    section = {s.text for s in doc.sentences if start <= s.paragraph < end}
    read_there = [r for r in ex.relations if r.evidence in section]
    assert len(read_there) >= 5
    regions = vocab().regions
    for r in read_there:
        assert r.region and regions[r.region].province == "安徽省", r


def test_rules_are_named_and_every_trigger_key_is_read_by_code():
    names = [n for n, _ in RULES]
    assert len(names) == len(set(names)) and ARTICLE_RULES
    keys = set(json.loads((ROOT / "loaders" / "data" / "triggers.json").read_text(encoding="utf-8"))) - {"_doc"}
    code = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "loaders").rglob("*.py")))
    for key in keys:
        assert re.search(rf"[\"']{key}[\"']", code), f"triggers.json key {key} is read by no code"


def test_role_is_read_from_context_for_a_mention_of_any_finder():
    from loaders.entities import Mention
    from loaders.relations.chain_roles import role_in_context

    t = "链主企业华宇集团牵头攻关,配套企业星河电子跟进,海川科技等链上企业参与。"
    def m(name):
        return Mention("Enterprise", name, t.index(name), t.index(name) + len(name), name)
    assert role_in_context(t, m("华宇集团")) == "master"
    assert role_in_context(t, m("星河电子")) == "member"
    assert role_in_context(t, m("海川科技")) == "member"


def test_a_notice_title_names_its_issuer_before_guanyu():
    _, rels = extract_sets("根据《湖北省市场监督管理局关于开展质量强链标杆评选工作的通知》,各地积极申报。")
    assert ("ISSUED", "湖北省市场监督管理局", "湖北省市场监督管理局关于开展质量强链标杆评选工作的通知") in rels


def test_a_signature_line_of_a_national_bureau_branch_signs_as_the_branch():
    text = ("现将《四川省计量提升工作方案》印发给你们。\n四川省市场监督管理局\n国家税务总局四川省税务局\n"
            "2024年6月1日\n")
    _, rels = extract_sets(text)
    assert ("ISSUED", "四川省市场监督管理局", "四川省计量提升工作方案") in rels
    assert any(r[0] == "ISSUED" and r[1].endswith("四川省税务局") for r in rels)


def test_the_actor_precedes_its_verb_unless_a_fronted_clause_leads_to_it():
    _, rels = extract_sets("围绕光伏产业链,南昌市市场监管局推动建立质量联盟。")
    assert ("COVERS", "南昌市市场监督管理局", "光伏产业链") in rels
    _, rels = extract_sets("近期将印发《江西省链主企业遴选办法》,企业名单报送省发展改革委、省科技厅,"
                           "由专家评审后,省发展改革委、省科技厅公布结果。")
    assert not [r for r in rels if r[0] == "ISSUED"]


def test_an_enterprise_said_to_be_a_chain_master_leads_that_chain():
    _, rels = extract_sets("海川重工是本省工程机械产业链链主企业,带动上下游企业协同提升质量。")
    assert ("LEADS", "海川重工", "工程机械产业链") in rels


def test_the_chair_unit_of_an_alliance_leads_it():
    text = "星河新能源产业链联盟在合肥成立,海川重工有限公司担任首届理事长单位。"
    _, rels = extract_sets(text)
    assert any(r[0] == "LEADS" and r[1].startswith("海川重工") and r[2] == "星河新能源产业链联盟" for r in rels)


def test_a_body_launching_a_campaign_on_a_chain_covers_it():
    _, rels = extract_sets("2024年,宁波市市场监管局启动智能家电产业链质量提升专项行动。")
    assert ("COVERS", "宁波市市场监督管理局", "智能家电产业链") in rels


def test_an_alliance_named_after_an_industry_covers_that_chain_of_the_article():
    text = "大会聚焦电线电缆产业链。\n当天,江西省电线电缆产业质量强链联盟揭牌。"
    _, rels = extract_sets(text)
    assert ("COVERS", "江西省电线电缆产业质量强链联盟", "电线电缆产业链") in rels


def test_publishing_a_mechanism_is_issuing_it():
    _, rels = extract_sets("6月9日,台州市人民政府公布《台州市产业链链长制工作规则》。")
    assert ("ISSUED", "台州市人民政府", "台州市产业链链长制工作规则") in rels


def test_a_signed_notice_is_issued_by_its_signers_under_its_title_lines():
    text = ("湖南省市场监管局等3部门关于印发《湖南省\n\n质量强链行动计划》的通知\n\n"
            "各市州人民政府:\n\n现将《湖南省质量强链行动计划》印发给你们,请认真贯彻落实。\n\n"
            "湖南省市场监督管理局\n\n湖南省发展和改革委员会\n\n湖南省科学技术厅\n\n2025年2月10日\n")
    ents, rels = extract_sets(text)
    notices = [e[1] for e in ents if e[0] == "PolicyDocument" and e[1].endswith("通知")]
    assert len(notices) == 1  # one notice: the title lines and the finder's title are the same document
    notice = notices[0]
    assert re.sub("[《》〈〉]", "", notice).endswith("关于印发湖南省质量强链行动计划的通知")
    for organ in ("湖南省市场监督管理局", "湖南省发展和改革委员会", "湖南省科学技术厅"):
        assert ("ISSUED", organ, notice) in rels
        assert ("ISSUED", organ, "湖南省质量强链行动计划") in rels


def test_a_support_campaign_on_a_chain_is_support_and_a_plain_campaign_is_scope():
    _, rels = extract_sets("近日,江西省市场监管局在赣州开展脐橙产业链质量赋能行动。")
    assert ("SUPPORTS", "江西省市场监督管理局", "脐橙产业链") in rels
    _, rels = extract_sets("2024年,宁波市市场监管局启动智能家电产业链质量联动提升专项行动。")
    assert ("COVERS", "宁波市市场监督管理局", "智能家电产业链") in rels
    assert ("SUPPORTS", "宁波市市场监督管理局", "智能家电产业链") not in rels


def test_items_of_a_list_share_the_role_written_after_it():
    """Untagged mentions (as another component would give them) take the role closing their list."""
    from loaders.entities import Mention
    from loaders.relations.chain_roles import list_roles

    t = "合肥市引进星河电子、海川科技和华宇精工等配套企业,另有云帆集团参展。"
    ms = [Mention("Enterprise", n, t.index(n), t.index(n) + len(n), n) for n in ("星河电子", "海川科技", "华宇精工", "云帆集团")]
    roles = list_roles(t, ms)
    assert [roles[id(m)] for m in ms] == ["member", "member", "member", ""]


def test_the_organ_written_before_qiantou_fuze_leads_the_chain():
    _, rels = extract_sets("由芜湖市市场监管局牵头负责机器人产业链质量提升工作。")
    assert ("LEADS", "芜湖市市场监督管理局", "机器人产业链") in rels


def test_a_document_referred_to_as_gai_fangan_covers_the_chains_it_lists():
    _, rels = extract_sets("芜湖市印发《芜湖市质量强链行动方案》。该方案明确了光伏、储能、氢能3条重点产业链。")
    for chain in ("光伏产业链", "储能产业链", "氢能产业链"):
        assert ("COVERS", "芜湖市质量强链行动方案", chain) in rels
    _, rels = extract_sets("芜湖市印发《芜湖市质量强链实施意见》。该方案明确了光伏产业链。")
    assert ("COVERS", "芜湖市质量强链实施意见", "光伏产业链") not in rels  # 该方案 is not an 意见


def test_a_list_of_chain_masters_pairs_with_the_chains_listed_before_it():
    _, rels = extract_sets("株洲市确定轨道交通、航空、服饰3条产业链的链主企业:中车株洲电力机车有限公司、"
                           "中国航发南方工业有限公司、株洲千金药业股份有限公司。")
    assert {r for r in rels if r[0] == "LEADS"} == {
        ("LEADS", "中车株洲电力机车有限公司", "轨道交通产业链"), ("LEADS", "中国航发南方工业有限公司", "航空产业链"),
        ("LEADS", "株洲千金药业股份有限公司", "服饰产业链")}


def test_a_document_made_by_bodies_named_after_it_is_issued_by_them():
    _, rels = extract_sets("《湖北省质量强链行动方案》(以下简称《方案》)由湖北省市场监管局、省经信厅联合印发。")
    assert ("ISSUED", "湖北省市场监督管理局", "湖北省质量强链行动方案") in rels
    assert ("ISSUED", "湖北省经济和信息化厅", "湖北省质量强链行动方案") in rels
    _, rels = extract_sets("《湖北省质量强链行动方案》由湖北省市场监管局负责解释。")
    assert not [r for r in rels if r[0] == "ISSUED"]


def test_a_document_heading_its_clause_covers_the_scope_it_states():
    _, rels = extract_sets("日前,湖北省人民政府办公厅印发了《湖北省质量强省建设实施方案》(以下简称《方案》)。"
                           "《方案》聚焦汽车、光电子信息两条产业链。")
    assert ("COVERS", "湖北省质量强省建设实施方案", "汽车产业链") in rels
    assert ("COVERS", "湖北省质量强省建设实施方案", "光电子信息产业链") in rels
    _, rels = extract_sets("按照《湖北省质量强省建设实施方案》要求,武汉市聚焦汽车产业链开展攻关。")
    assert ("COVERS", "湖北省质量强省建设实施方案", "汽车产业链") not in rels


def test_partners_joined_to_the_builder_co_lead_the_platform():
    _, rels = extract_sets("赣州市市场监管局联合中国稀土集团有限公司组建赣州稀土质量创新联合体。")
    assert ("LEADS", "赣州市市场监督管理局", "赣州稀土质量创新联合体") in rels
    assert ("LEADS", "中国稀土集团有限公司", "赣州稀土质量创新联合体") in rels


def test_the_platform_relied_on_serves_and_solving_problems_is_support():
    _, rels = extract_sets("依托宜春市检验检测公共服务平台,为锂电产业链企业解决技术难题50余项。")
    assert ("SUPPORTS", "宜春市检验检测公共服务平台", "锂电产业链") in rels
