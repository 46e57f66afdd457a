"""Maturity frameworks as data: Termwise ships two, a trust adds its own and their next
versions (never changing one in use), and imports and exports them as YAML or JSON."""

from __future__ import annotations

import json
from typing import Any

import yaml
from fastapi.testclient import TestClient

from termwise.maturity.definition import json_schema
from tests.helpers import assert_problem
from tests.world import World

SCHEMA_FILE = "schemas/framework.schema.json"


def frameworks(client: TestClient, world: World, who: str = "trust_leader_a") -> list[Any]:
    response = client.get(
        f"/api/v1/trusts/{world.trusts['a']}/frameworks", headers=world.headers(who)
    )
    assert response.status_code == 200, response.text
    listed: list[Any] = response.json()
    return listed


def own(key: str = "curriculum", areas: int = 2) -> dict[str, Any]:
    return {
        "key": key,
        "name": "Curriculum review",
        "areas": [
            {
                "key": f"area_{n}",
                "name": f"Area {n}",
                "descriptors": {str(level): f"Level {level} of area {n}" for level in (1, 2, 3, 4)},
                "prompts": ["What is the evidence?"],
            }
            for n in range(1, areas + 1)
        ],
    }


def test_every_trust_has_the_two_shipped_frameworks_with_a_descriptor_per_area_and_level(
    client: TestClient, world: World
) -> None:
    shipped = {f["key"]: f for f in frameworks(client, world) if f["trust_id"] is None}
    assert set(shipped) == {"teaching_school", "improvement_audit"}
    teaching = shipped["teaching_school"]["definition"]
    assert [a["key"] for a in teaching["areas"]] == [
        "leadership",
        "infrastructure",
        "itt",
        "cpd",
        "s2s",
    ]
    assert [level["name"] for level in teaching["levels"]] == [
        "Emerging", "Expanding", "Secure", "Sustainable"
    ]  # fmt: skip
    assert all(set(a["descriptors"]) == {"1", "2", "3", "4"} for a in teaching["areas"])
    assert len(shipped["improvement_audit"]["definition"]["areas"]) == 4
    # Another trust sees the same shipped ones, and a head teacher reads them too.
    assert {f["key"] for f in frameworks(client, world, "head_a1")} >= set(shipped)


def test_a_trust_adds_a_framework_and_a_change_is_its_next_version(
    client: TestClient, world: World
) -> None:
    url = f"/api/v1/trusts/{world.trusts['a']}/frameworks"
    headers = world.headers("trust_leader_a")
    first = client.post(url, json=own(), headers=headers)
    assert first.status_code == 201, first.text
    second = client.post(url, json=own(areas=3), headers=headers)
    assert (first.json()["version"], second.json()["version"]) == (1, 2)
    listed = {(f["key"], f["version"]): f for f in frameworks(client, world)}
    assert listed[("curriculum", 1)]["latest"] is False
    assert listed[("curriculum", 2)]["latest"] is True
    assert len(listed[("curriculum", 1)]["definition"]["areas"]) == 2
    # A head teacher may read them but not add one; another trust sees none of them.
    assert_problem(client.post(url, json=own(), headers=world.headers("head_a1")), 403)
    other = client.get(
        f"/api/v1/trusts/{world.trusts['b']}/frameworks", headers=world.headers("trust_leader_b")
    )
    assert all(f["key"] != "curriculum" for f in other.json())
    assert_problem(
        client.get(f"/api/v1/frameworks/{first.json()['id']}", headers=world.headers("head_b1")),
        404,
    )


def test_a_framework_with_a_missing_level_or_a_repeated_area_is_refused_naming_it(
    client: TestClient, world: World
) -> None:
    url = f"/api/v1/trusts/{world.trusts['a']}/frameworks"
    headers = world.headers("trust_leader_a")
    gap = own()
    del gap["areas"][1]["descriptors"]["3"]
    refused = assert_problem(client.post(url, json=gap, headers=headers), 422)
    assert [e["pointer"] for e in refused["errors"]] == ["/areas/1/descriptors/3"]
    twice = own()
    twice["areas"][1]["key"] = "area_1"
    refused = assert_problem(client.post(url, json=twice, headers=headers), 422)
    assert [e["pointer"] for e in refused["errors"]] == ["/areas/1/key"]
    assert all(f["key"] != "curriculum" for f in frameworks(client, world))


def test_a_framework_exported_as_yaml_imports_again_and_a_bad_file_names_the_field(
    client: TestClient, world: World
) -> None:
    shipped = next(f for f in frameworks(client, world) if f["key"] == "teaching_school")
    exported = client.get(
        f"/api/v1/frameworks/{shipped['id']}/export", headers=world.headers("trust_leader_a")
    )
    assert exported.headers["content-type"].startswith("application/yaml"), exported.text
    document = yaml.safe_load(exported.text)
    assert (
        document["areas"][0]["descriptors"]["4"]
        == shipped["definition"]["areas"][0]["descriptors"]["4"]
    )
    document["key"] = "our_teaching_school"
    url = f"/api/v1/trusts/{world.trusts['a']}/frameworks/import"
    headers = world.headers("trust_leader_a") | {"Content-Type": "application/yaml"}
    imported = client.post(url, content=yaml.safe_dump(document), headers=headers)
    assert imported.status_code == 201, imported.text
    assert imported.json()["definition"]["areas"] == shipped["definition"]["areas"]
    as_json = client.get(
        f"/api/v1/frameworks/{imported.json()['id']}/export",
        params={"format": "json"},
        headers=world.headers("trust_leader_a"),
    )
    assert json.loads(as_json.text)["key"] == "our_teaching_school"

    del document["areas"][2]["name"]
    refused = assert_problem(
        client.post(url, content=yaml.safe_dump(document), headers=headers), 422
    )
    assert refused["errors"][0]["pointer"] == "/areas/2/name"
    unreadable = client.post(url, content=b"areas: [unclosed", headers=headers)
    assert_problem(unreadable, 422)


def test_the_schema_in_the_repository_is_the_frameworks_own() -> None:
    with open(SCHEMA_FILE, encoding="utf-8") as file:
        assert json.load(file) == json_schema(), "run `make openapi` to write it again"
