"""The agents' WSDL documents kept on disk (soap.wsdl_cache): the same bytes as built, shared, keyed by
the contract."""

from __future__ import annotations

from pathlib import Path

import pytest

from soapsvc.soap import wsdl, wsdl_cache


@pytest.fixture
def cache_at(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOAPSVC_WSDL_CACHE", str(tmp_path / "cache"))
    wsdl_cache.folder.cache_clear()
    yield tmp_path / "cache"
    wsdl_cache.folder.cache_clear()


def test_a_kept_document_is_the_built_one_and_read_back_without_building(cache_at: Path) -> None:
    built = wsdl._build("SoPrincipal")
    assert wsdl_cache.kept("SoPrincipal", wsdl._build) == built
    (path,) = cache_at.glob("*/SoPrincipal.wsdl")
    assert path.read_bytes() == built and not list(cache_at.glob("*/*.part"))

    def refuse(agent: str) -> bytes:
        raise AssertionError(f"{agent} built again")

    assert wsdl_cache.kept("SoPrincipal", refuse) == built


def test_the_folder_is_named_by_the_contract_and_off_keeps_nothing(cache_at: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    first = wsdl_cache.folder()
    assert first is not None and first.parent == cache_at.resolve() and len(first.name) == 16
    monkeypatch.setenv("SOAPSVC_WSDL_CACHE", "off")
    wsdl_cache.folder.cache_clear()
    assert wsdl_cache.folder() is None
    assert wsdl_cache.kept("SoPrincipal", lambda agent: b"built") == b"built"
    assert not any(cache_at.glob("*/*"))


def test_an_unwritable_cache_still_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SOAPSVC_WSDL_CACHE", str(blocker))
    wsdl_cache.folder.cache_clear()
    try:
        assert wsdl_cache.kept("List", lambda agent: b"<built/>") == b"<built/>"
    finally:
        wsdl_cache.folder.cache_clear()


def test_warm_builds_every_agent_given(cache_at: Path) -> None:
    seen: list[str] = []
    wsdl_cache.warm(["A", "B", "C"], lambda agent: seen.append(agent) or b"", pause=0).join(10)
    assert seen == ["A", "B", "C"]
