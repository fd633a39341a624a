"""A local web site for ``watch`` tests and benchmarks: 127.0.0.1 only, a free port, fixture feeds and pages, and the
pages a crawler must survive (slow, huge, missing, a redirect loop, not HTML, disallowed by robots.txt)."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Mapping
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROBOTS = "User-agent: *\nDisallow: /private/\n"


def html_page(title: str, text: str, outlet: str = "Local Wire") -> bytes:
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n") if p.strip())
    return (f"<!doctype html><html><head><title>{escape(title)}</title>"
            f'<meta property="og:site_name" content="{escape(outlet)}"></head>'
            f"<body><nav>Home | World | Sport</nav><article><h1>{escape(title)}</h1>{paragraphs}</article>"
            "<footer>Share your love. Leave a Reply.</footer></body></html>").encode()


def rss(base: str, items: list[tuple[str, str, str]], title: str = "Local Wire") -> bytes:
    """An RSS 2.0 feed of ``(path, title, RFC 822 date)`` items."""
    entries = "".join(f"<item><title>{escape(t)}</title><link>{base}{p}</link><pubDate>{d}</pubDate></item>"
                      for p, t, d in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{escape(title)}</title>'
            f"<link>{base}/</link>{entries}</channel></rss>").encode()


class Site:
    """Serves ``pages`` (path → (content type, body)) plus the hostile paths; logs every request."""

    def __init__(self, pages: Mapping[str, tuple[str, bytes]] | None = None, *, slow_seconds: float = 3.0,
                 huge_bytes: int = 3 * 1024 * 1024) -> None:
        self.pages: dict[str, tuple[str, bytes]] = dict(pages or {})
        self.log: list[tuple[str, dict[str, str]]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args: object) -> None:
                return None

            def do_GET(self) -> None:
                site.log.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                path = self.path.split("?")[0]
                if path == "/robots.txt":
                    return self.send(200, "text/plain", ROBOTS.encode())
                if path == "/slow.html":
                    time.sleep(slow_seconds)
                    return self.send(200, "text/html", html_page("Slow", "Too late."))
                if path == "/huge.html":  # no Content-Length: the cap must hold while streaming
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.end_headers()
                    chunk = b"<p>" + b"x" * 65536 + b"</p>"
                    try:
                        for _ in range(huge_bytes // len(chunk) + 1):
                            self.wfile.write(chunk)
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    return None
                if path in ("/loop1.html", "/loop2.html"):
                    self.send_response(302)
                    self.send_header("Location", "/loop2.html" if path == "/loop1.html" else "/loop1.html")
                    self.end_headers()
                    return None
                if path in site.pages:
                    kind, body = site.pages[path]
                    etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
                    if self.headers.get("If-None-Match") == etag:
                        self.send_response(304)
                        self.end_headers()
                        return None
                    return self.send(200, kind, body, etag)
                return self.send(404, "text/html", b"<html><body>not found</body></html>")

            def send(self, status: int, kind: str, body: bytes, etag: str | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Last-Modified", formatdate(usegmt=True))
                if etag:
                    self.send_header("ETag", etag)
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
