"""The translator contract, and fake translation servers to test against.

A translator's test module subclasses :class:`TranslatorContract` and
provides an ``engine`` fixture returning the
:class:`~munintl.hooks.protocols.TranslationEngine` under test::

    import pytest
    from munintl.testing.translators import TranslatorContract
    from munintl_pseudo import PseudoEngine

    class TestPseudo(TranslatorContract):
        @pytest.fixture
        def engine(self):
            return PseudoEngine()

Every test here then runs against it: the protocol, one result per text in
order, batches the same as single texts, HTML tags and link targets kept,
any Unicode carried through, and (with ``glossaries = True``) glossary
terms used.

:class:`FakeDeepL` and :class:`FakeLibreTranslate` are small HTTP servers
(``http.server`` in a thread) that speak the endpoints munintl uses of the
real services -- request shapes, the ``Authorization: DeepL-Auth-Key``
header, API keys -- and that can be told to fail: ``429`` with
``Retry-After``, ``456`` (DeepL's quota), a ``5xx``, an answer that never
comes, a connection dropped without an answer.  Their "translation" upper-cases
the text between the tags and puts glossary terms in, so a test can see
what was translated.
"""

from __future__ import annotations

import html
import json
import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import attrs
import pytest

from munintl.hooks import TranslationEngine

__all__ = [
    "Failure",
    "FakeDeepL",
    "FakeLibreTranslate",
    "FakeServer",
    "Request",
    "TranslatorContract",
    "fake_translate",
]


# -- the fake translation ------------------------------------------------------------


class _TextNodes(HTMLParser):
    """Rewrite the text between tags; keep tags and attributes as they came."""

    def __init__(self, glossary: Mapping[str, str]) -> None:
        super().__init__(convert_charrefs=True)
        self.glossary = glossary
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        shown = "".join(
            f' {name}="{html.escape(value or "", quote=True)}"' for name, value in attrs
        )
        self.out.append(f"<{tag}{shown}>")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(html.escape(_words(data, self.glossary), quote=False))


def _words(text: str, glossary: Mapping[str, str]) -> str:
    if not glossary:
        return text.upper()
    terms = sorted(glossary, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    parts: list[str] = []
    last = 0
    for found in pattern.finditer(text):
        parts.append(text[last : found.start()].upper())
        key = next(t for t in terms if t.lower() == found.group().lower())
        parts.append(glossary[key])
        last = found.end()
    parts.append(text[last:].upper())
    return "".join(parts)


def fake_translate(
    text: str, *, markup: bool = True, glossary: Mapping[str, str] | None = None
) -> str:
    """The fake servers' translation: text upper-cased, glossary terms put in.

    With ``markup`` the text is HTML and only the text between tags changes.
    """
    if not markup:
        return _words(text, glossary or {})
    nodes = _TextNodes(glossary or {})
    nodes.feed(text)
    nodes.close()
    return "".join(nodes.out)


# -- the servers ------------------------------------------------------------------


@attrs.frozen
class Failure:
    """How to fail one request.

    ``status`` and ``headers`` and ``body`` make an error answer; ``stall``
    answers nothing until the server closes (the client times out);
    ``drop`` closes the connection without an answer.
    """

    status: int = 500
    headers: Mapping[str, str] = attrs.field(factory=dict, hash=False)
    body: Any = None
    stall: bool = False
    drop: bool = False


@attrs.define
class Request:
    """One request the server received: method, path, headers, JSON or form body."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any


class FakeServer:
    """A local HTTP server in a thread; use it as a context manager.

    ``failures`` are played in order, one per request, before any request
    is answered normally; ``quota`` (a number of successful translation
    requests) makes later ones fail as the service does when its quota is
    used up.
    """

    def __init__(self) -> None:
        self.failures: list[Failure] = []
        self.requests: list[Request] = []
        self.quota: int | None = None
        self.answered = 0
        self._release = threading.Event()
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                """Stay quiet: tests read ``requests`` instead."""

            def do_GET(self) -> None:
                server._handle(self, "GET")

            def do_POST(self) -> None:
                server._handle(self, "POST")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        # A short poll: shutting the server down waits for one.
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def url(self) -> str:
        """The server's base URL, ``http://127.0.0.1:PORT``."""
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> FakeServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()

    def fail(self, *failures: Failure) -> None:
        """Fail the next requests, one failure each, in order."""
        with self._lock:
            self.failures.extend(failures)

    def posts(self, path: str) -> list[Request]:
        """The POST requests made to ``path``."""
        return [r for r in self.requests if r.method == "POST" and r.path == path]

    # -- answering ---------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        body = _body(raw, handler.headers.get("Content-Type", ""))
        path = handler.path.split("?", 1)[0]
        request = Request(method, path, dict(handler.headers.items()), body)
        with self._lock:
            self.requests.append(request)
            failure = self.failures.pop(0) if self.failures else None
            over_quota = (
                self.quota is not None
                and self.billable(request)
                and self.answered >= self.quota
            )
        if failure is not None:
            self._fail(handler, failure)
            return
        if over_quota:
            self._fail(handler, self.quota_failure())
            return
        status, answer = self.answer(request)
        if status < 400 and self.billable(request):
            with self._lock:
                self.answered += 1
        self._send(handler, status, answer)

    def _fail(self, handler: BaseHTTPRequestHandler, failure: Failure) -> None:
        if failure.stall:
            self._release.wait()
            handler.close_connection = True
            return
        if failure.drop:
            handler.close_connection = True
            handler.connection.close()
            return
        self._send(handler, failure.status, failure.body, failure.headers)

    @staticmethod
    def _send(
        handler: BaseHTTPRequestHandler,
        status: int,
        answer: Any,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        data = json.dumps(answer if answer is not None else {}).encode("utf-8")
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    def answer(self, request: Request) -> tuple[int, Any]:
        """Answer a request normally: a status and a JSON value."""
        raise NotImplementedError

    def billable(self, request: Request) -> bool:
        """Tell whether ``request`` counts against the quota (translations do)."""
        return request.method == "POST" and "translate" in request.path

    def quota_failure(self) -> Failure:
        """The failure for a request past the quota."""
        return Failure(status=429)


def _body(raw: bytes, content_type: str) -> Any:
    if not raw:
        return None
    text = raw.decode("utf-8")
    if "json" in content_type:
        return json.loads(text)
    from urllib.parse import parse_qs

    return {
        key: values if len(values) > 1 else values[0]
        for key, values in parse_qs(text).items()
    }


class FakeDeepL(FakeServer):
    """DeepL's API v2: ``/v2/translate`` and ``/v2/glossaries`` (GET and POST).

    Requests need ``Authorization: DeepL-Auth-Key <auth_key>`` (else 403);
    a translation takes at most 50 texts and a ``target_lang`` DeepL knows
    (``EN`` alone is refused, as DeepL does); past the quota every request
    gets 456.
    """

    def __init__(self, auth_key: str = "fake-key:fx") -> None:
        super().__init__()
        self.auth_key = auth_key
        self.glossaries: dict[str, dict[str, Any]] = {}

    def quota_failure(self) -> Failure:
        """DeepL answers 456 when the quota is used up."""
        return Failure(status=456, body={"message": "Quota Exceeded"})

    def answer(self, request: Request) -> tuple[int, Any]:
        """Translate, list or make glossaries, as DeepL does."""
        if request.headers.get("Authorization") != f"DeepL-Auth-Key {self.auth_key}":
            return 403, {"message": "Wrong endpoint or invalid auth key"}
        if request.path == "/v2/glossaries":
            if request.method == "GET":
                return 200, {"glossaries": list(self.glossaries.values())}
            return self._make_glossary(request.body)
        if request.path == "/v2/translate" and request.method == "POST":
            return self._translate(request.body)
        return 404, {"message": "Not found"}

    def _make_glossary(self, body: Any) -> tuple[int, Any]:
        if body.get("entries_format") != "tsv" or not body.get("entries"):
            return 400, {"message": "Invalid glossary entries"}
        glossary_id = f"g{len(self.glossaries) + 1}"
        entries = dict(line.split("\t", 1) for line in body["entries"].splitlines())
        self.glossaries[glossary_id] = {
            "glossary_id": glossary_id,
            "name": body["name"],
            "ready": True,
            "source_lang": body["source_lang"].lower(),
            "target_lang": body["target_lang"].lower(),
            "creation_time": "2026-12-05T00:00:00.000000Z",
            "entry_count": len(entries),
            "_entries": entries,
        }
        return 201, {
            k: v for k, v in self.glossaries[glossary_id].items() if k[0] != "_"
        }

    def _translate(self, body: Any) -> tuple[int, Any]:
        texts = body.get("text")
        target = str(body.get("target_lang", ""))
        if not isinstance(texts, list) or not texts or len(texts) > 50:
            return 400, {"message": "Parameter 'text' must hold 1 to 50 texts"}
        if not target or target == "EN":
            return 400, {"message": "Value for 'target_lang' not supported."}
        glossary: Mapping[str, str] = {}
        if "glossary_id" in body:
            found = self.glossaries.get(body["glossary_id"])
            if found is None:
                return 404, {"message": "Glossary not found"}
            glossary = found["_entries"]
        markup = body.get("tag_handling") == "html"
        return 200, {
            "translations": [
                {
                    "detected_source_language": body.get("source_lang", "DA"),
                    "text": fake_translate(text, markup=markup, glossary=glossary),
                    "billed_characters": len(text),
                }
                for text in texts
            ]
        }


class FakeLibreTranslate(FakeServer):
    """LibreTranslate's ``POST /translate`` (JSON or form), with optional API keys.

    ``q`` may be one text or a list; ``format`` ``html`` or ``text``; a
    server with ``api_keys`` answers 403 to a request without a known key.
    """

    def __init__(self, api_keys: Sequence[str] = ()) -> None:
        super().__init__()
        self.api_keys = frozenset(api_keys)

    def answer(self, request: Request) -> tuple[int, Any]:
        """Translate as LibreTranslate does."""
        if request.path != "/translate" or request.method != "POST":
            return 404, {"error": "Not Found"}
        body = request.body or {}
        if self.api_keys and body.get("api_key") not in self.api_keys:
            return 403, {"error": "Invalid API key"}
        q = body.get("q")
        for field in ("q", "source", "target"):
            if not body.get(field):
                return 400, {"error": f"Invalid request: missing {field} parameter"}
        markup = body.get("format", "text") == "html"
        if isinstance(q, list):
            return 200, {
                "translatedText": [fake_translate(t, markup=markup) for t in q]
            }
        return 200, {"translatedText": fake_translate(str(q), markup=markup)}


# -- the contract ------------------------------------------------------------------

#: Texts the contract translates: the Markdown subset as HTML, and Unicode
#: that must come through (Danish, German, Greenlandic, Polish, Arabic, emoji,
#: a combining mark).
SAMPLES = (
    "<p>Skanderborg samarbejder med venskabsbyer.</p>",
    '<p>Læs <em>mere</em> på <a href="https://skanderborg.dk/a?b=1&amp;c=2">siden</a>'
    " og <strong>deltag</strong>.</p>",
    "<ul><li>Bürgerservice</li><li>Kalaallit Nunaat</li></ul>"
    '<ol start="3"><li>Łódź</li><li>مرحبا 👋 e\u0301</li></ol>',
)

_TAGS = re.compile(r"<[^>]+>")


class TranslatorContract:
    """Tests every translation engine passes; subclass it in a test module.

    Provide the ``engine`` fixture.  ``source`` and ``target`` are the
    language pair tried; set ``glossaries`` True for an engine that applies
    the glossary it is given.
    """

    source: ClassVar[str] = "da"
    target: ClassVar[str] = "en"
    glossaries: ClassVar[bool] = False

    @pytest.fixture
    def engine(self) -> Iterator[TranslationEngine]:
        """Return the engine under test; every subclass overrides this."""
        pytest.fail(f"{type(self).__name__} must define an 'engine' fixture")

    def translate(
        self,
        engine: TranslationEngine,
        texts: Sequence[str],
        glossary: Mapping[str, str] | None = None,
    ) -> list[str]:
        """Call ``engine`` with the contract's language pair."""
        return engine.translate(
            list(texts), source=self.source, target=self.target, glossary=glossary
        )

    def test_engine_satisfies_the_protocol(self, engine: TranslationEngine) -> None:
        assert isinstance(engine, TranslationEngine)
        assert isinstance(engine.max_texts, int)
        assert engine.max_texts >= 1
        assert isinstance(engine.max_characters, int)
        assert engine.max_characters >= max(len(text) for text in SAMPLES)

    def test_no_texts_give_no_results(self, engine: TranslationEngine) -> None:
        assert self.translate(engine, []) == []

    def test_one_result_per_text_in_order(self, engine: TranslationEngine) -> None:
        together = self.translate(engine, SAMPLES)
        alone = [self.translate(engine, [text])[0] for text in SAMPLES]
        assert together == alone
        assert all(isinstance(text, str) and text.strip() for text in together)

    def test_tags_and_link_targets_are_kept(self, engine: TranslationEngine) -> None:
        for text, result in zip(SAMPLES, self.translate(engine, SAMPLES), strict=True):
            assert _TAGS.findall(result) == _TAGS.findall(text)

    def test_unicode_comes_through(self, engine: TranslationEngine) -> None:
        result = self.translate(engine, [SAMPLES[2]])[0]
        text = html.unescape(_TAGS.sub(" ", result))
        for piece in ("👋", "\u0301"):
            assert piece in text

    def test_a_glossary_is_taken(self, engine: TranslationEngine) -> None:
        glossary = {"Borgerservice": "Citizen Service"}
        result = self.translate(
            engine, ["<p>Borgerservice hjælper.</p>"], glossary=glossary
        )
        assert len(result) == 1
        if self.glossaries:
            assert "Citizen Service" in result[0]
