"""Extraction rule families, on invented sentences of the genre (not the seeds)."""
import pytest

from graph.model import Article
from loaders.clean import clean
from loaders.extract import extract


def _x(text: str):
    ex = extract(clean(Article(id="t", path="t.txt", text=text)))
    ents = {(e.type, e.name) for e in ex.entities}
    rels = {(r.type, r.source, r.target) for r in ex.relations}
    return ex, ents, rels


# ---- government bodies
def test_bare_region_subject_is_its_government_and_issues_documents():
    _, ents, rels = _x("近年来,杭州市先后出台《杭州市质量强市建设方案》《杭州市标准化条例》等文件。")
    assert ("GovernmentBody", "杭州市人民政府") in ents
    assert ("ISSUED", "杭州市人民政府", "杭州市质量强市建设方案") in rels
    assert ("ISSUED", "杭州市人民政府", "杭州市标准化条例") in rels


def test_unqualified_provincial_bureau_resolves_to_article_province():
    _, ents, rels = _x("四川:推进质量强链\n四川省大力推进质量工作。省市场监管局印发《四川省质量强链工作指南》。")
    assert ("GovernmentBody", "四川省市场监督管理局") in ents
    assert ("ISSUED", "四川省市场监督管理局", "四川省质量强链工作指南") in rels


def test_coissuer_list_inherits_region():
    _, ents, rels = _x("浙江省市场监管局联合浙江省发展改革委、科技厅和商务厅,印发《浙江省重点产业质量提升方案》。")
    for organ in ("浙江省市场监督管理局", "浙江省发展和改革委员会", "浙江省科学技术厅", "浙江省商务厅"):
        assert ("ISSUED", organ, "浙江省重点产业质量提升方案") in rels


def test_national_organs_and_congress_standing_committee():
    _, ents, _ = _x("国务院印发《示例纲要》。河南省人大常委会表决通过《河南省质量促进条例》。")
    assert ("GovernmentBody", "国务院") in ents
    assert ("GovernmentBody", "河南省人民代表大会常务委员会") in ents


# ---- chains
def test_coordinated_list_gives_several_chains_and_covers():
    _, ents, rels = _x("河北省聚焦新能源汽车、先进光伏和新型储能、生物医药3个产业开展质量攻关。")
    for c in ("新能源汽车产业链", "先进光伏产业链", "新型储能产业链", "生物医药产业链"):
        assert ("Chain", c) in ents
        assert ("COVERS", "河北省人民政府", c) in rels


def test_region_prefix_is_stripped_from_chain():
    _, ents, _ = _x("株洲围绕先进轨道交通装备产业链,推进质量强链。")
    assert ("Chain", "先进轨道交通装备产业链") in ents
    assert not any(n.startswith("株洲") and t == "Chain" for t, n in ents)


# ---- enterprises
@pytest.mark.parametrize("text,name", [
    ("长城科技作为信创产业链的链主企业,带动上下游企业协同发展。", "长城科技"),
    ("在恒远精工的牵头下,成立了机床产业质量创新联合体。", "恒远精工"),
    ("链主企业远航动力、晨星微电等企业参与标准制定。", "远航动力"),
])
def test_enterprises_from_context(text, name):
    _, ents, _ = _x(text)
    assert ("Enterprise", name) in ents


def test_chain_master_leads_chain():
    _, _, rels = _x("长城科技作为信创产业链的链主企业,带动上下游企业协同发展。")
    assert ("LEADS", "长城科技", "信创产业链") in rels


def test_company_suffix():
    _, ents, _ = _x("位于某地的华禾机电设备有限公司生产车间内机器轰鸣。")
    assert ("Enterprise", "华禾机电设备有限公司") in ents


# ---- platforms
def test_platform_kind_suffix_and_region_prefix_kept():
    _, ents, rels = _x("宁波市建成了宁波市模具产业计量测试中心,赋能模具产业发展。")
    assert ("Platform", "宁波市模具产业计量测试中心") in ents
    assert ("LEADS", "宁波市人民政府", "宁波市模具产业计量测试中心") in rels


def test_quoted_programme_with_head_noun_is_platform():
    _, ents, rels = _x("嘉兴市创新推出“禾质贷”金融产品,为企业提供信贷支持。")
    assert ("Platform", "禾质贷") in ents
    assert ("LEADS", "嘉兴市人民政府", "禾质贷") in rels


def test_generic_heads_and_counts_are_not_platforms():
    _, ents, _ = _x("全省建成质量创新联合体28个,拥有国检中心25家、12个省级质检中心。")
    assert not any(t == "Platform" for t, _ in ents)


def test_platform_named_after_industry_covers_chain():
    _, ents, rels = _x("电梯产业质量创新联合体龙头企业康远电梯推动行业标准研制。")
    assert ("COVERS", "电梯产业质量创新联合体", "电梯产业链") in rels
    assert ("LEADS", "康远电梯", "电梯产业质量创新联合体") in rels


# ---- documents
def test_newspaper_is_not_a_document():
    _, ents, _ = _x("《中国质量报》报道,某省印发《某省质量提升行动方案》。")
    names = {n for t, n in ents if t == "PolicyDocument"}
    assert names == {"某省质量提升行动方案"}


def test_abbreviation_refers_to_full_title():
    _, _, rels = _x("河南省市场监管局推动《河南省质量促进条例》(以下简称《条例》)立法。河南省人大常委会表决通过了《条例》。")
    assert ("ISSUED", "河南省人民代表大会常务委员会", "河南省质量促进条例") in rels


# ---- supports / member
def test_supports_under_help():
    _, _, rels = _x("在国家知识产权局的定点帮扶下,安吉白茶产业链快速发展。")
    assert ("SUPPORTS", "国家知识产权局", "白茶产业链") in rels


def test_support_trigger_from_subject():
    _, _, rels = _x("江西省还赋能中药产业绿色发展。")
    assert ("SUPPORTS", "江西省人民政府", "中药产业链") in rels


def test_chain_member():
    _, _, rels = _x("链员企业恒达零件在汽车产业链中承担配套任务。")
    assert ("MEMBER_OF", "恒达零件", "汽车产业链") in rels


def test_relation_endpoints_are_entities_and_evidence_is_sentence():
    ex, ents, _ = _x("近年来,杭州市先后出台《杭州市质量强市建设方案》。聚焦生物医药产业开展攻关。")
    names = {e.name for e in ex.entities}
    doc = clean(Article(id="t", path="", text="近年来,杭州市先后出台《杭州市质量强市建设方案》。聚焦生物医药产业开展攻关。"))
    for r in ex.relations:
        assert r.source in names and r.target in names
        assert r.evidence in doc.text and r.rule
