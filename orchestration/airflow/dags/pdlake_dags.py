"""Airflow DAGs for pdlake, built from the job descriptors and pipelines under orchestration/.

Each pipeline (orchestration/pipelines/*.yaml) becomes one DAG; each of its tasks is a
SparkSubmitOperator that submits the project jar with the cluster profile, in the order the
jobs' depends_on give. A pipeline with one_session: true is one task instead, `pdlake run`, which
runs its jobs in one Spark application; its retries resume the Airflow run, skipping the jobs that
succeeded. Set PDLAKE_HOME to the checkout (default: two folders above this one),
PDLAKE_JAR to the spark-submit jar and PDLAKE_PROFILE to the conf/ profile (default: cluster).
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import yaml
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.sdk import DAG

HOME = Path(os.environ.get("PDLAKE_HOME", Path(__file__).resolve().parents[3]))
ORCHESTRATION = HOME / "orchestration"
JAR = os.environ.get("PDLAKE_JAR", str(HOME / "jobs" / "target" / "pdlake-jobs-0.1.0-SNAPSHOT-spark.jar"))
PROFILE = os.environ.get("PDLAKE_PROFILE", "cluster")
SPARK_CONNECTION = os.environ.get("PDLAKE_SPARK_CONNECTION", "spark_default")
# Arrow (inside every Iceberg read) needs java.nio opened on Java 17
JAVA_OPTIONS = "--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED -Dfile.encoding=UTF-8"


def _load(folder: str) -> dict:
    documents = {}
    for path in sorted((ORCHESTRATION / folder).glob("*.yaml")):
        with path.open(encoding="utf-8") as stream:
            documents[path.stem] = yaml.safe_load(stream)
    return documents


def _date(value) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, datetime.date):
        return datetime.datetime(value.year, value.month, value.day, tzinfo=datetime.timezone.utc)
    return datetime.datetime.fromisoformat(str(value)).replace(tzinfo=datetime.timezone.utc)


def _overrides() -> list[str]:
    overrides = []
    for setting in filter(None, os.environ.get("PDLAKE_CONF", "").split(";")):
        overrides += ["--conf", setting]
    return overrides


def _task(job: dict) -> SparkSubmitOperator:
    defaults = job.get("default_args", {})
    resources = job.get("resources", {})
    overrides = _overrides()
    return SparkSubmitOperator(
        task_id=job["job"],
        doc_md=f"{job.get('description', '')}\n\ninputs: {job['inputs']}\n\noutputs: {job['outputs']}\n\nSLA: {defaults.get('sla_minutes', 'none')} minutes",
        conn_id=SPARK_CONNECTION,
        application=JAR,
        java_class=job["main_class"],
        application_args=["--profile", PROFILE, "--home", str(HOME), *overrides, *job["arguments"]],
        conf={"spark.driver.extraJavaOptions": JAVA_OPTIONS, "spark.executor.extraJavaOptions": JAVA_OPTIONS},
        driver_memory=resources.get("driver_memory"),
        executor_memory=resources.get("executor_memory"),
        executor_cores=resources.get("executor_cores"),
        num_executors=resources.get("num_executors"),
        name=f"pdlake-{job['job']}",
        retries=defaults.get("retries", 0),
        retry_delay=datetime.timedelta(minutes=defaults.get("retry_delay_minutes", 5)),
        execution_timeout=datetime.timedelta(minutes=defaults["execution_timeout_minutes"]),
    )


def _bytes(size: str) -> int:
    units = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}
    return int(size[:-1]) * units[size[-1].lower()] if size[-1].lower() in units else int(size)


def _largest(resources: list[dict], key: str, measure):
    return max((entry[key] for entry in resources if key in entry), key=measure, default=None)


def _session_task(name: str, pipeline: dict, members: list[dict]) -> SparkSubmitOperator:
    """The pipeline's jobs in one spark-submit of `pdlake run`: one JVM and one Spark session start-up
    instead of one per job, with the largest resources any of them asks for and the sum of their
    timeouts. The Airflow run id is the pdlake run id, so a retry skips the jobs that succeeded."""
    defaults = pipeline.get("default_args", {})
    main_classes = {job["main_class"] for job in members}
    if len(main_classes) != 1:
        raise ValueError(f"pipeline {name}: one_session needs one main class, its jobs have {sorted(main_classes)}")
    resources = [job.get("resources", {}) for job in members]
    return SparkSubmitOperator(
        task_id="run",
        doc_md=f"{pipeline.get('description', '')}\n\nOne Spark application running, in dependency order: {', '.join(job['job'] for job in members)}",
        conn_id=SPARK_CONNECTION,
        application=JAR,
        java_class=main_classes.pop(),
        application_args=["--profile", PROFILE, "--home", str(HOME), *_overrides(), "run", "--pipeline", name, "--run-id", "{{ run_id }}"],
        conf={"spark.driver.extraJavaOptions": JAVA_OPTIONS, "spark.executor.extraJavaOptions": JAVA_OPTIONS},
        driver_memory=_largest(resources, "driver_memory", _bytes),
        executor_memory=_largest(resources, "executor_memory", _bytes),
        executor_cores=_largest(resources, "executor_cores", int),
        num_executors=_largest(resources, "num_executors", int),
        name=f"pdlake-{name}",
        retries=defaults.get("retries", 0),
        retry_delay=datetime.timedelta(minutes=defaults.get("retry_delay_minutes", 5)),
        execution_timeout=datetime.timedelta(minutes=sum(job["default_args"]["execution_timeout_minutes"] for job in members)),
    )


def build() -> dict[str, DAG]:
    jobs = {descriptor["job"]: descriptor for descriptor in _load("jobs").values()}
    dags = {}
    for document in _load("pipelines").values():
        for name, pipeline in document.items():
            defaults = pipeline.get("default_args", {})
            with DAG(
                dag_id=name,
                description=pipeline.get("description"),
                schedule=pipeline["schedule"],
                start_date=_date(pipeline["start_date"]),
                catchup=pipeline.get("catchup", False),
                max_active_runs=pipeline.get("max_active_runs", 1),
                default_args={
                    "owner": defaults.get("owner", "pdlake"),
                    "retries": defaults.get("retries", 0),
                    "retry_delay": datetime.timedelta(minutes=defaults.get("retry_delay_minutes", 5)),
                },
                tags=["pdlake"],
            ) as dag:
                if pipeline.get("one_session", False):
                    _session_task(name, pipeline, [jobs[task] for task in pipeline["tasks"]])
                else:
                    tasks = {task: _task(jobs[task]) for task in pipeline["tasks"]}
                    for task, operator in tasks.items():
                        for upstream in jobs[task].get("depends_on", []):
                            if upstream in tasks:
                                tasks[upstream] >> operator
            dags[name] = dag
    return dags


globals().update(build())
