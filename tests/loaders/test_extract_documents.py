"""Policy documents, on invented sentences of the genre (never the seeds' or dev articles' sentences)."""
from extract_helpers import extract_sets


# ---- what is a document
def test_newspaper_is_not_a_document():
    ents, _ = extract_sets("《中国质量报》报道,某省印发《某省质量提升行动方案》。")
    names = {n for t, n in ents if t == "PolicyDocument"}
    assert names == {"某省质量提升行动方案"}


# ---- abbreviated titles (以下简称《…》)
def test_abbreviation_refers_to_full_title():
    _, rels = extract_sets("河南省市场监管局推动《河南省质量促进条例》(以下简称《条例》)立法。河南省人大常委会表决通过了《条例》。")
    assert ("ISSUED", "河南省人民代表大会常务委员会", "河南省质量促进条例") in rels


# ---- chains named in a title
def test_chain_named_in_a_document_title_is_covered():
    _, rels = extract_sets("衢州市着力发展茶叶产业。衢州市农业农村局制定《衢州茶叶 绿茶加工规范》地方标准。")
    assert ("COVERS", "衢州茶叶 绿茶加工规范", "茶叶产业链") in rels


def test_title_quoted_inside_a_title_and_a_late_closing_bracket():
    ents, _ = extract_sets("贯彻《中共中央、国务院关于印发〈标准化发展纲要〉的通知》及《省委办公厅印发<关于落实标准化发展纲要>的实施意见的通知》。")
    docs = {n for t, n in ents if t == "PolicyDocument"}
    assert {"标准化发展纲要", "关于落实标准化发展纲要的实施意见"} <= docs


def test_bare_suffix_title_is_the_last_document_of_that_kind():
    ents, _ = extract_sets("省市场监管局发布《关于开展计量服务进园区活动的通知》。《通知》要求各地抓好落实。")
    docs = {n for t, n in ents if t == "PolicyDocument"}
    assert docs == {"关于开展计量服务进园区活动的通知"}


def test_unquoted_titles_after_yinfa_le_and_signed_conventions_but_no_generic_standards():
    ents, _ = extract_sets("六部门联合印发了加快推进质量强县的若干措施,企业共同签署园区质量基础设施服务公约,并牵头制定高水平团体标准。")
    docs = {n for t, n in ents if t == "PolicyDocument"}
    assert {"加快推进质量强县的若干措施", "园区质量基础设施服务公约"} <= docs
    assert not any("团体标准" in d for d in docs)


def test_notice_carrying_a_document_and_year_ranges_written_two_ways():
    ents, _ = extract_sets("关于印发《衢州市质量提升行动方案(2024—2026年)》的通知\n各县人民政府:现将《衢州市质量提升行动方案(2024-2026年)》印发给你们。")
    docs = {n for t, n in ents if t == "PolicyDocument"}
    assert docs == {"关于印发《衢州市质量提升行动方案(2024—2026年)》的通知", "衢州市质量提升行动方案(2024-2026年)"}


def test_unquoted_notice_title_names_the_notice_and_the_document_it_carries():
    ents, _ = extract_sets("衢州市人民政府办公厅关于印发衢州市质量强市实施方案的通知")
    docs = {n for t, n in ents if t == "PolicyDocument"}
    assert docs == {"关于印发衢州市质量强市实施方案的通知", "衢州市质量强市实施方案"}


def test_evaluative_openers_after_zhiding_are_no_titles():
    for text in ("南宁市出台高含金量惠企措施,提升竞争力。", "该区制定高含金量人才引进办法。"):
        ents, _ = extract_sets(text)
        assert not any(t == "PolicyDocument" for t, _ in ents), text


def test_abbreviations_live_in_an_explicit_article_field():
    from graph.model import Article
    from loaders.clean import clean
    from loaders.entities import article_context, find_mentions

    doc = clean(Article(id="t", path="t.txt", text="河南省市场监管局推动《河南省质量促进条例》(以下简称《条例》)立法。"))
    ctx = article_context(doc)
    for s in doc.sentences:
        find_mentions(s, ctx)
    assert ctx.abbreviations == {"条例": "河南省质量促进条例"}
