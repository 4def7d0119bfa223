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
