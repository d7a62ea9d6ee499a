"""Encodings as publishers really send them, and input that is not a page at all."""

from __future__ import annotations

import codecs

import pytest

from broadsheet.extract import ExtractError, extract_article
from broadsheet.extract.decode import MAX_HTML_BYTES, decode_html

RUSSIAN = "Правительство объявило о новых мерах поддержки экономики"
JAPANESE = "政府は新たな経済対策を発表した。専門家は効果を疑問視している。"
FRENCH = "L'été à Montréal: les élèves ont célébré la fête"


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>t</title></head><body><p>{body}</p></body></html>"


def test_meta_charset_is_honoured() -> None:
    data = page(RUSSIAN, '<meta charset="windows-1251">').encode("cp1251")
    assert RUSSIAN in decode_html(data)


def test_http_equiv_charset_is_honoured() -> None:
    head = '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'
    assert JAPANESE in decode_html(page(JAPANESE, head).encode("shift_jis"))


def test_utf8_page_mislabelled_as_latin1_reads_as_utf8() -> None:
    data = page(FRENCH, '<meta charset="iso-8859-1">').encode("utf-8")
    assert FRENCH in decode_html(data)


def test_latin1_page_mislabelled_as_utf8_still_decodes() -> None:
    data = page(FRENCH, '<meta charset="utf-8">').encode("cp1252")
    text = decode_html(data)
    assert "Montr" in text and "\ufffd" not in text


def test_unlabelled_legacy_encoding_is_detected() -> None:
    data = page(RUSSIAN * 5).encode("cp1251")
    assert RUSSIAN in decode_html(data)


@pytest.mark.parametrize("bom,codec", [(codecs.BOM_UTF8, "utf-8"), (b"", "utf-16")])
def test_byte_order_mark_wins(bom: bytes, codec: str) -> None:
    data = bom + page(JAPANESE, '<meta charset="iso-8859-1">').encode(codec)
    assert JAPANESE in decode_html(data)


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (bytes(range(256)) * 40, "binary"),
        (b'{"title": "not a page", "items": [1, 2, 3]}', "HTML"),
        (b"just a line of plain text, no markup at all", "HTML"),
    ],
)
def test_non_html_input_raises_a_clear_error(data: bytes, reason: str) -> None:
    with pytest.raises(ExtractError, match=reason):
        extract_article(data)


def test_huge_page_is_cut_and_still_extracts() -> None:
    paragraph = "<p>" + "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 8 + "</p>"
    script = "<script>" + "var x = 1;" * 200_000 + "</script>"
    filler = "<div><p>Filler paragraph of the endless page.</p></div>" * 400_000
    html = f"<html><body>{script}<article>{paragraph * 6}</article>{filler}</body></html>"
    assert len(html) > 20 * 1024 * 1024
    article = extract_article(html.encode("utf-8"))
    assert "Lorem ipsum" in article.text
    assert len(decode_html(html.encode("utf-8"))) <= MAX_HTML_BYTES


def test_utf8_written_out_again_as_latin1_is_repaired() -> None:
    # the publisher's CMS read UTF-8 as Latin-1 and wrote that out as UTF-8 again
    page = "<html><head><title>A DIY Investor’s Guide</title></head><body><p>Café prices</p>"
    garbled = page.encode("utf-8").decode("latin-1").encode("utf-8")
    text = decode_html(garbled)
    assert "Investor’s" in text and "Café" in text
    # text that merely contains Latin-1 letters is left alone
    assert decode_html("<p>Ã© and £5</p>".encode()) == "<p>Ã© and £5</p>"
