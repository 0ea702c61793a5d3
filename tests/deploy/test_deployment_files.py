"""docker-compose.yml, the Dockerfile and deploy/k8s, checked without Docker or a cluster.

They cannot be run here, so these tests hold them to what running them needs:
every service present, wired to the broker and the database, started only after
migrations, health-checked, and never running migrations on container start.
"""

from pathlib import Path

import pytest
import yaml

from ledgerline_servicekit.registry import service_names

ROOT = Path(__file__).resolve().parents[2]
SERVICES = service_names()


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def k8s() -> dict[tuple[str, str], dict]:
    documents = {}
    kustomization = yaml.safe_load((ROOT / "deploy/k8s/kustomization.yaml").read_text())
    for resource in kustomization["resources"]:
        for document in yaml.safe_load_all((ROOT / "deploy/k8s" / resource).read_text()):
            documents[(document["kind"], document["metadata"]["name"])] = document
    return documents


def test_compose_runs_every_service_the_gateway_and_their_infrastructure(compose):
    services = compose["services"]
    for name in [*SERVICES, "gateway", "postgres", "rabbitmq", "prepare", "prometheus", "mailcatcher"]:
        assert name in services, f"{name} missing from docker-compose.yml"
    for name in SERVICES:
        assert services[name]["command"] == ["ledgerline-service", name]
    assert services["gateway"]["command"] == ["ledgerline-gateway", "serve"]


@pytest.mark.parametrize("name", [*SERVICES, "gateway"])
def test_compose_wires_each_process_to_broker_and_database_after_migrations(compose, name):
    service = compose["services"][name]
    env = service["environment"]
    assert env["LEDGERLINE_AMQP_URI"].startswith("amqp://") and "@rabbitmq:5672" in env["LEDGERLINE_AMQP_URI"]
    assert env["LEDGERLINE_POSTGRES_URL"].startswith("postgresql+psycopg://") and "@postgres:5432" in \
        env["LEDGERLINE_POSTGRES_URL"]
    assert service["depends_on"]["prepare"]["condition"] == "service_completed_successfully"
    assert service["healthcheck"]["test"][0] == "CMD"
    assert service.get("build") == "." and service["image"] == "ledgerline:dev"


def test_compose_prepares_only_once_the_infrastructure_is_healthy(compose):
    prepare = compose["services"]["prepare"]
    assert prepare["depends_on"] == {"postgres": {"condition": "service_healthy"},
                                     "rabbitmq": {"condition": "service_healthy"}}
    assert "ledgerline-migrate upgrade --create-databases" in " ".join(prepare["command"])
    assert "ledgerline-topology declare" in " ".join(prepare["command"])
    for name in ("postgres", "rabbitmq"):
        assert compose["services"][name]["healthcheck"]["test"]


def test_prometheus_scrapes_every_service():
    config = yaml.safe_load((ROOT / "deploy/prometheus/prometheus.yml").read_text())
    targets = {t for job in config["scrape_configs"] for sc in job["static_configs"] for t in sc["targets"]}
    assert {f"{name}:9100" for name in [*SERVICES, "gateway"]} <= targets
    assert "gateway:8000" not in targets, "the gateway's metrics are on their own port"


def test_compose_keeps_the_gateways_metrics_off_the_published_port(compose):
    gateway = compose["services"]["gateway"]
    assert gateway["environment"]["LEDGERLINE_METRICS_PORT"] == "9100"
    assert gateway["ports"] == ["8000:8000"]


def test_kubernetes_scrapes_the_gateways_metrics_port_never_its_public_one(k8s):
    template = k8s[("Deployment", "gateway")]["spec"]["template"]
    (container,) = template["spec"]["containers"]
    ports = {port["name"]: port["containerPort"] for port in container["ports"]}
    config = k8s[("ConfigMap", "ledgerline-config")]["data"]
    assert int(template["metadata"]["annotations"]["prometheus.io/port"]) == ports["metrics"] == \
        int(config["LEDGERLINE_METRICS_PORT"]) != ports["http"]
    service_ports = {port["targetPort"] for port in k8s[("Service", "gateway")]["spec"]["ports"]}
    assert service_ports == {"http"}, "the public Service exposes the app, not its metrics"


def test_the_dockerfile_installs_the_locked_environment_and_runs_unprivileged():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.11" in dockerfile
    assert "uv sync --frozen --all-packages --no-dev" in dockerfile
    assert "COPY pyproject.toml uv.lock" in dockerfile
    assert "USER ledgerline" in dockerfile
    for folder in ("libs", "services", "gateway"):
        assert f"COPY {folder} ./{folder}" in dockerfile


def test_every_kustomized_file_exists_and_the_secret_is_not_committed(k8s):
    kinds = {kind for kind, _ in k8s}
    assert "Secret" not in kinds, "real secrets are created out of band, not kept in the repository"
    assert {"Namespace", "ConfigMap", "Deployment", "Job", "Service", "RabbitmqCluster", "Cluster"} <= kinds


@pytest.mark.parametrize("name", [*SERVICES, "gateway"])
def test_each_part_is_a_horizontally_scaled_deployment_with_probes(k8s, name):
    deployment = k8s[("Deployment", name)]
    assert deployment["spec"]["replicas"] >= 2
    selector = deployment["spec"]["selector"]["matchLabels"]
    assert selector.items() <= deployment["spec"]["template"]["metadata"]["labels"].items()
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    expected = ["ledgerline-gateway", "serve"] if name == "gateway" else ["ledgerline-service", name]
    assert container["command"] == expected
    assert {"configMapRef": {"name": "ledgerline-config"}} in container["envFrom"]
    assert {"secretRef": {"name": "ledgerline-secrets"}} in container["envFrom"]
    assert container["readinessProbe"] and container["livenessProbe"]
    assert container["resources"]["limits"] and container["resources"]["requests"]
    assert "migrate" not in " ".join(container["command"]), "migrations run in the Job, never on start"
    assert ("PodDisruptionBudget", name) in k8s


def prepare_job(k8s) -> dict:
    (job,) = [document for (kind, _), document in k8s.items() if kind == "Job"]
    return job


def test_migrations_and_topology_run_as_a_job_and_queues_are_quorum(k8s):
    (container,) = prepare_job(k8s)["spec"]["template"]["spec"]["containers"]
    command = " ".join(container["command"])
    assert "ledgerline-migrate upgrade" in command and "ledgerline-topology declare" in command
    config = k8s[("ConfigMap", "ledgerline-config")]["data"]
    assert config["LEDGERLINE_QUEUE_TYPE"] == "quorum"
    assert k8s[("RabbitmqCluster", "ledgerline-rabbitmq")]["spec"]["replicas"] >= 3
    assert k8s[("Cluster", "ledgerline-postgres")]["spec"]["instances"] >= 3


def test_quorum_queue_type_is_a_setting_the_topology_honours():
    from ledgerline_servicekit.config import Settings
    from ledgerline_servicekit.topology import consumer_queues

    queues = consumer_queues(Settings(queue_type="quorum"))
    assert queues and all(q.queue_arguments["x-queue-type"] == "quorum" for q in queues)
    retry = next(q for q in queues if q.name.endswith(".retry"))
    assert retry.queue_arguments["x-dead-letter-exchange"] == ""
    # Quorum queues dead-letter at most once unless told otherwise: a retry must not vanish.
    assert retry.queue_arguments["x-dead-letter-strategy"] == "at-least-once"
    assert retry.queue_arguments["x-overflow"] == "reject-publish"


@pytest.mark.parametrize("service, kind", [("timetracking", "receipts"), ("workorders", "photos")])
def test_uploaded_files_live_on_a_volume_every_replica_shares(compose, k8s, service, kind):
    variable = f"LEDGERLINE_{kind.upper()}_DIR"
    composed = compose["services"][service]
    directory = composed["environment"][variable]
    assert f"{kind}:{directory}" in " ".join(composed["volumes"]) and kind in compose["volumes"]
    assert composed["environment"]["LEDGERLINE_AMQP_URI"]  # the shared settings are kept beside it
    deployment = k8s[("Deployment", service)]["spec"]["template"]["spec"]
    (container,) = deployment["containers"]
    mount = next(m for m in container["volumeMounts"] if m["name"] == kind)
    assert {"name": variable, "value": mount["mountPath"]} in container["env"]
    claim = next(v for v in deployment["volumes"] if v["name"] == kind)["persistentVolumeClaim"]["claimName"]
    assert k8s[("PersistentVolumeClaim", claim)]["spec"]["accessModes"] == ["ReadWriteMany"]



def test_a_new_release_applies_a_new_migration_job_instead_of_changing_the_old_one(k8s):
    # A Job's pod template is immutable: re-applying the same name with a new image fails.
    tag = yaml.safe_load((ROOT / "deploy/k8s/kustomization.yaml").read_text())["images"][0]["newTag"]
    job = prepare_job(k8s)
    (container,) = job["spec"]["template"]["spec"]["containers"]
    assert job["metadata"]["name"] == f"ledgerline-prepare-{tag}", "rename the Job when the image tag changes"
    assert container["image"].rsplit(":", 1)[1] == tag
    assert job["spec"]["ttlSecondsAfterFinished"] > 0


def test_the_database_of_every_part_is_declared_and_owned_by_the_application_role(k8s):
    from ledgerline_servicekit.config import Settings
    from ledgerline_servicekit.migrations import all_databases

    # The application role is a plain owner, not allowed to CREATE DATABASE: the operator creates them.
    owner = k8s[("Cluster", "ledgerline-postgres")]["spec"]["bootstrap"]["initdb"]["owner"]
    declared = {d["spec"]["name"]: d for (kind, _), d in k8s.items() if kind == "Database"}
    for name in all_databases():
        database = declared[Settings().database_name(name)]
        assert database["spec"]["owner"] == owner
        assert database["spec"]["cluster"]["name"] == "ledgerline-postgres"
    (container,) = prepare_job(k8s)["spec"]["template"]["spec"]["containers"]
    assert "--create-databases" not in " ".join(container["command"])


@pytest.mark.parametrize("kind", ["Deployment", "Job"])
def test_every_pod_runs_unprivileged_and_can_write_its_volumes(k8s, kind):
    for (found, name), document in k8s.items():
        if found != kind:
            continue
        context = document["spec"]["template"]["spec"]["securityContext"]
        # fsGroup makes mounted volumes (the receipts claim) writable by the pod's group.
        assert context == {"runAsNonRoot": True, "runAsUser": 10001, "runAsGroup": 10001,
                           "fsGroup": 10001}, name


def test_new_file_volumes_in_compose_are_writable_by_the_non_root_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    # Docker copies an image directory's owner into a new named volume mounted on it.
    assert "useradd --system --uid 10001 --gid 10001" in dockerfile
    assert "chown ledgerline:ledgerline /data/receipts /data/photos" in dockerfile
    assert "USER ledgerline" in dockerfile


def connections(settings_class, env: dict) -> int:
    """The most connections one process with ``env`` opens (its bounded pool)."""
    values = {key.removeprefix("LEDGERLINE_").lower(): value for key, value in env.items()
              if key.startswith("LEDGERLINE_")}
    return settings_class.model_validate(values).db_connections()


RESERVED = 3 + 5  # PostgreSQL's superuser_reserved_connections, and room for an operator's psql


def test_compose_fits_the_connection_budget(compose):
    from ledgerline_gateway.settings import GatewaySettings
    from ledgerline_servicekit.config import Settings

    command = compose["services"]["postgres"]["command"]
    max_connections = int(next(arg.split("=")[1] for arg in command if arg.startswith("max_connections=")))
    used = sum(connections(Settings, compose["services"][name]["environment"]) for name in SERVICES)
    used += connections(GatewaySettings, compose["services"]["gateway"]["environment"])
    used += 2  # the prepare and demo jobs, one connection at a time each
    assert used + RESERVED <= max_connections


def test_kubernetes_fits_the_connection_budget(k8s):
    from ledgerline_gateway.settings import GatewaySettings
    from ledgerline_servicekit.config import Settings

    config = k8s[("ConfigMap", "ledgerline-config")]["data"]
    max_connections = int(k8s[("Cluster", "ledgerline-postgres")]["spec"]["postgresql"]["parameters"]["max_connections"])
    used = 1  # the migration Job
    for name, settings_class in [*((s, Settings) for s in SERVICES), ("gateway", GatewaySettings)]:
        deployment = k8s[("Deployment", name)]
        (container,) = deployment["spec"]["template"]["spec"]["containers"]
        env = {**config, **{e["name"]: e["value"] for e in container.get("env", []) if "value" in e}}
        # A rolling update runs one extra pod (maxSurge 25%, rounded up) beside the old ones.
        used += (deployment["spec"]["replicas"] + 1) * connections(settings_class, env)
    assert used + RESERVED <= max_connections


def test_compose_loads_the_demo_through_the_gateway_it_waits_for(compose):
    demo = compose["services"]["demo"]
    port = compose["services"]["gateway"]["environment"]["LEDGERLINE_GATEWAY_PORT"]
    assert demo["command"][-2:] == ["--url", f"http://gateway:{port}"]
    assert demo["depends_on"]["gateway"]["condition"] == "service_healthy"
