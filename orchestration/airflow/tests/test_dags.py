"""The DAGs load in a real Airflow DagBag and match their descriptors task for task."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from airflow.dag_processing.dagbag import DagBag
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

ORCHESTRATION = Path(__file__).resolve().parents[2]


def _documents(folder):
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((ORCHESTRATION / folder).glob("*.yaml"))}


@pytest.fixture(scope="module")
def dagbag():
    # examples are kept out by AIRFLOW__CORE__LOAD_EXAMPLES=False (bin/test sets it)
    return DagBag(dag_folder=str(ORCHESTRATION / "airflow" / "dags"))


def test_every_dag_loads_without_import_errors(dagbag):
    assert dagbag.import_errors == {}
    pipelines = {name for document in _documents("pipelines").values() for name in document}
    assert set(dagbag.dag_ids) == pipelines


@pytest.mark.parametrize("pipeline_file", sorted(path.stem for path in (ORCHESTRATION / "pipelines").glob("*.yaml")))
def test_tasks_and_dependencies_equal_the_descriptors(dagbag, pipeline_file):
    jobs = {document["job"]: document for document in _documents("jobs").values()}
    for name, pipeline in _documents("pipelines")[pipeline_file].items():
        dag = dagbag.dags.get(name)
        assert dag is not None
        if pipeline.get("one_session", False):
            continue
        assert set(dag.task_ids) == set(pipeline["tasks"])
        assert dag.schedule == pipeline["schedule"]
        for task_id in pipeline["tasks"]:
            task = dag.get_task(task_id)
            assert isinstance(task, SparkSubmitOperator)
            expected_upstream = {upstream for upstream in jobs[task_id]["depends_on"] if upstream in pipeline["tasks"]}
            assert set(task.upstream_task_ids) == expected_upstream
            assert task.retries == jobs[task_id]["default_args"]["retries"]
            assert task._java_class == jobs[task_id]["main_class"]
            arguments = task.application_args
            assert arguments[:2] == ["--profile", "cluster"]
            assert arguments[-len(jobs[task_id]["arguments"]):] == jobs[task_id]["arguments"]
            assert task.execution_timeout.total_seconds() == jobs[task_id]["default_args"]["execution_timeout_minutes"] * 60


def test_the_smoke_dag_runs_one_spark_submit_of_the_catalog_load(dagbag):
    dag = dagbag.dags["pdlake_smoke"]
    assert dag.task_ids == ["catalog_load"]
    assert dag.get_task("catalog_load").application.endswith("-spark.jar")


def test_a_one_session_pipeline_is_one_pdlake_run_of_all_its_jobs(dagbag):
    jobs = {document["job"]: document for document in _documents("jobs").values()}
    sessions = {name: pipeline for document in _documents("pipelines").values() for name, pipeline in document.items() if pipeline.get("one_session", False)}
    assert sessions, "no pipeline runs in one session"
    for name, pipeline in sessions.items():
        dag = dagbag.dags[name]
        assert dag.task_ids == ["run"]
        task = dag.get_task("run")
        assert isinstance(task, SparkSubmitOperator)
        assert task.application_args[:2] == ["--profile", "cluster"]
        # the Airflow run id is pdlake's, so that a retry resumes it instead of starting again
        assert task.application_args[-5:] == ["run", "--pipeline", name, "--run-id", "{{ run_id }}"]
        assert task.retries == pipeline["default_args"]["retries"]
        members = [jobs[job] for job in pipeline["tasks"]]
        assert task.execution_timeout.total_seconds() == sum(job["default_args"]["execution_timeout_minutes"] for job in members) * 60
        units = {"m": 1, "g": 1024}
        largest = max((job["resources"]["driver_memory"] for job in members), key=lambda size: int(size[:-1]) * units[size[-1]])
        assert task._driver_memory == largest
