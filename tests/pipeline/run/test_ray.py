"""The Ray engine on a local Ray of two CPUs: the same articles, rejections, duplicates
and stories as the local engine, on the example corpus and on a sample of the
development data; a run killed part way resumes without duplicates."""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsweave.pipeline.run import RunReport, run
from newsweave.pipeline.run.corpus import CorpusSettings
from newsweave.pipeline.run.output import MARKER
from tests.conftest import EXAMPLES, REPO, SHARED, html_page
from tests.pipeline.run.conftest import run_results, table

pytestmark = [pytest.mark.ray, pytest.mark.slow]

T17 = SHARED / "data" / "timelines" / "t17-dev"
DEV_SAMPLE = 200  # documents: a few hundred, in 8 WARCs


def test_example_corpus_same_on_ray(
    ray_cluster: str,
    example_local_run: tuple[Path, RunReport],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from newsweave.pipeline.run.ray_engine import RayEngine

    local_output, _ = example_local_run
    # The band keys through Ray Data's group-by (a big run's way), not a task a group.
    monkeypatch.setattr(RayEngine, "data_groupby_rows", 0)
    report = run([str(EXAMPLES / "corpus")], str(tmp_path / "ray"), engine="ray")
    assert run_results(tmp_path / "ray") == run_results(local_output)
    assert report.counts["stories"] == 3 and report.counts["duplicates"] == 2
    assert report.counts["storylines"] >= 1


@pytest.mark.shared
@pytest.mark.skipif(not T17.is_dir(), reason=f"development data not found: {T17}")
def test_dev_sample_same_on_ray(ray_cluster: str, tmp_path: Path) -> None:
    import ray_scale  # benchmarks/ray_scale.py: writes the WARCs

    corpus = tmp_path / "warc"
    assert ray_scale.write_warcs(ray_scale.t17_articles(DEV_SAMPLE), corpus, 8) == 0
    # Inputs to reject as well: a truncated WARC and a binary file.
    whole = gzip.decompress((corpus / "crawl-000.warc.gz").read_bytes())
    (corpus / "cut.warc").write_bytes(whole[: len(whole) // 3])
    (corpus / "blob.bin").write_bytes(os.urandom(4096))
    # Blocks of 40 articles: the stories grouped a block a Ray task, merged across bounds.
    blocks = CorpusSettings(block_articles=40)
    local = run([str(corpus)], str(tmp_path / "local"), corpus_settings=blocks)
    remote = run([str(corpus)], str(tmp_path / "ray"), engine="ray", corpus_settings=blocks)
    assert remote.counts == local.counts
    assert remote.corpus_counts == local.corpus_counts and local.corpus_counts["story_blocks"] > 2
    # Timeline17 repeats a few texts: one article each, the rest duplicate inputs.
    assert local.counts["articles"] >= 0.95 * DEV_SAMPLE and local.counts["rejections"] >= 1
    assert run_results(tmp_path / "ray") == run_results(tmp_path / "local")


def test_killed_run_resumes_without_duplicates(
    ray_cluster: str, example_local_run: tuple[Path, RunReport], tmp_path: Path
) -> None:
    """A driver on the Ray cluster is killed (SIGKILL) once it has finished a shard; the
    run started again does only the rest, and its tables equal an uninterrupted run's."""
    output = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "newsweave",
        "run",
        "--engine",
        "ray",
        "--address",
        ray_cluster,
        "--input",
        str(EXAMPLES / "corpus"),
        "--output",
        str(output),
    ]
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    driver = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 240
        while not list(output.glob(f"shards/*/{MARKER}")) and time.monotonic() < deadline:
            assert driver.poll() is None, "the run ended before it could be killed"
            time.sleep(0.2)
    finally:
        driver.send_signal(signal.SIGKILL)
        driver.wait()
    done_before = len(list(output.glob(f"shards/*/{MARKER}")))
    assert done_before >= 1
    report = run([str(EXAMPLES / "corpus")], str(output), engine="ray")
    assert report.shards_resumed == done_before < report.shards
    local_output, _ = example_local_run
    assert run_results(output) == run_results(local_output)
    ids = [r["id"] for r in table(output, "articles")]
    assert len(ids) == len(set(ids)) == 15


def test_time_limit_holds_in_ray_workers(ray_cluster: str, tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.html").write_text(html_page(), encoding="utf-8")
    report = run(
        [str(corpus)], str(tmp_path / "out"), engine="ray", analyze=False, time_limit_s=1e-6
    )
    (rejection,) = table(tmp_path / "out", "rejections")
    assert rejection["reason"] == "timeout" and not report.ok
