"""The parser's rule modules compiled to C with mypyc, when that build matches the source exactly.

The rules are plain typed Python; `make` compiles them once per change with mypyc (it ships with mypy)
into `<venv>/nextstep-native`, beside the interpreter the build is for. `nlp/__init__.py` calls
`activate` before importing any rule module: when the build there was made from exactly these
sources (a digest of them, and of the Python version, is recorded with it), its directory goes first
on the package's path and the compiled modules are imported instead of the `.py` files. Otherwise —
no build, a stale one after an edit, a machine without a C compiler, or NEXTSTEP_PURE_PYTHON=1 — the
`.py` files run as they are. Both give the same results (tests/nlp/test_native.py compares them).

    python -m nlp.build            # what `make` runs; never fails the setup, says what it did
    python -m nlp.build --status   # compiled or plain Python, and why
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# Every rule module. Not compiled: the package's __init__, this module, the CLI (run once per process).
COMPILED = (
    "datemath", "dates", "deals", "lexicon", "markup", "money", "newdeal", "nextstep", "owner", "parking",
    "parser", "pipeline", "questions", "scan", "stage", "textnorm", "types",
)  # fmt: skip
PURE_ENV = "NEXTSTEP_PURE_PYTHON"
_DIGEST_FILE = "SOURCES"
# What mypyc type-checks with: the project's own checks run apart (`make test`); spaCy and rapidfuzz
# are left as Any, which only their calls see and which saves most of the checking time.
_MYPY_SETTINGS = """
[mypy]
python_version = 3.11
warn_unused_ignores = False

[mypy-spacy.*,thinc.*,rapidfuzz.*,setuptools,setuptools.*]
follow_imports = skip
ignore_missing_imports = True
"""


def build_dir() -> Path:
    """Where the build for this interpreter lives: inside its environment, so a new venv starts clean."""
    return Path(sys.prefix) / "nextstep-native"


def source_digest(package_dir: Path = PACKAGE_DIR) -> str:
    """What a build must have been made from: the compiled modules' sources and the Python version."""
    digest = hashlib.sha256(sys.version.encode())
    for name in COMPILED:
        digest.update(name.encode() + b"\0" + (package_dir / f"{name}.py").read_bytes() + b"\0")
    return digest.hexdigest()


def _recorded(directory: Path) -> tuple[str, str] | None:
    """(digest, shared library module) recorded by the build in `directory`, if any."""
    try:
        digest, library = (directory / _DIGEST_FILE).read_text(encoding="utf-8").split()
    except (OSError, ValueError):
        return None
    return digest, library


def usable(directory: Path, package_dir: Path = PACKAGE_DIR, digest: str | None = None) -> str | None:
    """The build's shared library name if the build in `directory` matches the sources (whose `digest`
    the caller may have made already), else None."""
    recorded = _recorded(directory)
    if recorded is None or recorded[0] != (digest or source_digest(package_dir)):
        return None
    return recorded[1]


def activate(package_path: list[str], directory: Path | None = None) -> bool:
    """Put a matching build first on `package_path` (the nlp package's `__path__`); True if it is used."""
    if os.environ.get(PURE_ENV):
        return False
    directory = directory or build_dir()
    library = usable(directory)
    if library is None:
        return False
    sys.path.append(str(directory))  # the modules' shared library is a top-level module of its own
    try:
        importlib.import_module(library)
    except ImportError:  # built for another machine, say: the plain modules still work
        sys.path.remove(str(directory))
        return False
    package_path.insert(0, str(directory / "nlp"))
    return True


def is_compiled() -> bool:
    """Whether the rule modules running now are the compiled ones."""
    module = sys.modules.get("nlp.owner") or importlib.import_module("nlp.owner")
    return not str(getattr(module, "__file__", "")).endswith(".py")


def build(target: Path | None = None) -> str:
    """Compile the rule modules into `target` (default: `build_dir()`); a line saying what happened."""
    target = target or build_dir()
    digest = source_digest()
    if usable(target, digest=digest) is not None:
        return "parser: compiled modules are up to date"
    try:
        from mypyc.build import mypycify
        from setuptools import setup
    except ImportError as missing:
        return f"parser: not compiled ({missing.name} is not installed); it runs as plain Python"
    root = PACKAGE_DIR.parent
    with tempfile.TemporaryDirectory(prefix="nextstep-native-") as scratch:
        work = Path(scratch)
        (work / "mypy.ini").write_text(_MYPY_SETTINGS, encoding="utf-8")
        here = Path.cwd()
        try:
            with _output_to(work / "build.log"):
                os.chdir(root)  # mypyc names the modules by their paths from here
                modules = mypycify(
                    [str(Path("nlp") / f"{name}.py") for name in COMPILED]
                    + [f"--config-file={work / 'mypy.ini'}", f"--cache-dir={work / 'cache'}"],
                    # -O1: as fast as -O3 here (the work is in the runtime's calls), twice as quick to build
                    opt_level="1",
                    multi_file=True,  # one C file per module: the compiler runs on both cores
                    target_dir=str(work / "c"),
                )
                os.chdir(work)
                setup(
                    name="nextstep-native",
                    ext_modules=modules,
                    script_args=["build_ext", "--build-lib", "out", "--build-temp", "o", "-j2"],
                )
        except (Exception, SystemExit) as error:  # no compiler, say: the plain modules still work
            log = (work / "build.log").read_text(encoding="utf-8", errors="replace").strip().splitlines()
            why = log[-1] if log else f"{type(error).__name__}: {error}"
            return f"parser: not compiled ({why}); it runs as plain Python"
        finally:
            os.chdir(here)
        output = work / "out"
        libraries = [path.name.split(".")[0] for path in output.glob("*__mypyc*")]
        if len(libraries) != 1:
            return "parser: not compiled (mypyc made no shared library); it runs as plain Python"
        (output / _DIGEST_FILE).write_text(f"{digest} {libraries[0]}\n", encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        shutil.move(str(output), str(target))
    return f"parser: compiled with mypyc into {target}"


@contextlib.contextmanager
def _output_to(log: Path) -> Iterator[None]:
    """mypyc's and the C compiler's output (file descriptors 1 and 2, subprocesses too) into `log`."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with log.open("w", encoding="utf-8") as sink:
        os.dup2(sink.fileno(), 1)
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


def status() -> str:
    """Which modules run, and why."""
    if os.environ.get(PURE_ENV):
        return f"parser: plain Python ({PURE_ENV} is set)"
    if is_compiled():
        return "parser: compiled with mypyc"
    if _recorded(build_dir()) is not None:
        return "parser: plain Python (the compiled modules are older than the source: `make` rebuilds them)"
    return "parser: plain Python (not compiled: `python -m nlp.build`)"
