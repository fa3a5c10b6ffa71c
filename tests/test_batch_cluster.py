"""Batches beyond one machine: several cases per task, and workers that return the documents to
the caller (which writes them) so that a cluster needs no shared file system; Dask's executor on
a ``distributed.LocalCluster`` as the recipe docs/cluster.md gives for a real cluster."""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import safeplan
from safeplan import CaseResult
from safeplan.testing import example_data

PERSONAL = ("Alex", "Jordan", "Carter", "Robin", "Birch", "NX1", "07700", "Northtown")


def _case(n: int, **changes: Any) -> dict[str, Any]:
    data = example_data()
    data["reference"] = f"CLUSTER-{n:04d}"
    data.update(changes)
    return data


def _mixed(folder: Path) -> Path:
    """Rendered, refused, unreadable and leaking cases, and two cases with one folder."""
    folder.mkdir(parents=True)
    for i in range(7):
        (folder / f"a-{i}.json").write_text(json.dumps(_case(i)), encoding="utf-8")
    refused = _case(50)
    del refused["end"]
    (folder / "b-refused.json").write_text(json.dumps(refused), encoding="utf-8")
    (folder / "c-broken.yaml").write_text("people: [unclosed", encoding="utf-8")
    leaking = _case(51)
    leaking["expectations"][1]["what"] = "Jordan will not go to 9 Birch Road."
    (folder / "d-leak.json").write_text(json.dumps(leaking), encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "a-1.yaml").write_text(json.dumps(_case(52)), encoding="utf-8")
    return folder


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _batch(folder: Path, out: Path, **options: Any) -> list[CaseResult]:
    return list(safeplan.render_batch(safeplan.find_cases([folder]), out, **options))


def _statuses(results: list[CaseResult]) -> list[str]:
    return [r.status for r in results]


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    return _mixed(tmp_path / "cases")


@pytest.fixture
def serial(mixed: Path, tmp_path: Path) -> list[CaseResult]:
    """The batch one case at a time in this process: what every other way must equal."""
    results = _batch(mixed, tmp_path / "serial")
    assert _statuses(results) == ["rendered"] * 7 + ["refused", "failed", "refused", "failed"]
    return results


@pytest.mark.parametrize("chunk_size", [1, 3, 4, 20])
def test_chunks_give_the_same_results_and_files_in_order(
    mixed: Path, serial: list[CaseResult], tmp_path: Path, chunk_size: int
) -> None:
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = _batch(mixed, tmp_path / "out", executor=pool, chunk_size=chunk_size)
    assert results == serial
    assert _tree(tmp_path / "out") == _tree(tmp_path / "serial")


def test_chunk_size_must_be_positive(mixed: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="chunk_size"):
        _batch(mixed, tmp_path / "out", chunk_size=0)


# --- workers that cannot see this process's disk --------------------------------------------


def _no_shared_disk() -> None:
    """A worker's start: every way the batch reads or writes the case and output folders
    fails, as it would on a machine that does not have them."""
    import safeplan._batch.run as batch

    def unreachable(*_: object, **__: object) -> Any:
        raise OSError(5, "not on this machine")

    for name in ("write_atomic", "remove_listed", "remove_atomic", "read_case_manifest",
                 "read_case_bytes", "_up_to_date", "_intact"):  # fmt: skip
        setattr(batch, name, unreachable)


class _Remote(Executor):
    """Workers in other processes whose file system is not the caller's."""

    def __init__(self) -> None:
        self.pool = ProcessPoolExecutor(max_workers=2, initializer=_no_shared_disk)
        self.tasks = 0

    def submit(  # type: ignore[override]
        self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any
    ) -> Future[Any]:
        self.tasks += 1
        return self.pool.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.pool.shutdown(wait=wait, cancel_futures=cancel_futures)


def test_returned_documents_are_written_by_the_caller(
    mixed: Path, serial: list[CaseResult], tmp_path: Path
) -> None:
    remote = _Remote()
    with remote:
        results = _batch(
            mixed, tmp_path / "out", executor=remote, chunk_size=4, return_documents=True
        )
    assert results == serial
    assert _tree(tmp_path / "out") == _tree(tmp_path / "serial")
    # 10 cases sent (the collision is decided here), 4 to a task.
    assert remote.tasks == 3


def test_a_remote_batch_resumes_and_removes_what_a_refused_case_left(
    mixed: Path, serial: list[CaseResult], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    with _Remote() as remote:
        _batch(mixed, out, executor=remote, return_documents=True, resume=True)
        again = _batch(mixed, out, executor=remote, return_documents=True, resume=True)
        assert _statuses(again)[:7] == ["up-to-date"] * 7
        assert [r.outputs for r in again] == [r.outputs for r in serial]
        # A case refused now loses the documents of its earlier run.
        refused = _case(0)
        del refused["end"]
        (mixed / "a-0.json").write_text(json.dumps(refused), encoding="utf-8")
        third = _batch(mixed, out, executor=remote, return_documents=True, resume=True)
    assert third[0].status == "refused"
    assert sorted(third[0].removed) == sorted(serial[0].outputs)
    assert not list((out / "a-0").glob("*.docx"))
    assert _statuses(third)[1:7] == ["up-to-date"] * 6


def test_a_dry_run_with_returned_documents_writes_nothing(mixed: Path, tmp_path: Path) -> None:
    with _Remote() as remote:
        results = _batch(
            mixed, tmp_path / "out", executor=remote, return_documents=True, dry_run=True
        )
    assert _statuses(results)[:7] == ["valid"] * 7
    assert _tree(tmp_path / "out") == {}


def test_nothing_returned_names_a_person(mixed: Path, tmp_path: Path) -> None:
    with _Remote() as remote:
        results = _batch(mixed, tmp_path / "out", executor=remote, return_documents=True)
    shown = json.dumps([r.to_dict() for r in results]) + repr(results)
    assert [w for w in PERSONAL if w in shown] == []


# --- Dask -----------------------------------------------------------------------------------


def test_dask_local_cluster_recipe(mixed: Path, serial: list[CaseResult], tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        results = _batch(
            mixed,
            tmp_path / "out",
            executor=client.get_executor(),
            chunk_size=4,
            return_documents=True,
            max_pending=64,
        )
        logs = json.dumps(client.get_worker_logs(), default=str)
    assert results == serial
    assert _tree(tmp_path / "out") == _tree(tmp_path / "serial")
    assert [w for w in PERSONAL if w in logs] == []


def test_the_command_line_sends_chunks(mixed: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from safeplan.cli import main

    one = CliRunner().invoke(main, ["render", str(mixed), "--out", str(tmp_path / "one")])
    args = ["--jobs", "2", "--chunk-size", "3"]
    chunked = CliRunner().invoke(
        main, ["render", str(mixed), "--out", str(tmp_path / "two"), *args]
    )
    assert one.exit_code == chunked.exit_code == 1  # some cases are refused
    assert _tree(tmp_path / "one") == _tree(tmp_path / "two")
    assert len(list((tmp_path / "two").rglob("*.docx"))) >= 7 * 4
