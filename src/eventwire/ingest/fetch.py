"""URLs -> RawArticles over HTTP(S), politely and safely.

httpx with timeouts, a size limit read as a stream, a redirect limit (each hop checked), a
content-type check, a user agent and a per-host rate limit. Refuses private, loopback,
link-local and reserved addresses (SSRF) unless ``allow_private``. The network is a seam: pass
an ``httpx`` transport (tests use ``httpx.MockTransport`` or a local server) and a resolver.
Never raises for a bad URL except ``InputError`` with one line; never follows other schemes.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from eventwire.errors import InputError
from eventwire.ingest.feeds import looks_like_feed, read_feed
from eventwire.ingest.html import looks_like_html, read_html
from eventwire.model import Failure, RawArticle

if TYPE_CHECKING:
    import httpx

STAGE = "ingest.url"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """Limits and manners of fetching."""

    timeout_s: float = 20.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    allow_private: bool = False  # allow loopback/private addresses (local servers, tests)
    host_interval_s: float = 1.0  # at least this long between two requests to one host
    user_agent: str = "eventwire/0.1 (news event coder; offline research use)"


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response body with the URL it finally came from and its content type."""

    url: str
    content_type: str
    body: bytes


def is_url(item: str) -> bool:
    """Whether a command-line input is an http(s) URL rather than a path."""
    return item.lower().startswith(("http://", "https://"))


def resolve_host(host: str) -> list[str]:
    """The IP addresses a host name resolves to (the default resolver)."""
    try:
        return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None)})
    except (socket.gaierror, UnicodeError) as error:
        raise InputError(f"cannot resolve host {host!r} ({error}).") from None


class Fetcher:
    """One HTTP client with its limits, used for every URL of a run."""

    def __init__(
        self,
        options: FetchOptions | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        resolver: Callable[[str], list[str]] = resolve_host,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.options = options or FetchOptions()
        self._transport, self._resolver, self._clock, self._sleep = transport, resolver, clock, sleep
        self._last_request: dict[str, float] = {}
        self._client: httpx.Client | None = None

    def fetch(self, url: str) -> Fetched:
        """GET a URL, following at most max_redirects checked redirects; raise InputError on any refusal."""
        for _ in range(self.options.max_redirects + 1):
            self._check_target(url)
            self._wait_for_host(urlsplit(url).hostname or "")
            location, fetched = self._get(url)
            if fetched is not None:
                return fetched
            url = urljoin(url, location)
        raise InputError(f"{url}: more than {self.options.max_redirects} redirects.")

    def close(self) -> None:
        """Close the HTTP client."""
        if self._client is not None:
            self._client.close()

    def _get(self, url: str) -> tuple[str, Fetched | None]:
        import httpx

        try:
            with self._http().stream("GET", url) as response:
                if response.status_code in _REDIRECTS and "location" in response.headers:
                    return response.headers["location"], None
                if response.status_code != 200:
                    raise InputError(f"{url}: HTTP status {response.status_code}.")
                content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
                return "", Fetched(str(response.url), content_type, self._read_limited(response, url))
        except httpx.TimeoutException:
            raise InputError(f"{url}: timed out after {self.options.timeout_s} s.") from None
        except httpx.HTTPError as error:
            raise InputError(f"{url}: request failed ({type(error).__name__}: {error}).") from None

    def _read_limited(self, response: httpx.Response, url: str) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.options.max_bytes:
            raise InputError(f"{url}: {declared} bytes, over the {self.options.max_bytes}-byte limit.")
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > self.options.max_bytes:
                raise InputError(f"{url}: over the {self.options.max_bytes}-byte limit.")
        return bytes(body)

    def _http(self) -> httpx.Client:
        import httpx

        if self._client is None:
            self._client = httpx.Client(
                transport=self._transport,
                timeout=self.options.timeout_s,
                follow_redirects=False,  # each hop is checked by fetch
                headers={"User-Agent": self.options.user_agent},
            )
        return self._client

    def _check_target(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InputError(f"{url}: only http and https URLs can be fetched.")
        if self.options.allow_private:
            return
        for address in self._addresses(parts.hostname):
            ip = ipaddress.ip_address(address)
            if not ip.is_global or ip.is_multicast:
                raise InputError(
                    f"{url}: {parts.hostname} is a private or loopback address ({address}); "
                    "pass --allow-private to fetch from local servers."
                )

    def _addresses(self, host: str) -> list[str]:
        try:
            return [str(ipaddress.ip_address(host.strip("[]")))]
        except ValueError:
            return self._resolver(host)

    def _wait_for_host(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            wait = self.options.host_interval_s - (self._clock() - last)
            if wait > 0:
                self._sleep(wait)
        self._last_request[host] = self._clock()


def read_url(url: str, *, fetcher: Fetcher) -> Iterator[RawArticle | Failure]:
    """Fetch one URL: an HTML page becomes one article, a feed one per entry, text one."""
    try:
        fetched = fetcher.fetch(url)
        yield from _articles(fetched, requested=url)
    except InputError as error:
        yield Failure(url, STAGE, str(error))


def _articles(fetched: Fetched, *, requested: str) -> Iterator[RawArticle | Failure]:
    kind = fetched.content_type
    if kind in ("text/html", "application/xhtml+xml") or (not kind and looks_like_html(fetched.body)):
        yield read_html(fetched.body, source=requested, url=fetched.url)
    elif "rss" in kind or "atom" in kind or kind.endswith("/xml") or looks_like_feed(fetched.body):
        yield from read_feed(fetched.body, source=requested)
    elif kind == "text/plain":
        from eventwire.ingest.files import decode_text

        yield RawArticle(source=requested, text=decode_text(fetched.body, name=requested), doc_id=fetched.url)
    else:
        raise InputError(f"{requested}: content type {kind or 'unknown'!r} is not HTML, a feed or plain text.")
