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


def test_a_clause_reporting_a_document_gives_the_scope_to_the_document_not_its_office():
    _, rels = extract_sets("3月5日,成都市人民政府办公厅印发《成都市质量强链实施意见》,提出将聚焦电子信息、生物医药两条产业链。")
    assert not [r for r in rels if r[0] == "COVERS" and r[1] in ("成都市人民政府办公厅", "成都市人民政府")]
    _, rels = extract_sets("今年,漳州市市场监管局深入贯彻《质量强国建设纲要》,围绕食品、家具等重点产业链开展质量提升。")
    assert ("COVERS", "漳州市市场监督管理局", "食品产业链") in rels  # 贯彻 a document: the actor sets the scope


def test_a_pivotal_verb_hands_the_scope_to_its_object():
    _, rels = extract_sets("湖州市市场监管局聚焦绿色家居产业链开展攻关,推动各区县确定竹木产业链、茶叶产业链作为重点。")
    assert ("COVERS", "湖州市市场监督管理局", "绿色家居产业链") in rels
    assert ("COVERS", "湖州市市场监督管理局", "竹木产业链") not in rels
    assert ("COVERS", "湖州市市场监督管理局", "茶叶产业链") not in rels


def test_a_platform_built_by_someone_unnamed_is_not_led_by_the_sentence_actor():
    _, rels = extract_sets("江门市市场监管局介绍,依托华南检测研究院建设的江门市水暖卫浴质量检测中心已投入运行。")
    assert not [r for r in rels if r[0] == "LEADS" and r[1] == "江门市市场监督管理局"]
    _, rels = extract_sets("海川重工主导制定多项标准,另一家铝企则联合长沙理工大学共建湖南铝型材联合实验室。")
    assert not [r for r in rels if r[0] == "LEADS" and r[1] == "海川重工"]
    _, rels = extract_sets("宁德市市场监管局指导链主企业建立宁德锂电池质量检测中心。")
    assert not [r for r in rels if r[0] == "LEADS" and r[1] == "宁德市市场监督管理局"]


def test_a_builder_joined_to_partners_in_a_later_clause_still_leads():
    _, rels = extract_sets("海川重工作为工程机械产业链链主企业,联合长沙理工大学共建湖南工程机械质量技术创新中心。")
    assert ("LEADS", "海川重工", "湖南工程机械质量技术创新中心") in rels


def test_support_after_a_pivotal_verb_belongs_to_its_object():
    _, rels = extract_sets("泰州市市场监管局指导链主企业建立供应商质量管理制度,带动配套企业海陵精工有限公司通过质量认证。")
    assert ("SUPPORTS", "泰州市市场监督管理局", "海陵精工有限公司") not in rels
    _, rels = extract_sets("泰州市市场监管局建立供应商质量管理制度,帮扶配套企业海陵精工有限公司通过质量认证。")
    assert ("SUPPORTS", "泰州市市场监督管理局", "海陵精工有限公司") in rels


def test_building_a_plural_of_a_kind_leads_no_named_platform():
    _, rels = extract_sets("苏州市市场监管局围绕重点产业,搭建一批检测认证公共服务平台。")
    assert not [r for r in rels if r[0] == "LEADS"]
    _, rels = extract_sets("苏州市市场监管局搭建苏州市检测认证公共服务平台。")
    assert ("LEADS", "苏州市市场监督管理局", "苏州市检测认证公共服务平台") in rels


def test_fenbie_pairs_the_servers_with_the_served_in_order():
    _, rels = extract_sets("国家轨道交通装备质量检验检测中心(湖南)、株洲市计量测试研究院分别为轨道交通、风电装备产业链提供检测服务。")
    sup = {r for r in rels if r[0] == "SUPPORTS"}
    assert ("SUPPORTS", "国家轨道交通装备质量检验检测中心(湖南)", "轨道交通产业链") in sup
    assert ("SUPPORTS", "株洲市计量测试研究院", "风电装备产业链") in sup
    assert ("SUPPORTS", "国家轨道交通装备质量检验检测中心(湖南)", "风电装备产业链") not in sup
    assert ("SUPPORTS", "株洲市计量测试研究院", "轨道交通产业链") not in sup


def test_the_platform_built_on_a_base_is_what_serves():
    _, rels = extract_sets("依托湘潭大学检测研究院(简称“湘检院”)建设的湘潭市新材料质量检验检测中心,为新材料产业链企业提供检测服务。")
    assert ("SUPPORTS", "湘潭市新材料质量检验检测中心", "新材料产业链") in rels
    assert not [r for r in rels if r[0] == "SUPPORTS" and r[1].startswith("湘潭大学")]


def test_a_by_agent_that_is_no_organ_leaves_the_document_unissued_by_organs():
    text = ("绵阳市人民政府持续推进质量强链。由西部光电产业质量创新联合体牵头制定的团体标准《光学镜头质量分级规范》已正式发布。")
    _, rels = extract_sets(text)
    assert not [r for r in rels if r[0] == "ISSUED" and r[2] == "光学镜头质量分级规范"]
    _, rels = extract_sets("绵阳市人民政府持续推进质量强链。由绵阳市市场监管局牵头制定的《绵阳市光电产业链质量提升方案》已印发。")
    assert ("ISSUED", "绵阳市市场监督管理局", "绵阳市光电产业链质量提升方案") in rels
