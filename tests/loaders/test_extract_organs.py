"""Government bodies and regions, on invented sentences of the genre (never the seeds' or dev articles' sentences)."""
import csv

from loaders.data import make_regions
from loaders.vocab import region_hits, vocab

from extract_helpers import extract_sets


# ---- government bodies
def test_bare_region_subject_is_its_government_and_issues_documents():
    ents, rels = extract_sets("近年来,杭州市先后出台《杭州市质量强市建设方案》《杭州市标准化条例》等文件。")
    assert ("GovernmentBody", "杭州市人民政府") in ents
    assert ("ISSUED", "杭州市人民政府", "杭州市质量强市建设方案") in rels
    assert ("ISSUED", "杭州市人民政府", "杭州市标准化条例") in rels


def test_unqualified_provincial_bureau_resolves_to_article_province():
    ents, rels = extract_sets("四川:推进质量强链\n四川省大力推进质量工作。省市场监管局印发《四川省质量强链工作指南》。")
    assert ("GovernmentBody", "四川省市场监督管理局") in ents
    assert ("ISSUED", "四川省市场监督管理局", "四川省质量强链工作指南") in rels


def test_national_organs_and_congress_standing_committee():
    ents, _ = extract_sets("国务院印发《示例纲要》。河南省人大常委会表决通过《河南省质量促进条例》。")
    assert ("GovernmentBody", "国务院") in ents
    assert ("GovernmentBody", "河南省人民代表大会常务委员会") in ents


def test_newer_organs_are_government_bodies():
    ents, rels = extract_sets("九江市市场监管局联合市地方金融管理局推出“浔质贷”质量金融服务。"
                              "市数据局、市医疗保障局和市应急管理局参加了会议。")
    assert {("GovernmentBody", "九江市地方金融管理局"), ("GovernmentBody", "九江市数据局"),
            ("GovernmentBody", "九江市医疗保障局"), ("GovernmentBody", "九江市应急管理局")} <= ents
    assert ("LEADS", "九江市地方金融管理局", "浔质贷") in rels


def test_press_office_and_economic_promotion_bureau_are_organs():
    ents, _ = extract_sets("浙江省人民政府新闻办公室举行新闻发布会。吴兴区市场监管局会同区经济促进局制定《吴兴区质量强链扶持办法》。")
    assert ("GovernmentBody", "浙江省人民政府新闻办公室") in ents
    assert ("GovernmentBody", "湖州市吴兴区经济促进局") in ents or ("GovernmentBody", "吴兴区经济促进局") in ents


# ---- region data
def test_region_data_is_complete_with_prefecture_column():
    v = vocab()
    assert len([r for r in v.regions.values() if r.level == "county"]) > 2500
    r = v.regions["宾县"]
    assert (r.level, r.province, r.city) == ("county", "黑龙江省", "哈尔滨市")
    assert v.regions["鼓楼区"].province == ""  # a name used in several provinces: resolved by context
    assert "城区" not in v.regions and "市辖区" not in v.regions and "新区" not in v.regions


def test_short_forms_only_for_county_level_cities_and_not_common_words():
    v = vocab()
    assert v.regions["尚志"].name == "尚志市"  # county-level city: short form anywhere
    assert "延长" not in v.regions and "比如" not in v.regions  # common words (stoplist)
    assert "双城" not in v.regions  # a district has no general short form
    assert "双城" in v.conditional  # … only in an article that names 双城区


def test_conditional_short_form_counts_only_where_the_full_county_is_named():
    text = "衡东黄花菜产业链质量提升"
    assert not [h for h in region_hits(text) if h[2].name == "衡东县"]
    assert [h for h in region_hits(text, frozenset({"衡东县"})) if h[2].name == "衡东县"]


def test_two_character_county_name_is_not_read_inside_a_word():
    assert not region_hits("由副市长担任县长助理")  # 任县 is no place here
    assert [h[2].name for h in region_hits("宾县市场监管局联合")] == ["宾县"]


def test_make_regions_generates_levels_prefectures_and_blanks_ambiguous_names(tmp_path):
    path = tmp_path / "adcodes.csv"
    rows = [("230000000000", "黑龙江省"), ("230100000000", "哈尔滨市"), ("230125000000", "宾县"),
            ("230101000000", "市辖区"), ("230102000000", "道里区"), ("320000000000", "江苏省"),
            ("320100000000", "南京市"), ("320106000000", "鼓楼区"), ("350000000000", "福建省"),
            ("350100000000", "福州市"), ("350102000000", "鼓楼区"), ("350103000000", "城区")]
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["adcode", "name", "longitude", "latitude"])
        w.writerows((a, n, "0", "0") for a, n in rows)
    text = make_regions.generate(path)
    lines = [ln.split("\t") for ln in text.splitlines() if not ln.startswith("#")]
    by_name = {ln[0]: ln for ln in lines}
    assert by_name["宾县"] == ["宾县", "county", "黑龙江省", "哈尔滨市"]
    assert by_name["哈尔滨市"] == ["哈尔滨市", "city", "黑龙江省", ""]
    assert by_name["鼓楼区"] == ["鼓楼区", "county", "", ""]
    assert "城区" not in by_name and "市辖区" not in by_name
    assert text == make_regions.generate(path)  # deterministic


# ---- news-brief items and towns
def test_news_brief_item_resolves_city_words_to_its_county_level_city():
    _, rels = extract_sets("绥化：县域质量强链见成效\n\n绥化市市场监管局推进质量强链工作。绥化市聚焦绿色食品产业。\n\n"
                           "【海伦市】医药链条质量升级\n\n海伦市由市委书记、市长共同担任生物医药产业链“双链长”，推动质量提升。")
    assert ("LEADS", "海伦市人民政府", "生物医药产业链") in rels
    assert ("LEADS", "中共海伦市委员会", "生物医药产业链") in rels
    assert not [r for r in rels if r[1] == "绥化市人民政府" and r[2] == "生物医药产业链" and r[0] == "LEADS"]


def test_town_as_subject_and_town_head_as_chain_chief():
    ents, rels = extract_sets("佛山市推进质量强链。西樵镇则把纺织服装产业链作为主攻方向，镇长亲自担任链长。")
    assert ("GovernmentBody", "西樵镇人民政府") in ents
    assert ("LEADS", "西樵镇人民政府", "纺织服装产业链") in rels


def test_generic_town_words_are_no_towns():
    ents, _ = extract_sets("佛山市推进质量强链。各乡镇积极推进质量提升，重点镇建成服务站。")
    assert not [n for t, n in ents if t == "GovernmentBody" and "镇人民政府" in n]


# ---- anaphora: 我局, 该局, 该县, 该市
def test_unlisted_district_organ_and_bureau_anaphora():
    ents, rels = extract_sets("衢州市推进质量强链。鹤鸣区市场监管局在茶叶产业园建成茶叶质量基础设施一站式服务站。"
                              "该局还推出“鹤质贷”质量金融服务,为茶叶产业链上中小企业授信2亿元。")
    bureau = "鹤鸣区市场监督管理局"
    assert ("GovernmentBody", bureau) in ents
    assert ("LEADS", bureau, "鹤质贷") in rels
    assert ("SUPPORTS", bureau, "茶叶产业链") in rels
    assert not any(r[1] == "衢州市市场监督管理局" for r in rels)


def test_county_and_city_anaphora_take_the_last_named_region():
    ents, rels = extract_sets("衢州市推进质量强链。禾丰县是衢州光伏产业重要承载地,该县市场监管局建成光伏产业质量服务站。"
                              "义乌市市场监管局推出“义质贷”质量金融服务。该市还建成义乌市小商品产业质量服务站。")
    assert ("LEADS", "禾丰县市场监督管理局", "光伏产业质量服务站") in rels
    assert ("LEADS", "义乌市人民政府", "义乌市小商品产业质量服务站") in rels
    assert not any(r[0] == "LEADS" and r[1] == "衢州市人民政府" for r in rels)


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
    ents, rels = extract_sets(_INTERVIEW)
    doc = "江西省重点产业链质量提升行动方案"
    for organ in ("江西省市场监督管理局", "江西省发展和改革委员会", "江西省工业和信息化厅", "江西省科学技术厅"):
        assert ("ISSUED", organ, doc) in rels
    assert ("COVERS", doc, "锂电池产业链") in rels and ("COVERS", doc, "光伏产业链") in rels
    assert ("COVERS", "江西省市场监督管理局", "航空装备产业链") in rels
    assert not any(r[1] == "江西省人民政府" and r[0] == "COVERS" for r in rels)


def test_this_bureau_before_a_co_issuer_list_is_the_bureau_named_earlier():
    _, rels = extract_sets("九江市市场监管局深入推进质量强链。\n该局联合市发改委、市科技局印发《九江市质量强链行动方案》。")
    doc = "九江市质量强链行动方案"
    assert ("ISSUED", "九江市市场监督管理局", doc) in rels
    assert ("ISSUED", "九江市发展和改革委员会", doc) in rels
    assert ("ISSUED", "九江市科学技术局", doc) in rels


def test_work_summary_we_bureau_is_the_title_organ():
    _, rels = extract_sets("南通市市场监督管理局2024年质量强链工作总结\n\n"
                           "我局牵头负责船舶海工、高端纺织2条产业链的质量强链工作。"
                           "我局会同市科技局联合印发《南通市质量强链实施方案》。")
    assert ("LEADS", "南通市市场监督管理局", "船舶海工产业链") in rels
    assert ("LEADS", "南通市市场监督管理局", "高端纺织产业链") in rels
    assert ("ISSUED", "南通市市场监督管理局", "南通市质量强链实施方案") in rels


# ---- chain chiefs (链长) and their organs
def test_chain_chief_only_for_role_uses_and_named_chiefs():
    _, rels = extract_sets("衢州市坚持“链长+链主”双轮驱动,聚焦汽车、钢铁等优势产业。"
                           "衢州市出台《衢州市重点产业链链长制工作方案》,明确由市委、市政府主要领导担任光伏产业链链长,"
                           "其中茶叶产业链由市长亲自担任链长。")
    assert ("LEADS", "中共衢州市委员会", "光伏产业链") in rels
    assert ("LEADS", "衢州市人民政府", "光伏产业链") in rels
    assert ("LEADS", "衢州市人民政府", "茶叶产业链") in rels
    assert ("LEADS", "衢州市人民政府", "汽车产业链") not in rels
    assert ("LEADS", "中共衢州市委员会", "茶叶产业链") not in rels


def test_chain_chiefs_by_post_party_secretary_and_mayor_per_clause():
    _, rels = extract_sets("九江市委、市政府出台《九江市重点产业链链长制实施办法》，由市委书记担任锂电池产业链链长，"
                           "市长担任光伏产业链链长。")
    assert ("LEADS", "中共九江市委员会", "锂电池产业链") in rels
    assert ("LEADS", "九江市人民政府", "光伏产业链") in rels
    assert ("LEADS", "中共九江市委员会", "光伏产业链") not in rels


def test_chain_chief_uses_the_city_of_its_own_paragraph():
    _, rels = extract_sets("九江市出台《九江市链长制工作方案》，由市长担任锂电池产业链链长。\n"
                           "宜春市是锂电池产业的重要集聚区，宜春市市场监管局在宜春经济开发区建成锂电池产业服务站。\n"
                           "宜春市市场监管局为宜春的锂电池企业提供服务。宜春市还推出了质量提升计划。")
    assert ("LEADS", "九江市人民政府", "锂电池产业链") in rels
    assert ("LEADS", "宜春市人民政府", "锂电池产业链") not in rels


def test_district_party_committee_and_government_both_lead_as_double_chief():
    _, rels = extract_sets("济南市槐荫区围绕生物医药产业链出台《槐荫区生物医药产业链提升计划》，"
                           "明确由区委、区政府主要负责同志担任“双链长”。")
    assert ("LEADS", "槐荫区人民政府", "生物医药产业链") in rels
    assert ("LEADS", "中共济南市槐荫区委员会", "生物医药产业链") in rels
