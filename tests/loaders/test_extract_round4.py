"""Round-4 generalization rules, on invented sentences of the genre (not the seeds, not the dev articles)."""
from graph.model import Article
from loaders.clean import clean
from loaders.extract import extract


def _x(text: str):
    ex = extract(clean(Article(id="t", path="t.txt", text=text)))
    ents = {(e.type, e.name) for e in ex.entities}
    rels = {(r.type, r.source, r.target) for r in ex.relations}
    return ents, rels


# ---- entity boundaries and names
def test_left_affixes_are_stripped_from_platform_names():
    ents, _ = _x("九江市锂电池产业质量创新联合体吸纳江南理工大学和上下游30家单位。")
    assert ("Platform", "江南理工大学") in ents
    assert ("Platform", "吸纳江南理工大学") not in ents


def test_regional_inspection_centre_keeps_its_region_name():
    ents, _ = _x("九江市锂电池产业质量创新联合体吸纳江南理工大学、宿州市检验检测中心和上下游30家单位。")
    assert ("Platform", "宿州市检验检测中心") in ents


def test_legal_name_with_inner_brackets_gives_the_short_name_only():
    ents, rels = _x("中国南方锂电（集团）新材料股份有限公司（以下简称“南方锂电”）作为锂电池产业链链主企业，"
                    "牵头组建九江市锂电池产业质量创新联合体。")
    companies = {n for t, n in ents if t == "Enterprise"}
    assert companies == {"南方锂电"}
    assert ("LEADS", "南方锂电", "锂电池产业链") in rels
    assert ("LEADS", "南方锂电", "九江市锂电池产业质量创新联合体") in rels


def test_bracketed_company_in_member_list_and_no_bare_suffix_entity():
    ents, rels = _x("在锂电池产业上，龙头企业恒光锂业（九江）有限公司牵头成立九江市锂电池产业质量联盟，"
                    "推动远达硅业、恒光新能源（九江）有限公司等15家配套企业统一质量管控标准。")
    companies = {n for t, n in ents if t == "Enterprise"}
    assert "有限公司" not in companies and "恒光锂业" not in companies
    assert len([n for n in companies if n.startswith("恒光锂业")]) == 1  # half/full-width brackets: one entity
    assert ("MEMBER_OF", "远达硅业", "锂电池产业链") in rels
    assert any(r[0] == "MEMBER_OF" and r[1].startswith("恒光新能源") for r in rels)


def test_conjunction_after_one_character_stays_inside_an_enterprise_name():
    ents, _ = _x("九江市检验检测中心为北方钢铁、祥和磁业等企业提供计量校准服务。")
    assert ("Enterprise", "祥和磁业") in ents
    assert ("Enterprise", "磁业") not in ents


def test_mixed_member_list_of_institutions_and_enterprises():
    ents, rels = _x("南方锂电作为锂电池产业链链主企业，牵头组建九江市锂电池产业质量创新联合体，"
                    "联合江北稀土研究院、江南理工大学以及瑞和磁材、德思特等20家上下游单位开展攻关。")
    assert ("MEMBER_OF", "瑞和磁材", "锂电池产业链") in rels
    assert ("MEMBER_OF", "德思特", "锂电池产业链") in rels
    assert ("Enterprise", "江北稀土研究院") not in ents


def test_newer_organs_are_government_bodies():
    ents, rels = _x("九江市市场监管局联合市地方金融管理局推出“浔质贷”质量金融服务。"
                    "市数据局、市医疗保障局和市应急管理局参加了会议。")
    assert {("GovernmentBody", "九江市地方金融管理局"), ("GovernmentBody", "九江市数据局"),
            ("GovernmentBody", "九江市医疗保障局"), ("GovernmentBody", "九江市应急管理局")} <= ents
    assert ("LEADS", "九江市地方金融管理局", "浔质贷") in rels


# ---- chains outside the vocabulary
def test_chain_items_outside_the_vocabulary_from_list_topic_and_members():
    ents, _ = _x("分管副市长担任新能源汽车和信创产业链链长。在碳化硅领域，恒光锂业作为链主企业牵头攻关。"
                 "九江市检验检测中心为镁合金产业链上40余家企业提供检测服务。")
    assert {("Chain", "信创产业链"), ("Chain", "碳化硅产业链"), ("Chain", "镁合金产业链")} <= ents


def test_generic_stage_lists_are_not_chains():
    ents, _ = _x("促进设计、工艺、检测、应用等产业链上下游标准衔接。")
    assert not any(t == "Chain" for t, _ in ents)


def test_a_chain_named_before_is_not_cut_inside_a_platform_name():
    ents, rels = _x("在晶硅光伏产业上，龙头企业远达硅业牵头成立九江市晶硅光伏产业质量联盟。")
    assert ("Chain", "晶硅光伏产业链") in ents
    assert ("Chain", "光伏产业链") not in ents


def test_known_chain_written_again_before_chanye_is_found():
    _, rels = _x("九江市围绕锂电池、硅基新材料等产业链开展质量强链。"
                 "江西省人民政府将硅基新材料产业链质量提升纳入《江西省质量强省建设实施方案》重点任务。")
    assert ("COVERS", "江西省质量强省建设实施方案", "硅基新材料产业链") in rels
    assert ("COVERS", "江西省人民政府", "硅基新材料产业链") in rels


# ---- interview style and relations
_INTERVIEW = (
    "局长访谈｜以质量强链助推高质量发展\n"
    "——访江西省市场监督管理局党组书记、局长李明\n"
    "记者：请介绍一下我省质量强链工作。\n"
    "李明：今年以来，我局作为全省质量强链工作的牵头部门，今年4月联合省发展改革委、省工信厅和省科技厅印发"
    "《江西省重点产业链质量提升行动方案》，首批遴选锂电池、铜基新材料和光伏3条产业链开展质量强链行动。\n"
    "记者：下一步有何打算？\n"
    "李明：下一步，我们将围绕航空装备、电子信息等产业链持续发力。\n"
)


def test_interview_we_bureau_is_the_interviewees_organ_and_co_issuers_each_issue():
    ents, rels = _x(_INTERVIEW)
    doc = "江西省重点产业链质量提升行动方案"
    for organ in ("江西省市场监督管理局", "江西省发展和改革委员会", "江西省工业和信息化厅", "江西省科学技术厅"):
        assert ("ISSUED", organ, doc) in rels
    assert ("COVERS", doc, "锂电池产业链") in rels and ("COVERS", doc, "光伏产业链") in rels
    assert ("COVERS", "江西省市场监督管理局", "航空装备产业链") in rels
    assert not any(r[1] == "江西省人民政府" and r[0] == "COVERS" for r in rels)


def test_chain_chiefs_by_post_party_secretary_and_mayor_per_clause():
    _, rels = _x("九江市委、市政府出台《九江市重点产业链链长制实施办法》，由市委书记担任锂电池产业链链长，"
                 "市长担任光伏产业链链长。")
    assert ("LEADS", "中共九江市委员会", "锂电池产业链") in rels
    assert ("LEADS", "九江市人民政府", "光伏产业链") in rels
    assert ("LEADS", "中共九江市委员会", "光伏产业链") not in rels


def test_chain_chief_uses_the_city_of_its_own_paragraph():
    _, rels = _x("九江市出台《九江市链长制工作方案》，由市长担任锂电池产业链链长。\n"
                 "宜春市是锂电池产业的重要集聚区，宜春市市场监管局在宜春经济开发区建成锂电池产业服务站。\n"
                 "宜春市市场监管局为宜春的锂电池企业提供服务。宜春市还推出了质量提升计划。")
    assert ("LEADS", "九江市人民政府", "锂电池产业链") in rels
    assert ("LEADS", "宜春市人民政府", "锂电池产业链") not in rels


def test_this_bureau_before_a_co_issuer_list_is_the_bureau_named_earlier():
    _, rels = _x("九江市市场监管局深入推进质量强链。\n该局联合市发改委、市科技局印发《九江市质量强链行动方案》。")
    doc = "九江市质量强链行动方案"
    assert ("ISSUED", "九江市市场监督管理局", doc) in rels
    assert ("ISSUED", "九江市发展和改革委员会", doc) in rels
    assert ("ISSUED", "九江市科学技术局", doc) in rels


def test_passive_inclusion_by_an_organ_covers_the_chain():
    _, rels = _x("去年，九江锂电池产业链质量提升项目被国家市场监督管理总局纳入全国百个质量强链重点项目。")
    assert ("COVERS", "国家市场监督管理总局", "锂电池产业链") in rels


def test_lead_department_of_a_chain_leads_it():
    _, rels = _x("九江市市场监管局作为锂电池产业链质量强链牵头部门，建立三链联动工作机制。")
    assert ("LEADS", "九江市市场监督管理局", "锂电池产业链") in rels


def test_report_issuing_centre_supports_and_build_location_does_not():
    _, rels = _x("国家锂电池产品质量检验检测中心（江西）年均为锂电池产业链上企业出具检测报告1.2万份。"
                 "濂溪区市场监管局在九江锂电产业园建成锂电池产业质量基础设施一站式服务站，"
                 "为远达锂业等锂电池产业链上企业提供检测服务。")
    assert ("SUPPORTS", "国家锂电池产品质量检验检测中心(江西)", "锂电池产业链") in rels
    assert ("SUPPORTS", "锂电池产业质量基础设施一站式服务站", "远达锂业") in rels
    assert ("MEMBER_OF", "远达锂业", "锂电池产业链") in rels
    assert not any(r[1] == "九江锂电产业园" for r in rels)


def test_co_building_leads_the_platform():
    _, rels = _x("远达锂业作为锂电池产业链龙头企业，联合江南理工大学共建江西省锂电池质量技术创新中心。")
    assert ("LEADS", "远达锂业", "江西省锂电池质量技术创新中心") in rels


def test_consortium_opening_a_sentence_is_not_the_city_government():
    _, rels = _x("九江市出台《九江市质量强链方案》。\n"
                 "南方锂电牵头组建九江市锂电池产业质量创新联合体。\n"
                 "联合体成立以来，已攻克关键质量问题12项，牵头制定团体标准《锂电池隔膜 一致性评价方法》。")
    assert not any(r[0] == "ISSUED" and r[2].startswith("锂电池隔膜") and r[1] == "九江市人民政府" for r in rels)


def test_document_assigning_chain_chiefs_does_not_cover_by_mingque():
    _, rels = _x("九江市出台《九江市重点产业链链长制工作方案》，明确由市委、市政府主要领导担任锂电池产业链链长。")
    assert ("COVERS", "九江市重点产业链链长制工作方案", "锂电池产业链") not in rels
