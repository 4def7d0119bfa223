"""Reading articles: encodings, HTML main text, Markdown, bad inputs, folder walking and ids."""
from __future__ import annotations

import codecs
import dataclasses
import json
import os
import shutil

import pytest

from graph.errors import InputError
from graph.model import ArticleMeta
from loaders.clean import clean
from loaders.extract import extract
from loaders.read import (
    DEFAULT_MAX_BYTES,
    article_from_bytes,
    decode_bytes,
    find_inputs,
    markdown_text,
    read_file,
)

SEED = "000_94aaf5c81d9f943d"
TRADITIONAL_SEED = "001_4eb16f80512fd49f"

ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-bom": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "utf-16-le-bom": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16-be-bom": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "utf-16-le": lambda t: t.encode("utf-16-le"),  # no BOM: told apart from binary by where its NULs are
    "utf-16-be": lambda t: t.encode("utf-16-be"),
    "gb18030": lambda t: t.encode("gb18030"),
    "utf-8-crlf": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
}


@pytest.fixture(scope="module")
def seed_text(seeds_dir) -> str:
    return (seeds_dir / f"{SEED}.txt").read_text(encoding="utf-8")


def _extraction(article):
    return dataclasses.replace(extract(clean(article)), path="")


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_every_encoding_reads_the_same_text_and_extraction(tmp_path, seeds_dir, seed_text, encoding):
    (tmp_path / encoding).mkdir()
    path = tmp_path / encoding / f"{SEED}.txt"
    path.write_bytes(ENCODINGS[encoding](seed_text))
    article = read_file(path)
    reference = read_file(seeds_dir / f"{SEED}.txt")
    assert article.id == SEED
    assert article.text == seed_text
    assert article.title == reference.title != ""
    assert article.encoding == encoding.removesuffix("-crlf")
    assert _extraction(article) == _extraction(reference)


def test_traditional_seed_in_gb18030_is_detected(tmp_path, seeds_dir):
    text = (seeds_dir / f"{TRADITIONAL_SEED}.txt").read_text(encoding="utf-8")
    path = tmp_path / "trad.txt"
    path.write_bytes(text.encode("gb18030"))
    article = read_file(path)
    assert article.encoding == "gb18030"
    assert article.text == text


def _html_page(title: str, paragraphs: list[str], charset: str = "utf-8") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title} - 中国质量新闻网</title></head>
<body><header><div class="logo">中国质量新闻网</div>
<nav><ul><li><a href="/">首页</a></li><li><a href="/news">要闻速递</a></li><li><a href="/c">联系我们</a></li></ul></nav>
</header><div class="main"><article><h1>{title}</h1><div class="content">{body}</div></article>
<aside><h3>热门文章</h3><ul><li><a href="/1">热门新闻一则</a></li><li><a href="/2">热门新闻二则</a></li></ul></aside></div>
<footer><p>京ICP备12345678号</p><p><a href="/about">关于本站</a></p></footer></body></html>"""


@pytest.mark.parametrize("charset", ["utf-8", "gbk"])
def test_html_keeps_main_text_and_drops_navigation(tmp_path, seed_text, charset):
    lines = [ln.replace("\xa0", " ").strip() for ln in seed_text.splitlines() if len(ln.strip()) > 20]
    title = "构建质量提升模式"
    html = _html_page(title, lines, charset)
    path = tmp_path / "page.html"
    path.write_bytes(html.encode("gb18030" if charset == "gbk" else "utf-8"))
    article = read_file(path)
    assert article.id == "page"
    assert article.title.startswith(title)
    for line in lines:
        assert line in article.text
    for boilerplate in ("首页", "要闻速递", "热门新闻", "京ICP备", "关于本站"):
        assert boilerplate not in article.text
    assert "<p>" not in article.text


def test_html_without_text_is_refused(tmp_path):
    path = tmp_path / "blank.htm"
    path.write_text("<html><head><title>x</title></head><body><script>var a=1;</script></body></html>")
    with pytest.raises(InputError, match=r"blank\.htm: no main text found in HTML$"):
        read_file(path)


def test_markdown_markup_is_stripped(tmp_path):
    md = (
        "# 江苏质量强链\n\n"
        "**江苏省市场监督管理局**发布了[《江苏省质量强链工作指南》](http://example.cn/a)。![图片](a.png)\n\n"
        "```python\nprint('code is not article text')\n```\n"
        "- 列表项 *强调* 和 `代码` 与 __粗体__\n"
        "> 引用的话\n"
        "## 第二节 ##\n"
        "正文[参考][1]。\n\n[1]: http://example.cn/ref\n"
    )
    path = tmp_path / "note.md"
    path.write_text(md, encoding="utf-8")
    article = read_file(path)
    assert article.title == "江苏质量强链"
    text = article.text
    assert "江苏省市场监督管理局发布了《江苏省质量强链工作指南》。" in text
    assert "列表项 强调 和 代码 与 粗体" in text
    assert "引用的话" in text and "第二节" in text and "正文参考。" in text
    for markup in ("#", "**", "](", "![", "```", "print(", "`", "> ", "http://"):
        assert markup not in text, markup


def test_markdown_title_falls_back_to_first_line():
    assert markdown_text("第一行\n第二行")[0] == "第一行"


def _fifo(path):
    os.mkfifo(path)
    return path


BAD_FILES = {
    "empty.txt": (b"", r"empty file$"),
    "blank.txt": (b" \n\t\n", r"empty file \(only whitespace\)$"),
    "nul.txt": (b"abc\x00def" * 10, r"binary file \(contains NUL bytes\)$"),
    "control.txt": (b"\x01\x02\x03\x04\x05abc" * 50, r"binary file \(mostly control characters\)$"),
    "garbage.txt": (b"\x81\x30\xff\xfe\xfa" * 3, r"undecodable bytes \(not UTF-8, UTF-16 or a known Chinese encoding\)$"),
    "odd16.txt": (codecs.BOM_UTF16_LE + "质量".encode("utf-16-le") + b"\x00\xd8", r"undecodable bytes for utf-16-le"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_gives_one_line_input_error(tmp_path, name):
    data, pattern = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_file(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    assert info.match(pattern)


def test_too_large_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: refusing it must not depend on its content
    with pytest.raises(InputError, match=r"huge\.txt: file too large \(50\.0 MB; the limit is 20\.0 MB\)$"):
        read_file(path)
    small = tmp_path / "small.txt"
    small.write_text("质量强链" * 100, encoding="utf-8")
    with pytest.raises(InputError, match="file too large"):
        read_file(small, max_bytes=100)
    assert read_file(small, max_bytes=DEFAULT_MAX_BYTES).text == "质量强链" * 100


def test_missing_unsupported_fifo_and_directory(tmp_path):
    with pytest.raises(InputError, match=r"nope\.txt: no such file or directory$"):
        read_file(tmp_path / "nope.txt")
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(InputError, match=r"doc\.pdf: unsupported file type '\.pdf' \(expected \.txt"):
        read_file(pdf)
    with pytest.raises(InputError, match=r"pipe\.txt: not a regular file$"):
        read_file(_fifo(tmp_path / "pipe.txt"))
    (tmp_path / "dir.txt").mkdir()
    with pytest.raises(InputError, match=r"dir\.txt: is a directory"):
        read_file(tmp_path / "dir.txt")


def test_very_long_line_reads_whole(tmp_path):
    line = "江苏省市场监督管理局制定指南" * 200_000  # one 2.8 M character line
    path = tmp_path / "long.txt"
    path.write_text(line, encoding="utf-8")
    article = read_file(path)
    assert article.text == line
    assert len(article.title) == 200


def test_decode_bytes_never_ignores_errors():
    text, enc = decode_bytes("江苏省质量强链工作指南已经印发。".encode("gb18030"))
    assert (text, enc) == ("江苏省质量强链工作指南已经印发。", "gb18030")
    with pytest.raises(InputError, match="undecodable"):
        decode_bytes(codecs.BOM_UTF8 + b"\xff\xfe\xfd")


def test_article_from_bytes_uses_the_suffix(tmp_path):
    raw = "# 标题\n正文".encode()
    assert article_from_bytes(tmp_path / "a.md", raw).text == "标题\n正文"
    assert article_from_bytes(tmp_path / "a.txt", raw).text == "# 标题\n正文"


def _tree(root, files):
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(content, encoding="utf-8")


def test_find_inputs_walks_sorted_and_skips_non_articles(tmp_path):
    _tree(tmp_path / "corpus", {
        "b.txt": "乙", "a.md": "甲", "sub/c.html": "<p>丙</p>", "sub/z/d.htm": "<p>丁</p>",
        "notes.pdf": "x", "image.png": "x", ".hidden.txt": "x", ".git/e.txt": "x", "out/f.txt": "x",
    })
    found = find_inputs([tmp_path / "corpus"], exclude=[tmp_path / "corpus" / "out"])
    rels = [f.path.relative_to(tmp_path / "corpus").as_posix() for f in found.files]
    assert rels == ["a.md", "b.txt", "sub/c.html", "sub/z/d.htm"]
    assert [f.id for f in found.files] == ["a", "b", "c", "d"]
    assert found.errors == () and found.warnings == ()


def test_find_inputs_reports_bad_paths_and_reads_a_file_once(tmp_path):
    _tree(tmp_path, {"corpus/a.txt": "甲", "empty/readme.pdf": "x", "doc.docx": "x"})
    found = find_inputs([tmp_path / "corpus", tmp_path / "corpus" / "a.txt", tmp_path / "missing",
                         tmp_path / "empty", tmp_path / "doc.docx"])
    assert [f.id for f in found.files] == ["a"]
    messages = [str(e) for e in found.errors]
    assert messages[0] == f"{tmp_path / 'missing'}: no such file or directory"
    assert messages[1].startswith(f"{tmp_path / 'empty'}: no articles (.txt")
    assert messages[2].startswith(f"{tmp_path / 'doc.docx'}: unsupported file type '.docx'")


def test_shared_stems_get_distinct_location_independent_ids(tmp_path):
    files = {"x/report.txt": "甲", "y/report.txt": "乙", "y/report.md": "丙", "y/other.txt": "丁"}
    _tree(tmp_path / "one", files)
    first = find_inputs([tmp_path / "one"])
    ids = [f.id for f in first.files]
    assert ids[0] == "report~" + ids[0].split("~")[1] and len(set(ids)) == 4
    assert "other" in ids
    assert len(first.warnings) == 1 and "'report'" in first.warnings[0]
    shutil.copytree(tmp_path / "one", tmp_path / "elsewhere" / "two")
    second = find_inputs([tmp_path / "elsewhere" / "two"])
    assert [f.id for f in second.files] == ids


# --- UTF-16 without BOM, deep HTML, metadata ------------------------------------------------

@pytest.mark.parametrize("data", [bytes(range(256)) * 4, b"\x00\x01\x02" * 100, b"PK\x03\x04\x00\x00" * 50,
                                  "正文".encode("utf-16-le") + b"\x00\xd8\x00\x00"])
def test_nul_bytes_that_are_not_utf16_text_are_binary(data):
    with pytest.raises(InputError, match="binary file"):
        decode_bytes(data, "x.txt")


def _nested_html(depth: int) -> str:
    body = "<p>广州市人民政府印发《广州市质量强链方案》,聚焦新型储能产业链开展质量提升行动,推动企业协同发展。</p>" * 3
    return ("<html><head><title>深层页面</title></head><body>" + "<div>" * depth + body + "</div>" * depth
            + "</body></html>")


@pytest.mark.parametrize("depth", [300, 1500])
def test_html_nested_deeper_than_lxml_default_limit_keeps_its_text(tmp_path, depth):
    page = tmp_path / "deep.html"
    page.write_text(_nested_html(depth), encoding="utf-8")
    article = read_file(page)
    assert "聚焦新型储能产业链" in article.text


def test_html_nested_beyond_any_parser_limit_is_one_line(tmp_path):
    page = tmp_path / "deeper.html"
    page.write_text(_nested_html(3000), encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_file(page)
    assert str(info.value) == f"{page}: HTML nested 3003 levels deep (more than 2000): its text cannot be read"


HTML_WITH_META = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>站点 - 广州质量强链</title>
<meta property="og:title" content="广州质量强链">
<meta property="article:published_time" content="2024-05-10T09:30:00+08:00">
<meta property="og:url" content="https://example.gov.cn/og.html">
<link rel="canonical" href="https://example.gov.cn/news/1.html">
</head><body><article><h1>广州质量强链</h1><p>{text}</p></article></body></html>"""


def test_html_meta_tags_give_date_and_canonical_url(tmp_path, seed_text):
    page = tmp_path / "a.html"
    page.write_text(HTML_WITH_META.format(text=seed_text[:400]), encoding="utf-8")
    article = read_file(page)
    assert (article.date, article.url) == ("2024-05-10T09:30:00+08:00", "https://example.gov.cn/news/1.html")
    assert article.title


def test_html_meta_url_must_be_http(tmp_path, seed_text):
    page = tmp_path / "a.html"
    html = HTML_WITH_META.format(text=seed_text[:400]).replace("https://example.gov.cn/news/1.html",
                                                               "javascript:alert(1)")
    page.write_text(html.replace("https://example.gov.cn/og.html", "/relative.html"), encoding="utf-8")
    assert read_file(page).url is None


def test_markdown_front_matter_gives_metadata_and_is_not_text(tmp_path):
    md = tmp_path / "a.md"
    md.write_text('---\ntitle: "前言标题"\ndate: 2023-11-02\nsource: https://example.cn/a\ntags: [x]\n---\n'
                  "# 正文标题\n\n广州市人民政府印发《方案》。\n", encoding="utf-8")
    article = read_file(md)
    assert (article.title, article.date, article.url) == ("前言标题", "2023-11-02", "https://example.cn/a")
    assert "title:" not in article.text and "2023-11-02" not in article.text and "正文标题" in article.text


def test_sources_json_beside_the_folder_gives_each_article_its_metadata(tmp_path):
    corpus = tmp_path / "set" / "articles"
    corpus.mkdir(parents=True)
    for stem in ("c01", "c02", "c03"):
        (corpus / f"{stem}.txt").write_text("广州市人民政府印发《方案》。\n", encoding="utf-8")
    (tmp_path / "set" / "sources.json").write_text(json.dumps([  # the format of shared/realdev/sources.json
        {"id": "c01", "url": "https://a.cn/1", "title": "标题一", "date": "2025-10-03", "chars": 5, "style": "x"},
        {"id": "c02", "url": "ftp://a.cn/2", "title": "标题二", "date": "2024-01"},
    ], ensure_ascii=False), encoding="utf-8")
    inputs = find_inputs([corpus])
    metas = {f.id: f.meta for f in inputs.files}
    assert metas["c01"] == ArticleMeta(title="标题一", date="2025-10-03", url="https://a.cn/1")
    assert metas["c02"] == ArticleMeta(title="标题二", date="2024-01", url=None)  # only http(s) addresses
    assert metas["c03"] is None and inputs.errors == ()


def test_sources_csv_in_the_folder_and_a_broken_sources_file_is_one_line(tmp_path):
    (tmp_path / "a.txt").write_text("广州市人民政府印发《方案》。\n", encoding="utf-8")
    (tmp_path / "sources.csv").write_text("id,title,date,url\na,标题,2022-02-02,http://x.cn/a\n", encoding="utf-8")
    assert find_inputs([tmp_path]).files[0].meta == ArticleMeta(title="标题", date="2022-02-02", url="http://x.cn/a")
    (tmp_path / "sources.csv").unlink()
    (tmp_path / "sources.json").write_text("[{", encoding="utf-8")
    inputs = find_inputs([tmp_path])
    assert [f.id for f in inputs.files] == ["a"]
    assert [str(e) for e in inputs.errors] == [f"{tmp_path / 'sources.json'}: sources file is not valid JSON "
                                               "(Expecting property name enclosed in double quotes: line 1 column 3 "
                                               "(char 2))"]


def test_a_labelled_date_under_the_headline_is_the_article_date(tmp_path):
    top = tmp_path / "top.txt"
    top.write_text("标题\n来源:某日报 发布时间:2025/10/3 浏览量:1\n广州市人民政府印发《方案》。\n", encoding="utf-8")
    assert read_file(top).date == "2025-10-03"
    body = tmp_path / "body.txt"
    body.write_text("标题\n" + "广州市人民政府印发《方案》。\n" * 10 + "发布日期:2024-04-28\n", encoding="utf-8")
    assert read_file(body).date is None  # a date deep in the body is not the publication date
    bad = tmp_path / "bad.txt"
    bad.write_text("标题\n发布日期:2024-13-40\n正文。\n", encoding="utf-8")
    assert read_file(bad).date is None
