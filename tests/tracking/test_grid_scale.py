"""Which scale a grid draws: the one holding most of the results, and on a tie the scale that
was set up first, whatever order the results came in. The other scale's pupils are counted
beside the grid, not placed on it."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.ingest.pushes import push_results, result
from tests.tracking.arrange import tracked_school
from tests.world import World

ON_YEAR_STEPS = [(1, "RE"), (2, "RD")]
ON_NC_LEVELS = [(3, "W"), (5, "1c")]


def _writing(n: int, value: str, scale: str) -> dict[str, Any]:
    return result(n, value, subject="writing", point="spr", scale=scale)


@pytest.mark.parametrize("nc_levels_first", [True, False])
def test_a_tie_between_two_scales_draws_the_scale_set_up_first(
    client: TestClient, world: World, db: Session, nc_levels_first: bool
) -> None:
    tracked = tracked_school(client, world, db)
    year_steps = [_writing(n, v, "year_steps") for n, v in ON_YEAR_STEPS]
    nc_levels = [_writing(n, v, "nc_levels") for n, v in ON_NC_LEVELS]
    for batch in (nc_levels, year_steps) if nc_levels_first else (year_steps, nc_levels):
        assert push_results(client, world, batch).status_code == 200

    response = client.get(
        f"/api/v1/schools/{world.schools['a1']}/tracking/grid",
        params={"subject": "writing", "point_id": tracked.spr},
        headers=world.headers("head_a1"),
    )
    assert response.status_code == 200, response.text
    grid = response.json()
    # National Curriculum levels are seeded before the year-group steps.
    assert grid["scale"] == "nc_levels"
    assert {row["key"] for row in grid["rows"]} >= {"W", "1c"}
    placed = {(c["year_group"], c["row"]): c["pupil_ids"] for c in grid["cells"]}
    assert placed == {("R", "W"): [tracked.pupils[3]], ("Y1", "1c"): [tracked.pupils[5]]}
    # Reception: pupils 1-4 and the world's pupil; two on year steps, two with no writing.
    reception = next(c for c in grid["columns"] if c["year_group"] == "R")
    assert (reception["cohort"], reception["other_scale"], reception["missing"]) == (5, 2, 2)
