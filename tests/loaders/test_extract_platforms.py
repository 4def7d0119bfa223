"""Platforms (Platform), on invented sentences of the genre (never the seeds' or dev articles' sentences)."""
from extract_helpers import extract_sets


# ---- platform names
def test_platform_kind_suffix_and_region_prefix_kept():
    ents, rels = extract_sets("宁波市建成了宁波市模具产业计量测试中心,赋能模具产业发展。")
    assert ("Platform", "宁波市模具产业计量测试中心") in ents
    assert ("LEADS", "宁波市人民政府", "宁波市模具产业计量测试中心") in rels


def test_national_platform_name_keeps_its_conjunction():
    ents, rels = extract_sets("国家光伏及储能产品质量检验检测中心(江苏)为新型储能产业链企业提供检测服务。")
    assert ("Platform", "国家光伏及储能产品质量检验检测中心(江苏)") in ents
    assert ("SUPPORTS", "国家光伏及储能产品质量检验检测中心(江苏)", "新型储能产业链") in rels


def test_regional_branch_of_an_institute_is_kept_whole():
    ents, rels = extract_sets("浙江省计量科学研究院衢州分院建成浙江省光伏产业计量测试中心。")
    assert ("Platform", "浙江省计量科学研究院衢州分院") in ents
    assert ("LEADS", "浙江省计量科学研究院衢州分院", "浙江省光伏产业计量测试中心") in rels


def test_left_affixes_are_stripped_from_platform_names():
    ents, _ = extract_sets("九江市锂电池产业质量创新联合体吸纳江南理工大学和上下游30家单位。")
    assert ("Platform", "江南理工大学") in ents
    assert ("Platform", "吸纳江南理工大学") not in ents


def test_regional_inspection_centre_keeps_its_region_name():
    ents, _ = extract_sets("九江市锂电池产业质量创新联合体吸纳江南理工大学、宿州市检验检测中心和上下游30家单位。")
    assert ("Platform", "宿州市检验检测中心") in ents


def test_universities_named_after_a_region_are_platforms():
    ents, _ = extract_sets("温州大学与温州市市场监管局共建温州鞋服质量技术研究院。")
    assert ("Platform", "温州大学") in ents
    assert ("Platform", "温州鞋服质量技术研究院") in ents


# ---- quoted programmes and finance products
def test_quoted_programme_with_head_noun_is_platform():
    ents, rels = extract_sets("嘉兴市创新推出“禾质贷”金融产品,为企业提供信贷支持。")
    assert ("Platform", "禾质贷") in ents
    assert ("LEADS", "嘉兴市人民政府", "禾质贷") in rels


def test_verb_before_a_quoted_platform_name_is_not_part_of_it():
    ents, _ = extract_sets("湖州市市场监督管理局还上线“湖质通”线上服务平台,集成标准查询等服务。")
    assert ("Platform", "湖质通") in ents
    assert not any(t == "Platform" and n.startswith("上线") for t, n in ents)


def test_coined_finance_product_and_central_bank_branch_lead_it():
    ents, rels = extract_sets("南通市市场监管局联合中国人民银行南通市分行推出“通质贷”，为船舶海工等产业链上的企业授信12亿元。")
    assert ("GovernmentBody", "中国人民银行南通市分行") in ents
    assert ("GovernmentBody", "中国人民银行") not in ents
    assert ("Platform", "通质贷") in ents
    assert ("LEADS", "南通市市场监督管理局", "通质贷") in rels
    assert ("LEADS", "中国人民银行南通市分行", "通质贷") in rels


# ---- what is not a platform
def test_generic_heads_and_counts_are_not_platforms():
    ents, _ = extract_sets("全省建成质量创新联合体28个,拥有国检中心25家、12个省级质检中心。")
    assert not any(t == "Platform" for t, _ in ents)


# ---- platform anaphora (该中心)
def test_platform_anaphora_gai_zhongxin():
    _, rels = extract_sets("衢州市市场监管局牵头建设国家茶叶产品质量检验检测中心(浙江)。"
                           "该中心已为全市茶叶产业链上200余家企业提供检测服务。")
    assert ("SUPPORTS", "国家茶叶产品质量检验检测中心(浙江)", "茶叶产业链") in rels


def test_verbs_and_plan_periods_are_not_part_of_platform_names():
    ents, _ = extract_sets("建立并完善总平台。“十二五”时期国家质检中心作用凸显。汇聚了70%以上的省级以上创新平台,构建创新生态圈。")
    names = {n for t, n in ents if t == "Platform"}
    assert not any(n.startswith(("完善", "上创新")) for n in names)
    assert "十二五" not in names and "创新生态圈" not in names


def test_level_character_institution_takes_the_article_city():
    ents, _ = extract_sets("泉州市推进计量服务进园区。泉州市市场监管局和市计量所联合开展上门检定。")
    assert ("Platform", "泉州市计量所") in ents
    ents, _ = extract_sets("绍兴市印发质量提升方案。由市检验检测中心牵头组建纺织检测联盟。")
    assert ("Platform", "绍兴市检验检测中心") in ents


def test_level_character_inside_a_word_takes_no_region():
    ents, _ = extract_sets("绍兴市印发方案,推动城市检验检测中心建设。")
    assert ("Platform", "绍兴市检验检测中心") not in ents


def test_bracket_naming_an_industry_qualifies_the_platform_before_it():
    ents, _ = extract_sets("贵阳市大数据孵化中心(软件和信息服务产业)正式挂牌。")
    assert ("Platform", "贵阳市大数据孵化中心(软件和信息服务产业)") in ents
    ents, _ = extract_sets("烟台市检验检测中心(海洋装备产业)为企业提供检测服务,同时设立潍坊市智能农机孵化中心(农机产业)。")
    assert {("Platform", "烟台市检验检测中心(海洋装备产业)"), ("Platform", "潍坊市智能农机孵化中心(农机产业)")} <= ents


def test_bracket_that_names_no_region_or_industry_stays_outside_the_name():
    ents, _ = extract_sets("烟台市检验检测中心(以下简称中心)为企业提供检测服务。")
    assert ("Platform", "烟台市检验检测中心") in ents
    assert not any("简称" in n for t, n in ents)


def test_a_national_programme_title_after_a_region_is_no_platform():
    ents, _ = extract_sets("湖南省重点产业质量强链行动深入开展。该市持续实施质量强链行动。")
    assert not any(t == "Platform" and "强链行动" in n for t, n in ents)


def test_quoted_programme_named_by_its_own_head_but_not_counted_slogans():
    ents, _ = extract_sets("该市在全国首推光伏产业质量强链“领航计划”,实施“两个行动”和“三个工程”。")
    names = {n for t, n in ents if t == "Platform"}
    assert "领航计划" in names
    assert "两个行动" not in names and "三个工程" not in names


def test_task_is_no_boundary_inside_a_platform_phrase():
    for text in ("建设省级计量检测任务承载平台。", "完善重点抽检任务承接平台。"):
        ents, _ = extract_sets(text)
        assert not any(n.startswith("务") for t, n in ents), text


def test_abbreviation_notes_and_council_roles_are_not_part_of_platform_names():
    ents, _ = extract_sets("成立杭州市检验检测产业联盟(以下简称联盟)。联盟轮值理事长杭州市检测院表示。该市上线一站式公共服务平台。")
    names = {n for t, n in ents if t == "Platform"}
    assert {"杭州市检验检测产业联盟", "杭州市检测院"} <= names
    assert not any(n.startswith(("下简称", "联盟轮值", "一站式")) for n in names)


def test_intellectual_property_and_operation_centres_are_platforms():
    ents, _ = extract_sets("中国(浙江)知识产权保护中心与衢州市稀土产业知识产权运营中心签约。")
    assert {("Platform", "中国(浙江)知识产权保护中心"), ("Platform", "衢州市稀土产业知识产权运营中心")} <= ents


def test_multi_region_area_opening_a_platform_name_stays_in_it():
    ents, _ = extract_sets("两所高校挂牌成立长三角地区质量人才培育中心。")
    assert ("Platform", "长三角地区质量人才培育中心") in ents
    ents, _ = extract_sets("三地市场监管部门共建京津冀地区计量测试中心,服务区域协同发展。")
    assert ("Platform", "京津冀地区计量测试中心") in ents
    ents, _ = extract_sets("依托黄河流域生态产品质量检验检测中心开展检测。")
    assert ("Platform", "黄河流域生态产品质量检验检测中心") in ents


def test_institutes_by_short_form_in_a_list_before_deng_jigou():
    ents, _ = extract_sets("由华峰汽车等企业和天津计量院、河北信通院等质量技术机构发起成立联盟。")
    assert {("Platform", "天津计量院"), ("Platform", "河北信通院")} <= ents
    assert ("Platform", "华峰汽车") not in ents
    ents, _ = extract_sets("浙江省市场监管局联合省计量院、省质检所等技术机构开展服务。")
    assert {("Platform", "浙江省计量院"), ("Platform", "浙江省质检所")} <= ents
    ents, _ = extract_sets("宁夏检测院、银川标准所、宁夏大学等科研院所参与攻关。")
    assert {("Platform", "宁夏检测院"), ("Platform", "银川标准所")} <= ents


def test_listed_items_without_an_institute_head_are_not_institutes():
    ents, _ = extract_sets("组织中国某研、市场主体等各类机构参与。")
    assert not any(t == "Platform" and n in ("中国某研", "市场主体") for t, n in ents)


def test_verbs_of_tapping_resources_are_not_part_of_platform_names():
    ents, _ = extract_sets("深挖长沙市计量检测研究院技术潜力,服务企业。各地深挖湘潭市质量创新联合体潜力。")
    assert {("Platform", "长沙市计量检测研究院"), ("Platform", "湘潭市质量创新联合体")} <= ents
    assert not any(n.startswith(("深挖", "各地")) for _, n in ents)
