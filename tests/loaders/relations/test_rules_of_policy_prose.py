"""Relation rules stated as patterns of Chinese policy prose (session 3), each proved on sentences written
for these tests: a notice title run on into its addressee line, platforms listed after one building verb
or named after 即, the firm a pivotal verb sets to build, and the topic chain of a 牵头负责 statement."""
from extract_helpers import extract_sets


def _leads(rels, target):
    return {r[1] for r in rels if r[0] == "LEADS" and r[2] == target}


def test_signers_issue_a_notice_whose_title_runs_into_its_addressee_line():
    text = ("湖北省农业农村厅等3个厅局关于印发《湖北省茶叶、\n\n柑橘产业质量提升方案\n\n(2024-2026年)》的通知\n\n"
            "各市、州人民政府,省直各部门:\n\n为推进质量强省建设,制定《湖北省茶叶、柑橘产业质量提升方案(2024—2026年)》,"
            "现印发给你们,请认真贯彻落实。\n\n湖北省农业农村厅\n\n湖北省商务厅\n\n湖北省市场监督管理局\n\n2024年5月6日\n")
    ents, rels = extract_sets(text)
    notices = [e[1] for e in ents if e[0] == "PolicyDocument" and e[1].endswith("的通知")]
    assert len(notices) == 1
    for organ in ("湖北省农业农村厅", "湖北省商务厅", "湖北省市场监督管理局"):
        assert ("ISSUED", organ, notices[0]) in rels


def test_an_addressee_line_alone_is_no_notice_title():
    text = ("各市、州人民政府,省直各部门:\n\n现将《湖北省柑橘产业质量提升方案》印发给你们,请认真贯彻落实。\n\n"
            "湖北省市场监督管理局\n\n2024年5月6日\n")
    ents, rels = extract_sets(text)
    assert ("ISSUED", "湖北省市场监督管理局", "湖北省柑橘产业质量提升方案") in rels
    assert not [e for e in ents if e[0] == "PolicyDocument" and e[1].endswith("通知")]


def test_every_platform_listed_after_one_building_verb_is_built_by_the_actor():
    _, rels = extract_sets("今年,岳阳市市场监管局建成湖南省石化产品质量检验检测中心、湖南省石化产业计量测试中心"
                           "和岳阳市石化产业知识产权服务站,服务企业300余家。")
    for p in ("湖南省石化产品质量检验检测中心", "湖南省石化产业计量测试中心", "岳阳市石化产业知识产权服务站"):
        assert "岳阳市市场监督管理局" in _leads(rels, p)


def test_a_platform_named_after_another_title_is_not_in_the_built_list():
    _, rels = extract_sets("今年,岳阳市市场监管局建成湖南省石化产品质量检验检测中心,依托《岳阳市石化产业规划》"
                           "推介岳阳市石化产业知识产权服务站。")
    assert "岳阳市市场监督管理局" in _leads(rels, "湖南省石化产品质量检验检测中心")
    assert "岳阳市市场监督管理局" not in _leads(rels, "岳阳市石化产业知识产权服务站")


def test_the_platforms_named_after_ji_are_the_ones_the_clause_before_built():
    _, rels = extract_sets("2024年,咸宁市人民政府建成了首批2个湖北省质量品牌提升示范区,即湖北省茶叶产业质量品牌提升示范区、"
                           "湖北省桂花产业质量品牌提升示范区。")
    for p in ("湖北省茶叶产业质量品牌提升示范区", "湖北省桂花产业质量品牌提升示范区"):
        assert "咸宁市人民政府" in _leads(rels, p)
    _, rels = extract_sets("2024年,咸宁市人民政府召开了质量大会,即湖北省茶叶产业质量品牌提升示范区的推进会。")
    assert not _leads(rels, "湖北省茶叶产业质量品牌提升示范区")


def test_the_firm_a_pivotal_verb_sets_to_work_builds_the_platform_with_its_partners():
    _, rels = extract_sets("该局还推动工程机械产业链链主企业徐工集团工程机械股份有限公司（简称“徐工机械”）"
                           "与中国矿业大学共建工程机械液压件质量联合实验室。")
    assert {"徐工机械", "中国矿业大学"} <= _leads(rels, "工程机械液压件质量联合实验室")
    _, rels = extract_sets("围绕纺织产业链,南通市人民政府支持链主企业江苏东方纺织股份有限公司联合南通大学,"
                           "牵头组建南通市纺织产业质量创新联合体。")
    led = _leads(rels, "南通市纺织产业质量创新联合体")
    assert "南通大学" in led and any(x.startswith("江苏东方纺织") for x in led)
    assert "南通市人民政府" not in led


def test_a_pivotal_verb_without_a_building_verb_makes_no_builder():
    _, rels = extract_sets("南通市人民政府支持链主企业江苏东方纺织股份有限公司加入南通市纺织产业质量创新联合体。")
    assert not _leads(rels, "南通市纺织产业质量创新联合体")


def test_qiantou_fuze_after_a_fronted_topic_clause_leads_the_topic_chain():
    _, rels = extract_sets("在光伏产业链上,上饶市市场监督管理局牵头负责质量强链工作,组织编制质量图谱。")
    assert ("LEADS", "上饶市市场监督管理局", "光伏产业链") in rels
    _, rels = extract_sets("上饶市市场监督管理局牵头负责质量强链工作,光伏产业链企业参加培训。")
    assert ("LEADS", "上饶市市场监督管理局", "光伏产业链") not in rels


def _supports(rels, target):
    return {r[1] for r in rels if r[0] == "SUPPORTS" and r[2] == target}


def test_the_platform_built_on_a_list_of_bases_solves_the_chains_problems():
    _, rels = extract_sets("在西樵镇,依托西樵实验室和广东省纺织产业计量测试中心建设的纺织产业服务站,累计为"
                           "纺织产业链上企业解决面料色牢度与缩水率检测等技术难题30项。")
    assert _supports(rels, "纺织产业链") == {"纺织产业服务站"}


def test_firms_on_the_chain_are_the_chain_of_the_supporters_name_or_of_the_topic():
    _, rels = extract_sets("在光伏领域,晶科能源牵头的光伏产业质量创新联合体依托国家光伏产品质量检验检测中心等5个平台,"
                           "为链上中小企业提供检测认证等服务3000余次。")
    assert _supports(rels, "光伏产业链") == {"光伏产业质量创新联合体"}
    _, rels = extract_sets("围绕茶叶产业链,普洱市计量测试研究院建成云南省茶叶产业计量测试中心,年均为链上企业提供计量校准服务1万台次。")
    assert _supports(rels, "茶叶产业链") == {"云南省茶叶产业计量测试中心"}


def test_firms_of_no_named_chain_give_no_chain_support():
    _, rels = extract_sets("普洱市计量测试研究院年均为链上企业提供计量校准服务1万台次。")
    assert not [r for r in rels if r[0] == "SUPPORTS"]


def test_a_visit_named_by_a_support_verb_supports_the_chain_and_a_plain_visit_does_not():
    _, rels = extract_sets("近日,江西省市场监管局组团赴赣州开展脐橙产业链质量赋能调研。")
    assert ("SUPPORTS", "江西省市场监督管理局", "脐橙产业链") in rels
    _, rels = extract_sets("近日,江西省市场监管局组团赴赣州开展脐橙产业链质量调研。")
    assert ("SUPPORTS", "江西省市场监督管理局", "脐橙产业链") not in rels


def test_being_first_to_launch_a_programme_is_launching_it():
    _, rels = extract_sets("嘉兴市人民政府还在全省首推“织造伙伴计划”,搭建检测、标准、人才服务圈。")
    assert ("LEADS", "嘉兴市人民政府", "织造伙伴计划") in rels


def test_a_roundup_item_opened_by_its_industry_does_not_inherit_the_last_items_firm():
    text = ("嘉兴市人民政府出台《嘉兴市质量强市建设实施方案》。"
            "在家纺产业上,浙江华鼎纺织有限公司构建数字化质量管理平台,带动上下游企业协同发展。"
            "在化纤产业上,联合打造“云检通”检测服务平台,日均检测样品3000余批。")
    _, rels = extract_sets(text)
    assert "嘉兴市人民政府" in _leads(rels, "云检通")
    assert not [r for r in rels if r[1].startswith("浙江华鼎") and r[2] == "云检通"]


def test_a_platform_naming_its_industry_in_brackets_covers_that_chain():
    _, rels = extract_sets("会上,成都市质量创新孵化中心(生物医药和医疗器械产业)揭牌成立。")
    for chain in ("生物医药产业链", "医疗器械产业链"):
        assert ("COVERS", "成都市质量创新孵化中心(生物医药和医疗器械产业)", chain) in rels


def test_a_quoted_programme_named_right_after_an_industry_covers_it():
    _, rels = extract_sets("嘉兴市人民政府推出光伏产业质量强链“领航计划”,组织企业对标提升。")
    assert ("COVERS", "领航计划", "光伏产业链") in rels
    _, rels = extract_sets("嘉兴市人民政府在光伏产业推广“领航计划”经验。")
    assert ("COVERS", "领航计划", "光伏产业链") not in rels


def test_titles_issued_together_leave_the_scope_that_follows_to_the_actor():
    _, rels = extract_sets("吉林省市场监管局印发《吉林省汽车产业链质量提升方案》《吉林省质量强链实施意见》,"
                           "围绕汽车、石化等重点产业召开现场会。")
    assert not [r for r in rels if r[0] == "COVERS" and r[1].startswith("吉林省质量强链实施意见")]
    _, rels = extract_sets("吉林省市场监管局印发《吉林省质量强链实施意见》,首批围绕汽车、石化等重点产业开展质量攻关。")
    assert ("COVERS", "吉林省质量强链实施意见", "石化产业链") in rels


def test_the_body_and_its_partners_serve_the_firm_named_after_wei_not_the_firm_itself():
    _, rels = extract_sets("宾县市场监管局联合东北林业大学、哈尔滨市计量检定测试院,为木材加工产业链链主企业"
                           "黑龙江森工木业股份有限公司和12家链员企业开展“质量体检”。")
    firm = next(r[2] for r in rels if r[0] == "SUPPORTS" and r[2].startswith("黑龙江森工"))
    for helper in ("宾县市场监督管理局", "东北林业大学", "哈尔滨市计量检定测试院"):
        assert ("SUPPORTS", helper, firm) in rels
    assert not [r for r in rels if r[0] == "SUPPORTS" and r[1] == firm]


def test_pushing_the_development_of_a_quoted_platform_is_building_it():
    _, rels = extract_sets("常州市人民政府共同推动“常州动力电池产业大脑”研发工作,实现全链条质量追溯。")
    assert ("LEADS", "常州市人民政府", "常州动力电池产业大脑") in rels


def test_a_building_noun_listed_before_a_programme_does_not_build_it():
    _, rels = extract_sets("中山市市场监管局希望平台助推质量强镇建设、“千企提质工程”取得新的突破。")
    assert not _leads(rels, "千企提质工程")
    _, rels = extract_sets("中山市市场监管局今年启动“千企提质工程”,助推质量强镇建设。")
    assert "中山市市场监督管理局" in _leads(rels, "千企提质工程")


def test_a_chain_chief_written_after_the_role_leads_the_chain():
    _, rels = extract_sets("蚌埠市光伏产业链链长由市长担任,副链长由分管副市长担任。")
    assert ("LEADS", "蚌埠市人民政府", "光伏产业链") in rels
    _, rels = extract_sets("蚌埠市光伏产业链“链长”由蚌埠市人民政府主要负责同志担任。")
    assert ("LEADS", "蚌埠市人民政府", "光伏产业链") in rels
    _, rels = extract_sets("蚌埠市光伏产业链链长制由市经信局负责实施。")
    assert not [r for r in rels if r[0] == "LEADS"]


def test_chain_chief_statements_naming_the_official_or_placing_the_lead_after_the_chain():
    _, rels = extract_sets("衢州市副市长李明担任氟硅新材料产业链链长。")
    assert any(r[:2] == ("LEADS", "衢州市人民政府") for r in rels)
    _, rels = extract_sets("衢州市长亲自挂帅担任光伏产业链链长。")
    assert ("LEADS", "衢州市人民政府", "光伏产业链") in rels
    _, rels = extract_sets("衢州市光伏产业链由市经信局牵头负责。")
    assert ("LEADS", "衢州市经济和信息化局", "光伏产业链") in rels
    _, rels = extract_sets("衢州市光伏产业链链长单位为衢州市经济和信息化局。")
    assert ("LEADS", "衢州市经济和信息化局", "光伏产业链") in rels


def test_a_lead_department_with_no_chain_of_its_own_leads_none():
    _, rels = extract_sets("衢州市经信局牵头负责质量工作,光伏产业链企业参加培训。")
    assert not [r for r in rels if r[0] == "LEADS"]
    _, rels = extract_sets("衢州市张伟同志担任光伏产业链协会秘书长。")
    assert not [r for r in rels if r[0] == "LEADS" and r[2] == "光伏产业链"]


def test_a_firm_selected_as_chain_master_leads_the_chain_and_its_list_shares_the_role():
    _, rels = extract_sets("浙江吉利控股集团有限公司入选新能源汽车产业链链主企业名单。")
    assert ("LEADS", "浙江吉利控股集团有限公司", "新能源汽车产业链") in rels
    _, rels = extract_sets("浙江吉利控股集团有限公司、浙江银轮机械股份有限公司被认定为汽车零部件产业链链主企业。")
    for firm in ("浙江吉利控股集团有限公司", "浙江银轮机械股份有限公司"):
        assert ("LEADS", firm, "汽车零部件产业链") in rels
    _, rels = extract_sets("浙江吉利控股集团有限公司入选新能源汽车产业链重点项目。")
    assert not [r for r in rels if r[0] in ("LEADS", "MEMBER_OF")]


def test_a_role_written_before_a_list_of_firms_is_every_items_role():
    _, rels = extract_sets("引进配套企业浙江三花智能控制股份有限公司、浙江银轮机械股份有限公司落户园区,完善新能源汽车产业链。")
    for firm in ("浙江三花智能控制股份有限公司", "浙江银轮机械股份有限公司"):
        assert ("MEMBER_OF", firm, "新能源汽车产业链") in rels
    _, rels = extract_sets("浙江三花智能控制股份有限公司等15家企业成为新能源汽车产业链链上企业。")
    assert ("MEMBER_OF", "浙江三花智能控制股份有限公司", "新能源汽车产业链") in rels


def test_a_document_cited_as_the_basis_leaves_the_scope_to_the_carried_actor():
    text = "佛山市人民政府印发《佛山市质量强市建设方案》。围绕《质量强国建设纲要》,着力在家电、陶瓷等产业上取得突破。"
    _, rels = extract_sets(text)
    assert ("COVERS", "佛山市人民政府", "家电产业链") in rels
    text = "佛山市人民政府召开质量大会。会上印发《佛山市质量强链方案》,提出聚焦家电、陶瓷两条产业链。"
    _, rels = extract_sets(text)
    assert ("COVERS", "佛山市人民政府", "家电产业链") not in rels


def test_the_organ_in_brackets_after_a_leading_groups_office_issues_with_it():
    _, rels = extract_sets("江西省质量强省工作领导小组办公室(省市场监管局)发布《关于开展质量强链标杆评选的通告》。")
    notice = "关于开展质量强链标杆评选的通告"
    assert ("ISSUED", "江西省市场监督管理局", notice) in rels
    assert any(r[0] == "ISSUED" and r[1].endswith("领导小组办公室") and r[2] == notice for r in rels)


def test_the_partners_named_before_a_building_verb_build_the_platform_too():
    text = ("今年,虎门镇引进国家服装质量检验检测中心设立服务窗口,并联合东莞市标准化研究院建成虎门服装标准化服务站,"
            "企业送检周期缩短一半。")
    _, rels = extract_sets(text)
    assert "东莞市标准化研究院" in _leads(rels, "虎门服装标准化服务站")
    _, rels = extract_sets("佛山市市场监管局联合佛山大学、广东省建筑材料研究院共同打造陶瓷产业质量创新联合体。")
    assert {"佛山大学", "广东省建筑材料研究院"} <= _leads(rels, "陶瓷产业质量创新联合体")


def test_a_partner_of_something_other_than_building_builds_nothing():
    _, rels = extract_sets("佛山市市场监管局联合佛山大学开展调研,陶瓷产业质量创新联合体提供数据。")
    assert "佛山大学" not in _leads(rels, "陶瓷产业质量创新联合体")


def test_the_bodies_a_pivotal_verb_sets_to_work_are_the_ones_that_serve():
    text = ("围绕光伏产业链,上饶市人民政府推动国家光伏产品质量检验检测中心与江西省光伏产业计量测试中心协同布局,"
            "全年为链上200家企业提供检测校准服务。")
    _, rels = extract_sets(text)
    assert _supports(rels, "光伏产业链") == {"国家光伏产品质量检验检测中心", "江西省光伏产业计量测试中心"}


def test_a_chain_master_whose_chain_is_named_only_by_the_platform_it_heads_leads_that_chain():
    _, rels = extract_sets("区市场监管局设立一站式服务站,链主企业哈药集团股份有限公司牵头组建生物医药产业质量创新联合体,吸纳上下游企业20家。")
    assert ("LEADS", "哈药集团股份有限公司", "生物医药产业链") in rels
