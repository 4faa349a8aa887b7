"""The simulation gives the same figures in this process, on two local processes and on a Dask LocalCluster
(loopback only), for the demo applicant's stored list."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from matchpilot.bootstrap import build_services
from matchpilot.io.simulation_json import summary_to_dict
from matchpilot.services import Services
from matchpilot.services.demo import load_demo
from matchpilot.services.executors import DaskExecutor, LocalExecutor
from matchpilot.services.simulation import SimulationRequest, prepare_simulation, run_prepared

from support.db import TODAY


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    folder = tmp_path_factory.mktemp("sim")
    built = build_services(database_url=f"sqlite:///{folder}/sim.db", today=lambda: TODAY)
    load_demo(built)
    yield built
    built.database.dispose()


def request_with_what_if(services: Services) -> SimulationRequest:
    from matchpilot.services.rank_lists import rank_list

    first, second = rank_list(services).primary[:2]
    return SimulationRequest(
        runs=400, seed=3, market="pmr", applicants=400, programs=80, what_ifs=(f"swap:{first},{second}",)
    )


def test_local_workers_give_identical_results(demo: Services) -> None:
    prepared = prepare_simulation(demo, request_with_what_if(demo))
    assert len(prepared.tasks) > 1
    seen: list[int] = []
    one = summary_to_dict(run_prepared(prepared, LocalExecutor(1), on_done=seen.append))
    two = summary_to_dict(run_prepared(prepared, LocalExecutor(2)))
    assert one == two
    assert sum(seen) == 400
    assert one["format"] == "matchpilot.simulation/1"
    assert one["what_ifs"][0]["p_match"] == one["p_match"]


def test_a_dask_local_cluster_gives_identical_results(demo: Services) -> None:
    distributed = pytest.importorskip("distributed")
    prepared = prepare_simulation(demo, request_with_what_if(demo))
    local = summary_to_dict(run_prepared(prepared, LocalExecutor(1)))
    with warnings.catch_warnings():
        # distributed warns when a port it would like (the dashboard's 8787) is taken; the test turns the
        # dashboard off, and nothing else it warns about at start or shutdown concerns our results.
        warnings.filterwarnings("ignore", category=UserWarning, module=r"distributed\..*")
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"(distributed|tornado|dask)\..*")
        with distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, protocol="tcp", host="127.0.0.1", dashboard_address=None
        ) as cluster:
            remote = summary_to_dict(run_prepared(prepared, DaskExecutor(cluster.scheduler_address)))
    assert remote == local


def test_an_unreachable_scheduler_is_a_clear_error(demo: Services) -> None:
    pytest.importorskip("distributed")
    from matchpilot.errors import ConfigurationError

    prepared = prepare_simulation(demo, SimulationRequest(runs=10, applicants=100, programs=40))
    with pytest.raises(ConfigurationError, match="cannot reach"):
        run_prepared(prepared, DaskExecutor("tcp://127.0.0.1:9", timeout=1.0))


def test_bad_requests_are_input_errors(demo: Services, tmp_path: Path) -> None:
    from matchpilot.errors import InputError

    with pytest.raises(InputError, match="what-if"):
        prepare_simulation(demo, SimulationRequest(runs=10, what_ifs=("bogus",)))
    with pytest.raises(InputError, match="market must be one of"):
        prepare_simulation(demo, SimulationRequest(runs=10, market="mars"))
    with pytest.raises(InputError, match="workers"):
        LocalExecutor(0)
