"""Enterprises (Enterprise), on invented sentences of the genre (never the seeds' or dev articles' sentences)."""
import pytest

from extract_helpers import extract_sets


# ---- enterprises by suffix and context
@pytest.mark.parametrize("text,name", [
    ("长城科技作为信创产业链的链主企业,带动上下游企业协同发展。", "长城科技"),
    ("在恒远精工的牵头下,成立了机床产业质量创新联合体。", "恒远精工"),
    ("链主企业远航动力、晨星微电等企业参与标准制定。", "远航动力"),
])
def test_enterprises_from_context(text, name):
    ents, _ = extract_sets(text)
    assert ("Enterprise", name) in ents


def test_company_suffix():
    ents, _ = extract_sets("位于某地的华禾机电设备有限公司生产车间内机器轰鸣。")
    assert ("Enterprise", "华禾机电设备有限公司") in ents


def test_award_subject_is_an_enterprise():
    ents, _ = extract_sets("据介绍,今年正泰电器获批国家级智能制造示范工厂。")
    assert ("Enterprise", "正泰电器") in ents


def test_region_and_national_banks_are_enterprises_but_not_the_central_bank():
    ents, _ = extract_sets("湖州市市场监管局联合湖州银行、嘉兴农商银行、中国建设银行湖州分行和中国人民银行湖州市分行推出“湖质贷”。")
    assert {("Enterprise", "湖州银行"), ("Enterprise", "嘉兴农商银行"), ("Enterprise", "中国建设银行湖州分行")} <= ents
    assert not any(t == "Enterprise" and "人民银行" in n for t, n in ents)


# ---- enterprise name boundaries and short names
def test_verbs_and_adverbs_are_stripped_from_enterprise_names():
    ents, rels = extract_sets("在光伏产业上,恒远集团作为链主企业,牵头组建衢州光伏产业质量创新联合体,"
                              "吸纳华宇科技、博远智能等20家链员企业。")
    assert {("Enterprise", "华宇科技"), ("Enterprise", "博远智能")} <= ents
    assert ("Enterprise", "吸纳华宇科技") not in ents
    assert ("MEMBER_OF", "华宇科技", "光伏产业链") in rels
    assert not any(r[0] == "MEMBER_OF" and r[1] == "恒远集团" for r in rels)


def test_short_name_after_legal_name_is_canonical_and_adverb_is_dropped():
    ents, rels = extract_sets("衢州恒达机械股份有限公司(以下简称“恒达”)作为农机装备产业链链主企业,推动质量提升。"
                              "恒达还牵头成立衢州市农机装备产业质量联盟。")
    assert ("Enterprise", "恒达") in ents
    assert not any(t == "Enterprise" and n in ("恒达还", "衢州恒达机械股份有限公司") for t, n in ents)
    assert ("LEADS", "恒达", "农机装备产业链") in rels
    assert ("LEADS", "恒达", "衢州市农机装备产业质量联盟") in rels


def test_legal_name_with_inner_brackets_gives_the_short_name_only():
    ents, rels = extract_sets("中国南方锂电（集团）新材料股份有限公司（以下简称“南方锂电”）作为锂电池产业链链主企业，"
                              "牵头组建九江市锂电池产业质量创新联合体。")
    companies = {n for t, n in ents if t == "Enterprise"}
    assert companies == {"南方锂电"}
    assert ("LEADS", "南方锂电", "锂电池产业链") in rels
    assert ("LEADS", "南方锂电", "九江市锂电池产业质量创新联合体") in rels


def test_bracketed_company_in_member_list_and_no_bare_suffix_entity():
    ents, rels = extract_sets("在锂电池产业上，龙头企业恒光锂业（九江）有限公司牵头成立九江市锂电池产业质量联盟，"
                              "推动远达硅业、恒光新能源（九江）有限公司等15家配套企业统一质量管控标准。")
    companies = {n for t, n in ents if t == "Enterprise"}
    assert "有限公司" not in companies and "恒光锂业" not in companies
    assert len([n for n in companies if n.startswith("恒光锂业")]) == 1  # half/full-width brackets: one entity
    assert ("MEMBER_OF", "远达硅业", "锂电池产业链") in rels
    assert any(r[0] == "MEMBER_OF" and r[1].startswith("恒光新能源") for r in rels)


def test_conjunction_after_one_character_stays_inside_an_enterprise_name():
    ents, _ = extract_sets("九江市检验检测中心为北方钢铁、祥和磁业等企业提供计量校准服务。")
    assert ("Enterprise", "祥和磁业") in ents
    assert ("Enterprise", "磁业") not in ents


# ---- what is not an enterprise
def test_time_words_role_nouns_and_products_are_no_enterprises():
    ents, _ = extract_sets("南通市推进质量强链。“标准统一了。”海澜纺织副总说，今年上半年集团退货率下降。"
                           "将上游电芯结构件等187家供应商纳入统一质量管控体系。")
    names = {n for t, n in ents if t == "Enterprise"}
    assert not [n for n in names if n.startswith("今年") or n.endswith("结构件") or n == "链主"]


def test_industries_listed_before_chain_members_are_no_enterprises():
    ents, _ = extract_sets("南通市推出“通质贷”，已为船舶海工、家纺服饰等产业链上的120家企业授信9亿元。")
    assert ("Platform", "通质贷") in ents
    assert not [n for t, n in ents if t == "Enterprise"]


# ---- 链主 (chain-master) phrasings
def test_company_with_suffix_acting_as_chain_master():
    _, rels = extract_sets("桐昆集团作为化纤产业链的链主企业,构建了覆盖全链条的质量管理体系。")
    assert ("LEADS", "桐昆集团", "化纤产业链") in rels


def test_company_after_chain_master_words_leads_the_chain():
    _, rels = extract_sets("南通市船舶海工产业链链主企业南通远洋重工股份有限公司（简称“远洋重工”）"
                           "与江海大学共建船舶焊接质量联合实验室。")
    assert ("LEADS", "远洋重工", "船舶海工产业链") in rels
    assert ("LEADS", "远洋重工", "船舶焊接质量联合实验室") in rels


def test_as_chain_master_clause_before_the_enterprise():
    _, rels = extract_sets("“质量要一直延伸到供应商。”南通远洋重工有限公司（简称“远洋重工”）经理说。"
                           "作为船舶海工产业链的链主企业，远洋重工牵头组建南通市船舶质量创新联合体。")
    assert ("LEADS", "远洋重工", "船舶海工产业链") in rels


def test_list_of_suffixless_masters_after_chain_topic():
    _, rels = extract_sets("在光电产业链上,宏达技术、星源光电等链主企业推动质量管理向上下游延伸。")
    assert ("LEADS", "宏达技术", "光电产业链") in rels and ("LEADS", "星源光电", "光电产业链") in rels


def test_short_name_note_inside_a_master_list():
    ents, rels = extract_sets("湖州市推动江苏恒瑞铝业有限公司(以下简称“恒瑞铝业”)、江苏华鼎铝业有限公司等铝型材链主企业"
                              "建立供应商质量协同机制。")
    assert ("LEADS", "恒瑞铝业", "铝型材产业链") in rels
    assert ("LEADS", "江苏华鼎铝业有限公司", "铝型材产业链") in rels


def test_hyphenated_branch_company_with_short_name_as_master():
    ents, rels = extract_sets("在汽车产业链上,东风-本田汽车有限公司武汉分公司(简称“东本武汉”)作为链主企业,推动供应商提质。")
    assert ("Enterprise", "东本武汉") in ents
    assert not any(t == "Enterprise" and n.startswith("本田") for t, n in ents)
    assert ("LEADS", "东本武汉", "汽车产业链") in rels


def test_full_legal_name_after_the_short_name_is_one_company():
    ents, _ = extract_sets("凯达集团质量总监介绍了经验。省长质量奖提名名单中,凯达集团股份有限公司位列其中。")
    names = {n for t, n in ents if t == "Enterprise"}
    assert "凯达集团" in names and "凯达集团股份有限公司" not in names


def test_verbs_and_predicates_after_a_role_word_are_no_enterprise():
    ents, _ = extract_sets("推动区域协同,促进汽车产业高质量发展。选择龙头企业支撑突出、发展空间大的产业。"
                           "“链主”企业代表华远集团作交流发言。")
    names = {n for t, n in ents if t == "Enterprise"}
    assert "促进汽车" not in names and "支撑突出" not in names
    assert "华远集团" in names


def test_role_word_followed_by_what_the_enterprise_does_is_no_name():
    ents, _ = extract_sets("充分发挥链主企业牵引作用。链主企业发力带动上下游。某某科技有限公司获评省长质量奖。")
    names = {n for t, n in ents if t == "Enterprise"}
    assert names == {"某某科技有限公司"}


def test_regional_company_of_a_group_is_one_name():
    ents, _ = extract_sets("中国某某检测集团杭州公司与园区签署协议。")
    assert ("Enterprise", "中国某某检测集团杭州公司") in ents


def test_company_name_opening_with_latin_letters():
    ents, _ = extract_sets("由TCL科技集团股份有限公司牵头制定标准。")
    assert ("Enterprise", "TCL科技集团股份有限公司") in ents


def test_lead_under_with_a_role_word_and_modal_predicates():
    ents, _ = extract_sets("在链主企业华东铜业的带动下,企业纷纷参评。链主企业要在质量提升上发力。")
    assert {n for t, n in ents if t == "Enterprise"} == {"华东铜业"}


def test_list_given_a_role_and_verbs_after_role_words():
    ents, _ = extract_sets("由副省长担任光伏产业链链长,晶科能源、天合光能为链主企业。会上为首批15家链主企业授牌。"
                           "确定正泰电器、德力西电气等12家企业为首批链主企业。华友钴业作为链主企业牵头攻关。")
    names = {n for t, n in ents if t == "Enterprise"}
    assert names == {"晶科能源", "天合光能", "正泰电器", "德力西电气", "华友钴业"}


def test_role_tags_are_members_of_tag_and_compare_as_their_strings():
    # Mention.tag is an enum of the roles that exist; a str enum, so rules comparing with "master" still hold
    from graph.model import Article
    from loaders.clean import clean
    from loaders.entities import Tag, article_context, find_mentions

    doc = clean(Article(id="t", path="t.txt", text="链主企业远航动力、晨星微电等企业参与标准制定。华禾机电有限公司等链员企业参加会议。"))
    ctx = article_context(doc)
    tags = {m.name: m.tag for s in doc.sentences for m in find_mentions(s, ctx) if m.type == "Enterprise"}
    assert tags["远航动力"] is Tag.MASTER and tags["远航动力"] == "master"
    assert tags["华禾机电有限公司"] is Tag.MEMBER
    assert all(isinstance(t, Tag) for t in tags.values()) and not Tag.NONE
    assert {t.value for t in Tag} == {"", "master", "member", "lead_under"}
