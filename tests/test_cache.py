"""careprint's cache folder: private, or not used at all."""

from __future__ import annotations

import stat

from careprint.cache import cache_dir, write_atomically


def test_made_private(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREPRINT_CACHE_DIR", str(tmp_path / "c"))
    folder = cache_dir("fonts")
    assert folder == tmp_path / "c" / "fonts"
    for made in (folder, folder.parent):
        assert stat.S_IMODE(made.stat().st_mode) == 0o700


def test_a_folder_others_may_write_is_not_used(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREPRINT_CACHE_DIR", str(tmp_path / "c"))
    (tmp_path / "c" / "templates").mkdir(parents=True)
    (tmp_path / "c" / "templates").chmod(0o777)
    assert cache_dir("templates") is None


def test_xdg_cache_home_is_followed(tmp_path, monkeypatch):
    monkeypatch.delenv("CAREPRINT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir("fonts") == tmp_path / "xdg" / "careprint" / "fonts"


def test_a_failed_write_leaves_nothing(tmp_path):
    folder = tmp_path / "gone"
    write_atomically(folder / "entry.bin", b"data")  # the folder does not exist: no error
    assert not folder.exists()
    folder.mkdir()
    write_atomically(folder / "entry.bin", b"data")
    assert [p.name for p in folder.iterdir()] == ["entry.bin"]
    assert stat.S_IMODE((folder / "entry.bin").stat().st_mode) == 0o600
