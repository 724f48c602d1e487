"""Hostile SPARQL: guard bypasses, FROM fetching, limits that really stop the work — on both embedded stores."""
from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
import time

import pytest

from councilkg.errors import QueryError
from graph.stores import create
from tests.reliability.conftest import ENDLESS, EX, REPO, assert_one_sentence, small_graph

# Needs gigabytes at once: each REPLACE turns one character into 100, four times over (10 characters ->
# 1e9), so the memory cap stops it within a fraction of a second, on any store and any machine load.
_X100 = "x" * 100
EXPLODING = ('SELECT (STRLEN(REPLACE(REPLACE(REPLACE(REPLACE(STR(?c), ".", "{x}"), ".", "{x}"), ".", "{x}"), ".", "{x}"))'
             ' AS ?n) WHERE {{ ?a ?b ?c }} LIMIT 1').format(x=_X100)


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def kg(request):
    """One 3,000-quad graph per store for the whole module: every user query is read-only (a test
    checks that updates are refused and the quads stay), so sharing it changes no test's input."""
    return small_graph(request.param)


BYPASSES = [
    # An escaped quote in a prefixed name fooled the old regex into blanking what followed it.
    # The later quote closes the "string" the old regex thought it saw, blanking SERVICE with it.
    "SELECT * WHERE {{ ?x kg:a\\' ?y . SERVICE <{url}> {{ ?s ?p ?o }} FILTER(?y != 'x') }}",
    "SELECT * WHERE {{ ?x kg:a\\' ?y . SERVICE SILENT <{url}> {{ ?s ?p ?o }} BIND('x' AS ?z) }}",
    "SELECT * WHERE {{ OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "ASK {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    "select * where {{ # }} SERVICE\n sErViCe <{url}> {{ ?s ?p ?o }} }}",
]


@pytest.mark.parametrize("template", BYPASSES)
@pytest.mark.parametrize("user", [True, False], ids=["user", "internal"])
def test_service_is_refused_and_never_called(kg, listener, template, user):
    url, hits = listener
    query = template.format(url=url)
    with pytest.raises(QueryError, match="SERVICE"):
        kg.user_query(query) if user else kg.query(query)
    assert hits == []


def test_every_store_calls_the_guard_itself(listener):
    url, hits = listener
    for name in ("memory", "oxigraph"):
        with pytest.raises(QueryError, match="SERVICE"):
            create(name).select(f"PREFIX ex: <{EX}> SELECT * WHERE {{ ?x ex:a\\' ?y . SERVICE <{url}> {{ ?s ?p ?o }} }}")
    assert hits == []


def test_from_a_local_file_is_refused_and_its_content_never_read(kg, tmp_path):
    secret = tmp_path / "secret.nt"
    secret.write_text('<http://secret/s> <http://secret/p> "the secret" .\n')
    for clause in ("FROM", "FROM NAMED"):
        with pytest.raises(QueryError, match="FROM"):
            kg.user_query(f"SELECT * {clause} <file://{secret}> WHERE {{ ?s ?p ?o }}")


def test_rdflib_never_loads_from_graphs_even_unguarded(tmp_path):
    """Behind the guard: rdflib's FROM loading is switched off for every query in the process."""
    import rdflib.plugins.sparql
    from rdflib import Dataset

    import graph.stores.memory  # noqa: F401 - importing the store switches loading off

    secret = tmp_path / "secret.nt"
    secret.write_text('<http://secret/s> <http://secret/p> "the secret" .\n')
    assert rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS is False
    rows = list(Dataset().query(f"SELECT ?o FROM <file://{secret}> WHERE {{ ?s ?p ?o }}"))
    assert rows == []


def test_from_dev_zero_is_refused_at_once(kg):
    started = time.perf_counter()
    with pytest.raises(QueryError, match="FROM"):
        kg.user_query("SELECT * FROM <file:///dev/zero> WHERE { ?s ?p ?o }")
    assert time.perf_counter() - started < 5


def test_from_a_project_graph_is_allowed(kg):
    rows = kg.user_query(f"SELECT ?s FROM <{EX}graph/1> WHERE {{ ?s ?p ?o }}")
    assert len(rows) == 600


@pytest.mark.parametrize("update", [
    "INSERT DATA { <http://a> <http://b> <http://c> }", "DELETE WHERE { ?s ?p ?o }", "CLEAR ALL",
    "LOAD <http://example.org/x.ttl>", "DROP GRAPH <http://g>", "LOAD <file:///etc/passwd> INTO GRAPH <http://g>",
])
def test_updates_are_refused_as_updates(kg, update):
    with pytest.raises(QueryError, match="read-only"):
        kg.user_query(update)
    assert len(list(kg.store.quads())) == 3000


def test_keywords_inside_literals_and_names_are_not_refused(kg):
    rows = kg.user_query('SELECT ?x WHERE { BIND("SERVICE <http://x> { } FROM <file:///>; DELETE" AS ?x) }')
    assert str(rows[0]["x"]).startswith("SERVICE")


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def test_the_time_limit_stops_the_work_not_just_the_wait(kg):
    import psutil

    before = {child.pid for child in psutil.Process().children(recursive=True)}  # the session's own servers
    threads = threading.active_count()  # the session's own (its servers' and earlier tests' pools: 9 to 11)
    started = time.perf_counter()
    with pytest.raises(QueryError, match="did not finish"):
        kg.user_query(ENDLESS, timeout=1)
    assert time.perf_counter() - started < 5
    # Nothing keeps running afterwards: no busy thread in this process, no child left.
    cpu = _cpu_seconds()
    time.sleep(1.5)
    assert _cpu_seconds() - cpu < 0.5
    assert threading.active_count() <= threads
    left = [c for c in psutil.Process().children(recursive=True) if c.pid not in before]  # zombies too: reaped
    assert not left, left


@pytest.mark.parametrize("timeout", [0, -5, 1e9, float("nan")])
def test_the_time_limit_has_a_floor_and_a_ceiling(timeout):
    from graph.stores.bounded import QueryLimits

    limits = QueryLimits.of(timeout)
    assert QueryLimits.FLOOR_S <= limits.timeout_s <= QueryLimits.CEILING_S


def test_rows_are_capped_and_the_cut_is_reported(kg, monkeypatch):
    monkeypatch.setenv("COUNCILKG_SPARQL_MAX_ROWS", "100")
    rows = kg.user_query("SELECT * WHERE { ?s ?p ?o }")
    assert len(rows) == 100 and rows.truncated
    rows = kg.user_query("SELECT * WHERE { ?s ?p ?o } LIMIT 50")
    assert len(rows) == 50 and not rows.truncated


@pytest.mark.slow  # rdflib takes seconds to build up 64 MB of strings: a measurement, not a unit test
def test_memory_is_capped(kg, monkeypatch):
    """The memory cap, not the time limit, stops a query that needs gigabytes (and this process stays small)."""
    monkeypatch.setenv("COUNCILKG_SPARQL_MAX_MB", "64")
    before = _rss_mb()
    started = time.perf_counter()
    with pytest.raises(QueryError, match="needed more than the 64 MB"):
        kg.user_query(EXPLODING, timeout=60)
    assert time.perf_counter() - started < 30
    assert _rss_mb() - before < 100


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1048576


def test_parser_limits_are_sentences(kg):
    deep = "SELECT * WHERE " + "{ " * 60 + "?s ?p ?o" + " }" * 60
    with pytest.raises(QueryError, match="nested"):
        kg.user_query(deep)
    with pytest.raises(QueryError, match="limit"):
        kg.user_query("SELECT * WHERE { ?s ?p ?o } # " + "x" * 60_000)
    with pytest.raises(QueryError, match="parsed"):
        kg.user_query("SELECT * WHERE { ?s ?p ")


def test_internal_queries_stay_in_process_and_fast(kg):
    started = time.perf_counter()
    for _ in range(20):
        kg.query(f"SELECT ?s WHERE {{ ?s <{EX}p1> ?o }} LIMIT 5")
    assert (time.perf_counter() - started) / 20 < 0.5


# --- the CLI, as a user runs it -------------------------------------------------------------

@pytest.fixture(scope="module")
def built_env(tmp_path_factory):
    """A small corpus (one real document) with its graph built, for `councilkg sparql` runs."""
    import shutil

    from corpus.manifest import read_manifest, write_manifest

    root = tmp_path_factory.mktemp("sparql-cli")
    corpus_dir = root / "corpus"
    shutil.copytree(REPO / "corpus", corpus_dir, ignore=shutil.ignore_patterns("*.py", "__pycache__", "README.md",
                                                                               ".councilkg-*.lock"))
    entries = read_manifest(corpus_dir)
    keep = min(entries, key=lambda e: (corpus_dir / e.file).stat().st_size)
    write_manifest(corpus_dir, [keep])
    env = {**os.environ, "COUNCILKG_CORPUS_DIR": str(corpus_dir), "COUNCILKG_BUILD_DIR": str(root / "build")}
    code = ("import corpus, graph; from councilkg.settings import get_settings; s = get_settings(); "
            "graph.build(corpus.load(s.corpus_dir), s)")
    subprocess.run([sys.executable, "-c", code], env=env, cwd=REPO, check=True, timeout=600)
    return env


def cli(env, *args, timeout=120):
    from tests.reliability.conftest import Run

    try:
        proc = subprocess.run([sys.executable, "-m", "cli", "sparql", *args], capture_output=True, env=env, cwd=REPO,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"`councilkg sparql` ran past {timeout} s: the time limit did not stop it")
    return Run(proc.returncode, proc.stdout.decode(errors="replace"), proc.stderr.decode(errors="replace"))


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_cli_refuses_the_service_bypass_in_one_sentence(built_env, listener, store):
    url, hits = listener
    run = cli({**built_env, "COUNCILKG_STORE": store},
              f"SELECT * WHERE {{ ?x kg:a\\' ?y . SERVICE <{url}> {{ ?s ?p ?o }} FILTER(?y != 'x') }}")
    assert_one_sentence(run, "SERVICE")
    assert hits == []


def test_cli_refuses_from_file_in_one_sentence(built_env, tmp_path):
    secret = tmp_path / "secret.nt"
    secret.write_text('<http://secret/s> <http://secret/p> "the secret" .\n')
    run = cli(built_env, f"SELECT ?o FROM <file://{secret}> WHERE {{ ?s ?p ?o }}")
    assert_one_sentence(run, "FROM")
    assert "the secret" not in run.out


def test_cli_timeout_zero_does_not_switch_the_limit_off(built_env):
    run = cli(built_env, ENDLESS, "--timeout", "0", timeout=90)
    assert run.code == 2 and "did not finish" in run.err and "Traceback" not in run.err


def test_cli_long_inline_query_is_a_query_not_a_file_name(built_env):
    query = ("SELECT ?finding ?text WHERE { ?finding a kg:Finding . OPTIONAL { ?finding kg:statement ?text } "
             "FILTER NOT EXISTS { ?priority kg:addresses|kg:arisesFrom ?finding } } ORDER BY ?finding LIMIT 5"
             + " " * 200)
    assert len(query) > 255
    run = cli(built_env, query)
    assert run.code == 0 and "Traceback" not in run.err, run.err


def test_a_query_child_opens_only_the_files_its_store_may_need(tmp_path):
    """An on-disk store opens its table files lazily, inside the query's child: the child may open that many
    descriptors (at 250 reports every cold ``councilkg sparql`` failed with "Too many open files"), no more."""
    from graph.stores.bounded import QueryLimits, run_bounded

    files = []
    for i in range(6):
        (tmp_path / f"table-{i}.sst").write_text("rows")
        files.append(tmp_path / f"table-{i}.sst")

    def open_all(_most):
        held = [open(f) for f in files]  # noqa: SIM115 - held open, as a store's table cache does
        return [len(held)]

    limits = QueryLimits(timeout_s=10)
    assert run_bounded(open_all, limits, store_files=len(files)) == [len(files)]
    with pytest.raises(QueryError):
        run_bounded(open_all, limits, store_files=len(files) - 2)
    with pytest.raises(QueryError):
        run_bounded(open_all, limits)
