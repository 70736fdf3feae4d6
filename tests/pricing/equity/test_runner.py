"""pricing.equity.runner and study: seeds from SeedSequence.spawn, the same JSON whoever runs the
chunks (in process, two local processes, a Dask LocalCluster started here), the work bound and
the runners' bad input."""

from __future__ import annotations

import json

import numpy as np
import pytest

from pricing.__main__ import main
from pricing.equity import lever, run_settings, thresholds
from pricing.equity import runner as runner_module
from pricing.equity.runner import NATIONAL_SLOT, POPULATION_STREAM, Chunk, chunks, work
from pricing.equity.study import plan_of, run
from pricing.report import rounded
from pricing.scenario import ScenarioError


@pytest.fixture(autouse=True)
def pinned_defaults() -> None:
    """Overrides conftest.py's pinned defaults here: those are patched into this process only,
    and the runners under test start processes of their own that read the defaults files."""


def _settings(households: int = 600, uncertainty: int = 0):  # type: ignore[no-untyped-def]
    settings = run_settings(None, households)
    settings.treatments = ("spravato", "iv_ketamine")
    settings.reforms = {"parity": lever("coverage_parity"), "cap": lever("oop_cap")}
    settings.uncertainty = uncertainty
    return settings


def test_chunk_seeds_are_spawned_children() -> None:
    # SeedSequence(seed).spawn(2)[1] is the population stream; its children by state slot, then
    # by draw, then by block: the seed a chunk draws its households from.
    plan = plan_of(_settings())
    chunk = Chunk(0, plan, "", NATIONAL_SLOT, draw=1, block=2, households=10)
    root = np.random.SeedSequence(plan.seed)
    stream = root.spawn(POPULATION_STREAM + 1)[POPULATION_STREAM]
    child = stream.spawn(NATIONAL_SLOT + 1)[NATIONAL_SLOT].spawn(2)[1].spawn(3)[2]
    assert np.array_equal(chunk.seed.generate_state(4), child.generate_state(4))


def test_chunks_split_households_into_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    # 600 households in blocks of 250: 250, 250, 100; with 2 draws: 3 runs x 3 blocks.
    monkeypatch.setattr(runner_module.params, "household_block", lambda: 250)
    plan = plan_of(_settings(uncertainty=2))
    found = chunks(plan)
    assert [c.households for c in found[:3]] == [250, 250, 100]
    assert [(c.draw, c.block) for c in found] == [(d, b) for d in range(3) for b in range(3)]
    # Work: 600 households x 1 x 2 treatments x (baseline + 2 alone + 1 stack step) x 3 runs.
    assert work(plan) == 600 * 2 * 4 * 3


def test_same_json_in_process_on_two_processes_and_on_dask(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Three blocks per run, two parameter draws: nine chunks, merged in chunk order whatever
    # order the workers finish in.
    monkeypatch.setattr(runner_module.params, "household_block", lambda: 250)
    settings = _settings(uncertainty=2)
    # The savings test reads every drawn field the income test reads, and the savings too (drawn
    # last in each chunk, their spread a parameter draw): the same households on every runner.
    settings.threshold = thresholds()["savings_10"]

    def text(**where: object) -> str:
        return json.dumps(rounded(run(settings, **where)), indent=2)  # type: ignore[arg-type]

    serial = text()
    assert text(workers=2) == serial
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        assert text(scheduler=cluster.scheduler_address) == serial
    out = json.loads(serial)
    assert out["run"]["chunks"] == 9
    assert "p10" in out["priced_out_band"]["spravato"]["all"]
    assert out["threshold_rule"]["name"] == "savings_10"


def test_work_bound_names_the_field(monkeypatch: pytest.MonkeyPatch) -> None:
    # population.yaml max_work, lowered here: 600 x 2 treatments x 4 scenarios x 1 run = 4,800.
    monkeypatch.setattr(runner_module.params, "max_work", lambda: 4_000)
    with pytest.raises(ScenarioError, match=r"equity.households: 600 households .* = 4,800"):
        run(_settings())


def test_runner_flags_bad_input(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["equity", "--households", "100", "--workers", "0"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--workers: 0 is not between 1 and" in err
    # One runner at a time: argparse's one-line refusal, exit 2.
    with pytest.raises(SystemExit) as stop:
        main(["equity", "--workers", "2", "--scheduler", "tcp://127.0.0.1:9"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not allowed with argument --workers" in err


def test_unreachable_scheduler_one_line(capsys, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(runner_module.params, "scheduler_timeout", lambda: 1.0)
    code = main(["equity", "--households", "100", "--scheduler", "tcp://127.0.0.1:9"])
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "--scheduler: cannot reach a Dask scheduler at tcp://127.0.0.1:9" in err
