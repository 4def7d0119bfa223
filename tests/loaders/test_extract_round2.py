"""Round-2 generalization rules, on invented sentences of the genre (not the seeds, not the held-out set)."""
from graph.model import Article
from loaders.clean import clean
from loaders.extract import extract


def _x(text: str):
    ex = extract(clean(Article(id="t", path="t.txt", text=text)))
    ents = {(e.type, e.name) for e in ex.entities}
    rels = {(r.type, r.source, r.target) for r in ex.relations}
    return ents, rels


def test_chain_keeps_its_modifier_in_lists_and_topics():
    ents, _ = _x("嘉兴市聚焦智能光伏、现代纺织、绿色建材等重点产业链开展攻关。在精细化工产业上,企业协同发展。")
    for chain in ("智能光伏产业链", "现代纺织产业链", "绿色建材产业链", "精细化工产业链"):
        assert ("Chain", chain) in ents
    assert ("Chain", "纺织产业链") not in ents and ("Chain", "化工产业链") not in ents


def test_region_before_chain_is_stripped_but_general_modifier_kept():
    ents, _ = _x("此外,江西省市场监管局将赣州绿色建材产业链纳入全省质量强链项目。")
    assert ("Chain", "绿色建材产业链") in ents


def test_list_items_outside_the_vocabulary_with_industry_heads():
    ents, _ = _x("温州市首批围绕电气装备、汽车零部件和时尚鞋服等4条产业链开展质量攻关。")
    assert {("Chain", "电气装备产业链"), ("Chain", "汽车零部件产业链")} <= ents


def test_abbreviated_co_issuers_each_issue_and_resolve_to_the_city():
    _, rels = _x("嘉兴市市场监管局联合市发展改革委、市经信局、市科技局、市住建局印发《嘉兴市质量强链实施方案》。")
    for organ in ("嘉兴市市场监督管理局", "嘉兴市发展和改革委员会", "嘉兴市经济和信息化局", "嘉兴市科学技术局",
                  "嘉兴市住房和城乡建设局"):
        assert ("ISSUED", organ, "嘉兴市质量强链实施方案") in rels


def test_covers_trigger_binds_only_chains_of_its_clause_and_only_the_lead_issuer():
    _, rels = _x("嘉兴市市场监管局联合市科技局印发《嘉兴市质量强链实施方案》,明确围绕集成电路产业开展攻关,"
                 "同时投入资金扶持生物医药产业链。")
    assert ("COVERS", "嘉兴市质量强链实施方案", "集成电路产业链") in rels
    assert ("COVERS", "嘉兴市科学技术局", "集成电路产业链") not in rels
    assert not any(r[0] == "COVERS" and r[2] == "生物医药产业链" for r in rels)


def test_national_platform_name_keeps_its_conjunction():
    ents, rels = _x("国家光伏及储能产品质量检验检测中心(江苏)为新型储能产业链企业提供检测服务。")
    assert ("Platform", "国家光伏及储能产品质量检验检测中心(江苏)") in ents
    assert ("SUPPORTS", "国家光伏及储能产品质量检验检测中心(江苏)", "新型储能产业链") in rels


def test_chain_master_after_role_noun_leads_platform_and_topic_chain():
    ents, rels = _x("在智能光伏产业上,链主企业晶澳科技牵头组建嘉兴市光伏产业质量创新联合体,带动上下游企业协同攻关。")
    assert ("Enterprise", "晶澳科技") in ents
    assert ("LEADS", "晶澳科技", "嘉兴市光伏产业质量创新联合体") in rels
    assert ("LEADS", "晶澳科技", "智能光伏产业链") in rels
    assert not any(r[0] == "SUPPORTS" and r[1] == "晶澳科技" for r in rels)


def test_company_with_suffix_acting_as_chain_master():
    _, rels = _x("桐昆集团作为化纤产业链的链主企业,构建了覆盖全链条的质量管理体系。")
    assert ("LEADS", "桐昆集团", "化纤产业链") in rels


def test_quoted_finance_programme_is_led_and_supports_the_chain():
    ents, rels = _x("海宁市市场监管局推出“潮质贷”质量金融服务,为皮革产业链上企业授信3亿元。")
    assert ("Platform", "潮质贷") in ents
    assert ("LEADS", "海宁市市场监督管理局", "潮质贷") in rels
    assert ("SUPPORTS", "海宁市市场监督管理局", "皮革产业链") in rels


def test_include_into_covers():
    _, rels = _x("浙江省市场监督管理局将嘉兴时尚服装产业链纳入全省质量强链标志性项目。")
    assert ("COVERS", "浙江省市场监督管理局", "时尚服装产业链") in rels


def test_universities_named_after_a_region_are_platforms():
    ents, _ = _x("温州大学与温州市市场监管局共建温州鞋服质量技术研究院。")
    assert ("Platform", "温州大学") in ents
    assert ("Platform", "温州鞋服质量技术研究院") in ents


def test_award_subject_is_an_enterprise():
    ents, _ = _x("据介绍,今年正泰电器获批国家级智能制造示范工厂。")
    assert ("Enterprise", "正泰电器") in ents
