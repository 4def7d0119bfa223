"""Round-6 generalization rules (链主 phrasing of real articles, banks, coined platform names), on invented
sentences of the genre (not the seeds, not the held-out set)."""
from graph.model import Article
from loaders.clean import clean
from loaders.extract import extract


def _x(text: str):
    ex = extract(clean(Article(id="t", path="t.txt", text=text)))
    ents = {(e.type, e.name) for e in ex.entities}
    rels = {(r.type, r.source, r.target) for r in ex.relations}
    return ents, rels


# ---- chains
def test_ji_inside_a_list_item_joins_one_chain_name():
    ents, _ = _x("湖州市围绕船舶及配套装备、生物医药、绿色家居等重点产业链,推动质量要素集聚。")
    assert ("Chain", "船舶及配套装备产业链") in ents
    assert ("Chain", "生物医药产业链") in ents and ("Chain", "绿色家居产业链") in ents


def test_ji_before_chain_head_is_one_chain():
    ents, _ = _x("在汽车及零部件产业链上,华远汽车有限公司作为链主企业,推动供应商提质。")
    assert ("Chain", "汽车及零部件产业链") in ents and ("Chain", "汽车产业链") not in ents


def test_list_after_a_clause_with_magnitude_words():
    ents, rels = _x("湖州市由市委书记、市长分别担任纺织服装、装备制造两条千亿级产业链链长。")
    assert {("Chain", "纺织服装产业链"), ("Chain", "装备制造产业链")} <= ents
    assert ("LEADS", "中共湖州市委员会", "纺织服装产业链") in rels
    assert ("LEADS", "湖州市人民政府", "装备制造产业链") in rels
    # respectively: the secretary does not lead the mayor's chain
    assert ("LEADS", "中共湖州市委员会", "装备制造产业链") not in rels


def test_quality_elements_moving_to_chains_are_not_a_chain_list():
    ents, _ = _x("湖州市推动标准、计量、认证认可、检验检测等质量要素向重点产业链集聚。")
    assert not any(t == "Chain" for t, _ in ents)


# ---- 链主 enterprises
def test_list_of_suffixless_masters_after_chain_topic():
    _, rels = _x("在光电产业链上,宏达技术、星源光电等链主企业推动质量管理向上下游延伸。")
    assert ("LEADS", "宏达技术", "光电产业链") in rels and ("LEADS", "星源光电", "光电产业链") in rels


def test_short_name_note_inside_a_master_list():
    ents, rels = _x("湖州市推动江苏恒瑞铝业有限公司(以下简称“恒瑞铝业”)、江苏华鼎铝业有限公司等铝型材链主企业"
                    "建立供应商质量协同机制。")
    assert ("LEADS", "恒瑞铝业", "铝型材产业链") in rels
    assert ("LEADS", "江苏华鼎铝业有限公司", "铝型材产业链") in rels


def test_hyphenated_branch_company_with_short_name_as_master():
    ents, rels = _x("在汽车产业链上,东风-本田汽车有限公司武汉分公司(简称“东本武汉”)作为链主企业,推动供应商提质。")
    assert ("Enterprise", "东本武汉") in ents
    assert not any(t == "Enterprise" and n.startswith("本田") for t, n in ents)
    assert ("LEADS", "东本武汉", "汽车产业链") in rels


def test_platform_led_by_enterprise():
    _, rels = _x("湖州市光电产业质量创新联合体由宏远光电科技股份有限公司(以下简称“宏远光电”)牵头,联合湖州大学共同组建。"
                 "中国华电集团有限公司(简称“华电”)牵头的电力装备产业质量创新联合体开展攻关。")
    assert ("LEADS", "宏远光电", "湖州市光电产业质量创新联合体") in rels
    assert ("LEADS", "华电", "电力装备产业质量创新联合体") in rels


def test_members_listed_before_a_named_chain_are_not_chains():
    ents, rels = _x("氢能服务站累计为华氢动力、远景新能源等氢能产业链上企业解决技术难题47项。")
    assert ("Chain", "远景新能源产业链") not in ents
    assert ("Enterprise", "华氢动力") in ents and not any("累计" in n for _, n in ents)
    assert ("MEMBER_OF", "华氢动力", "氢能产业链") in rels


# ---- banks, platforms, organs
def test_region_and_national_banks_are_enterprises_but_not_the_central_bank():
    ents, _ = _x("湖州市市场监管局联合湖州银行、嘉兴农商银行、中国建设银行湖州分行和中国人民银行湖州市分行推出“湖质贷”。")
    assert {("Enterprise", "湖州银行"), ("Enterprise", "嘉兴农商银行"), ("Enterprise", "中国建设银行湖州分行")} <= ents
    assert not any(t == "Enterprise" and "人民银行" in n for t, n in ents)


def test_verb_before_a_quoted_platform_name_is_not_part_of_it():
    ents, _ = _x("湖州市市场监督管理局还上线“湖质通”线上服务平台,集成标准查询等服务。")
    assert ("Platform", "湖质通") in ents
    assert not any(t == "Platform" and n.startswith("上线") for t, n in ents)


def test_press_office_and_economic_promotion_bureau_are_organs():
    ents, _ = _x("浙江省人民政府新闻办公室举行新闻发布会。吴兴区市场监管局会同区经济促进局制定《吴兴区质量强链扶持办法》。")
    assert ("GovernmentBody", "浙江省人民政府新闻办公室") in ents
    assert ("GovernmentBody", "湖州市吴兴区经济促进局") in ents or ("GovernmentBody", "吴兴区经济促进局") in ents
