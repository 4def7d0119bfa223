"""Rules restated as patterns of Chinese policy prose, each proved on sentences of different wording written
for these tests (no dev-article sentence): counted co-issuer lists, campaigns named after a chain, the chair
unit of an alliance, organs written before a title, and the limits of the subject-verb rules."""
from extract_helpers import extract_sets


def test_a_counted_list_of_bare_regions_co_issues_with_its_lead_province():
    _, rels = extract_sets("江苏省会同安徽、浙江等三省联合发布《长江下游船舶产业链质量协作方案》。")
    for gov in ("江苏省人民政府", "安徽省人民政府", "浙江省人民政府"):
        assert ("ISSUED", gov, "长江下游船舶产业链质量协作方案") in rels
    _, rels = extract_sets("湖北省人民政府与湖南、江西两省共同签署《中部地区汽车产业链质量合作协议》。")
    for gov in ("湖北省人民政府", "湖南省人民政府", "江西省人民政府"):
        assert ("ISSUED", gov, "中部地区汽车产业链质量合作协议") in rels


def test_an_uncounted_list_or_no_issuing_verb_is_not_a_co_issuer_list():
    _, rels = extract_sets("江苏省会同安徽、浙江开展调研,并学习《长江下游船舶产业链质量协作方案》。")
    assert not [r for r in rels if r[0] == "ISSUED" and r[1] in ("安徽省人民政府", "浙江省人民政府")]


def test_a_campaign_named_after_a_chain_is_covered_by_the_body_launching_it():
    _, rels = extract_sets("去年,昆明市市场监管局组织开展花卉产业链质量攻坚行动。")
    assert ("COVERS", "昆明市市场监督管理局", "花卉产业链") in rels
    _, rels = extract_sets("泉州市人民政府部署鞋服产业链标准化试点,力争三年见效。")
    assert ("COVERS", "泉州市人民政府", "鞋服产业链") in rels


def test_a_support_campaign_supports_the_chain_and_a_research_visit_is_no_campaign():
    _, rels = extract_sets("今年,昆明市市场监管局开展花卉产业链质量帮扶行动。")
    assert ("SUPPORTS", "昆明市市场监督管理局", "花卉产业链") in rels
    _, rels = extract_sets("泉州市人民政府启动鞋服产业链质量服务活动。")
    assert ("SUPPORTS", "泉州市人民政府", "鞋服产业链") in rels
    _, rels = extract_sets("近日,昆明市市场监管局赴企业开展花卉产业链质量调研。")
    assert not [r for r in rels if r[1] == "昆明市市场监督管理局" and r[2] == "花卉产业链"]


def test_the_chair_unit_of_an_alliance_leads_it_in_either_order():
    _, rels = extract_sets("华东轴承产业质量联盟成立大会召开,会长单位为瓦房店轴承集团有限公司。")
    assert any(r[0] == "LEADS" and r[1].startswith("瓦房店轴承") and r[2] == "华东轴承产业质量联盟" for r in rels)
    _, rels = extract_sets("西北光伏产业链创新联盟在西宁揭牌,青海丽豪清能股份有限公司当选为联盟理事长单位。")
    assert any(r[0] == "LEADS" and r[1].startswith("青海丽豪") and r[2] == "西北光伏产业链创新联盟" for r in rels)


def test_organs_written_right_before_a_title_issued_it():
    _, rels = extract_sets("全省认真落实中共江苏省委、江苏省人民政府《江苏省质量强省建设纲要》部署。")
    assert ("ISSUED", "中共江苏省委员会", "江苏省质量强省建设纲要") in rels
    assert ("ISSUED", "江苏省人民政府", "江苏省质量强省建设纲要") in rels
    _, rels = extract_sets("按照工业和信息化部的《工业领域质量提升指南》,该市开展对标。")
    assert ("ISSUED", "中华人民共和国工业和信息化部", "工业领域质量提升指南") in rels or \
        any(r[0] == "ISSUED" and r[1].endswith("工业和信息化部") for r in rels)
