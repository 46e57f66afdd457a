"""What a maturity framework is, as data: its levels, and for each area a descriptor at every
level, prompt questions and possible evidence. Trusts import and export frameworks in this
shape (JSON or YAML); ``schemas/framework.schema.json`` in the repository is its JSON Schema.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

Key = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z][a-z0-9_]*$")]
Line = Annotated[str, Field(min_length=1, max_length=2000)]


class Level(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: int = Field(ge=1, le=10)
    name: Annotated[str, Field(min_length=1, max_length=40)]


DEFAULT_LEVELS = [
    Level(value=1, name="Emerging"),
    Level(value=2, name="Expanding"),
    Level(value=3, name="Secure"),
    Level(value=4, name="Sustainable"),
]


class Area(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: Key
    name: Annotated[str, Field(min_length=1, max_length=120)]
    # The descriptor at each level, by the level's value ("1": "...").
    descriptors: dict[str, Line]
    prompts: list[Line] = Field(default_factory=list, max_length=40)
    evidence: list[Line] = Field(default_factory=list, max_length=40)


class FrameworkDefinition(BaseModel):
    """A framework: areas scored on a level scale (default Emerging 1 to Sustainable 4)."""

    model_config = ConfigDict(extra="forbid")

    key: Key
    name: Annotated[str, Field(min_length=1, max_length=200)]
    description: Annotated[str, Field(max_length=2000)] | None = None
    levels: list[Level] = Field(default_factory=lambda: list(DEFAULT_LEVELS), min_length=2)
    areas: list[Area] = Field(min_length=1, max_length=30)

    def level_values(self) -> list[int]:
        return [level.value for level in self.levels]


def problems(definition: FrameworkDefinition) -> list[tuple[str, str]]:
    """What is wrong with a framework beyond its shape, each with a JSON pointer to where: the
    levels in order without repeats, each area's key once, a descriptor for every level."""
    found = []
    values = definition.level_values()
    for index, value in enumerate(values):
        if index and value <= values[index - 1]:
            found.append((f"/levels/{index}/value", "levels go up, lowest first, each once"))
    seen: set[str] = set()
    for index, area in enumerate(definition.areas):
        if area.key in seen:
            found.append((f"/areas/{index}/key", f"the area key {area.key!r} is used twice"))
        seen.add(area.key)
        for value in values:
            if str(value) not in area.descriptors:
                found.append(
                    (f"/areas/{index}/descriptors/{value}", f"no descriptor for level {value}")
                )
        for level in sorted(set(area.descriptors) - {str(v) for v in values}):
            found.append((f"/areas/{index}/descriptors/{level}", f"there is no level {level}"))
    return found


def json_schema() -> dict[str, Any]:
    return FrameworkDefinition.model_json_schema()


# The overall rating (rule maturity-overall/1): the mean of the agreed area scores rounded down
# to a level, and never more than one level above the lowest area: one weak area holds the
# whole back.
OVERALL_RULE = "maturity-overall/1"


def overall(scores: list[int]) -> int | None:
    if not scores:
        return None
    mean_floor = sum(scores) // len(scores)
    return min(mean_floor, min(scores) + 1)


if __name__ == "__main__":  # `make openapi` writes schemas/framework.schema.json with this
    import json

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
