"""The YAML directory store: reading and writing a store people edit by hand.

The layout is described in :mod:`.layout`; this module does the file work:
it finds the store's files, reads them strictly (:mod:`.yamlio`), keeps the
position of every value for :meth:`YamlDirStore.locate`, and saves by
rewriting only the files whose content changes, comments kept, crash safe
(:mod:`.journal`).
"""

from __future__ import annotations

import contextlib
import difflib
import errno
import hashlib
import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from munintl.errors import (
    ConflictError,
    Finding,
    Severity,
    StorageError,
    ValidationError,
)
from munintl.i18n import _
from munintl.model import Portfolio
from munintl.plugins.storage.yaml_dir import journal, reading, writing
from munintl.plugins.storage.yaml_dir.cache import ParseCache
from munintl.plugins.storage.yaml_dir.layout import (
    FILE_PER_ENTITY,
    MUNICIPALITY,
    NESTED,
    Decoded,
    File,
    assemble,
    classify,
    decode,
    file_data,
    finding,
    is_owned,
    name_problem,
    node_position,
    position,
    render,
)
from munintl.plugins.storage.yaml_dir.settings import YamlDirSettings
from munintl.wire.paths import join, split_path

log = logging.getLogger("munintl.storage")
#: Files beside the portfolio's own that munintl reads for other purposes.
SIDE_FILES = frozenset({"munintl.toml", "glossary.yaml"})
#: A file modified this recently (ns) before it was read may change again
#: within the same modification time; its status then proves nothing.
_RACY_NS = 2_000_000_000


class YamlDirStore:
    """A portfolio kept as a directory of YAML files.

    Positions of every value are kept from the last :meth:`load`, so
    :meth:`locate` can give findings of validation rules a line and column.
    Other files in the directory (``munintl.toml``, a README) are left alone.

    A save that was interrupted is finished (or undone) by the next load,
    revision or save, which logs a warning on ``munintl.storage`` saying so
    -- but only when its journal proves that this store's writer left it
    here; any other journal (one that came with a copied or downloaded
    folder) makes every operation stop with
    :class:`~munintl.errors.StorageError`, nothing changed.
    """

    capabilities: frozenset[str] = frozenset({"revisions", "locations"})

    def __init__(self, location: str, settings: YamlDirSettings | None = None) -> None:
        self.location = location
        self.settings = settings or YamlDirSettings()
        self._root = Path(location)
        self._yaml: Any = None  # ruamel's reader and writer, made when needed
        self._trees: dict[str, Any] = {}
        # relpath: (sha256 of the bytes, what they hold); a save compares
        # against it instead of parsing unchanged files again.
        self._cache: dict[str, tuple[str, Decoded]] = {}
        # relpath: ((mtime_ns, size, inode), sha256) of a file as last read.
        self._stats: dict[str, tuple[tuple[int, int, int], str]] = {}
        self._themes: dict[str, str] = {}  # theme id: relpath
        self._updates: dict[str, list[str]] = {}  # follow-up id: subjects in order
        #: Warnings of the last :meth:`load`: files and folders it did not read.
        self.load_warnings: tuple[Finding, ...] = ()

    def __repr__(self) -> str:
        return f"YamlDirStore({self.location!r})"

    # -- the Store protocol ----------------------------------------------------------

    def exists(self) -> bool:
        """Tell whether the directory holds a ``municipality.yaml``.

        A folder of that name counts, and so does a link that leads nowhere,
        so that loading says what is wrong with it rather than that there
        is no store.
        """
        path = self._root / MUNICIPALITY
        return path.exists() or path.is_symlink()

    def revision(self) -> str | None:
        """Hash every file the store owns; None when there is no store."""
        if not self._root.is_dir():
            return None
        with _os_errors(_("cannot read {location}").format(location=self.location)):
            self._recover_if_needed()
            with self._locked(exclusive=False):
                return self._revision()

    def load(self) -> Portfolio:
        """Read the portfolio.

        Raises :class:`ValidationError` listing every problem in every file,
        each with its file, line and column, and :class:`StorageError` when
        there is no store at the location.
        """
        if not self._root.is_dir():
            raise StorageError(
                _("{location}: no such directory").format(location=self.location)
            )
        with _os_errors(_("cannot read {location}").format(location=self.location)):
            self._recover_if_needed()
            return self._load_locked()

    def _load_locked(self) -> Portfolio:
        with self._locked(exclusive=False):
            if not self.exists():
                hint = ""
                if (self._root / "municipality.yml").exists():
                    hint = _("; rename municipality.yml to municipality.yaml")
                raise StorageError(
                    _(
                        "{location} is not a munintl store: it has no {file}{hint}"
                    ).format(location=self.location, file=MUNICIPALITY, hint=hint)
                )
            return self._load()

    def save(
        self, portfolio: Portfolio, *, expected_revision: str | None = None
    ) -> str:
        """Write ``portfolio``, touching only the files whose content changes.

        Raises :class:`ValidationError`, before writing anything, for data
        that would not read back unchanged, and :class:`ConflictError` when
        ``expected_revision`` is given and the store has changed since.
        Files of entities no longer in the portfolio are deleted.
        """
        outputs = render(portfolio, {k: v for k, (_, v) in self._cache.items()})
        with _os_errors(_("cannot save to {location}").format(location=self.location)):
            return self._save(outputs, expected_revision)

    def _save(
        self,
        outputs: dict[str, tuple[File, Decoded, dict[str, Any] | None]],
        expected_revision: str | None,
    ) -> str:
        if self._root.exists() and not self._root.is_dir():
            raise StorageError(
                _("{location} is a file, not a directory").format(
                    location=self.location
                )
            )
        created = not self._root.exists()
        if created and expected_revision is not None:
            raise ConflictError(
                _("{location} no longer exists; nothing saved").format(
                    location=self.location
                )
            )
        self._root.mkdir(parents=True, exist_ok=True)
        try:
            with self._locked(exclusive=True):
                self._recover()
                # Within the exclusive lock only this save changes the files:
                # each is listed and hashed once, whatever asks for it.
                scan = self._scan()
                sizes: dict[str, tuple[int, str]] = {}
                if (
                    expected_revision is not None
                    and expected_revision != self._revision(scan, sizes)
                ):
                    raise ConflictError(
                        _(
                            "{location} changed since it was loaded; nothing saved"
                            " (load it again and repeat the change)"
                        ).format(location=self.location)
                    )
                writes, deletes = self._plan(outputs, scan, sizes)
                if writes or deletes:
                    journal.replace_files(self._root, writes, deletes, owned=is_owned)
                    for relpath in [path for path, _ in writes] + deletes:
                        sizes.pop(relpath, None)
                    scan = self._scan()
                revision = self._revision(scan, sizes)
        except BaseException:
            if created:
                # Only if still empty: another program may have written there.
                with contextlib.suppress(OSError):
                    self._root.rmdir()
            raise
        for relpath, data in writes:
            self._cache[relpath] = (_digest(data), outputs[relpath][1])
            self._trees.pop(relpath, None)  # its positions are out of date
        for relpath in deletes:
            self._cache.pop(relpath, None)
            self._trees.pop(relpath, None)
        assert revision is not None
        return revision

    def locate(self, finding: Finding) -> Finding:
        """Fill in file, line and column for a finding's portfolio path.

        Paths follow the portfolio convention (``initiatives[x].period.end``,
        ``themes[t].goals[0].statement``,
        ``followups[f].updates[initiative:x].achievements``); positions come
        from the last :meth:`load`.  A finding whose path the store does not
        know is returned unchanged.
        """
        target = self._target(finding.path)
        if target is None:
            return finding
        relpath, inner = target
        file = str(self._root / relpath)
        tree = self._trees.get(relpath)
        if tree is None:
            return attrs.evolve(finding, file=file)
        where = position(tree, inner, key=finding.code == "unknown-key")
        line, column = where or (None, None)
        return attrs.evolve(finding, file=file, line=line, column=column)

    # -- locating ----------------------------------------------------------------------

    def _target(self, path: str) -> tuple[str, tuple[str | int, ...]] | None:
        """Find the file a portfolio path points into, and the path inside it."""
        parts = split_path(path)
        if parts is None:
            return None
        coll, id_, steps = parts
        relpath: str | None = f"{coll}/{id_}.yaml"
        if coll is None:
            relpath = MUNICIPALITY
        elif coll == "strategies":
            relpath = f"strategies/{id_}/strategy.yaml"
        elif coll == "themes":
            relpath = self._themes.get(id_)
        elif coll == "followups" and steps[:1] == ("updates",) and len(steps) > 1:
            subject = steps[1]
            if isinstance(subject, int):
                order = self._updates.get(id_, [])
                subject = order[subject] if subject < len(order) else ""
            kind, _, subject_id = subject.partition(":")
            relpath = f"followups/{id_}/updates/{kind}-{subject_id}.yaml"
            steps = steps[2:]
        elif coll == "followups":
            relpath = f"followups/{id_}/followup.yaml"
        if relpath is None or not is_owned(relpath):
            return None
        # ``strategies[s].themes[0].title`` goes on in that theme's own file.
        tree = self._trees.get(relpath)
        listed = tree.get("themes") if isinstance(tree, dict) else None
        if (
            len(steps) > 2
            and steps[0] == "themes"
            and isinstance(steps[1], int)
            and isinstance(listed, list)
            and 0 <= steps[1] < len(listed)
        ):
            return self._target(join(f"themes[{listed[steps[1]]}]", steps[2:]))
        return relpath, steps

    # -- finding the files ---------------------------------------------------------

    def _inside(self, path: Path) -> bool:
        try:
            return path.resolve().is_relative_to(self._root.resolve())
        except (OSError, RuntimeError):  # a symlink loop
            return False

    def _list(self, found: list[Finding], relpath: str) -> tuple[list[str], list[str]]:
        """List a directory's YAML files and sub-directories, as relative paths.

        Reports ``.yml`` files, links leading out of the store or to nothing
        (a missing target, a loop), a folder named like a YAML file, a file
        where the folder belongs and a folder that cannot be read (each at
        its own path); skips hidden entries (the store's temporary files
        among them).  Only links (and the folder itself) are resolved: an
        entry that is no link is where its folder is.
        """
        folder = self._root / relpath
        if folder.is_dir() and not self._inside(folder):
            # A folder that is (or lies under) a link out of the store: said
            # once, and not listed, so its names are not shown either.
            outside = self._outside(relpath)
            if outside not in found:  # its folder's listing may have said it
                found.append(outside)
            return [], []
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as error:
            if _leads_nowhere(self._root / relpath):
                found.append(_nowhere(self.location, relpath))
            elif not isinstance(error, FileNotFoundError):
                self._unlisted(found, relpath, error)
            return [], []
        return self._sort(found, relpath, entries)

    def _unlisted(self, found: list[Finding], relpath: str, error: OSError) -> None:
        """Report the folder at ``relpath`` that cannot be listed (``error``)."""
        if isinstance(error, NotADirectoryError):
            message = _(
                "this is a file, but munintl reads {folder}/ as a folder of"
                " <id>.yaml files; move the file out of the store and make"
                " {folder} a folder"
            ).format(folder=relpath.rpartition("/")[2])
            found.append(finding(self.location, "not-a-folder", message, relpath))
            return
        message = _(
            "this folder cannot be read ({reason}); give munintl permission"
            " to read it (its files are not part of the portfolio until then)"
        ).format(reason=error.strerror or error)
        found.append(finding(self.location, "unreadable-folder", message, relpath))

    def _sort(
        self, found: list[Finding], relpath: str, entries: list[os.DirEntry[str]]
    ) -> tuple[list[str], list[str]]:
        """Sort a folder's ``entries`` into YAML files and folders; report the rest."""
        files: list[str] = []
        directories: list[str] = []
        directory_inside = self._inside(self._root / relpath)
        for entry in entries:
            name, child = entry.name, f"{relpath}/{entry.name}"
            if name.startswith("."):
                continue
            if entry.is_symlink() and _leads_nowhere(entry.path):
                found.append(_nowhere(self.location, child))
            elif not (
                self._inside(Path(entry.path))
                if entry.is_symlink()
                else directory_inside
            ):
                found.append(self._outside(child))
            elif entry.is_dir() and name.endswith((".yaml", ".yml")):
                found.append(self._folder_for_file(child))
            elif entry.is_dir():
                directories.append(child)
            elif name.endswith(".yml"):
                message = f"rename this file to {name[:-4]}.yaml (munintl reads .yaml)"
                found.append(finding(self.location, "yml-suffix", message, child))
            elif name.endswith(".yaml"):
                files.append(child)
        return files, directories

    def _outside(self, relpath: str) -> Finding:
        """Report the link at ``relpath`` (or above it) that leads out of the store."""
        message = "this link leads outside the store; copy the file in instead"
        return finding(self.location, "outside-store", message, relpath)

    def _folder_for_file(self, relpath: str) -> Finding:
        """Report a folder at ``relpath``, where the layout has a YAML file."""
        message = _(
            "this is a folder, but munintl reads {name} as a YAML file; move the"
            " folder out of the store and put the file {name} in its place"
        ).format(name=relpath.rpartition("/")[2])
        return finding(self.location, "not-a-file", message, relpath)

    def _folders_not_read(
        self, found: list[Finding], folders: list[str], holds: str, parent: str
    ) -> None:
        """Report folders where the layout has none: their files would be ignored.

        An empty folder (hidden entries aside) holds nothing to lose; one
        that cannot be read may hold anything, so it is reported too.
        """
        for folder in folders:
            try:
                entries = [entry.name for entry in os.scandir(self._root / folder)]
            except OSError:
                entries = [folder]
            if all(name.startswith(".") for name in entries):
                continue
            message = (
                f"munintl reads only {holds} here, not files in sub-folders; move"
                f" what is in this folder up into {parent}/ or out of the store"
            )
            found.append(finding(self.location, "misplaced-folder", message, folder))

    def _scan(self) -> tuple[list[File], list[str], list[Finding]]:
        """Find the store's files, other YAML files in its folders, and problems."""
        found: list[Finding] = []
        candidates = [MUNICIPALITY] if (self._root / MUNICIPALITY).is_file() else []
        if (self._root / MUNICIPALITY).is_dir():
            found.append(self._folder_for_file(MUNICIPALITY))
        elif _leads_nowhere(self._root / MUNICIPALITY):
            found.append(_nowhere(self.location, MUNICIPALITY))
        strays: list[str] = []
        for coll in FILE_PER_ENTITY:
            entities, folders = self._list(found, coll)
            candidates += entities
            self._folders_not_read(found, folders, f"{coll}/<id>.yaml", coll)
        for top, (main, sub) in NESTED.items():
            loose, directories = self._list(found, top)
            for stray in loose:
                message = f"move this file to {top}/<id>/{main}"
                found.append(finding(self.location, "misplaced-file", message, stray))
            strays += loose
            for directory in directories:
                own, inner = self._list(found, directory)
                children, deeper = self._list(found, f"{directory}/{sub}")
                self._folders_not_read(
                    found,
                    [folder for folder in inner if folder != f"{directory}/{sub}"],
                    f"{main} and {sub}/<id>.yaml",
                    directory,
                )
                self._folders_not_read(
                    found, deeper, f"{directory}/{sub}/<id>.yaml", f"{directory}/{sub}"
                )
                for stray in own:
                    if not stray.endswith(f"/{main}"):
                        message = f"{directory} holds only {main} and {sub}/<id>.yaml"
                        found.append(
                            finding(self.location, "misplaced-file", message, stray)
                        )
                        strays.append(stray)
                if (own or children) and f"{directory}/{main}" not in own:
                    message = f"{directory} has no {main}"
                    found.append(
                        finding(self.location, "missing-file", message, directory)
                    )
                candidates += [f for f in own if f.endswith(f"/{main}")] + children
        files = []
        for relpath in candidates:
            file = classify(relpath)
            if file is not None:
                files.append(file)
                continue
            strays.append(relpath)
            message = name_problem(relpath)
            found.append(finding(self.location, "invalid-file-name", message, relpath))
        return files, strays, found

    def _unknown(self) -> list[Finding]:
        """Warn of files and folders the layout does not have (nothing reads them).

        At the top: a YAML file other than ``municipality.yaml`` (and the
        side files), a folder named like one of the store's (``initiative/``)
        or holding YAML files.  In a folder of ``<id>.yaml`` files: a file
        with another suffix.  Hidden entries are the store's own business.
        """
        found: list[Finding] = []
        folders = [*FILE_PER_ENTITY, *NESTED]

        def warn(relpath: str, choices: list[str], kind: str) -> None:
            name = relpath.rpartition("/")[2]
            close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
            hint = (
                _("; did you mean '{match}'?").format(match=close[0]) if close else ""
            )
            if kind == "folder":
                message = _(
                    "munintl does not read the folder {name}/, so nothing in it is in"
                    " any report{hint}"
                )
            else:
                message = _(
                    "munintl does not read the file {name}, so nothing in it is in"
                    " any report{hint}"
                )
            found.append(
                attrs.evolve(
                    finding(
                        self.location,
                        "unknown-file",
                        message.format(name=name, hint=hint),
                        relpath,
                    ),
                    severity="warning",
                )
            )

        for entry in _entries(self._root):
            name = entry.name
            if entry.is_symlink() and _leads_nowhere(entry.path):
                if name not in folders and name != MUNICIPALITY:
                    found.append(_nowhere(self.location, name, "warning"))
                continue  # a store folder or file: the scan reported it
            if entry.is_dir():
                if name in folders:
                    continue
                close = difflib.get_close_matches(name, folders, n=1, cutoff=0.6)
                if close or any(
                    child.name.endswith((".yaml", ".yml"))
                    for child in _entries(Path(entry.path))
                ):
                    warn(name, folders, "folder")
            elif name.endswith((".yaml", ".yml")) and name not in {
                MUNICIPALITY,
                "municipality.yml",  # a load error says to rename it
                *SIDE_FILES,
            }:
                warn(name, [MUNICIPALITY, *SIDE_FILES], "file")
        for coll in FILE_PER_ENTITY:
            if not self._inside(self._root / coll):
                continue  # a link out of the store: the scan said so
            for entry in _entries(self._root / coll):
                if entry.is_symlink() and _leads_nowhere(entry.path):
                    continue  # the scan reported it
                if entry.is_file() and not entry.name.endswith((".yaml", ".yml")):
                    stem = entry.name.partition(".")[0]
                    warn(f"{coll}/{entry.name}", [f"{stem}.yaml"], "file")
        return found

    def _revision(
        self,
        scan: tuple[list[File], list[str], list[Finding]] | None = None,
        sizes: dict[str, tuple[int, str]] | None = None,
    ) -> str | None:
        if not self.exists():
            return None
        files, strays, _ = scan or self._scan()
        digest = hashlib.sha256()
        for relpath in sorted([f.relpath for f in files] + strays):
            size, file_digest = self._file_digest(relpath, sizes)
            digest.update(f"{relpath}\0{size}\0{file_digest}\n".encode())
        return "sha256:" + digest.hexdigest()

    def _file_digest(
        self, relpath: str, sizes: dict[str, tuple[int, str]] | None = None
    ) -> tuple[int, str]:
        """Return the size and SHA-256 of a file's bytes.

        ``sizes`` keeps the answers within one save (under its lock).

        A file whose size, modification time and inode are those it had
        when this store last read it is not read again -- unless it had
        been modified within two seconds of that reading, when a change in
        the same clock tick could go unseen.
        """
        if sizes is not None and relpath in sizes:
            return sizes[relpath]
        path = self._root / relpath
        status = path.stat()
        key = (status.st_mtime_ns, status.st_size, status.st_ino)
        known = self._stats.get(relpath)
        if known is not None and known[0] == key:
            answer = status.st_size, known[1]
        else:
            data = path.read_bytes()
            answer = len(data), _digest(data)
            self._remember(relpath, status, *answer)
        if sizes is not None:
            sizes[relpath] = answer
        return answer

    def _remember(
        self, relpath: str, status: os.stat_result, size: int, digest: str
    ) -> None:
        """Note a file's bytes' digest by its status, if the status can tell."""
        if size == status.st_size and time.time_ns() - status.st_mtime_ns > _RACY_NS:
            key = (status.st_mtime_ns, status.st_size, status.st_ino)
            self._stats[relpath] = (key, digest)
        else:
            self._stats.pop(relpath, None)

    def _writes_inside(self, relpath: str, folders: dict[str, bool]) -> bool:
        """Tell whether writing ``relpath`` stays inside the store.

        Each folder is resolved once; the file itself only if it is a link.
        """
        folder = relpath.rpartition("/")[0]
        if folder not in folders:
            folders[folder] = self._inside(self._root / folder)
        path = self._root / relpath
        return folders[folder] and (not path.is_symlink() or self._inside(path))

    # -- reading -----------------------------------------------------------------------

    def _read(
        self, file: File, found: list[Finding], cache: ParseCache
    ) -> tuple[str, Any] | None:
        """Read and parse one file; report its problems and return None if it fails.

        Returns the SHA-256 of the file's bytes and its tree; a file whose
        bytes the parse cache knows is not parsed again.
        """
        try:
            path = self._root / file.relpath
            status = _status(path)  # before reading: a later change shows
            data, text = reading.read_text(path, self.settings.max_file_size)
            digest = _digest(data)
            if status is not None:
                self._remember(file.relpath, status, len(data), digest)
            known = cache.get(digest)
            if known is not None:
                tree = reading.Tree(known, text, self._strict)
            else:
                tree = reading.parse_plain(text, self._strict)
                if isinstance(tree, reading.Tree):
                    cache.put(digest, dict(tree))
        except reading.YamlFileError as error:
            found += [
                finding(
                    self.location, p.code, p.message, file, where=(p.line, p.column)
                )
                for p in error.problems
            ]
            return None
        if tree is None:
            message = f"the file is empty; expected {file.describe()}"
            found.append(finding(self.location, "empty-file", message, file))
            return None
        if not isinstance(tree, dict):
            shape = "a list" if isinstance(tree, list) else "a single value"
            message = f"expected {file.describe()} as key: value lines, found {shape}"
            where = node_position(tree) or (1, 1)
            found.append(
                finding(self.location, "not-a-mapping", message, file, where=where)
            )
            return None
        return digest, tree

    def _strict(self, text: str) -> Any:
        """Read ``text`` with the strict position-keeping reader (ruamel.yaml)."""
        from munintl.plugins.storage.yaml_dir import yamlio

        if self._yaml is None:
            self._yaml = yamlio.new_yaml()
        return yamlio.parse(self._yaml, text)

    def _load(self) -> Portfolio:
        self._yaml = None
        self.load_warnings = ()
        files, _, found = self._scan()
        unknown = self._unknown()
        trees: dict[str, Any] = {}
        decoded: dict[str, Decoded] = {}
        self._cache = {}
        cache = ParseCache(self._root)
        for file in files:
            read = self._read(file, found, cache)
            if read is None:
                continue
            digest, trees[file.relpath] = read
            result = decode(self.location, file, read[1], found)
            if result is not None:
                decoded[file.relpath] = result
                self._cache[file.relpath] = (digest, result)
        cache.write()
        self._trees = trees
        # Where two strategies share a theme id, the first (by id) is meant.
        self._themes = {f.id: f.relpath for f in reversed(files) if f.kind == "theme"}
        self._updates = {}
        for file in files:
            if file.kind == "update":
                self._updates.setdefault(file.owner, []).append(file.id)
        for order in self._updates.values():
            order.sort(key=lambda subject: tuple(subject.split(":", 1)))
        portfolio = assemble(self.location, files, decoded, trees, found)
        if found or portfolio is None:
            raise ValidationError(found + unknown)
        self.load_warnings = tuple(unknown)
        return portfolio

    # -- writing -----------------------------------------------------------------------

    def _plan(
        self,
        outputs: dict[str, tuple[File, Decoded, dict[str, Any] | None]],
        scan: tuple[list[File], list[str], list[Finding]],
        sizes: dict[str, tuple[int, str]],
    ) -> tuple[list[tuple[str, bytes]], list[str]]:
        """Decide which files to write (with their bytes) and which to delete.

        Unchanged files are skipped -- an object the store read or wrote
        (``data`` None) whose file still has the bytes it had then is not
        even read -- and a changed file is merged into what is on disk so
        that its comments and layout survive.
        """
        from munintl.plugins.storage.yaml_dir import yamlio

        self._yaml = yamlio.new_yaml(
            width=self.settings.width, indent=self.settings.indent
        )
        files, _folders, _problems = scan
        existing = {f.relpath for f in files}
        if not self.exists() and existing:
            raise StorageError(
                _(
                    "{location} is not a munintl store but holds {name}; save into"
                    " an empty directory or into a store"
                ).format(location=self.location, name=min(existing))
            )
        writes: list[tuple[str, bytes]] = []
        folders: dict[str, bool] = {}  # folder: inside the store
        for relpath, (file, wanted, maybe) in outputs.items():
            if maybe is None:
                cached = self._cache.get(relpath)
                if (
                    relpath in existing
                    and cached is not None
                    and self._file_digest(relpath, sizes)[1] == cached[0]
                ):
                    continue
            data = maybe if maybe is not None else file_data(file, wanted)
            path = self._root / relpath
            if not self._writes_inside(relpath, folders):
                raise StorageError(
                    _("{path} leads outside {location}; nothing saved").format(
                        path=path, location=self.location
                    )
                )
            text = None
            if relpath in existing:
                old = path.read_bytes()
                cached = self._cache.get(relpath)
                if cached and cached[0] == _digest(old) and cached[1] == wanted:
                    continue
                text = self._merged(file, old, wanted, data)
                if text == "":
                    continue  # the file already says exactly this
            if text is None:
                text = writing.dump_new(
                    data, width=self.settings.width, indent=self.settings.indent
                ) or yamlio.dump(self._yaml, data)
            try:
                writes.append((relpath, text.encode("utf-8")))
            except UnicodeEncodeError:
                message = (
                    "a text holds a character that cannot be stored (a lone surrogate)"
                )
                raise ValidationError(
                    [Finding(code="invalid-value", message=message, path=file.head)],
                    "the portfolio cannot be saved",
                ) from None
        return writes, sorted(existing - outputs.keys())

    def _merged(
        self, file: File, old: bytes, wanted: Decoded, data: dict[str, Any]
    ) -> str | None:
        """Write ``data`` into the text of an existing file, keeping its comments.

        Returns "" when the file already holds ``wanted``, and None when it
        cannot be parsed (it is then replaced whole).
        """
        from munintl.plugins.storage.yaml_dir import yamlio

        try:
            text = old.decode("utf-8").removeprefix("\ufeff")
            tree = yamlio.parse(self._yaml, text)
        except (UnicodeDecodeError, yamlio.YamlFileError):
            return None
        if not isinstance(tree, dict):
            return None
        was = decode(self.location, file, tree, [])
        if was == wanted:
            return ""
        before = file_data(file, was) if was is not None else None
        # The widest line the person wrote: lines nobody changed stay unwrapped.
        width = max(
            [self.settings.width, *(len(line) + 1 for line in text.splitlines())]
        )
        return yamlio.dump(self._yaml, yamlio.merge(tree, data, before), width=width)

    # -- locking and recovery ------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self, *, exclusive: bool) -> Iterator[None]:
        with journal.locked(
            self._root, exclusive=exclusive, timeout=self.settings.lock_timeout
        ):
            yield

    def _recover_if_needed(self) -> None:
        # Only a journal this store's writer provably left here is acted on,
        # and the user is told; any other stops the read (journal.recover).
        if journal.pending(self._root):
            with self._locked(exclusive=True):
                self._recover()

    def _recover(self) -> None:
        """Finish or undo an interrupted save (exclusive lock held), and say so."""
        done = journal.recover(self._root, owned=is_owned)
        if done is None:
            return
        if done.committed:
            log.warning(
                "%s: finished a save that was interrupted (files written: %d,"
                " deleted: %d)",
                self.location,
                done.written,
                done.deleted,
            )
        else:
            log.warning(
                "%s: undid a save that was interrupted before it was complete;"
                " the store holds the data from before it",
                self.location,
            )


@contextlib.contextmanager
def _os_errors(doing: str) -> Iterator[None]:
    """Turn what the operating system refuses into a :class:`StorageError`."""
    try:
        yield
    except OSError as error:
        raise StorageError(f"{doing}: {error.strerror or error}") from error


def _leads_nowhere(path: str | Path) -> bool:
    """Tell whether ``path`` is a symbolic link that reaches no file or folder.

    Its target is missing, or it leads round in a circle (``a.yaml`` to
    ``b.yaml`` to ``a.yaml``, or to itself: asking what it is raises
    ``ELOOP``).  Anything else, a link that reaches something among them,
    is not.
    """
    try:
        os.stat(path)
    except FileNotFoundError:
        return os.path.islink(path)
    except OSError as error:
        return error.errno == errno.ELOOP
    return False


def _nowhere(location: str, relpath: str, severity: Severity = "error") -> Finding:
    """Report the link at ``relpath`` that reaches no file or folder."""
    message = _(
        "this is a symbolic link that reaches no file or folder (its target"
        " is missing, or it leads round in a circle); remove it, or point it"
        " at a file inside the store"
    )
    file = classify(relpath)  # the entity the file would hold, if it names one
    return attrs.evolve(
        finding(location, "broken-link", message, file or relpath), severity=severity
    )


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    """The entries of ``folder`` that are not hidden, by name; none if unreadable."""
    try:
        with os.scandir(folder) as scan:
            return sorted(
                (entry for entry in scan if not entry.name.startswith(".")),
                key=lambda entry: entry.name,
            )
    except OSError:
        return []


def _status(path: Path) -> os.stat_result | None:
    """The file's status, or None if it has none (read_text then says why)."""
    try:
        return path.stat()
    except OSError:
        return None


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
