"""Cleaning: pinyin noise, boilerplate, width, script folding, sentence split, long lines."""
from graph.model import Article
from loaders.clean import MAX_SENTENCE, clean, strip_pinyin
from loaders.normalize import fold, name_key


def _doc(text: str, title: str = ""):
    return clean(Article(id="t", path="t.txt", text=text, title=title))


def test_pinyin_noise_removed_but_latin_words_kept():
    assert strip_pinyin("推動產(chǎn)業(yè)鏈發(fā)展") == "推動產業鏈發展"
    assert strip_pinyin("核心元器件IGBT(绝缘栅)和(NQI)") == "核心元器件IGBT(绝缘栅)和(NQI)"


def test_boilerplate_lines_dropped():
    doc = _doc("首页 > 新闻 > 正文\n某市出台《示例方案》。\n版权所有 某某网\n免责声明:本站内容仅供参考\n  □\n编辑:张三")
    assert doc.text == "某市出台《示例方案》。"


def test_width_and_script_folding_keep_original_text():
    doc = _doc("陜西省質量強鏈，全力推進（試點）。")
    s = doc.sentences[0]
    assert s.text == "陜西省質量強鏈，全力推進（試點）。"
    assert s.folded == "陕西省质量强链,全力推进(试点)。"
    assert len(s.text) == len(s.folded)
    assert s.text in doc.text


def test_sentence_split_keeps_closing_quotes_and_paragraphs():
    doc = _doc("他说:“要建好平台。”随后开会!\n第二段;结束")
    texts = [s.text for s in doc.sentences]
    assert texts == ["他说:“要建好平台。”", "随后开会!", "第二段;", "结束"]
    assert [s.paragraph for s in doc.sentences] == [0, 0, 1, 1]


def test_long_lines_are_capped():
    doc = _doc("质" * (MAX_SENTENCE * 3 + 7))
    assert all(len(s.text) <= MAX_SENTENCE + 1 for s in doc.sentences)
    assert "".join(s.text for s in doc.sentences) == doc.text


def test_title_defaults_to_first_line():
    assert _doc("\n\n  标题行  \n正文。").title == "标题行"
    assert _doc("正文。", title="给定").title == "给定"


def test_name_key_matches_variants_and_short_bureau():
    assert name_key("陜西省市場監管局") == name_key("陕西省市场监督管理局")
    assert fold("ＡＢＣ１２３") == "ABC123"


def test_line_broken_inside_a_sentence_is_joined_but_titles_are_not():
    from loaders.clean import clean_text

    text = "质量强链见实效\n该省依托中国计量科学研究院、省计量院建设中国计量科学研究院长沙\n基地,服务产业。\n下一段。"
    out = clean_text(text)
    assert "长沙基地" in out
    assert out.startswith("质量强链见实效\n")


def test_fold_turns_taiwan_wording_into_mainland_terms_without_moving_offsets():
    from loaders.normalize import fold
    text = "推動品質強鏈與人工智慧,提升產品質量"
    out = fold(text)
    assert len(out) == len(text)
    assert out == "推动质量强链与人工智能,提升产品质量"
    assert fold("提升品质") == "提升品质"  # simplified text is never rewritten


def test_heading_broken_inside_a_title_is_joined():
    from loaders.clean import clean_text
    text = "市局等6部门关于印发《衢州市产品质量提升\n\n行动方案》的通知\n\n各县人民政府:"
    assert clean_text(text).split("\n")[0] == "市局等6部门关于印发《衢州市产品质量提升行动方案》的通知"


def test_fold_keeps_the_wording_of_names_outside_policy_phrases():
    from loaders.normalize import fold
    assert fold("香港品質保證局") == "香港品质保证局"


def test_stray_space_at_a_bracket_inside_a_name_is_dropped():
    from loaders.clean import clean_text
    assert clean_text("近日,中国 (绵阳)科技城 检验检测联合体启动") == "近日,中国(绵阳)科技城 检验检测联合体启动"
    assert clean_text("记者 张三 报道") == "记者 张三 报道"
