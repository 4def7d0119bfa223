"""Industrial chains (Chain), on invented sentences of the genre (never the seeds' or dev articles' sentences)."""
from extract_helpers import extract_sets


# ---- chain lists
def test_coordinated_list_gives_several_chains_and_covers():
    ents, rels = extract_sets("河北省聚焦新能源汽车、先进光伏和新型储能、生物医药3个产业开展质量攻关。")
    for c in ("新能源汽车产业链", "先进光伏产业链", "新型储能产业链", "生物医药产业链"):
        assert ("Chain", c) in ents
        assert ("COVERS", "河北省人民政府", c) in rels


def test_chain_keeps_its_modifier_in_lists_and_topics():
    ents, _ = extract_sets("嘉兴市聚焦智能光伏、现代纺织、绿色建材等重点产业链开展攻关。在精细化工产业上,企业协同发展。")
    for chain in ("智能光伏产业链", "现代纺织产业链", "绿色建材产业链", "精细化工产业链"):
        assert ("Chain", chain) in ents
    assert ("Chain", "纺织产业链") not in ents and ("Chain", "化工产业链") not in ents


def test_list_items_outside_the_vocabulary_with_industry_heads():
    ents, _ = extract_sets("温州市首批围绕电气装备、汽车零部件和时尚鞋服等4条产业链开展质量攻关。")
    assert {("Chain", "电气装备产业链"), ("Chain", "汽车零部件产业链")} <= ents


def test_chain_items_outside_the_vocabulary_from_list_topic_and_members():
    ents, _ = extract_sets("分管副市长担任新能源汽车和信创产业链链长。在碳化硅领域，恒光锂业作为链主企业牵头攻关。"
                           "九江市检验检测中心为镁合金产业链上40余家企业提供检测服务。")
    assert {("Chain", "信创产业链"), ("Chain", "碳化硅产业链"), ("Chain", "镁合金产业链")} <= ents


def test_ji_inside_a_list_item_joins_one_chain_name():
    ents, _ = extract_sets("湖州市围绕船舶及配套装备、生物医药、绿色家居等重点产业链,推动质量要素集聚。")
    assert ("Chain", "船舶及配套装备产业链") in ents
    assert ("Chain", "生物医药产业链") in ents and ("Chain", "绿色家居产业链") in ents


def test_list_after_a_clause_with_magnitude_words():
    ents, rels = extract_sets("湖州市由市委书记、市长分别担任纺织服装、装备制造两条千亿级产业链链长。")
    assert {("Chain", "纺织服装产业链"), ("Chain", "装备制造产业链")} <= ents
    assert ("LEADS", "中共湖州市委员会", "纺织服装产业链") in rels
    assert ("LEADS", "湖州市人民政府", "装备制造产业链") in rels
    # respectively: the secretary does not lead the mayor's chain
    assert ("LEADS", "中共湖州市委员会", "装备制造产业链") not in rels


# ---- chain name boundaries
def test_region_prefix_is_stripped_from_chain():
    ents, _ = extract_sets("株洲围绕先进轨道交通装备产业链,推进质量强链。")
    assert ("Chain", "先进轨道交通装备产业链") in ents
    assert not any(n.startswith("株洲") and t == "Chain" for t, n in ents)


def test_region_before_chain_is_stripped_but_general_modifier_kept():
    ents, _ = extract_sets("此外,江西省市场监管局将赣州绿色建材产业链纳入全省质量强链项目。")
    assert ("Chain", "绿色建材产业链") in ents


def test_compound_chain_name_with_ji_is_one_chain_and_absorbs_its_head():
    ents, rels = extract_sets("衢州市聚焦光伏材料及应用、智能家电等重点产业链。在光伏产业上,恒远集团作为链主企业开展攻关。")
    assert ("Chain", "光伏材料及应用产业链") in ents
    assert ("Chain", "光伏材料产业链") not in ents and ("Chain", "光伏产业链") not in ents
    assert ("LEADS", "恒远集团", "光伏材料及应用产业链") in rels


def test_ji_before_chain_head_is_one_chain():
    ents, _ = extract_sets("在汽车及零部件产业链上,华远汽车有限公司作为链主企业,推动供应商提质。")
    assert ("Chain", "汽车及零部件产业链") in ents and ("Chain", "汽车产业链") not in ents


def test_quantity_remnants_are_not_part_of_chain_names():
    ents, _ = extract_sets("衢州市推动150余家生物医药产业链链员企业对标达标,为126家家具企业授信。")
    assert ("Chain", "生物医药产业链") in ents
    assert not any(t == "Chain" and ("余家" in n or n.startswith("家家")) for t, n in ents)


def test_chain_names_extend_past_a_vocabulary_word_and_keep_类():
    ents, _ = extract_sets("南通市联合服装服饰产业链链主企业制定标准。海门区聚焦乳制品、肉类加工两大主导产业链。")
    chains = {n for t, n in ents if t == "Chain"}
    assert "服装服饰产业链" in chains and "肉类加工产业链" in chains
    assert "加工产业链" not in chains


def test_a_chain_named_before_is_not_cut_inside_a_platform_name():
    ents, rels = extract_sets("在晶硅光伏产业上，龙头企业远达硅业牵头成立九江市晶硅光伏产业质量联盟。")
    assert ("Chain", "晶硅光伏产业链") in ents
    assert ("Chain", "光伏产业链") not in ents


def test_known_chain_written_again_before_chanye_is_found():
    _, rels = extract_sets("九江市围绕锂电池、硅基新材料等产业链开展质量强链。"
                           "江西省人民政府将硅基新材料产业链质量提升纳入《江西省质量强省建设实施方案》重点任务。")
    assert ("COVERS", "江西省质量强省建设实施方案", "硅基新材料产业链") in rels
    assert ("COVERS", "江西省人民政府", "硅基新材料产业链") in rels


# ---- what is not a chain
def test_generic_stage_lists_are_not_chains():
    ents, _ = extract_sets("促进设计、工艺、检测、应用等产业链上下游标准衔接。")
    assert not any(t == "Chain" for t, _ in ents)


def test_quality_elements_moving_to_chains_are_not_a_chain_list():
    ents, _ = extract_sets("湖州市推动标准、计量、认证认可、检验检测等质量要素向重点产业链集聚。")
    assert not any(t == "Chain" for t, _ in ents)


def test_members_listed_before_a_named_chain_are_not_chains():
    ents, rels = extract_sets("氢能服务站累计为华氢动力、远景新能源等氢能产业链上企业解决技术难题47项。")
    assert ("Chain", "远景新能源产业链") not in ents
    assert ("Enterprise", "华氢动力") in ents and not any("累计" in n for _, n in ents)
    assert ("MEMBER_OF", "华氢动力", "氢能产业链") in rels


def test_list_items_joined_inside_by_conjunctions_are_compound_chain_names():
    ents, _ = extract_sets("意见提出将围绕智能装备与机器人、生物医药和医疗器械、绿色建材和新型墙材、现代会展业等8个产业建立链长制。")
    for c in ("智能装备与机器人产业链", "生物医药和医疗器械产业链", "绿色建材和新型墙材产业链", "现代会展产业链"):
        assert ("Chain", c) in ents
    assert ("Chain", "机器人产业链") not in ents


def test_single_yu_item_is_one_name_and_sheji_is_no_conjunction():
    ents, _ = extract_sets("该市首批涉及光伏组件、现代纺织与服装、工业母机4条产业链。")
    assert {("Chain", "光伏组件产业链"), ("Chain", "现代纺织与服装产业链"), ("Chain", "工业母机产业链")} <= ents
    assert not any(n.startswith("首批") for _, n in ents)


def test_no_chain_from_expertise_verbs_slogans_or_economy_topics():
    ents, _ = extract_sets("氢能领域专家作报告。比速度、赛服务、拼产业、争创新。在经济领域,链长制逐步推开。"
                           "正在尝试进军储能领域的企业负责人表示。长三角光伏产业链联盟成立。")
    chains = {n for t, n in ents if t == "Chain"}
    assert "光伏产业链" in chains and "储能产业链" in chains
    assert not chains & {"氢能产业链", "赛服务产业链", "经济产业链", "尝试进军储能产业链", "长三角光伏产业链"}


def test_product_chain_outside_the_vocabulary_ending_in_zhipin():
    ents, _ = extract_sets("该县陶瓷卫浴制品产业链获评省级质量强链标杆。")
    assert ("Chain", "陶瓷卫浴制品产业链") in ents


def test_single_character_industries_in_a_list_after_a_focus_verb():
    ents, _ = extract_sets("全县聚焦茶、竹、中药材等特色产业开展品牌建设。")
    assert {("Chain", "茶产业链"), ("Chain", "竹产业链"), ("Chain", "中药材产业链")} <= ents
    assert not any(n.startswith("聚焦") for _, n in ents)


def test_sector_suffix_ye_is_not_part_of_the_chain_but_agriculture_is():
    ents, _ = extract_sets("方案明确,重点培育文化旅游业、现代物流业等产业链。")
    assert {("Chain", "文化旅游产业链"), ("Chain", "现代物流产业链")} <= ents
    ents, _ = extract_sets("该县围绕数字创意业、绿色农业和冷链物流业等领域建立链长制。")
    assert {("Chain", "数字创意产业链"), ("Chain", "绿色农业产业链"), ("Chain", "冷链物流产业链")} <= ents
    assert ("Chain", "绿色农产业链") not in ents


def test_compound_items_joined_by_he_yu_ji_split_only_on_the_list_comma():
    ents, _ = extract_sets("全市重点发展高端装备与智能制造、新一代信息技术和软件、新能源及储能、现代商贸等十条产业链。")
    for c in ("高端装备与智能制造产业链", "新一代信息技术和软件产业链", "新能源及储能产业链", "现代商贸产业链"):
        assert ("Chain", c) in ents
    assert ("Chain", "软件产业链") not in ents and ("Chain", "代信息技术和软件产业链") not in ents
    ents, _ = extract_sets("该区围绕航空航天、光电信息与集成电路、新材料等产业链开展强链行动。")
    assert {("Chain", "航空航天产业链"), ("Chain", "光电信息与集成电路产业链"), ("Chain", "新材料产业链")} <= ents
