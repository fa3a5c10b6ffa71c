"""The built-in layouts' compiled code kept between processes: the same copies, byte for byte,
whether it is kept, found, damaged or turned off; a language never gets another's; a folder
others may write to is never used."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))

# Every copy of every example (English, Welsh, Urdu, Polish, children's copies), as hashes.
_DIGESTS = """
import hashlib, sys
from pathlib import Path
import safeplan
renderer = safeplan.Renderer()
for path in sys.argv[1:]:
    done = renderer.render_case(safeplan.load(path))
    for name, data in zip(done.names, done.documents):
        print(hashlib.sha256(data).hexdigest(), Path(path).stem, name)
"""


def _digests(cache: str) -> str:
    env = {**os.environ, "SAFEPLAN_CACHE_DIR": cache}
    done = subprocess.run(
        [sys.executable, "-c", _DIGESTS, *map(str, EXAMPLES)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    assert done.stdout.count("\n") >= 15
    return done.stdout


def _entries(folder: Path) -> dict[str, bytes]:
    layouts = folder / "layouts"
    return {p.name: p.read_bytes() for p in sorted(layouts.glob("*.layout"))}


def test_kept_found_and_turned_off_give_the_same_bytes(tmp_path: Path) -> None:
    plain = _digests("")  # nothing kept
    assert not (tmp_path / "layouts").exists()
    first = _digests(str(tmp_path))  # compiled, kept
    kept = _entries(tmp_path)
    # One entry for each layout and language the examples use (en-GB, cy-GB, ur-GB, pl ...).
    assert len(kept) >= 4
    second = _digests(str(tmp_path))  # found
    assert plain == first == second
    assert _entries(tmp_path) == kept  # nothing compiled again


def test_a_damaged_entry_is_compiled_again(tmp_path: Path) -> None:
    plain = _digests("")
    _digests(str(tmp_path))
    for entry in (tmp_path / "layouts").glob("*.layout"):
        entry.write_bytes(entry.read_bytes()[:40] + b"\0not code")
    assert _digests(str(tmp_path)) == plain
    assert all(len(e) > 1000 for e in _entries(tmp_path).values())  # replaced whole


def test_each_language_has_its_own_entry(tmp_path: Path) -> None:
    from safeplan._layout.compiled import compiled_layouts
    from safeplan._layout.environment import _BuiltinEnvironment

    os.environ["SAFEPLAN_CACHE_DIR"], before = str(tmp_path), os.environ["SAFEPLAN_CACHE_DIR"]
    try:
        import gettext

        english = compiled_layouts(_BuiltinEnvironment, "en-GB", gettext.NullTranslations())
        welsh_words = gettext.GNUTranslations()
        welsh_words._catalog = {"Signatures": "Llofnodion"}  # type: ignore[attr-defined]
        welsh = compiled_layouts(_BuiltinEnvironment, "cy-GB", welsh_words)
        reworded = gettext.GNUTranslations()
        reworded._catalog = {"Signatures": "Llofnodau"}  # type: ignore[attr-defined]
        other = compiled_layouts(_BuiltinEnvironment, "cy-GB", reworded)
    finally:
        os.environ["SAFEPLAN_CACHE_DIR"] = before
    assert english is not None and welsh is not None and other is not None
    keys = {c.get_cache_key("agreement.xml.j2", "f") for c in (english, welsh, other)}
    assert len(keys) == 3  # another language, or the same one reworded, never shares code


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_may_write_to_is_not_used(tmp_path: Path) -> None:
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    layouts.chmod(0o777)
    plain = _digests("")
    assert _digests(str(tmp_path)) == plain
    assert _entries(tmp_path) == {}


def test_an_empty_setting_turns_it_off(monkeypatch: pytest.MonkeyPatch) -> None:
    from safeplan._layout.compiled import cache_folder

    monkeypatch.setenv("SAFEPLAN_CACHE_DIR", "")
    assert cache_folder() is None


def test_the_default_folder_is_the_users_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from safeplan._layout.compiled import cache_folder

    monkeypatch.delenv("SAFEPLAN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_folder() == tmp_path / "safeplan" / "layouts"
    assert (tmp_path / "safeplan" / "layouts").stat().st_mode & 0o077 == 0
