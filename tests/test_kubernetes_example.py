"""The README's Kubernetes example: valid against Kubernetes' schemas, and consistent.

No cluster runs here. ``kubernetes-validate`` (a test extra) holds the JSON schemas of the
Kubernetes API, so the manifests are checked offline, strictly: an unknown or misspelt field
is an error. The rest checks that the three resources agree with each other and with the app.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import yaml

from app.serve import build_parser

MANIFESTS = Path(__file__).resolve().parents[1] / "app" / "deploy" / "kubernetes.yaml"
#: The oldest Kubernetes release checked; the newest is the latest that the validator knows.
OLDEST_VERSION = "1.30.0"


@pytest.fixture(scope="module")
def resources() -> dict[str, dict]:
    """The manifests by kind."""
    documents = list(yaml.safe_load_all(MANIFESTS.read_text(encoding="utf-8")))
    by_kind = {document["kind"]: document for document in documents}
    assert sorted(by_kind) == ["Deployment", "Ingress", "Service"]
    return by_kind


def test_the_manifests_are_valid_kubernetes(required, resources: dict[str, dict]) -> None:
    required(
        importlib.util.find_spec("kubernetes_validate"),
        'kubernetes-validate not found: install the test extras, pip install -e ".[test]"',
    )
    import kubernetes_validate
    from kubernetes_validate.utils import latest_version

    for version in (OLDEST_VERSION, latest_version()):
        for resource in resources.values():
            kubernetes_validate.validate(resource, version, strict=True)


def test_the_resources_agree_with_each_other_and_the_app(
    resources: dict[str, dict], monkeypatch: pytest.MonkeyPatch
) -> None:
    deployment, service, ingress = (resources[k] for k in ("Deployment", "Service", "Ingress"))
    pod = deployment["spec"]["template"]
    [container] = pod["spec"]["containers"]
    env = {variable["name"]: variable["value"] for variable in container["env"]}
    labels = pod["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"] == labels
    assert service["spec"]["selector"] == labels
    assert deployment["spec"]["replicas"] >= 2

    # The container listens where the app does by default, and the probes ask the app.
    monkeypatch.delenv("PORT", raising=False)
    [port] = container["ports"]
    assert port["containerPort"] == build_parser().parse_args([]).port
    prefix = env["PREFIX"]
    for probe, path in [("startupProbe", "liveness"), ("livenessProbe", "liveness"),
                        ("readinessProbe", "health")]:  # fmt: skip
        assert container[probe]["httpGet"] == {"path": f"{prefix}/{path}", "port": port["name"]}

    # The ingress sends the prefix to the service, which sends it to the container.
    [service_port] = service["spec"]["ports"]
    assert service_port["targetPort"] == port["name"]
    [rule] = ingress["spec"]["rules"]
    [path] = rule["http"]["paths"]
    assert path["path"] == prefix and path["pathType"] == "Prefix"
    assert path["backend"]["service"] == {
        "name": service["metadata"]["name"], "port": {"name": service_port["name"]}
    }  # fmt: skip
    assert env["ALLOW_WEBSOCKET_ORIGIN"] == rule["host"]

    # Cookie affinity on the app's path, and websockets kept open for an hour.
    annotations = ingress["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert annotations["nginx.ingress.kubernetes.io/session-cookie-path"] == prefix
    for timeout in ("proxy-read-timeout", "proxy-send-timeout"):
        assert int(annotations[f"nginx.ingress.kubernetes.io/{timeout}"]) >= 3600
