"""Ingest of HTML, feeds, WARC, gzip/zip (with bomb limits), JSONL html, language, and URLs.

URL tests never reach the internet: they inject an ``httpx.MockTransport`` (the real client,
redirect and limit code runs; only the socket is replaced) and a resolver.
"""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from datetime import date
from pathlib import Path

import httpx
import pytest

from eventwire.ingest import Fetcher, FetchOptions, read_inputs
from eventwire.model import Failure, RawArticle

PARAGRAPH = (
    "The foreign ministers of the two countries met in Geneva on Tuesday to discuss the ceasefire, "
    "and they said that the talks would continue after the weekend with a new round of proposals. "
)
PAGE = f"""<!doctype html><html lang="en"><head><title>Ministers meet in Geneva</title>
<meta property="article:published_time" content="2024-03-26T10:00:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Ministers meet in Geneva</h1><p>{PARAGRAPH * 2}</p><p>{PARAGRAPH}</p></article>
<footer>Subscribe to our newsletter</footer></body></html>"""


def _read(*items: Path | str, fetcher: Fetcher | None = None, max_bytes: int = 1_000_000) -> list[RawArticle | Failure]:
    return list(read_inputs(list(items), max_bytes=max_bytes, fetcher=fetcher))


def test_html_page_gives_main_text_title_and_date(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    [raw] = _read(tmp_path / "page.html")
    assert isinstance(raw, RawArticle)
    assert "foreign ministers" in raw.text and "Subscribe" not in raw.text and "Home" not in raw.text
    assert raw.title == "Ministers meet in Geneva" and raw.published_on == date(2024, 3, 26)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("scripts.html", b"<html><body><script>var a = 1;</script><script>go()</script></body></html>", "no article"),
        ("deep.html", b"<html><body>" + b"<div>" * 50_000 + b"x" + b"</div>" * 50_000 + b"</body></html>", "nested"),
        ("empty.html", b"   ", "empty"),
    ],
)
def test_html_without_an_article_is_a_failure(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    (tmp_path / name).write_bytes(data)
    [failure] = _read(tmp_path / name)
    assert isinstance(failure, Failure) and reason in failure.reason


def test_feed_entries_become_articles_with_links_and_dates(tmp_path: Path) -> None:
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>
    <item><title>One</title><link>https://news.example/1</link><pubDate>Tue, 26 Mar 2024 10:00:00 GMT</pubDate>
    <description>&lt;p&gt;{PARAGRAPH}&lt;/p&gt;</description></item>
    <item><title>Two</title><link>https://news.example/2</link><description></description></item>
    </channel></rss>"""
    (tmp_path / "world.rss").write_text(feed, encoding="utf-8")
    first, second = _read(tmp_path / "world.rss")
    assert isinstance(first, RawArticle) and first.url == "https://news.example/1"
    assert first.published_on == date(2024, 3, 26) and first.text.startswith("The foreign ministers")
    assert isinstance(second, Failure) and "no content" in second.reason


def test_broken_feed_is_one_failure(tmp_path: Path) -> None:
    (tmp_path / "broken.xml").write_text("<rss><channel><item><title>x</titl", encoding="utf-8")
    [failure] = _read(tmp_path / "broken.xml")
    assert isinstance(failure, Failure) and "feed" in failure.reason


def test_warc_html_responses_become_articles(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, kind, body in [
            ("https://news.example/a", "text/html; charset=utf-8", PAGE.encode()),
            ("https://news.example/logo.png", "image/png", b"\x89PNG"),
        ]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            )
    [raw] = _read(path)
    assert isinstance(raw, RawArticle) and raw.url == "https://news.example/a" and "Geneva" in raw.text


def test_gzip_and_zip_are_read_and_bombs_refused(tmp_path: Path) -> None:
    (tmp_path / "story.txt.gz").write_bytes(gzip.compress(PARAGRAPH.encode()))
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"\0" * 50_000_000))
    with zipfile.ZipFile(tmp_path / "pages.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a/page.html", PAGE)
        archive.writestr("zeros.txt", b"a" * 20_000_000)
    out = {item.source.split("/")[-1]: item for item in _read(tmp_path, max_bytes=100_000_000)}
    assert isinstance(out["story.txt"], RawArticle) and out["story.txt"].doc_id == "story"
    assert isinstance(out["bomb.txt.gz"], Failure) and "bomb" in out["bomb.txt.gz"].reason
    assert isinstance(out["page.html"], RawArticle) and out["page.html"].source.endswith("pages.zip!a/page.html")
    zeros = next(item for source, item in out.items() if source.endswith("zeros.txt"))
    assert isinstance(zeros, Failure) and "zip bomb" in zeros.reason


def test_jsonl_html_lines_and_non_english_text(tmp_path: Path) -> None:
    german = "Die Außenminister der beiden Länder trafen sich am Dienstag in Genf, um über die Waffenruhe zu " * 5
    lines = [
        json.dumps({"id": "h1", "html": PAGE, "url": "https://news.example/h1"}),
        json.dumps({"id": "de", "text": german}),
        json.dumps({"id": "nul", "text": "a\x00b"}),
    ]
    (tmp_path / "dump.jsonl").write_text("\n".join(lines), encoding="utf-8")
    html, foreign, nul = _read(tmp_path / "dump.jsonl")
    assert isinstance(html, RawArticle) and html.doc_id == "h1" and "Geneva" in html.text
    assert isinstance(foreign, Failure) and "English" in foreign.reason
    assert isinstance(nul, Failure) and "NUL" in nul.reason


def _fetcher(handler: httpx.MockTransport, *, allow_private: bool = False, **options: object) -> Fetcher:
    resolved = {"news.example": ["93.184.215.14"], "intranet.example": ["10.0.0.7"]}
    return Fetcher(
        FetchOptions(allow_private=allow_private, **options),  # type: ignore[arg-type]
        transport=handler,
        resolver=lambda host: resolved[host],
        sleep=lambda seconds: None,
    )


def _site(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path == "/moved":
        return httpx.Response(301, headers={"location": "/article"})
    if path == "/loop":
        return httpx.Response(302, headers={"location": "/loop"})
    if path == "/to-private":
        return httpx.Response(302, headers={"location": "http://127.0.0.1/secret"})
    if path == "/article":
        assert request.headers["user-agent"].startswith("eventwire/")
        return httpx.Response(200, headers={"content-type": "text/html; charset=utf-8"}, content=PAGE.encode())
    if path == "/huge":
        return httpx.Response(200, headers={"content-type": "text/html"}, content=b"<p>" + b"x" * 3_000_000)
    if path == "/image":
        return httpx.Response(200, headers={"content-type": "image/png"}, content=b"\x89PNG")
    if path == "/slow":
        raise httpx.ReadTimeout("timed out", request=request)
    return httpx.Response(404)


def test_urls_are_fetched_with_redirects_limits_and_type_checks() -> None:
    fetcher = _fetcher(httpx.MockTransport(_site), max_bytes=1_000_000, max_redirects=3)
    base = "https://news.example"
    items = _read(*(f"{base}/{p}" for p in ("moved", "loop", "huge", "image", "slow", "gone")), fetcher=fetcher)
    moved, *failures = items
    assert isinstance(moved, RawArticle) and moved.url == f"{base}/article" and "Geneva" in moved.text
    reasons = [failure.reason for failure in failures if isinstance(failure, Failure)]
    assert len(reasons) == 5
    for reason, expected in zip(reasons, ["redirects", "byte limit", "content type", "timed out", "404"], strict=True):
        assert expected in reason


def test_private_and_loopback_addresses_are_refused_unless_allowed() -> None:
    fetcher = _fetcher(httpx.MockTransport(_site))
    urls = ["http://127.0.0.1/article", "http://intranet.example/article", "https://news.example/to-private"]
    reasons = [item.reason for item in _read(*urls, fetcher=fetcher) if isinstance(item, Failure)]
    assert len(reasons) == 3 and all("private or loopback" in reason for reason in reasons)
    allowed = _fetcher(httpx.MockTransport(_site), allow_private=True)
    assert isinstance(_read("http://127.0.0.1/article", fetcher=allowed)[0], RawArticle)


def test_requests_to_one_host_are_spaced_by_the_rate_limit() -> None:
    waits: list[float] = []
    clock = iter(float(t) for t in range(100))
    fetcher = Fetcher(
        FetchOptions(host_interval_s=5.0),
        transport=httpx.MockTransport(_site),
        resolver=lambda host: ["93.184.215.14"],
        clock=lambda: next(clock),
        sleep=waits.append,
    )
    _read("https://news.example/article", "https://news.example/article", fetcher=fetcher)
    assert waits and all(0 < wait <= 5.0 for wait in waits)


def test_url_list_file_is_fetched_line_by_line(tmp_path: Path) -> None:
    (tmp_path / "todo.urls").write_text("# today\nhttps://news.example/article\n\nhttps://news.example/image\n")
    fetched, refused = _read(tmp_path / "todo.urls", fetcher=_fetcher(httpx.MockTransport(_site)))
    assert isinstance(fetched, RawArticle) and isinstance(refused, Failure)
