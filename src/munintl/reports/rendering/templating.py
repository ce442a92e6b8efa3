"""Run report templates in Jinja2's sandbox, reading only the files they may read.

A template can come with a downloaded portfolio, so it is untrusted code:
it runs in :class:`jinja2.sandbox.ImmutableSandboxedEnvironment` (no
attribute starting with ``_``, no method that changes a list or a dict, so
none of the well-known escapes through ``cycler.__init__.__globals__`` and
the like), without the ``lipsum`` global, and with ``*`` and ``**`` refused
where the result would be huge.  A template loads the built-in templates by
their names (``report.html.j2``, ``report.md.j2``) and files in its own
folder and below -- never a name with ``..``, an absolute path, or a link
that leads out of the folder.  Every problem becomes a
:class:`~munintl.errors.ConfigError` naming the template file and line.

Jinja2 is imported when a template is rendered, not when this module is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from munintl.errors import ConfigError, MunintlError
from munintl.i18n import _

if TYPE_CHECKING:
    from jinja2 import BaseLoader, Environment

#: The largest template file read, in bytes.
MAX_TEMPLATE_SIZE = 1024 * 1024
#: The longest string or list ``*`` may make, and the most bits ``*`` and
#: ``**`` may give a number, inside a template.
MAX_RESULT_SIZE = 1_000_000
MAX_INTEGER_BITS = 100_000
#: How the template named by a format's ``template`` setting is asked for:
#: never confused with a built-in template of the same name.
OVERRIDE_PREFIX = "@override/"


def _read_template(path: Path) -> str:
    """Read a template file as UTF-8 text; raise ConfigError naming what is wrong."""
    try:
        size = path.stat().st_size
        if size > MAX_TEMPLATE_SIZE:
            raise ConfigError(
                _(
                    "template {path}: {size} bytes is too large for a template"
                    " (at most {limit})"
                ).format(path=path, size=size, limit=MAX_TEMPLATE_SIZE)
            )
        data = path.read_bytes()
    except OSError as error:
        raise ConfigError(
            _("template {path}: cannot read: {error}").format(
                path=path, error=error.strerror or error
            )
        ) from None
    if b"\0" in data:
        line = data.count(b"\n", 0, data.index(b"\0")) + 1
        raise ConfigError(
            _("template {path}:{line}: a binary file is not a template").format(
                path=path, line=line
            )
        )
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ConfigError(
            _(
                "template {path}:{line}: not UTF-8 text (byte {byte}); save the"
                " template as UTF-8"
            ).format(path=path, line=line, byte=error.start + 1)
        ) from None


def make_loader(folder: Path | None) -> BaseLoader:
    """Return a loader of the built-in templates and of the files in ``folder``.

    Built-in names win, so a template that extends ``report.html.j2`` gets
    the built-in one even when it is itself called ``report.html.j2``.  A
    name with ``..`` or an absolute one, or a file whose real path (links
    resolved) is not inside ``folder``, is not found, with the reason.
    ``folder`` None: built-ins only.
    """
    import jinja2
    from jinja2.loaders import split_template_path

    package = jinja2.PackageLoader("munintl.reports.rendering", "templates")
    root = folder.resolve() if folder is not None else None

    class TemplateLoader(jinja2.BaseLoader):
        """Built-in templates first, then the template's own folder, confined."""

        def __init__(self) -> None:
            #: Every file returned, to find template lines in tracebacks.
            self.files: set[str] = set()

        def get_source(
            self, environment: Environment, template: str
        ) -> tuple[str, str | None, Callable[[], bool] | None]:
            override = template.startswith(OVERRIDE_PREFIX)
            name = template.removeprefix(OVERRIDE_PREFIX)
            if not override:
                try:
                    source, filename, uptodate = package.get_source(
                        environment, template
                    )
                except jinja2.TemplateNotFound:
                    pass
                else:
                    if filename is not None:
                        self.files.add(filename)
                    return source, filename, uptodate
            if root is None:
                raise jinja2.TemplateNotFound(template, "is not a built-in template")
            return self._from_folder(root, template, name)

        def _from_folder(
            self, root: Path, template: str, name: str
        ) -> tuple[str, str | None, Callable[[], bool] | None]:
            if name.startswith(("/", "\\")) or Path(name).drive:
                raise jinja2.TemplateNotFound(
                    template, f"is an absolute path; name a file in {root}"
                )
            try:
                parts = split_template_path(name)
            except jinja2.TemplateNotFound:
                raise jinja2.TemplateNotFound(
                    template, f"leads out of the template's folder {root} (..)"
                ) from None
            try:
                real = root.joinpath(*parts).resolve()
            except (OSError, RuntimeError):  # a loop of links
                raise jinja2.TemplateNotFound(template, "is a loop of links") from None
            if not real.is_relative_to(root):
                raise jinja2.TemplateNotFound(
                    template, f"leads out of the template's folder {root} (a link)"
                )
            if not real.is_file():
                raise jinja2.TemplateNotFound(
                    template, f"does not exist in {root} or among the built-ins"
                )
            source = _read_template(real)
            mtime = real.stat().st_mtime_ns
            self.files.add(str(real))

            def uptodate() -> bool:
                try:
                    return real.stat().st_mtime_ns == mtime
                except OSError:
                    return False

            return source, str(real), uptodate

    return TemplateLoader()


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse ``left * right`` or ``left ** right`` when the result would be huge."""
    from jinja2.exceptions import SecurityError

    numbers = isinstance(left, int) and isinstance(right, int)
    if operator == "**":
        bits = left.bit_length() * right if numbers and right > 0 else 0
    elif numbers:
        bits = left.bit_length() + right.bit_length()
    else:
        bits = 0
        sized, count = (left, right) if isinstance(right, int) else (right, left)
        repeated = isinstance(sized, str | list | tuple) and isinstance(count, int)
        size = len(sized) * count if repeated else 0
        if size > MAX_RESULT_SIZE:
            raise SecurityError(f"the result would be too large ({size} items)")
    if bits > MAX_INTEGER_BITS:
        raise SecurityError(f"the number would be too large ({bits} bits or more)")


def new_environment(folder: Path | None, *, autoescape: bool) -> Environment:
    """Return a sandboxed environment loading built-ins and ``folder``'s files.

    Undefined names are errors, templates are read again when they change,
    and ``autoescape`` turns HTML escaping on.
    """
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class ReportSandbox(ImmutableSandboxedEnvironment):
        """The sandbox, with ``*`` and ``**`` kept from making huge values."""

        intercepted_binops = frozenset({"*", "**"})

        def call_binop(
            self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
        ) -> Any:
            _check_binop(operator, left, right)
            return super().call_binop(context, operator, left, right)

    environment = ReportSandbox(
        loader=make_loader(folder),
        # Markdown is not HTML: its filters escape what a Markdown reader acts on.
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=True,
    )
    # Lorem ipsum has no place in a report, and its size is the caller's.
    environment.globals.pop("lipsum", None)
    return environment


def _template_line(
    traceback: TracebackType | None, files: set[str]
) -> tuple[str, int] | None:
    """Find the innermost template file and line in a rewritten traceback."""
    found = None
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if filename in files:
            found = (filename, traceback.tb_lineno)
        traceback = traceback.tb_next
    return found


def render(
    environment: Environment,
    builtin: str,
    override: Path | None,
    context: Mapping[str, Any],
) -> str:
    """Render the template ``override`` (a file) or else ``builtin``.

    Raises :class:`~munintl.errors.ConfigError` for every problem of the
    template -- missing, unreadable, not UTF-8, a syntax error, an unknown
    name, a sandbox violation, a missing or outside include, a template that
    extends or includes itself, an error while it runs -- naming the file
    and, where there is one, the line.
    """
    import jinja2
    from jinja2.exceptions import SecurityError

    if override is not None and not override.is_file():
        raise ConfigError(
            _("template {path!r} does not exist or is not a file").format(
                path=str(override)
            )
        )
    name = builtin if override is None else OVERRIDE_PREFIX + override.name
    shown = str(override) if override is not None else builtin
    files: set[str] = getattr(environment.loader, "files", set())

    def problem(error: BaseException, message: str) -> ConfigError:
        where = _template_line(error.__traceback__, files)
        if where is None:
            return ConfigError(f"template {shown}: {message}")
        return ConfigError(f"template {where[0]}:{where[1]}: {message}")

    try:
        return environment.get_template(name).render(**context)
    except MunintlError:
        raise
    except jinja2.TemplateSyntaxError as error:
        raise ConfigError(
            f"template {error.filename or shown}:{error.lineno}: {error.message}"
        ) from None
    except jinja2.TemplateNotFound as error:
        missing = (error.name or "?").removeprefix(OVERRIDE_PREFIX)
        reason = error.message if error.message != error.name else "does not exist"
        raise problem(error, f"needs {missing!r}, which {reason}") from None
    except jinja2.UndefinedError as error:
        raise problem(error, error.message or "an undefined value") from None
    except SecurityError as error:
        raise problem(
            error, f"{error} (templates run in a sandbox; see the trust model)"
        ) from None
    except RecursionError:
        raise ConfigError(
            f"template {shown}: extends or includes itself (directly or through"
            " another template), or nests too deeply"
        ) from None
    except jinja2.TemplateError as error:
        raise problem(error, str(error)) from None
    except Exception as error:  # noqa: BLE001 - whatever a template raises is its problem
        raise problem(error, f"{type(error).__name__}: {error}") from None
