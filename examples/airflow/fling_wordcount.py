"""Two Flink jobs in a row through Fling, each an Airflow task that runs `fling launch --wait`.

A task lasts as long as its job, logs the job's lifecycle events, and ends with the fling
command's exit code (docs/cli.md): 0 when the job succeeded, its own code for each other ending,
so a failed, cancelled or timed-out job fails the task. The second task runs only after the first
succeeded.

Retrying a task is safe: BashOperator puts AIRFLOW_CTX_DAG_ID, AIRFLOW_CTX_DAG_RUN_ID and
AIRFLOW_CTX_TASK_ID in the command's environment, which stay the same across a task's tries, and
`fling launch` derives its request id from them; Fling names the job from that id, so a retry
finds the job the first try launched instead of starting a second one.

Needs the `fling` command on the workers' PATH, the Airflow Variable `fling_url` (or Fling at
http://fling.fling.svc:8080), and FLING_TOKEN in the workers' environment when Fling's
authentication is on.
"""
from datetime import datetime, timedelta

try:  # Airflow 3
    from airflow.providers.standard.operators.bash import BashOperator
    from airflow.sdk import DAG
except ImportError:  # Airflow 2.4 and later
    from airflow import DAG
    from airflow.operators.bash import BashOperator

JAR = "local:///opt/flink/usrlib/fling-examples.jar"

# Rendered by Airflow (Jinja) when the task runs.
FLING_LAUNCH = (
    "fling launch --url {{ var.value.get('fling_url', 'http://fling.fling.svc:8080') }}"
    " --label airflow-dag={{ dag.dag_id }}"
    " --correlation '{{ run_id }}'"
    " --deadline 1h --wait --timeout 2h"
)


def flink_job(task_id: str, entry_class: str, parallelism: int = 1) -> BashOperator:
    """A task that launches one Flink job through Fling and waits for its end."""
    return BashOperator(
        task_id=task_id,
        bash_command=(
            f"{FLING_LAUNCH} --jar {JAR} --class {entry_class}"
            f" --name {task_id} --parallelism {parallelism}"
        ),
        retries=2,
        retry_delay=timedelta(seconds=30),
        # Longer than --timeout: fling gives up first and says so (its own exit code).
        execution_timeout=timedelta(hours=2, minutes=5),
    )


with DAG(
    dag_id="fling_wordcount",
    description="Two Flink jobs in a row through Fling",
    start_date=datetime(2026, 1, 1),
    schedule=None,
    catchup=False,
    tags=["fling", "flink"],
) as dag:
    flink_job("wordcount", "dev.fling.examples.BoundedWordCount") >> flink_job(
        "report", "dev.fling.examples.BoundedWordCount"
    )
