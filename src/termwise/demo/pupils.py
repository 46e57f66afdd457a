"""The demo schools' pupils: three academic years of classes, enrolments, characteristics and
assessment results, so the tracker has history to show. Every pupil is invented: a name is a
random pairing from the lists below, and every UPN uses the fictional local-authority code 999.

Everything is generated in memory first, from fixed seeds and without looking at the database,
so every run produces the same pupils and results. Rows are then found by their natural keys
(UPN, MIS id, pupil + year + school, pupil + subject + point) and only the missing ones are
inserted: a second run inserts nothing.

Pupils, enrolments, characteristics and results are written with bulk INSERTs, which bypass the
ORM flush hook that writes the audit log. That is acceptable for synthetic demo data loaded by
the operator's own command; classes and assessment points are few and go through the ORM, so
they are audited as usual.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Executable, func, insert, select
from sqlalchemy.orm import Session

from termwise.assessment.models import (
    Assessment,
    AssessmentPoint,
    NonResult,
    Scale,
    ScaleStep,
    Source,
    Subject,
)
from termwise.demo.statutory import StatutoryLoader
from termwise.orgs.models import AcademicYear, School, SchoolClass, Trust, YearGroup
from termwise.pupils.models import (
    Enrolment,
    Gender,
    Pupil,
    PupilCharacteristics,
    SchoolPupilId,
    SenStatus,
)
from termwise.pupils.names import search_name
from termwise.pupils.upn import CHECK_LETTERS, make_upn

if TYPE_CHECKING:
    from termwise.demo import DemoSchool

SEED = "termwise-demo-pupils-1"
RECORDED_BY = "termwise demo"
# The current academic year and the two before it.
HISTORY_YEARS = 2
YEAR_GROUPS = ("R", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6")
STAGES = "EDSM"  # emerging, developing, secure, mastery: the year_steps scale within a year
TOP_STEP = 4 * len(YEAR_GROUPS)  # Y6M; steps are numbered 1 (RE) to 28 (Y6M)

# Pupils per year group (a cohort keeps its size as it moves up the school). The small school's
# mixed-age classes hold two or three year groups, so ~11 each keeps them at 20-35 children.
COHORT_SIZES: dict[str, tuple[int, int]] = {"otterbrook": (10, 12), "saltmarsh": (16, 20)}
DEFAULT_COHORT_SIZE = (25, 30)
MIS_PREFIXES = {"bramblewood": "BW", "kestrellane": "KL", "otterbrook": "OB", "saltmarsh": "SM"}

# Termly points: code (= slot), name, ordinal, (month, day) in the school year.
TERM_POINTS = (
    ("aut", "Autumn", 1, (12, 10)),
    ("spr", "Spring", 2, (3, 25)),
    ("sum", "Summer", 3, (7, 10)),
)
KS2_POINT = ("ks2", "KS2 tests", 4, (5, 15))
TERM_SUBJECTS = ("reading", "writing", "maths")
SUMMER_SUBJECTS = ("science",)
KS2_SUBJECTS = ("reading", "maths")
ABSENT_RATE = 0.01

# Trajectories over the three years, and how often each occurs (per cent).
EXPECTED, SLOW, STUCK, ACCELERATING, FALLING_BEHIND = (
    "expected",
    "slow",
    "stuck",
    "accelerating",
    "falling_behind",
)
TRAJECTORIES = (EXPECTED, SLOW, STUCK, ACCELERATING, FALLING_BEHIND)
TRAJECTORY_WEIGHTS = (65, 12, 6, 10, 7)
# Disadvantaged pupils and pupils with SEN are more often slow or falling behind.
TRAJECTORY_WEIGHTS_DISADVANTAGED = (60, 14, 7, 7, 12)
TRAJECTORY_WEIGHTS_SEN = (55, 16, 10, 4, 15)


# --- names -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NameGroup:
    weight: float
    # Chance that a pupil of this heritage has English as an additional language.
    eal: float
    girls: tuple[str, ...]
    boys: tuple[str, ...]
    surnames: tuple[str, ...]


# fmt: off
NAME_GROUPS: dict[str, NameGroup] = {
    "british": NameGroup(
        0.56,
        0.01,
        girls=(
            "Olivia", "Amelia", "Isla", "Ava", "Ivy", "Freya", "Lily", "Florence", "Mia",
            "Willow", "Rosie", "Sophia", "Isabella", "Grace", "Daisy", "Sienna", "Poppy",
            "Elsie", "Emily", "Ella", "Evelyn", "Phoebe", "Evie", "Charlotte", "Harper",
            "Matilda", "Millie", "Ruby", "Esme", "Maisie", "Zoë", "Hallie", "Bonnie", "Imogen",
            "Alice", "Thea", "Ffion", "Cerys", "Seren", "Eilidh", "Mairi", "Catrin", "Elizabeth",
            "Josephine",
        ),
        boys=(
            "Oliver", "George", "Arthur", "Noah", "Leo", "Harry", "Oscar", "Archie", "Henry",
            "Theodore", "Jack", "Charlie", "Alfie", "Jacob", "Thomas", "Finley", "Arlo",
            "William", "Lucas", "Tommy", "Isaac", "Reuben", "Albert", "Edward", "Louie",
            "Ronnie", "Jude", "Frankie", "Rory", "Hugo", "Dylan", "Rhys", "Osian", "Callum",
            "Hamish", "Euan", "Alexander", "Benjamin", "Frederick", "Samuel", "Joshua",
        ),
        surnames=(
            "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson",
            "Thomas", "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White",
            "Edwards", "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Jackson", "Wood",
            "Turner", "Hill", "Cooper", "Ward", "Morris", "Moore", "King", "Watson", "Baker",
            "Harrison", "Morgan", "Pritchard", "Llewellyn", "Campbell", "Murray", "MacLeod",
            "Fraser", "Sinclair", "McKenzie", "Ashdown", "Thornbury", "Fairweather", "Brackley",
            "Wetherall", "Pennington", "Hollins", "Ravenscroft", "Marchant", "Kershaw",
            "Lockwood", "Blackwood", "Gedling", "Ambleside",
        ),
    ),
    "irish": NameGroup(
        0.06,
        0.01,
        girls=(
            "Niamh", "Aoife", "Róisín", "Saoirse", "Ciara", "Caoimhe", "Orla", "Siobhán",
            "Clodagh", "Éabha",
        ),
        boys=(
            "Seán", "Oisín", "Ciarán", "Cian", "Darragh", "Eoin", "Fionn", "Pádraig", "Tadhg",
            "Ronan",
        ),
        surnames=(
            "O'Connor", "O'Brien", "O'Neill", "O'Sullivan", "Murphy", "Kelly", "Byrne", "Ryan",
            "Doyle", "McCarthy", "Gallagher", "Walsh", "O'Donnell", "MacNamara",
        ),
    ),
    "south_asian": NameGroup(
        0.13,
        0.35,
        girls=(
            "Aisha", "Maryam", "Fatima", "Zara", "Hafsa", "Inaya", "Anaya", "Saanvi", "Priya",
            "Ananya", "Aleena", "Jannat", "Simran", "Harleen", "Khadija", "Noor", "Ishani",
            "Riya", "Sumaiya",
        ),
        boys=(
            "Muhammad", "Ibrahim", "Yusuf", "Ayaan", "Zayn", "Hamza", "Ali", "Omar", "Rohan",
            "Arjun", "Aarav", "Vihaan", "Kabir", "Rayyan", "Harjot", "Ishaan", "Haris",
            "Abdullah",
        ),
        surnames=(
            "Patel", "Khan", "Ahmed", "Hussain", "Ali", "Shah", "Singh", "Chowdhury", "Rahman",
            "Iqbal", "Malik", "Mahmood", "Sharma", "Gill", "Sandhu", "Mistry", "Islam", "Uddin",
            "Akhtar", "Joshi", "Desai", "D'Souza",
        ),
    ),
    "african_caribbean": NameGroup(
        0.09,
        0.25,
        girls=(
            "Amara", "Adaeze", "Chidera", "Ifeoma", "Zainab", "Abena", "Esi", "Nia", "Imani",
            "Kemi", "Tiwa", "Folake", "Ayomide", "Temi", "Simone", "Keisha", "Tianna",
            "Aaliyah", "Makeda", "Nneka",
        ),
        boys=(
            "Kofi", "Kwame", "Tobi", "Emeka", "Chidi", "Tunde", "Femi", "Kayode", "Malachi",
            "Jayden", "Jermaine", "Nathaniel", "Elijah", "Kwabena", "Oluwaseun", "Oluwatobi",
            "Chukwuemeka", "Yaw", "Dami",
        ),
        surnames=(
            "Okafor", "Adeyemi", "Mensah", "Owusu", "Nwosu", "Okonkwo", "Adebayo", "Boateng",
            "Asante", "Oyelaran", "Eze", "Obi", "Campbell", "Francis", "Grant", "Reid",
            "Bailey", "Douglas", "Osei-Bonsu",
        ),
    ),
    "eastern_european": NameGroup(
        0.07,
        0.7,
        girls=(
            "Zuzanna", "Wiktoria", "Julia", "Maja", "Lena", "Hanna", "Zofia", "Oliwia",
            "Natalia", "Aleksandra", "Katarzyna", "Ioana", "Andreea", "Emilija", "Kateřina",
        ),
        boys=(
            "Kacper", "Jakub", "Szymon", "Filip", "Antoni", "Mateusz", "Wojciech", "Aleksander",
            "Mihai", "Andrei", "Lukas", "Matas", "Tomáš", "Dawid",
        ),
        surnames=(
            "Nowak", "Kowalczyk", "Wójcik", "Mazur", "Krawczyk", "Zając", "Dudek", "Pawlak",
            "Popescu", "Ionescu", "Novák", "Horváth", "Petrov", "Dvořák",
        ),
    ),
    "east_asian": NameGroup(
        0.03,
        0.5,
        girls=("Mei", "Jia", "Hana", "Yuki", "Ling", "Xin", "Yui", "Linh", "Mai", "Anh"),
        boys=("Jun", "Hao", "Kai", "Ren", "Haruto", "Minh", "Wei", "Yichen", "Bao", "Hiroshi"),
        surnames=(
            "Chen", "Wong", "Li", "Zhang", "Liu", "Nguyen", "Tran", "Lam", "Tanaka", "Kim",
            "Park", "Huang", "Yeung",
        ),
    ),
    "middle_eastern": NameGroup(
        0.03,
        0.5,
        girls=(
            "Layla", "Yasmin", "Leila", "Mariam", "Zeynep", "Elif", "Rania", "Salma", "Nour",
            "Hiba", "Defne", "Azra",
        ),
        boys=(
            "Adam", "Yusuf", "Omar", "Karim", "Emir", "Mert", "Kerem", "Tariq", "Bilal",
            "Idris", "Eymen", "Ahmad",
        ),
        surnames=(
            "Y\u0131lmaz", "Kaya", "Demir", "Şahin", "Çelik", "Haddad", "Nasser", "Mansour",
            "Hassan", "Abdi", "Farah", "Osman", "Aziz", "Al-Masri", "El-Sayed",
        ),
    ),
    "western_european": NameGroup(
        0.03,
        0.4,
        girls=(
            "Chloé", "Anaïs", "Noémie", "Léa", "Renée", "Inès", "Sofía", "Lucía", "Giulia",
            "Beatriz", "Maëlle", "Céline", "Zoë", "Elodie",
        ),
        boys=(
            "Raphaël", "Joël", "Léo", "Mathéo", "José", "Tomás", "Mateo", "Lorenzo", "João",
            "Matthieu", "Noé", "Hugo", "Luca",
        ),
        surnames=(
            "Dubois", "Laurent", "Moreau", "Lefèvre", "Fernández", "García", "Rodríguez",
            "Rossi", "Ferrari", "Santos", "Silva", "Costa", "Müller", "Schmidt", "D'Angelo",
            "De Luca", "van der Berg",
        ),
    ),
}
# fmt: on

# A name a child is commonly known by instead of their legal first name.
SHORT_NAMES = {
    "Alexander": "Alex",
    "Aleksander": "Olek",
    "Aleksandra": "Ola",
    "Benjamin": "Ben",
    "Chukwuemeka": "Emeka",
    "Elizabeth": "Libby",
    "Florence": "Flo",
    "Frederick": "Freddie",
    "Isabella": "Bella",
    "Josephine": "Josie",
    "Joshua": "Josh",
    "Katarzyna": "Kasia",
    "Matilda": "Tilly",
    "Oluwaseun": "Seun",
    "Oluwatobi": "Tobi",
    "Samuel": "Sam",
    "Theodore": "Teddy",
    "William": "Will",
    "Zuzanna": "Zuzia",
}


# --- the plan: pure data, from the seed alone ------------------------------------------------


@dataclass(frozen=True)
class Traits:
    """One year's characteristics."""

    fsm: bool
    ever6_fsm: bool
    pupil_premium: bool
    eal: bool
    sen_status: SenStatus
    looked_after: bool
    more_able: bool

    @property
    def disadvantaged(self) -> bool:
        return self.ever6_fsm or self.fsm or self.looked_after or self.pupil_premium


@dataclass
class PlannedPupil:
    upn: str
    mis_id: str
    legal_first_name: str
    legal_last_name: str
    preferred_first_name: str | None
    preferred_last_name: str | None
    date_of_birth: date
    gender: Gender
    # The first year of the academic year the pupil is (or was) in Reception.
    reception_year: int
    trajectory: str
    # By the first year of each academic year on roll.
    traits: dict[int, Traits] = field(default_factory=dict)
    # (year, point code, subject) → step on year_steps (1 = RE … 28 = Y6M); None = absent.
    steps: dict[tuple[int, str, str], int | None] = field(default_factory=dict)
    # KS2 subject → scaled score; None = absent. Only for pupils in Y6 last year.
    ks2_scores: dict[str, float | None] = field(default_factory=dict)
    # Subject → how far above (+) or below (-) the expectation the pupil tends to be, in steps:
    # where their statutory results before these years come from.
    abilities: dict[str, float] = field(default_factory=dict)

    def year_group(self, year: int) -> str | None:
        index = year - self.reception_year
        return YEAR_GROUPS[index] if 0 <= index < len(YEAR_GROUPS) else None


def step_code(step: int) -> str:
    """1 → "RE", 28 → "Y6M"."""
    return YEAR_GROUPS[(step - 1) // 4] + STAGES[(step - 1) % 4]


def expected_step(year_group: str, slot_index: int) -> int:
    """Age-related expectation: E in the autumn, D in the spring, S in the summer."""
    return 1 + 4 * YEAR_GROUPS.index(year_group) + slot_index


def window(current_year: int) -> list[int]:
    return list(range(current_year - HISTORY_YEARS, current_year + 1))


def plan_school(spec: DemoSchool, current_year: int) -> list[PlannedPupil]:
    """Every pupil on roll at the school in the current year or the two before it."""
    # Seeded per school, so each school's pupils are the same on every run.
    rng = random.Random(f"{SEED}:{spec.urn}")  # noqa: S311
    low, high = COHORT_SIZES.get(spec.key, DEFAULT_COHORT_SIZE)
    years = window(current_year)
    pupils: list[PlannedPupil] = []
    # A cohort is named by the year it started Reception; the oldest was in Y6 three years ago.
    for reception_year in range(years[0] - len(YEAR_GROUPS) + 1, current_year + 1):
        for serial in range(1, rng.randint(low, high) + 1):
            pupils.append(_plan_pupil(rng, spec, years, reception_year, serial, current_year))
    return pupils


def _pick_group(rng: random.Random) -> NameGroup:
    groups = list(NAME_GROUPS.values())
    return rng.choices(groups, weights=[g.weight for g in groups])[0]


def _plan_pupil(
    rng: random.Random,
    spec: DemoSchool,
    years: list[int],
    reception_year: int,
    serial: int,
    current_year: int,
) -> PlannedPupil:
    # Identity.
    gender = rng.choice((Gender.female, Gender.male))
    group = _pick_group(rng)
    # Some families' surnames come from another heritage than the first name's.
    surname_group = group if rng.random() < 0.85 else _pick_group(rng)
    firsts = group.girls if gender is Gender.female else group.boys
    first = rng.choice(firsts)
    last = rng.choice(surname_group.surnames)
    if rng.random() < 0.06:
        other = rng.choice(_pick_group(rng).surnames)
        if other != last:
            last = f"{last}-{other}"
    preferred_first: str | None = None
    preferred_last: str | None = None
    if first in SHORT_NAMES and rng.random() < 0.4:
        preferred_first = SHORT_NAMES[first]
    elif rng.random() < 0.01:
        # Known by a middle name.
        preferred_first = rng.choice([f for f in firsts if f != first])
    if rng.random() < 0.012:
        preferred_last = rng.choice([s for s in surname_group.surnames if s not in last])
    born_from = date(reception_year - 5, 9, 1)
    date_of_birth = born_from + timedelta(days=rng.randrange(365))

    # UPN: LA code, establishment number, the year it was issued, a serial; the check letter
    # first. A few newly arrived pupils still have a temporary UPN, whose last character is a
    # letter.
    la, establishment = spec.laestab[:3], spec.laestab[3:]
    issued = f"{reception_year % 100:02d}"
    temporary_rate = 0.08 if reception_year == current_year else 0.005
    if rng.random() < temporary_rate:
        body = f"{la}{establishment}{issued}{serial:02d}{rng.choice(CHECK_LETTERS)}"
    else:
        body = f"{la}{establishment}{issued}{serial:03d}"
    prefix = MIS_PREFIXES.get(spec.key, spec.key[:2].upper())
    mis_id = f"{prefix}{(reception_year % 100) * 1000 + serial:06d}"

    # Characteristics, mostly stable; a few start during the three years.
    on_roll = [y for y in years if 0 <= y - reception_year < len(YEAR_GROUPS)]
    ability = rng.gauss(0, 1)
    eal = rng.random() < group.eal
    looked_after = rng.random() < 0.01
    disadvantaged_from: int | None = None
    if looked_after or rng.random() < 0.27:
        disadvantaged_from = on_roll[0] if rng.random() < 0.85 else rng.choice(on_roll)
    if looked_after:
        disadvantaged_from = on_roll[0]
    sen = SenStatus.none
    if ability < -2.05:
        sen = SenStatus.ehc_plan
    elif (ability < -1.0 and rng.random() < 0.65) or rng.random() < 0.05:
        sen = SenStatus.sen_support
    sen_from = on_roll[0] if rng.random() < 0.75 else rng.choice(on_roll)
    more_able = sen is SenStatus.none and ability > 1.1 and rng.random() < 0.85
    more_able_from = on_roll[0] if rng.random() < 0.85 else rng.choice(on_roll)
    traits: dict[int, Traits] = {}
    for year in on_roll:
        ever6 = disadvantaged_from is not None and year >= disadvantaged_from and not looked_after
        # Eligibility for free meals comes and goes; the year it starts, it holds.
        fsm = ever6 and (year == disadvantaged_from or rng.random() < 0.75)
        traits[year] = Traits(
            fsm=fsm,
            ever6_fsm=ever6,
            pupil_premium=ever6 or looked_after,
            eal=eal,
            sen_status=sen if year >= sen_from or sen is SenStatus.ehc_plan else SenStatus.none,
            looked_after=looked_after,
            more_able=more_able and year >= more_able_from,
        )
    disadvantaged = any(t.disadvantaged for t in traits.values())

    # Attainment: an offset from the expected step, per subject, moved along a trajectory.
    weights = TRAJECTORY_WEIGHTS
    if sen is not SenStatus.none:
        weights = TRAJECTORY_WEIGHTS_SEN
    elif disadvantaged:
        weights = TRAJECTORY_WEIGHTS_DISADVANTAGED
    trajectory = rng.choices(TRAJECTORIES, weights=weights)[0]
    # Most pupils are at or above the expectation; disadvantaged pupils half a step lower.
    adjust = 0.35 - (0.45 if disadvantaged else 0.0)
    adjust += {SenStatus.none: 0.0, SenStatus.sen_support: -0.5, SenStatus.ehc_plan: -2.0}[sen]
    adjust += 0.6 if more_able else 0.0
    language = -0.3 if eal else 0.0
    abilities = {
        "reading": ability + rng.gauss(0, 0.45) + adjust + language,
        "writing": ability + rng.gauss(-0.35, 0.45) + adjust + language,
        "maths": ability + rng.gauss(0, 0.7) + adjust,
        "science": ability + rng.gauss(0, 0.5) + adjust + language / 2,
    }
    timeline = [
        (year, code, expected_step(YEAR_GROUPS[year - reception_year], index))
        for year in on_roll
        for index, (code, _, _, _) in enumerate(TERM_POINTS)
    ]
    steps: dict[tuple[int, str, str], int | None] = {}
    finals: dict[str, int] = {}
    for subject, subject_ability in abilities.items():
        kind = trajectory if rng.random() < 0.8 else EXPECTED
        base = max(-4, min(3, math.floor(0.9 * subject_ability + 0.5)))
        path = _path(rng, kind, base, [expected for _, _, expected in timeline])
        for (year, code, expected), step in zip(timeline, path, strict=True):
            if year == years[-2] and code == "sum":
                finals[subject] = step - expected
            # Science only in the summer, and not in Reception.
            recorded = subject in TERM_SUBJECTS or (
                subject in SUMMER_SUBJECTS and code == "sum" and year > reception_year
            )
            if recorded:
                steps[(year, code, subject)] = None if rng.random() < ABSENT_RATE else step
    ks2_scores: dict[str, float | None] = {}
    if years[-2] - reception_year == len(YEAR_GROUPS) - 1:
        for subject in KS2_SUBJECTS:
            score = round(105 + 4.5 * finals[subject] + rng.gauss(0, 3))
            absent = rng.random() < 2 * ABSENT_RATE
            ks2_scores[subject] = None if absent else float(max(80, min(120, score)))

    return PlannedPupil(
        upn=make_upn(body),
        mis_id=mis_id,
        legal_first_name=first,
        legal_last_name=last,
        preferred_first_name=preferred_first,
        preferred_last_name=preferred_last,
        date_of_birth=date_of_birth,
        gender=gender,
        reception_year=reception_year,
        trajectory=trajectory,
        traits=traits,
        steps=steps,
        ks2_scores=ks2_scores,
        abilities=abilities,
    )


def _path(rng: random.Random, kind: str, base: int, expected: list[int]) -> list[int]:
    """Steps at successive points, given the expected step at each.

    Expected progress keeps the same offset from the expectation (one step a term); slow pupils
    start a step behind and slip once a year; stuck pupils stay on one step for two or three
    points; accelerating pupils gain extra steps until three steps ahead; pupils falling behind
    start below and lose ground at most points. The scale starts at RE and ends at Y6M, so a
    Reception pupil below the expectation stays at RE until spring.
    """
    offset = base
    if kind == SLOW:
        offset = min(base, 0) - 1
    elif kind == FALLING_BEHIND:
        offset = min(base, -1) - rng.randint(0, 1)
    elif kind == ACCELERATING:
        # Most accelerate from behind: catching up, then moving on to mastery.
        offset = max(min(base, 1) - 1, -3)
    # Half the ground is lost over the summer holiday, half within a year.
    slip_phase = rng.choices((0, 1, 2), weights=(2, 1, 1))[0]
    plateau_start = rng.randrange(max(1, len(expected) - 1))
    plateau = range(plateau_start + 1, plateau_start + rng.choice((2, 3)))
    steps = [expected[0] + offset]
    for i in range(1, len(expected)):
        gain = expected[i] - expected[i - 1]
        if kind == SLOW and i % 3 == slip_phase:
            gain -= 1
        elif kind == STUCK and i in plateau:
            gain = 0
        elif kind == ACCELERATING and steps[-1] - expected[i - 1] < 3 and rng.random() < 0.65:
            gain += 1
        elif kind == FALLING_BEHIND and rng.random() < (0.8 if gain > 1 else 0.35):
            gain -= 1
        steps.append(steps[-1] + max(0, gain))
    return [max(1, min(TOP_STEP, step)) for step in steps]


# --- loading -----------------------------------------------------------------------------------


@dataclass
class PupilCounts:
    """What the demo's pupil data amounts to, and how much of it this run created."""

    pupils: int = 0
    enrolments: int = 0
    results: int = 0
    schools: int = 0
    years: tuple[str, ...] = ()
    created: int = 0

    def describe(self) -> str:
        span = f"{self.years[0]} to {self.years[-1]}" if self.years else "no years"
        return (
            f"Pupils: {self.pupils:,} in {self.schools} schools ({self.enrolments:,} enrolments,"
            f" {span}) with {self.results:,} assessment results."
        )


def _point_dates(year: AcademicYear, today: date) -> dict[str, date]:
    start = year.starts_on.year
    dates = {
        code: date(start if month >= 9 else start + 1, month, day)
        for code, _, _, (month, day) in TERM_POINTS
    }
    if year.starts_on <= today <= year.ends_on:
        # So the current year already has one set of results, bring its first point forward
        # to a few days ago (but not into the first fortnight of term).
        dates["aut"] = min(
            dates["aut"], max(today - timedelta(days=3), year.starts_on + timedelta(days=14))
        )
    return dates


def _at(day: date, hour: int = 16) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _missing(
    rows: Iterable[dict[str, Any]], existing: set[tuple[Any, ...]], *key: str
) -> list[dict[str, Any]]:
    return [row for row in rows if tuple(row[k] for k in key) not in existing]


class _PupilLoader:
    def __init__(self, session: Session, current: AcademicYear, today: date) -> None:
        self.session = session
        self.today = today
        self.counts = PupilCounts()
        start = current.starts_on.year
        found = {
            y.starts_on.year: y
            for y in session.scalars(
                select(AcademicYear).where(
                    AcademicYear.starts_on.in_([date(s, 9, 1) for s in window(start)])
                )
            )
        }
        if len(found) != HISTORY_YEARS + 1:
            raise RuntimeError(f"the academic years before {current.code} are missing")
        self.years = [found[s] for s in window(start)]
        self.counts.years = tuple(y.code for y in self.years)
        self.year_groups = {y.code: y for y in session.scalars(select(YearGroup))}
        self.subjects = {s.code: s.id for s in session.scalars(select(Subject))}
        scales = {
            s.code: s.id for s in session.scalars(select(Scale).where(Scale.trust_id.is_(None)))
        }
        self.steps_scale, self.scores_scale = scales["year_steps"], scales["ks2_scaled"]
        self.step_ids = {
            s.code: s.id
            for s in session.scalars(
                select(ScaleStep).where(ScaleStep.scale_id == self.steps_scale)
            )
        }

    def _keys(self, statement: Executable) -> set[tuple[Any, ...]]:
        """The natural keys already present, as plain tuples."""
        return {tuple(row) for row in self.session.execute(statement)}

    def _insert(self, model: type[Any], rows: list[dict[str, Any]]) -> None:
        if rows:
            # Bulk INSERT: no ORM objects, so no audit events (see the module docstring).
            self.session.execute(insert(model), rows)
            self.counts.created += len(rows)

    def classes(self, school: School, spec: DemoSchool) -> dict[tuple[int, str], int]:
        """(year, year group) → class id, creating the spec's classes in every year."""
        existing = {
            (c.academic_year_id, c.name): c
            for c in self.session.scalars(
                select(SchoolClass).where(
                    SchoolClass.school_id == school.id,
                    SchoolClass.academic_year_id.in_([y.id for y in self.years]),
                )
            )
        }
        by_year_group: dict[tuple[int, str], int] = {}
        for year in self.years:
            for name, year_groups in spec.classes.items():
                school_class = existing.get((year.id, name))
                if school_class is None:
                    school_class = SchoolClass(
                        school_id=school.id,
                        academic_year_id=year.id,
                        name=name,
                        year_groups=[self.year_groups[code] for code in year_groups],
                    )
                    self.session.add(school_class)
                    self.session.flush()
                    self.counts.created += 1
                for code in year_groups:
                    by_year_group[(year.starts_on.year, code)] = school_class.id
        return by_year_group

    def points(self, trust: Trust) -> dict[tuple[int, str], AssessmentPoint]:
        """(year, code) → the trust's assessment point, creating the termly and KS2 points."""
        existing = {
            (p.academic_year_id, p.code): p
            for p in self.session.scalars(
                select(AssessmentPoint).where(
                    AssessmentPoint.trust_id == trust.id,
                    AssessmentPoint.academic_year_id.in_([y.id for y in self.years]),
                )
            )
        }
        points: dict[tuple[int, str], AssessmentPoint] = {}
        for year in self.years:
            dates = _point_dates(year, self.today)
            wanted = [(code, name, ordinal, dates[code]) for code, name, ordinal, _ in TERM_POINTS]
            if year is self.years[-2]:
                code, name, ordinal, (month, day) = KS2_POINT
                wanted.append((code, name, ordinal, date(year.ends_on.year, month, day)))
            for code, name, ordinal, assessed_on in wanted:
                point = existing.get((year.id, code))
                if point is None:
                    past = year.ends_on < self.today
                    point = AssessmentPoint(
                        trust_id=trust.id,
                        academic_year_id=year.id,
                        code=code,
                        name=name,
                        slot=code,
                        ordinal=ordinal,
                        assessed_on=assessed_on,
                        closed_at=_at(assessed_on + timedelta(days=14)) if past else None,
                        closed_by=RECORDED_BY if past else None,
                    )
                    self.session.add(point)
                    self.session.flush()
                    self.counts.created += 1
                points[(year.starts_on.year, code)] = point
        return points

    def trust(self, trust: Trust, specs: Sequence[DemoSchool]) -> None:
        schools = {
            s.urn: s
            for s in self.session.scalars(
                select(School).where(School.urn.in_([spec.urn for spec in specs]))
            )
        }
        points = self.points(trust)
        current = self.years[-1].starts_on.year
        plans: list[tuple[School, dict[tuple[int, str], int], list[PlannedPupil]]] = []
        for spec in specs:
            school = schools[spec.urn]
            plans.append((school, self.classes(school, spec), plan_school(spec, current)))

        existing_upns = set(
            self.session.scalars(select(Pupil.upn).where(Pupil.trust_id == trust.id))
        )
        self._insert(
            Pupil,
            [
                {
                    "trust_id": trust.id,
                    "upn": p.upn,
                    "legal_first_name": p.legal_first_name,
                    "legal_last_name": p.legal_last_name,
                    "preferred_first_name": p.preferred_first_name,
                    "preferred_last_name": p.preferred_last_name,
                    "date_of_birth": p.date_of_birth,
                    "gender": p.gender,
                    "search_name": search_name(
                        p.legal_first_name,
                        p.preferred_first_name,
                        p.legal_last_name,
                        p.preferred_last_name,
                    ),
                    "version": 1,
                }
                for _, _, pupils in plans
                for p in pupils
                if p.upn not in existing_upns
            ],
        )
        pupil_ids: dict[str | None, int] = {
            upn: pupil_id
            for upn, pupil_id in self.session.execute(
                select(Pupil.upn, Pupil.id).where(Pupil.trust_id == trust.id)
            )
        }
        school_ids = [school.id for school, _, _ in plans]
        year_ids = {y.starts_on.year: y.id for y in self.years}

        ks2 = points[(current - 1, KS2_POINT[0])]
        mis_ids: list[dict[str, Any]] = []
        enrolments: list[dict[str, Any]] = []
        characteristics: list[dict[str, Any]] = []
        results: list[dict[str, Any]] = []
        for school, classes, pupils in plans:
            for p in pupils:
                pupil_id = pupil_ids[p.upn]
                mis_ids.append({"school_id": school.id, "mis_id": p.mis_id, "pupil_id": pupil_id})
                for year, traits in p.traits.items():
                    year_group = p.year_group(year)
                    assert year_group is not None
                    enrolments.append(
                        {
                            "pupil_id": pupil_id,
                            "academic_year_id": year_ids[year],
                            "school_id": school.id,
                            "year_group_id": self.year_groups[year_group].id,
                            "class_id": classes[(year, year_group)],
                        }
                    )
                    characteristics.append(
                        {
                            "pupil_id": pupil_id,
                            "academic_year_id": year_ids[year],
                            "fsm": traits.fsm,
                            "ever6_fsm": traits.ever6_fsm,
                            "pupil_premium": traits.pupil_premium,
                            "eal": traits.eal,
                            "sen_status": traits.sen_status,
                            "looked_after": traits.looked_after,
                            "more_able": traits.more_able,
                        }
                    )
                for (year, code, subject), step in p.steps.items():
                    point = points[(year, code)]
                    if point.assessed_on <= self.today:
                        step_id = None if step is None else self.step_ids[step_code(step)]
                        results.append(self._result(pupil_id, school, subject, point, step_id))
                if ks2.assessed_on <= self.today:
                    for subject, score in p.ks2_scores.items():
                        results.append(self._result(pupil_id, school, subject, ks2, None, score))

        existing_ids = self._keys(
            select(SchoolPupilId.school_id, SchoolPupilId.mis_id).where(
                SchoolPupilId.school_id.in_(school_ids)
            )
        )
        self._insert(SchoolPupilId, _missing(mis_ids, existing_ids, "school_id", "mis_id"))
        existing_enrolments = self._keys(
            select(Enrolment.pupil_id, Enrolment.academic_year_id, Enrolment.school_id).where(
                Enrolment.school_id.in_(school_ids)
            )
        )
        self._insert(
            Enrolment,
            _missing(enrolments, existing_enrolments, "pupil_id", "academic_year_id", "school_id"),
        )
        existing_characteristics = self._keys(
            select(PupilCharacteristics.pupil_id, PupilCharacteristics.academic_year_id)
            .join(Pupil, Pupil.id == PupilCharacteristics.pupil_id)
            .where(Pupil.trust_id == trust.id)
        )
        self._insert(
            PupilCharacteristics,
            _missing(characteristics, existing_characteristics, "pupil_id", "academic_year_id"),
        )
        point_ids = [p.id for p in points.values()]
        statutory = StatutoryLoader(self.session, trust.id, self.today)
        for school, _, pupils in plans:
            for p in pupils:
                statutory.add(pupil_ids[p.upn], school.id, p)
        results += statutory.rows()
        point_ids += statutory.point_ids()
        existing_results = self._keys(
            select(Assessment.pupil_id, Assessment.subject_id, Assessment.point_id).where(
                Assessment.point_id.in_(point_ids)
            )
        )
        self._insert(
            Assessment, _missing(results, existing_results, "pupil_id", "subject_id", "point_id")
        )

        self.counts.schools += len(plans)
        self.counts.pupils += (
            self.session.scalar(
                select(func.count()).select_from(Pupil).where(Pupil.trust_id == trust.id)
            )
            or 0
        )
        self.counts.enrolments += (
            self.session.scalar(
                select(func.count())
                .select_from(Enrolment)
                .where(
                    Enrolment.school_id.in_(school_ids),
                    Enrolment.academic_year_id.in_(list(year_ids.values())),
                )
            )
            or 0
        )
        self.counts.results += (
            self.session.scalar(
                select(func.count())
                .select_from(Assessment)
                .where(Assessment.point_id.in_(point_ids))
            )
            or 0
        )

    def _result(
        self,
        pupil_id: int,
        school: School,
        subject: str,
        point: AssessmentPoint,
        step_id: int | None,
        score: float | None = None,
    ) -> dict[str, Any]:
        """A step (or, at the KS2 point, a scaled score); neither means the pupil was absent."""
        is_score = point.code == KS2_POINT[0]
        return {
            "pupil_id": pupil_id,
            "subject_id": self.subjects[subject],
            "point_id": point.id,
            "school_id": school.id,
            "scale_id": self.scores_scale if is_score else self.steps_scale,
            "step_id": step_id,
            "score": score,
            "non_result": NonResult.absent if step_id is None and score is None else None,
            "source": Source.mis,
            "recorded_by": RECORDED_BY,
            "recorded_at": _at(point.assessed_on),
            "version": 1,
        }


def load_demo_pupils(
    session: Session,
    current_year: AcademicYear,
    trusts: Sequence[tuple[Trust, Sequence[DemoSchool]]],
    today: date | None = None,
) -> PupilCounts:
    """Classes for the two years before ``current_year``, and pupils, enrolments,
    characteristics, assessment points and results for the three years, for each trust's
    demo schools. Results are recorded only for points on or before ``today``."""
    loader = _PupilLoader(session, current_year, today or date.today())
    for trust, specs in trusts:
        loader.trust(trust, specs)
    return loader.counts
