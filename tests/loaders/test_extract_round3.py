"""Round-3 generalization rules, on invented sentences of the genre (not the seeds, not the held-out set)."""
from graph.model import Article
from loaders.clean import clean
from loaders.extract import extract


def _x(text: str):
    ex = extract(clean(Article(id="t", path="t.txt", text=text)))
    ents = {(e.type, e.name) for e in ex.entities}
    rels = {(r.type, r.source, r.target) for r in ex.relations}
    return ents, rels


# ---- entity boundaries
def test_compound_chain_name_with_ji_is_one_chain_and_absorbs_its_head():
    ents, rels = _x("衢州市聚焦光伏材料及应用、智能家电等重点产业链。在光伏产业上,恒远集团作为链主企业开展攻关。")
    assert ("Chain", "光伏材料及应用产业链") in ents
    assert ("Chain", "光伏材料产业链") not in ents and ("Chain", "光伏产业链") not in ents
    assert ("LEADS", "恒远集团", "光伏材料及应用产业链") in rels


def test_quantity_remnants_are_not_part_of_chain_names():
    ents, _ = _x("衢州市推动150余家生物医药产业链链员企业对标达标,为126家家具企业授信。")
    assert ("Chain", "生物医药产业链") in ents
    assert not any(t == "Chain" and ("余家" in n or n.startswith("家家")) for t, n in ents)


def test_verbs_and_adverbs_are_stripped_from_enterprise_names():
    ents, rels = _x("在光伏产业上,恒远集团作为链主企业,牵头组建衢州光伏产业质量创新联合体,"
                    "吸纳华宇科技、博远智能等20家链员企业。")
    assert {("Enterprise", "华宇科技"), ("Enterprise", "博远智能")} <= ents
    assert ("Enterprise", "吸纳华宇科技") not in ents
    assert ("MEMBER_OF", "华宇科技", "光伏产业链") in rels
    assert not any(r[0] == "MEMBER_OF" and r[1] == "恒远集团" for r in rels)


def test_short_name_after_legal_name_is_canonical_and_adverb_is_dropped():
    ents, rels = _x("衢州恒达机械股份有限公司(以下简称“恒达”)作为农机装备产业链链主企业,推动质量提升。"
                    "恒达还牵头成立衢州市农机装备产业质量联盟。")
    assert ("Enterprise", "恒达") in ents
    assert not any(t == "Enterprise" and n in ("恒达还", "衢州恒达机械股份有限公司") for t, n in ents)
    assert ("LEADS", "恒达", "农机装备产业链") in rels
    assert ("LEADS", "恒达", "衢州市农机装备产业质量联盟") in rels


def test_plain_enterprise_list_on_a_chain_gets_members_and_support():
    ents, rels = _x("衢州市产品质量监督检验所建设的国家光伏产品质量检验检测中心(浙江),"
                    "为光伏产业链上华宇科技、博远智能等企业提供检测认证服务。")
    centre = "国家光伏产品质量检验检测中心(浙江)"
    assert ("Platform", "衢州市产品质量监督检验所") in ents
    assert ("LEADS", "衢州市产品质量监督检验所", centre) in rels
    assert {("SUPPORTS", centre, "光伏产业链"), ("SUPPORTS", centre, "华宇科技"),
            ("MEMBER_OF", "博远智能", "光伏产业链")} <= rels
    assert ("SUPPORTS", "衢州市产品质量监督检验所", "华宇科技") not in rels


def test_regional_branch_of_an_institute_is_kept_whole():
    ents, rels = _x("浙江省计量科学研究院衢州分院建成浙江省光伏产业计量测试中心。")
    assert ("Platform", "浙江省计量科学研究院衢州分院") in ents
    assert ("LEADS", "浙江省计量科学研究院衢州分院", "浙江省光伏产业计量测试中心") in rels


# ---- organs and anaphora
def test_autonomous_region_co_issuers_resolve_to_the_province():
    _, rels = _x("宁夏银川:质量强链见实效。\n宁夏回族自治区市场监管局联合自治区工业和信息化厅、自治区发展改革委"
                 "印发《宁夏重点产业链质量提升方案》,将银川光伏、枸杞2条产业链纳入首批示范链。")
    doc = "宁夏重点产业链质量提升方案"
    for organ in ("宁夏回族自治区市场监督管理局", "宁夏回族自治区工业和信息化厅", "宁夏回族自治区发展和改革委员会"):
        assert ("ISSUED", organ, doc) in rels
    assert ("COVERS", doc, "光伏产业链") in rels
    assert not any(r[0] == "ISSUED" and r[1].startswith("银川市") for r in rels)


def test_unlisted_district_organ_and_bureau_anaphora():
    ents, rels = _x("衢州市推进质量强链。鹤鸣区市场监管局在茶叶产业园建成茶叶质量基础设施一站式服务站。"
                    "该局还推出“鹤质贷”质量金融服务,为茶叶产业链上中小企业授信2亿元。")
    bureau = "鹤鸣区市场监督管理局"
    assert ("GovernmentBody", bureau) in ents
    assert ("LEADS", bureau, "鹤质贷") in rels
    assert ("SUPPORTS", bureau, "茶叶产业链") in rels
    assert not any(r[1] == "衢州市市场监督管理局" for r in rels)


def test_county_and_city_anaphora_take_the_last_named_region():
    ents, rels = _x("衢州市推进质量强链。禾丰县是衢州光伏产业重要承载地,该县市场监管局建成光伏产业质量服务站。"
                    "义乌市市场监管局推出“义质贷”质量金融服务。该市还建成义乌市小商品产业质量服务站。")
    assert ("LEADS", "禾丰县市场监督管理局", "光伏产业质量服务站") in rels
    assert ("LEADS", "义乌市人民政府", "义乌市小商品产业质量服务站") in rels
    assert not any(r[0] == "LEADS" and r[1] == "衢州市人民政府" for r in rels)


def test_platform_anaphora_gai_zhongxin():
    _, rels = _x("衢州市市场监管局牵头建设国家茶叶产品质量检验检测中心(浙江)。"
                 "该中心已为全市茶叶产业链上200余家企业提供检测服务。")
    assert ("SUPPORTS", "国家茶叶产品质量检验检测中心(浙江)", "茶叶产业链") in rels


# ---- 链长 / 链主
def test_chain_chief_only_for_role_uses_and_named_chiefs():
    _, rels = _x("衢州市坚持“链长+链主”双轮驱动,聚焦汽车、钢铁等优势产业。"
                 "衢州市出台《衢州市重点产业链链长制工作方案》,明确由市委、市政府主要领导担任光伏产业链链长,"
                 "其中茶叶产业链由市长亲自担任链长。")
    assert ("LEADS", "中共衢州市委员会", "光伏产业链") in rels
    assert ("LEADS", "衢州市人民政府", "光伏产业链") in rels
    assert ("LEADS", "衢州市人民政府", "茶叶产业链") in rels
    assert ("LEADS", "衢州市人民政府", "汽车产业链") not in rels
    assert ("LEADS", "中共衢州市委员会", "茶叶产业链") not in rels


def test_chain_master_leads_the_chain_of_its_own_clause():
    _, rels = _x("在汽车产业上,远航汽车作为新能源汽车产业链链主企业,牵头组建衢州市新能源汽车产业质量创新联合体。")
    assert ("LEADS", "远航汽车", "新能源汽车产业链") in rels
    assert ("LEADS", "远航汽车", "汽车产业链") not in rels


# ---- documents
def test_chain_named_in_a_document_title_is_covered():
    _, rels = _x("衢州市着力发展茶叶产业。衢州市农业农村局制定《衢州茶叶 绿茶加工规范》地方标准。")
    assert ("COVERS", "衢州茶叶 绿茶加工规范", "茶叶产业链") in rels


def test_support_granted_to_the_included_chain():
    _, rels = _x("浙江省市场监督管理局将衢州光伏产业链列为全省质量强链重点培育项目,并安排专项资金予以支持。")
    assert ("COVERS", "浙江省市场监督管理局", "光伏产业链") in rels
    assert ("SUPPORTS", "浙江省市场监督管理局", "光伏产业链") in rels


def test_headline_states_no_relation():
    _, rels = _x("衢州:以质量强链赋能光伏和茶叶产业\n衢州市聚焦光伏、茶叶等重点产业链推进质量提升。")
    assert not any(r[0] == "SUPPORTS" for r in rels)
    assert ("COVERS", "衢州市人民政府", "光伏产业链") in rels
