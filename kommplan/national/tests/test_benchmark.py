from __future__ import annotations

import json

import pytest

from kommplan.apitokens.models import ApiToken
from kommplan.national import benchmark, loadtest
from kommplan.national.seeding import seed_national


@pytest.fixture
def small_set(db):
    return seed_national(scale=0.005, actions_per_strategy=30)  # 2 organisations


def test_the_benchmark_fetches_every_route_and_cleans_up_its_tokens(small_set):
    results, info = benchmark.run(requests=4, orgs=2)
    names = [r.name for r in results]
    assert "mine tiltak" in names and "årshjul" in names and "API: ett tiltak" in names
    assert "åpen side (uten innlogging)" in names
    for result in results:
        assert result.requests == 4
        assert 0 < result.p50_ms <= result.p95_ms <= result.max_ms
        # The same route costs the same queries in both organisations.
        assert result.queries_min == result.queries_max > 0, result.name
    assert info["actions"] == 2 * 3 * 30
    assert not ApiToken.objects.exists()


def test_the_results_replace_only_their_block_in_the_docs(tmp_path):
    doc = tmp_path / "benchmarks.md"
    doc.write_text(
        f"# B\n\nbefore\n\n{benchmark.START}\nold\n{benchmark.END}\n\nafter\n", encoding="utf-8"
    )
    route = {
        "name": "årshjul",
        "requests": 60,
        "p50_ms": 40.2,
        "p95_ms": 81.0,
        "max_ms": 90.0,
        "cpu_p50_ms": 30.0,
        "cpu_p95_ms": 35.0,
        "queries_min": 12,
        "queries_max": 12,
    }
    info = {"database": "sqlite", "scale": 1, "organisations": 450, "actions": 202500}
    info |= {"status_updates": 2025000, "seed_seconds": 300, "db_mib": 400}
    run = tmp_path / "run.json"
    run.write_text(json.dumps({"info": info, "routes": [route]}), encoding="utf-8")
    benchmark.write_docs([str(run)], doc=str(doc))
    text = doc.read_text(encoding="utf-8")
    assert "old" not in text and "before" in text and "after" in text
    assert "| årshjul | 40 / 81 (30 / 35) | 12 |" in text
    assert "450 / 202 500 / 2 025 000" in text


def test_the_load_test_gets_a_token_and_its_own_actions_per_organisation(small_set, tmp_path):
    out = tmp_path / "targets.json"
    loadtest.prepare(str(out), orgs=2)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["password"] == "nasjonal-kommplan"
    assert len(data["targets"]) == 2
    for target in data["targets"]:
        assert target["own_actions"] and target["token"]
        assert target["contributor"].endswith("-bidragsyter")
    assert ApiToken.objects.filter(name="loadtest").count() == 2
    loadtest.cleanup()
    assert not ApiToken.objects.exists()


def test_locust_statistics_become_a_summary(tmp_path):
    stats = tmp_path / "run_stats.csv"
    head = "Type,Name,Request Count,Failure Count,Requests/s,50%,95%,99%"
    stats.write_text(
        f"{head}\nGET,tiltak,90,0,1.5,40,90,120\n,Aggregated,100,0,10.5,42,95,130\n",
        encoding="utf-8",
    )
    out = tmp_path / "run.json"
    loadtest.summarise(str(stats), "sqlite", 40, str(out))
    summary = json.loads(out.read_text(encoding="utf-8"))
    assert summary["total"]["requests"] == 100 and summary["total"]["p95"] == 95
    assert summary["rows"] == [
        {
            "name": "GET tiltak",
            "requests": 90,
            "failures": 0,
            "rps": 1.5,
            "p50": 40.0,
            "p95": 90.0,
            "p99": 120.0,
        }
    ]
