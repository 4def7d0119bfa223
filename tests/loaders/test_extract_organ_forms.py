"""Organ forms of real notices (party offices, leading groups, park committees, short bureau forms, vertical
branches, co-acting regions), on invented sentences of the genre (never the seeds' or dev articles' sentences)."""
from extract_helpers import extract_sets


def test_party_committee_offices_short_and_full_forms():
    ents, _ = extract_sets("近日,中共湖州市委办公厅、湖州市人民政府办公厅印发《关于推进质量强市的实施意见》。"
                           "中共湖州市委员会宣传部参加会议。")
    assert ("GovernmentBody", "中共湖州市委员会办公厅") in ents
    assert ("GovernmentBody", "湖州市人民政府办公厅") in ents
    assert ("GovernmentBody", "中共湖州市委员会宣传部") in ents


def test_organs_opening_a_document_title_are_its_issuers():
    ents, _ = extract_sets("按照《中共衢州市委办公厅、衢州市人民政府办公厅关于印发衢州市质量提升方案的通知》要求推进。")
    assert {("GovernmentBody", "中共衢州市委员会办公厅"), ("GovernmentBody", "衢州市人民政府办公厅")} <= ents


def test_party_centre_and_provincial_committee_paired_with_government():
    ents, _ = extract_sets("湖州市认真贯彻落实党中央、国务院决策部署,落实省委、省政府工作要求。")
    assert ("GovernmentBody", "中共中央") in ents
    assert ("GovernmentBody", "中共浙江省委员会") in ents


def test_leading_group_takes_the_region_it_names_or_its_level():
    ents, _ = extract_sets("嘉兴市质量工作领导小组\n2024年3月1日")
    assert ("GovernmentBody", "嘉兴市质量工作领导小组") in ents
    ents, _ = extract_sets("省长主持召开质量强省工作领导小组会议。")
    assert not any(t == "GovernmentBody" and "主持" in n for t, n in ents)


def test_park_management_committee():
    ents, _ = extract_sets("联盟与临港新区管委会签署合作协议。")
    assert ("GovernmentBody", "临港新区管理委员会") in ents


def test_short_bureau_form_resolves_to_the_bureau_kind_of_the_article():
    ents, _ = extract_sets("衢州市市场监管局组织专家调研,丽水市局及各县局相关负责人参加。")
    assert ("GovernmentBody", "丽水市市场监督管理局") in ents


def test_regional_branch_of_a_national_vertical_organ():
    ents, _ = extract_sets("国家税务总局浙江省税务局、中国银保监会浙江监管局、中国人民银行杭州中心支行联合发文。")
    assert ("GovernmentBody", "国家税务总局浙江省税务局") in ents
    assert ("GovernmentBody", "中国银行保险监督管理委员会浙江监管局") in ents
    assert ("GovernmentBody", "中国人民银行杭州中心支行") in ents
    assert ("GovernmentBody", "国家税务总局") not in ents and ("GovernmentBody", "中国人民银行") not in ents


def test_bare_regions_acting_together_are_governments():
    ents, _ = extract_sets("甘肃省联合宁夏、新疆、内蒙古四省区共同签署质量合作协议。")
    for g in ("甘肃省人民政府", "宁夏回族自治区人民政府", "新疆维吾尔自治区人民政府", "内蒙古自治区人民政府"):
        assert ("GovernmentBody", g) in ents
    ents, _ = extract_sets("会上,安徽、江西两省联合印发方案。")
    assert {("GovernmentBody", "安徽省人民政府"), ("GovernmentBody", "江西省人民政府")} <= ents


def test_regions_listed_among_organs_as_responsible_units_are_governments():
    ents, _ = extract_sets("会上,杭州市统计局、余杭区及企业代表作交流发言。")
    assert ("GovernmentBody", "余杭区人民政府") in ents
    ents, _ = extract_sets("责任单位:成都市经信局、成都市商务局、武侯区、青羊区等。")
    assert {("GovernmentBody", "武侯区人民政府"), ("GovernmentBody", "青羊区人民政府")} <= ents


def test_regions_after_an_organ_naming_places_are_not_governments():
    ents, _ = extract_sets("成都市经信局、武侯区等地的企业参加培训。")
    assert ("GovernmentBody", "武侯区人民政府") not in ents
    ents, _ = extract_sets("成都市经信局赴武侯区调研。")
    assert ("GovernmentBody", "武侯区人民政府") not in ents


def test_organ_named_after_a_list_of_regions_is_that_organ_of_each():
    ents, _ = extract_sets("江苏省、浙江省和安徽省市场监管部门共同签署合作协议。宁波、温州市场监管局联合开展抽查。")
    for g in ("江苏省市场监督管理局", "浙江省市场监督管理局", "安徽省市场监督管理局", "宁波市市场监督管理局",
              "温州市市场监督管理局"):
        assert ("GovernmentBody", g) in ents
    assert ("GovernmentBody", "江苏省人民政府") not in ents


def test_short_bureau_forms_in_a_market_regulation_article_without_a_full_bureau_name():
    ents, _ = extract_sets("浙江省推进市场监管现代化。省局召开全省质量强链推进会,总局有关负责同志出席。")
    assert {("GovernmentBody", "浙江省市场监督管理局"), ("GovernmentBody", "国家市场监督管理总局")} <= ents


def test_short_bureau_forms_take_the_kind_of_the_bureau_last_named():
    ents, _ = extract_sets("记者从山东省市场监管局获悉,济南市局、青岛市局分别组建质量专家服务队。")
    assert {("GovernmentBody", "济南市市场监督管理局"), ("GovernmentBody", "青岛市市场监督管理局")} <= ents
    ents, _ = extract_sets("河南省税务局召开会议。郑州市局介绍了服务企业的做法,总局有关司局参加。")
    assert {("GovernmentBody", "郑州市税务局"), ("GovernmentBody", "国家税务总局")} <= ents
    assert ("GovernmentBody", "郑州市市场监督管理局") not in ents


def test_short_bureau_forms_need_a_bureau_kind_and_a_boundary():
    ents, _ = extract_sets("省局召开质量工作会议,各地积极响应。")
    assert not any(t == "GovernmentBody" and n.endswith("局") for t, n in ents)
    ents, _ = extract_sets("广西壮族自治区市场监管局推进质量强区建设,布局更趋合理,格局不断优化。")
    assert not any(t == "GovernmentBody" and n.startswith(("布", "格")) for t, n in ents)


def test_market_regulation_article_makes_sheng_ju_and_zong_ju_the_market_regulator():
    ents, _ = extract_sets("湖北省召开市场监管工作会议。会上,省局通报了质量强链进展,总局专家作辅导报告。")
    assert {("GovernmentBody", "湖北省市场监督管理局"), ("GovernmentBody", "国家市场监督管理总局")} <= ents
    ents, _ = extract_sets("湖北省召开质量工作会议。会上,省局通报了质量强链进展,总局专家作辅导报告。")
    assert ("GovernmentBody", "湖北省市场监督管理局") not in ents
