"""The example shop's nightly dbt job as an Airflow team runs it, with Pipeline Medic's notifier.

Two DAGs build the same project on production: ``shop_nightly`` with a BashOperator (the notifier
reads its target folder) and ``shop_nightly_cosmos`` with astronomer-cosmos' DbtBuildLocalOperator
(which deletes its temporary project: ``keep_artifacts`` keeps the artifacts for the notifier).
The test gives the paths in the environment: MEDIC_DBT (dbt), MEDIC_DBT_PROJECT (the project and
its profiles.yml), MEDIC_DBT_TARGET (the Bash task's target folder), EXAMPLE_WAREHOUSE_DIR.
"""

import os
from datetime import datetime, timedelta

from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG
from cosmos import ProfileConfig
from cosmos.constants import InvocationMode
from cosmos.operators.local import DbtBuildLocalOperator

from pipeline_medic_airflow import keep_artifacts
from pipeline_medic_airflow.notifier import MedicNotifier

DBT = os.environ["MEDIC_DBT"]
PROJECT = os.environ["MEDIC_DBT_PROJECT"]
TARGET = os.environ["MEDIC_DBT_TARGET"]
WAREHOUSE = {"EXAMPLE_WAREHOUSE_DIR": os.environ["EXAMPLE_WAREHOUSE_DIR"]}

with DAG(
    "shop_nightly",
    start_date=datetime(2026, 1, 1),
    schedule="0 4 * * *",
    catchup=False,
    on_success_callback=MedicNotifier(),
):
    alert = MedicNotifier(target_dir="{{ params.target }}")
    BashOperator(
        task_id="dbt_build",
        bash_command=f"{DBT} build --target prod --project-dir {PROJECT} --profiles-dir {PROJECT}"
        f" --target-path {TARGET}",
        env=WAREHOUSE,
        append_env=True,
        params={"target": TARGET},
        retries=1,
        retry_delay=timedelta(seconds=1),
        # the first try's failure opens the incident; the retry's is the same incident
        on_retry_callback=alert,
        on_failure_callback=alert,
    )

with DAG(
    "shop_nightly_cosmos",
    start_date=datetime(2026, 1, 1),
    schedule="0 4 * * *",
    catchup=False,
):
    DbtBuildLocalOperator(
        task_id="dbt_build",
        project_dir=PROJECT,
        profile_config=ProfileConfig(
            profile_name="shop", target_name="prod", profiles_yml_filepath=f"{PROJECT}/profiles.yml"
        ),
        dbt_executable_path=DBT,
        env=WAREHOUSE,
        append_env=True,
        install_deps=False,
        invocation_mode=InvocationMode.SUBPROCESS,
        callback=keep_artifacts,
        on_failure_callback=MedicNotifier(),
    )
