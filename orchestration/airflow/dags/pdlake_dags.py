"""Airflow DAGs for pdlake, built from the job descriptors and pipelines under orchestration/.

Each pipeline (orchestration/pipelines/*.yaml) becomes one DAG; each of its tasks is a
SparkSubmitOperator that submits the project jar with the cluster profile, in the order the
jobs' depends_on give. Set PDLAKE_HOME to the checkout (default: two folders above this one),
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


def _task(job: dict) -> SparkSubmitOperator:
    defaults = job.get("default_args", {})
    resources = job.get("resources", {})
    extra_conf = os.environ.get("PDLAKE_CONF", "")
    overrides = []
    for setting in filter(None, extra_conf.split(";")):
        overrides += ["--conf", setting]
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
                tasks = {task: _task(jobs[task]) for task in pipeline["tasks"]}
                for task, operator in tasks.items():
                    for upstream in jobs[task].get("depends_on", []):
                        if upstream in tasks:
                            tasks[upstream] >> operator
            dags[name] = dag
    return dags


globals().update(build())
