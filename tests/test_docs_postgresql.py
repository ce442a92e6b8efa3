"""The how-to "Share a strategy store in PostgreSQL" runs against a real server.

The page's examples run top to bottom, as :mod:`test_docs` runs every page,
with the page's server (``postgresql://strategy_editor@db.example.org/strategies``)
replaced by a fresh schema of the test server (``MUNINTL_TEST_POSTGRESQL_URL``)
and back again in the output, so the outputs shown on the page are checked:

* the ``munintl.toml`` the page shows is written, and its ``password_env``
  is how the commands get the password: the page's ``export`` lines set
  the environment (``...`` stands for the test server's password);
* every ``$ munintl ...`` command runs and its output must match;
* the Python example runs as it is shown, and a second save from the same
  revision is refused with the message its comment shows;
* the portfolio taken out to files at the end equals the database's.

The administrator's ``createuser``/``createdb`` and ``pg_dump`` are not
run (the test makes a schema of its own).  Without the variable, or when no
server answers, the test is skipped with the reason -- except under CI,
which starts a server (``.ci/run``).
"""

from __future__ import annotations

import os
import re
import secrets
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from test_docs import (  # noqa: F401 - fixtures: a scratch directory as in test_docs
    DOCS,
    SERVER_PAGES,
    Block,
    PageRunner,
    catalogs,
    markdown_blocks,
    workdir,
)

PAGE = DOCS / "howto" / "share-in-postgresql.md"
SERVER = "postgresql://strategy_editor@db.example.org/strategies"
ENV = "MUNINTL_TEST_POSTGRESQL_URL"


@dataclass
class Server:
    """A schema of the test server, as a location without its password."""

    location: str
    password: str


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(reason + " (CI must start one: see .ci/run)")
    pytest.skip(reason)


@pytest.fixture
def server() -> Iterator[Server]:
    """A fresh schema on the test server, dropped afterwards."""
    url = os.environ.get(ENV)
    if not url:
        _unavailable(f"{ENV} is not set: no PostgreSQL server to run the how-to on")
    assert url is not None
    psycopg = pytest.importorskip("psycopg")
    import sqlalchemy as sa

    parts = sa.engine.make_url(url)
    schema = f"munintl_docs_{secrets.token_hex(4)}"
    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=5) as connection:
            connection.execute(f'CREATE SCHEMA "{schema}"')
    except psycopg.OperationalError as error:
        _unavailable(f"no PostgreSQL server answers at {ENV}: {error}")
    location = (
        f"postgresql://{parts.username}@{parts.host}:{parts.port or 5432}"
        f"/{parts.database}?options=-csearch_path%3D{schema}"
    )
    try:
        yield Server(location, parts.password or "")
    finally:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


class ServerPageRunner(PageRunner):
    """Run a page on the test server in place of the page's own."""

    def __init__(
        self, folder: Path, monkeypatch: pytest.MonkeyPatch, server: Server
    ) -> None:
        super().__init__(folder, monkeypatch)
        self.server = server
        self.ran: list[str] = []

    def run(self, block: Block) -> None:
        if block.language == "toml" and "[plugins.postgresql]" in block.body:
            # "in munintl.toml, in the directory you run munintl from"
            (self.workdir / "munintl.toml").write_text(block.body + "\n", "utf-8")
            self.ran.append("munintl.toml")
        elif block.language == "python":
            code = block.body.replace(SERVER, self.server.location)
            exec(compile(code, block.where(), "exec"), self.globs)
            self.ran.append("python")
        else:
            super().run(block)

    def command(self, command: str, where: str) -> str:
        if command.startswith("export "):
            words = shlex.split(command.removeprefix("export "), comments=True)
            name, _, value = words[0].partition("=")
            self.monkeypatch.setenv(
                name, self.server.password if value == "..." else value
            )
            self.ran.append(f"export {name}")
            return ""
        if command.startswith("munintl "):
            self.ran.append(command.split()[1])
        output = super().command(command.replace(SERVER, self.server.location), where)
        return output.replace(self.server.location, SERVER)


def test_the_page_is_left_to_this_test_by_test_docs() -> None:
    assert PAGE in SERVER_PAGES
    assert any(
        SERVER in block.body
        for block in markdown_blocks(PAGE)
        if block.language == "console"
    )


@pytest.mark.usefixtures("workdir")
def test_the_how_to_runs_against_a_real_server(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    import munintl
    from munintl.errors import ConflictError
    from munintl.storage import open_store

    monkeypatch.delenv("MUNINTL_DB_PASSWORD", raising=False)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.delenv("MUNINTL_AUTHOR", raising=False)
    folder = Path.cwd()  # the scratch directory, with a copy of examples/
    runner = ServerPageRunner(folder, monkeypatch, server)
    try:
        for block in markdown_blocks(PAGE):
            runner.run(block)
    finally:
        runner.close()
    assert runner.ran == [
        "munintl.toml",
        "export MUNINTL_DB_PASSWORD",
        "export MUNINTL_AUTHOR",
        "convert",
        "python",
        "history",
        "diff",
        "convert",
    ]
    # The page's Python saved revision 2; a program that also loaded
    # revision 1 is refused, as the comment in the example says.
    store = open_store(f"{server.location}#skanderborg")
    assert runner.globs["seen"] == "1"
    assert store.revision() == "2"
    (comment,) = re.findall(r"print\(error\)  # (.*)", PAGE.read_text("utf-8"))
    assert comment == "... changed after revision 4: revision 5 was saved at ..."
    with pytest.raises(ConflictError) as refused:
        store.save(
            munintl.load(folder / "examples" / "skanderborg"), expected_revision="1"
        )
    assert re.search(
        r"skanderborg changed after revision 1: revision 2 was saved at \d{4}-",
        str(refused.value),
    )
    assert store.revision() == "2"
    # Taken out to files, the portfolio is the database's.
    assert munintl.load(folder / "skanderborg") == store.load()
