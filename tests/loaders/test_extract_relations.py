"""Relation rules, on invented sentences of the genre (never the seeds' or dev articles' sentences)."""
from graph.model import Article
from loaders.clean import clean

from extract_helpers import extract_sets, extract_text


# ---- every relation
def test_relation_endpoints_are_entities_and_evidence_is_sentence():
    ex = extract_text("近年来,杭州市先后出台《杭州市质量强市建设方案》。聚焦生物医药产业开展攻关。")
    names = {e.name for e in ex.entities}
    doc = clean(Article(id="t", path="", text="近年来,杭州市先后出台《杭州市质量强市建设方案》。聚焦生物医药产业开展攻关。"))
    for r in ex.relations:
        assert r.source in names and r.target in names
        assert r.evidence in doc.text and r.rule


# ---- ISSUED and co-issuers
def test_coissuer_list_inherits_region():
    ents, rels = extract_sets("浙江省市场监管局联合浙江省发展改革委、科技厅和商务厅,印发《浙江省重点产业质量提升方案》。")
    for organ in ("浙江省市场监督管理局", "浙江省发展和改革委员会", "浙江省科学技术厅", "浙江省商务厅"):
        assert ("ISSUED", organ, "浙江省重点产业质量提升方案") in rels


def test_abbreviated_co_issuers_each_issue_and_resolve_to_the_city():
    _, rels = extract_sets("嘉兴市市场监管局联合市发展改革委、市经信局、市科技局、市住建局印发《嘉兴市质量强链实施方案》。")
    for organ in ("嘉兴市市场监督管理局", "嘉兴市发展和改革委员会", "嘉兴市经济和信息化局", "嘉兴市科学技术局",
                  "嘉兴市住房和城乡建设局"):
        assert ("ISSUED", organ, "嘉兴市质量强链实施方案") in rels


def test_autonomous_region_co_issuers_resolve_to_the_province():
    _, rels = extract_sets("宁夏银川:质量强链见实效。\n宁夏回族自治区市场监管局联合自治区工业和信息化厅、自治区发展改革委"
                           "印发《宁夏重点产业链质量提升方案》,将银川光伏、枸杞2条产业链纳入首批示范链。")
    doc = "宁夏重点产业链质量提升方案"
    for organ in ("宁夏回族自治区市场监督管理局", "宁夏回族自治区工业和信息化厅", "宁夏回族自治区发展和改革委员会"):
        assert ("ISSUED", organ, doc) in rels
    assert ("COVERS", doc, "光伏产业链") in rels
    assert not any(r[0] == "ISSUED" and r[1].startswith("银川市") for r in rels)


# ---- COVERS
def test_covers_trigger_binds_only_chains_of_its_clause_and_only_the_lead_issuer():
    _, rels = extract_sets("嘉兴市市场监管局联合市科技局印发《嘉兴市质量强链实施方案》,明确围绕集成电路产业开展攻关,"
                           "同时投入资金扶持生物医药产业链。")
    assert ("COVERS", "嘉兴市质量强链实施方案", "集成电路产业链") in rels
    assert ("COVERS", "嘉兴市科学技术局", "集成电路产业链") not in rels
    assert not any(r[0] == "COVERS" and r[2] == "生物医药产业链" for r in rels)


def test_include_into_covers():
    _, rels = extract_sets("浙江省市场监督管理局将嘉兴时尚服装产业链纳入全省质量强链标志性项目。")
    assert ("COVERS", "浙江省市场监督管理局", "时尚服装产业链") in rels


def test_passive_inclusion_by_an_organ_covers_the_chain():
    _, rels = extract_sets("去年，九江锂电池产业链质量提升项目被国家市场监督管理总局纳入全国百个质量强链重点项目。")
    assert ("COVERS", "国家市场监督管理总局", "锂电池产业链") in rels


def test_document_assigning_chain_chiefs_does_not_cover_by_mingque():
    _, rels = extract_sets("九江市出台《九江市重点产业链链长制工作方案》，明确由市委、市政府主要领导担任锂电池产业链链长。")
    assert ("COVERS", "九江市重点产业链链长制工作方案", "锂电池产业链") not in rels


def test_platform_named_after_industry_covers_chain():
    ents, rels = extract_sets("电梯产业质量创新联合体龙头企业康远电梯推动行业标准研制。")
    assert ("COVERS", "电梯产业质量创新联合体", "电梯产业链") in rels
    assert ("LEADS", "康远电梯", "电梯产业质量创新联合体") in rels


# ---- LEADS
def test_chain_master_leads_chain():
    _, rels = extract_sets("长城科技作为信创产业链的链主企业,带动上下游企业协同发展。")
    assert ("LEADS", "长城科技", "信创产业链") in rels


def test_chain_master_after_role_noun_leads_platform_and_topic_chain():
    ents, rels = extract_sets("在智能光伏产业上,链主企业晶澳科技牵头组建嘉兴市光伏产业质量创新联合体,带动上下游企业协同攻关。")
    assert ("Enterprise", "晶澳科技") in ents
    assert ("LEADS", "晶澳科技", "嘉兴市光伏产业质量创新联合体") in rels
    assert ("LEADS", "晶澳科技", "智能光伏产业链") in rels
    assert not any(r[0] == "SUPPORTS" and r[1] == "晶澳科技" for r in rels)


def test_chain_master_leads_the_chain_of_its_own_clause():
    _, rels = extract_sets("在汽车产业上,远航汽车作为新能源汽车产业链链主企业,牵头组建衢州市新能源汽车产业质量创新联合体。")
    assert ("LEADS", "远航汽车", "新能源汽车产业链") in rels
    assert ("LEADS", "远航汽车", "汽车产业链") not in rels


def test_lead_department_of_a_chain_leads_it():
    _, rels = extract_sets("九江市市场监管局作为锂电池产业链质量强链牵头部门，建立三链联动工作机制。")
    assert ("LEADS", "九江市市场监督管理局", "锂电池产业链") in rels


def test_bureau_responsible_for_the_chain_just_named():
    _, rels = extract_sets("南通市委、市政府主要领导担任船舶海工产业链“双链长”，市市场监管局牵头负责产业链质量提升工作。")
    assert ("LEADS", "南通市人民政府", "船舶海工产业链") in rels
    assert ("LEADS", "中共南通市委员会", "船舶海工产业链") in rels
    assert ("LEADS", "南通市市场监督管理局", "船舶海工产业链") in rels


def test_co_building_leads_the_platform():
    _, rels = extract_sets("远达锂业作为锂电池产业链龙头企业，联合江南理工大学共建江西省锂电池质量技术创新中心。")
    assert ("LEADS", "远达锂业", "江西省锂电池质量技术创新中心") in rels


def test_platform_led_by_enterprise():
    _, rels = extract_sets("湖州市光电产业质量创新联合体由宏远光电科技股份有限公司(以下简称“宏远光电”)牵头,联合湖州大学共同组建。"
                           "中国华电集团有限公司(简称“华电”)牵头的电力装备产业质量创新联合体开展攻关。")
    assert ("LEADS", "宏远光电", "湖州市光电产业质量创新联合体") in rels
    assert ("LEADS", "华电", "电力装备产业质量创新联合体") in rels


def test_quoted_finance_programme_is_led_and_supports_the_chain():
    ents, rels = extract_sets("海宁市市场监管局推出“潮质贷”质量金融服务,为皮革产业链上企业授信3亿元。")
    assert ("Platform", "潮质贷") in ents
    assert ("LEADS", "海宁市市场监督管理局", "潮质贷") in rels
    assert ("SUPPORTS", "海宁市市场监督管理局", "皮革产业链") in rels


# ---- SUPPORTS
def test_supports_under_help():
    _, rels = extract_sets("在国家知识产权局的定点帮扶下,安吉白茶产业链快速发展。")
    assert ("SUPPORTS", "国家知识产权局", "白茶产业链") in rels


def test_support_trigger_from_subject():
    _, rels = extract_sets("江西省还赋能中药产业绿色发展。")
    assert ("SUPPORTS", "江西省人民政府", "中药产业链") in rels


def test_support_granted_to_the_included_chain():
    _, rels = extract_sets("浙江省市场监督管理局将衢州光伏产业链列为全省质量强链重点培育项目,并安排专项资金予以支持。")
    assert ("COVERS", "浙江省市场监督管理局", "光伏产业链") in rels
    assert ("SUPPORTS", "浙江省市场监督管理局", "光伏产业链") in rels


def test_report_issuing_centre_supports_and_build_location_does_not():
    _, rels = extract_sets("国家锂电池产品质量检验检测中心（江西）年均为锂电池产业链上企业出具检测报告1.2万份。"
                           "濂溪区市场监管局在九江锂电产业园建成锂电池产业质量基础设施一站式服务站，"
                           "为远达锂业等锂电池产业链上企业提供检测服务。")
    assert ("SUPPORTS", "国家锂电池产品质量检验检测中心(江西)", "锂电池产业链") in rels
    assert ("SUPPORTS", "锂电池产业质量基础设施一站式服务站", "远达锂业") in rels
    assert ("MEMBER_OF", "远达锂业", "锂电池产业链") in rels
    assert not any(r[1] == "九江锂电产业园" for r in rels)


# ---- MEMBER_OF
def test_chain_member():
    _, rels = extract_sets("链员企业恒达零件在汽车产业链中承担配套任务。")
    assert ("MEMBER_OF", "恒达零件", "汽车产业链") in rels


def test_plain_enterprise_list_on_a_chain_gets_members_and_support():
    ents, rels = extract_sets("衢州市产品质量监督检验所建设的国家光伏产品质量检验检测中心(浙江),"
                              "为光伏产业链上华宇科技、博远智能等企业提供检测认证服务。")
    centre = "国家光伏产品质量检验检测中心(浙江)"
    assert ("Platform", "衢州市产品质量监督检验所") in ents
    assert ("LEADS", "衢州市产品质量监督检验所", centre) in rels
    assert {("SUPPORTS", centre, "光伏产业链"), ("SUPPORTS", centre, "华宇科技"),
            ("MEMBER_OF", "博远智能", "光伏产业链")} <= rels
    assert ("SUPPORTS", "衢州市产品质量监督检验所", "华宇科技") not in rels


def test_mixed_member_list_of_institutions_and_enterprises():
    ents, rels = extract_sets("南方锂电作为锂电池产业链链主企业，牵头组建九江市锂电池产业质量创新联合体，"
                              "联合江北稀土研究院、江南理工大学以及瑞和磁材、德思特等20家上下游单位开展攻关。")
    assert ("MEMBER_OF", "瑞和磁材", "锂电池产业链") in rels
    assert ("MEMBER_OF", "德思特", "锂电池产业链") in rels
    assert ("Enterprise", "江北稀土研究院") not in ents


# ---- subject carry-over and headlines
def test_consortium_opening_a_sentence_is_not_the_city_government():
    _, rels = extract_sets("九江市出台《九江市质量强链方案》。\n"
                           "南方锂电牵头组建九江市锂电池产业质量创新联合体。\n"
                           "联合体成立以来，已攻克关键质量问题12项，牵头制定团体标准《锂电池隔膜 一致性评价方法》。")
    assert not any(r[0] == "ISSUED" and r[2].startswith("锂电池隔膜") and r[1] == "九江市人民政府" for r in rels)


def test_headline_states_no_relation():
    _, rels = extract_sets("衢州:以质量强链赋能光伏和茶叶产业\n衢州市聚焦光伏、茶叶等重点产业链推进质量提升。")
    assert not any(r[0] == "SUPPORTS" for r in rels)
    assert ("COVERS", "衢州市人民政府", "光伏产业链") in rels
