"""A chain's units stated by role nouns (session 3, first helper), on sentences written for these tests: the lead
unit written after a chain-chief statement (…担任X产业链链长,Y为链长单位), an organ that 为/担任 a chain's lead unit,
and the firms listed after a chain's member noun (X产业链成员单位包括A、B)."""
from extract_helpers import extract_sets


def _leads(rels, chain):
    return {r[1] for r in rels if r[0] == "LEADS" and r[2] == chain}


def test_the_lead_unit_after_a_chain_chief_statement_leads_that_chain():
    for role in ("为链长单位", "作为牵头部门", "为牵头单位", "任副链长单位"):
        _, rels = extract_sets(f"衡阳市由市长担任输变电装备产业链链长,市工业和信息化局{role}。")
        assert _leads(rels, "输变电装备产业链") == {"衡阳市人民政府", "衡阳市工业和信息化局"}, role


def test_a_lead_unit_with_no_chain_chief_before_it_leads_no_chain():
    _, rels = extract_sets("衡阳市召开输变电装备产业链企业座谈会,市工业和信息化局为牵头单位。")
    assert not _leads(rels, "输变电装备产业链")
    _, rels = extract_sets("衡阳市输变电装备产业链链长制全面推行,市工业和信息化局为牵头单位。")
    assert not _leads(rels, "输变电装备产业链")  # the system named, not a chief: no chain to take


def test_an_organ_that_is_a_chains_lead_unit_leads_it():
    _, rels = extract_sets("湖南省工业和信息化厅为工程机械产业链牵头单位。")
    assert _leads(rels, "工程机械产业链") == {"湖南省工业和信息化厅"}
    _, rels = extract_sets("湖南省工业和信息化厅担任工程机械产业链链长单位。")
    assert _leads(rels, "工程机械产业链") == {"湖南省工业和信息化厅"}


def test_firms_listed_after_a_chains_member_noun_are_its_members():
    for text in ("衡阳市输变电装备产业链成员单位包括衡阳恒飞电缆有限责任公司、衡阳南岳电控有限公司等12家企业。",
                 "衡阳市输变电装备产业链成员企业:衡阳恒飞电缆有限责任公司、衡阳南岳电控有限公司。"):
        _, rels = extract_sets(text)
        members = {r[1] for r in rels if r[0] == "MEMBER_OF" and r[2] == "输变电装备产业链"}
        assert members == {"衡阳恒飞电缆有限责任公司", "衡阳南岳电控有限公司"}, text


def test_members_of_an_alliance_or_a_leading_group_are_no_chain_members():
    _, rels = extract_sets("衡阳市输变电装备产业质量创新联盟成员单位包括衡阳恒飞电缆有限责任公司、衡阳南岳电控有限公司。")
    assert not [r for r in rels if r[0] == "MEMBER_OF"]
    _, rels = extract_sets("衡阳市输变电装备产业链工作领导小组成员单位包括市发展和改革委员会、市财政局。")
    assert not [r for r in rels if r[0] == "MEMBER_OF"]


def test_an_official_who_is_chain_chief_by_wei_makes_the_government_lead():
    _, rels = extract_sets("衡阳市副市长李华为输变电装备产业链链长。")
    assert _leads(rels, "输变电装备产业链") == {"衡阳市人民政府"}


def test_wei_meaning_for_states_no_role():
    _, rels = extract_sets("衡阳市市场监督管理局为输变电装备产业链链长单位提供政策咨询服务。")
    assert not _leads(rels, "输变电装备产业链")
    _, rels = extract_sets("衡阳市市场监督管理局为输变电装备产业链牵头单位提供检测服务。")
    assert not _leads(rels, "输变电装备产业链")


def test_a_firm_brought_into_a_chain_as_a_supplier_is_its_member():
    for verb in ("引入", "已引入", "引进"):
        ents, rels = extract_sets(f"衡阳市输变电装备产业链{verb}衡阳恒飞电缆有限责任公司等配套企业15家。")
        assert ("Enterprise", "衡阳恒飞电缆有限责任公司") in ents, verb
        assert ("MEMBER_OF", "衡阳恒飞电缆有限责任公司", "输变电装备产业链") in rels, verb


def test_a_platform_built_or_headed_by_the_agent_after_you_is_led_by_it():
    for verb in ("建设运营", "牵头,联合12家企业组建", "负责建设"):
        _, rels = extract_sets(f"衡阳市输变电装备产业计量测试中心由衡阳市市场监督管理局{verb}。")
        assert ("LEADS", "衡阳市市场监督管理局", "衡阳市输变电装备产业计量测试中心") in rels, verb
    _, rels = extract_sets("衡阳市输变电装备产业计量测试中心由衡阳市市场监督管理局负责日常监管。")
    assert not [r for r in rels if r[0] == "LEADS"]


def test_partners_that_build_a_platform_together_both_lead_it():
    ents, rels = extract_sets("衡阳市市场监督管理局与衡阳恒飞电缆有限责任公司共同组建衡阳市输变电装备产业质量创新联合体。")
    assert ("Platform", "衡阳市输变电装备产业质量创新联合体") in ents  # 共同组建 is no part of the name
    assert _leads(rels, "衡阳市输变电装备产业质量创新联合体") == {"衡阳市市场监督管理局", "衡阳恒飞电缆有限责任公司"}


def test_the_head_of_a_platform_built_under_its_short_form_leads_the_platform():
    text = ("衡阳市输变电装备检验检测联合体(以下简称衡检体)启动仪式在衡阳举行。"
            "据介绍,由衡阳市计量测试检定所牵头,联合12家单位共同组建了衡检体。")
    ents, rels = extract_sets(text)
    assert ("Platform", "衡阳市计量测试检定所") in ents
    assert ("LEADS", "衡阳市计量测试检定所", "衡阳市输变电装备检验检测联合体") in rels
    text = text.replace("组建了衡检体", "组建了工作专班")  # no short form of the platform: nothing built that it names
    _, rels = extract_sets(text)
    assert not [r for r in rels if r[0] == "LEADS"]


def test_the_official_in_apposition_to_the_chain_chief_role_makes_their_body_lead():
    _, rels = extract_sets("衡阳市输变电装备产业链链长、副市长张勇到衡阳恒飞电缆有限责任公司调研。")
    assert _leads(rels, "输变电装备产业链") == {"衡阳市人民政府"}
    _, rels = extract_sets("衡阳市建立链长、链主协同机制,推动输变电装备产业链发展。")
    assert not _leads(rels, "输变电装备产业链")


def test_firms_that_are_respectively_masters_of_the_chains_listed_pair_in_order():
    _, rels = extract_sets("衡阳市确定衡阳恒飞电缆有限责任公司、衡阳南岳电控有限公司分别为输变电装备产业链和新材料产业链链主企业。")
    assert _leads(rels, "输变电装备产业链") == {"衡阳恒飞电缆有限责任公司"}
    assert _leads(rels, "新材料产业链") == {"衡阳南岳电控有限公司"}
