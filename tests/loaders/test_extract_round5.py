"""Round-5 rules: the complete region data, news-brief items, towns, 双链长, work summaries, finance products,
junk enterprise names — on invented sentences of the genre (not the seeds, not the dev articles)."""
import csv

from graph.model import Article
from loaders.clean import clean
from loaders.data import make_regions
from loaders.extract import extract
from loaders.vocab import region_hits, vocab


def _x(text: str):
    ex = extract(clean(Article(id="t", path="t.txt", text=text)))
    ents = {(e.type, e.name) for e in ex.entities}
    rels = {(r.type, r.source, r.target) for r in ex.relations}
    return ents, rels


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


# ---- news-brief items, towns, chain chiefs
def test_news_brief_item_resolves_city_words_to_its_county_level_city():
    _, rels = _x("绥化：县域质量强链见成效\n\n绥化市市场监管局推进质量强链工作。绥化市聚焦绿色食品产业。\n\n"
                 "【海伦市】医药链条质量升级\n\n海伦市由市委书记、市长共同担任生物医药产业链“双链长”，推动质量提升。")
    assert ("LEADS", "海伦市人民政府", "生物医药产业链") in rels
    assert ("LEADS", "中共海伦市委员会", "生物医药产业链") in rels
    assert not [r for r in rels if r[1] == "绥化市人民政府" and r[2] == "生物医药产业链" and r[0] == "LEADS"]


def test_district_party_committee_and_government_both_lead_as_double_chief():
    _, rels = _x("济南市槐荫区围绕生物医药产业链出台《槐荫区生物医药产业链提升计划》，"
                 "明确由区委、区政府主要负责同志担任“双链长”。")
    assert ("LEADS", "槐荫区人民政府", "生物医药产业链") in rels
    assert ("LEADS", "中共济南市槐荫区委员会", "生物医药产业链") in rels


def test_town_as_subject_and_town_head_as_chain_chief():
    ents, rels = _x("佛山市推进质量强链。西樵镇则把纺织服装产业链作为主攻方向，镇长亲自担任链长。")
    assert ("GovernmentBody", "西樵镇人民政府") in ents
    assert ("LEADS", "西樵镇人民政府", "纺织服装产业链") in rels


def test_generic_town_words_are_no_towns():
    ents, _ = _x("佛山市推进质量强链。各乡镇积极推进质量提升，重点镇建成服务站。")
    assert not [n for t, n in ents if t == "GovernmentBody" and "镇人民政府" in n]


# ---- work summaries, finance products, responsibility for chains
def test_work_summary_we_bureau_is_the_title_organ():
    _, rels = _x("南通市市场监督管理局2024年质量强链工作总结\n\n"
                 "我局牵头负责船舶海工、高端纺织2条产业链的质量强链工作。"
                 "我局会同市科技局联合印发《南通市质量强链实施方案》。")
    assert ("LEADS", "南通市市场监督管理局", "船舶海工产业链") in rels
    assert ("LEADS", "南通市市场监督管理局", "高端纺织产业链") in rels
    assert ("ISSUED", "南通市市场监督管理局", "南通市质量强链实施方案") in rels


def test_coined_finance_product_and_central_bank_branch_lead_it():
    ents, rels = _x("南通市市场监管局联合中国人民银行南通市分行推出“通质贷”，为船舶海工等产业链上的企业授信12亿元。")
    assert ("GovernmentBody", "中国人民银行南通市分行") in ents
    assert ("GovernmentBody", "中国人民银行") not in ents
    assert ("Platform", "通质贷") in ents
    assert ("LEADS", "南通市市场监督管理局", "通质贷") in rels
    assert ("LEADS", "中国人民银行南通市分行", "通质贷") in rels


def test_bureau_responsible_for_the_chain_just_named():
    _, rels = _x("南通市委、市政府主要领导担任船舶海工产业链“双链长”，市市场监管局牵头负责产业链质量提升工作。")
    assert ("LEADS", "南通市人民政府", "船舶海工产业链") in rels
    assert ("LEADS", "中共南通市委员会", "船舶海工产业链") in rels
    assert ("LEADS", "南通市市场监督管理局", "船舶海工产业链") in rels


# ---- enterprises and chains
def test_time_words_role_nouns_and_products_are_no_enterprises():
    ents, _ = _x("南通市推进质量强链。“标准统一了。”海澜纺织副总说，今年上半年集团退货率下降。"
                 "将上游电芯结构件等187家供应商纳入统一质量管控体系。")
    names = {n for t, n in ents if t == "Enterprise"}
    assert not [n for n in names if n.startswith("今年") or n.endswith("结构件") or n == "链主"]


def test_company_after_chain_master_words_leads_the_chain():
    _, rels = _x("南通市船舶海工产业链链主企业南通远洋重工股份有限公司（简称“远洋重工”）"
                 "与江海大学共建船舶焊接质量联合实验室。")
    assert ("LEADS", "远洋重工", "船舶海工产业链") in rels
    assert ("LEADS", "远洋重工", "船舶焊接质量联合实验室") in rels


def test_as_chain_master_clause_before_the_enterprise():
    _, rels = _x("“质量要一直延伸到供应商。”南通远洋重工有限公司（简称“远洋重工”）经理说。"
                 "作为船舶海工产业链的链主企业，远洋重工牵头组建南通市船舶质量创新联合体。")
    assert ("LEADS", "远洋重工", "船舶海工产业链") in rels


def test_chain_names_extend_past_a_vocabulary_word_and_keep_类():
    ents, _ = _x("南通市联合服装服饰产业链链主企业制定标准。海门区聚焦乳制品、肉类加工两大主导产业链。")
    chains = {n for t, n in ents if t == "Chain"}
    assert "服装服饰产业链" in chains and "肉类加工产业链" in chains
    assert "加工产业链" not in chains


def test_industries_listed_before_chain_members_are_no_enterprises():
    ents, _ = _x("南通市推出“通质贷”，已为船舶海工、家纺服饰等产业链上的120家企业授信9亿元。")
    assert ("Platform", "通质贷") in ents
    assert not [n for t, n in ents if t == "Enterprise"]
