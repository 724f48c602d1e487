"""Build integrity: checksummed graph, self-healing vector cache, leftovers of killed builds cleaned."""
from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import numpy as np
import pytest

from councilkg.errors import BuildError
from councilkg.settings import get_settings
from tests.reliability.conftest import REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """The smallest real document as a corpus, with a full build (graph + index, real model)."""
    from corpus.manifest import read_manifest, write_manifest
    from councilkg.pipeline import build as rebuild

    root = tmp_path_factory.mktemp("tiny")
    corpus_dir = root / "corpus"
    shutil.copytree(REPO / "corpus", corpus_dir,
                    ignore=shutil.ignore_patterns("*.py", "__pycache__", "README.md", ".councilkg-*.lock"))
    entries = read_manifest(corpus_dir)
    write_manifest(corpus_dir, [min(entries, key=lambda e: (corpus_dir / e.file).stat().st_size)])
    settings = get_settings(corpus_dir=corpus_dir, build_dir=root / "build")
    rebuild(settings)
    return settings


@pytest.fixture
def settings(tiny, tmp_path):
    """A private copy of the tiny build, so each test may damage it."""
    build = tmp_path / "build"
    shutil.copytree(tiny.build_dir, build)
    return get_settings(corpus_dir=tiny.corpus_dir, build_dir=build)


def test_an_edited_graph_file_is_refused_and_rebuilt(settings):
    import corpus
    import graph

    nq = Path(settings.build_dir) / "graph" / "graph.nq"
    original = nq.read_bytes()
    lines = original.decode().splitlines(keepends=True)
    victim = next(i for i, line in enumerate(lines) if '"' in line)
    lines[victim] = lines[victim].replace('"', '"EDITED ', 1)
    nq.write_bytes("".join(lines).encode())
    with pytest.raises(BuildError, match="changed after it was written"):
        graph.load(settings)
    graph.build(corpus.load(settings.corpus_dir), settings)  # `councilkg build` does not keep the edit
    assert nq.read_bytes() == original
    assert len(graph.load(settings)) > 0


def test_a_missing_checksum_table_is_refused(settings):
    import json

    import graph

    meta_path = Path(settings.build_dir) / "graph" / "build.json"
    meta = json.loads(meta_path.read_text())
    meta.pop("files")
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(BuildError, match="checksums"):
        graph.load(settings)


def _cache_file(settings) -> Path:
    files = [p for p in (Path(settings.build_dir) / "embed_cache").rglob("*")
             if p.is_file() and (p.suffix in (".npy", ".npz")) and not p.name.startswith(".")]
    assert len(files) == 1, files
    return files[0]


def test_a_flipped_bit_in_the_vector_cache_costs_one_re_encoding_not_the_build(settings):
    import corpus
    import embed

    path = _cache_file(settings)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x10
    path.write_bytes(bytes(data))
    shutil.rmtree(Path(settings.build_dir) / "index")  # force the index to be rebuilt from the cache
    index = embed.build(corpus.load(settings.corpus_dir), settings, progress=False)
    stats = index.params["build"]
    assert 1 <= stats["encoded_texts"] <= 2 and stats["cached_texts"] > 10, stats
    # and the cache is whole again: a second rebuild encodes nothing
    shutil.rmtree(Path(settings.build_dir) / "index")
    again = embed.build(corpus.load(settings.corpus_dir), settings, progress=False)
    assert again.params["build"]["encoded_texts"] == 0


def test_an_unreadable_cache_index_only_costs_re_encoding(tmp_path):
    from embed.store import VectorCache

    cache = VectorCache(tmp_path)
    cache.put_many([("a", np.ones((2, 4), np.float32)), ("b", np.zeros((1, 4), np.float32))])
    cache.save()
    (tmp_path / "cache.json").write_text("{not json")
    assert VectorCache(tmp_path).get("a") is None  # no exception: an empty cache


def test_leftovers_of_killed_builds_are_cleaned_at_the_next_build(settings):
    from councilkg.pipeline import build as rebuild

    build = Path(settings.build_dir)
    junk = [build / "graph.new-123", build / ".index.tmp-1-2", build / ".index.old-3-4"]
    for folder in junk:
        folder.mkdir()
        (folder / "half-written").write_text("x")
    cache_dir = _cache_file(settings).parent
    (cache_dir / ".cache.999.npz").write_text("x")
    (cache_dir / ".vectors-1-2.tmp").write_text("x")
    rebuild(settings)
    left = [p.name for p in build.iterdir()] + [p.name for p in cache_dir.iterdir()]
    assert not [n for n in left if n.startswith((".index.", "graph.new", ".cache.9", ".vectors-"))], left


def test_a_build_killed_between_its_two_renames_gets_the_old_build_back(settings):
    import graph
    from councilkg.builds import clean_build_leftovers

    build = Path(settings.build_dir)
    (build / "graph").rename(build / "graph.old")
    (build / "index").rename(build / ".index.old-1-1")
    clean_build_leftovers(build)
    assert (build / "graph").is_dir() and (build / "index").is_dir()
    assert len(graph.load(settings)) > 0


def test_build_files_keep_the_folder_permissions(settings):
    build = Path(settings.build_dir)
    for path in build.rglob("*"):
        if path.is_file() and not path.name.startswith(".councilkg-"):
            mode = stat.S_IMODE(path.stat().st_mode)
            assert mode == stat.S_IMODE(path.parent.stat().st_mode) & 0o666, (path, oct(mode))


def test_a_second_build_waits_then_is_told_one_sentence(settings):
    from councilkg.pipeline import build as rebuild
    from councilkg.errors import BusyError
    from councilkg.locks import build_lock

    with build_lock(settings.build_dir, wait_s=0):
        with pytest.raises(BusyError, match="Another"):
            rebuild(settings, wait_s=0.3)
    assert os.path.isdir(Path(settings.build_dir) / "graph")
