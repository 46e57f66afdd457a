"""The demo's pupils, as `termwise demo` loads them on a database of its own: three years of
classes, enrolments, characteristics and assessment results, and a second run changes nothing."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from termwise.assessment.models import Assessment, AssessmentPoint, NonResult, ScaleStep, Subject
from termwise.db import make_engine
from termwise.demo import LARKSPUR_SCHOOLS, NORTHFLEET_SCHOOL
from termwise.demo.pupils import YEAR_GROUPS, expected_step, plan_school
from termwise.interventions import impact
from termwise.interventions.models import Intervention
from termwise.maturity.models import MaturityReview, ReviewArea, ReviewState
from termwise.meetings.models import Discussion, Meeting, MeetingAction, Outcome
from termwise.monitoring.models import ActivityState, MonitoringActivity
from termwise.orgs.models import AcademicYear, School, SchoolClass, YearGroup, class_year_groups
from termwise.orgs.years import current_academic_year
from termwise.oversight.models import QaActivity, QaState, SchoolCategory
from termwise.plans import service
from termwise.plans.models import Plan, PlanState, Review, ReviewedCriterion
from termwise.pupils.models import (
    Enrolment,
    Gender,
    Pupil,
    PupilCharacteristics,
    SchoolPupilId,
    SenStatus,
)
from termwise.pupils.upn import UpnKind, upn_kind, upn_problem
from termwise.tenancy import SYSTEM
from termwise.tracking.aggregates import Disclosure
from tests.databases import fresh_database, row_counts, run_cli

SPECS = (*LARKSPUR_SCHOOLS, NORTHFLEET_SCHOOL)
SLOTS = {"aut": 0, "spr": 1, "sum": 2}
# The points the demo defines for its trusts; the other statutory points come with the pupils.
DEMO_POINTS = ("aut", "spr", "sum", "ks2")


@dataclass(frozen=True)
class DemoRun:
    url: str
    first_output: str
    second_output: str
    first: dict[str, int]
    second: dict[str, int]


@pytest.fixture(scope="module")
def demo_run(database_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoRun]:
    directory: Path = tmp_path_factory.mktemp("demo_pupils")
    with fresh_database(database_kind, directory) as url:
        code, output = run_cli(url, "migrate")
        assert code == 0, output
        code, first_output = run_cli(url, "demo")
        assert code == 0, first_output
        first = row_counts(url)
        code, second_output = run_cli(url, "demo")
        assert code == 0, second_output
        yield DemoRun(url, first_output, second_output, first, row_counts(url))


@pytest.fixture(scope="module")
def session(demo_run: DemoRun) -> Iterator[Session]:
    engine = make_engine(demo_run.url)
    with Session(engine) as session:
        yield session
    engine.dispose()


@dataclass(frozen=True)
class Years:
    current: AcademicYear
    all: list[AcademicYear]

    @property
    def ids(self) -> list[int]:
        return [y.id for y in self.all]


@pytest.fixture(scope="module")
def years(session: Session) -> Years:
    current = current_academic_year(session)
    starts = [date(current.starts_on.year - n, 9, 1) for n in (2, 1, 0)]
    found = session.scalars(
        select(AcademicYear)
        .where(AcademicYear.starts_on.in_(starts))
        .order_by(AcademicYear.starts_on)
    ).all()
    return Years(current, list(found))


def test_a_second_run_changes_nothing(demo_run: DemoRun) -> None:
    assert demo_run.second == demo_run.first
    assert "already present" in demo_run.second_output
    assert "Pupils:" in demo_run.first_output and "assessment results" in demo_run.first_output
    counts = demo_run.first
    # Four schools of seven year groups over three years: hundreds of pupils, thousands of
    # results.
    assert 500 <= counts["pupils"] <= 1500
    assert counts["school_pupil_ids"] == counts["pupils"]
    assert counts["pupil_characteristics"] == counts["enrolments"]
    assert counts["assessments"] >= 10_000
    assert counts["classes"] == 3 * sum(len(spec.classes) for spec in SPECS)


def test_every_class_of_the_three_years_has_pupils(session: Session, years: Years) -> None:
    sizes = dict(
        session.execute(
            select(SchoolClass.id, func.count(Enrolment.id))
            .outerjoin(Enrolment, Enrolment.class_id == SchoolClass.id)
            .group_by(SchoolClass.id)
        ).all()
    )
    for spec in SPECS:
        school = session.scalars(select(School).where(School.urn == spec.urn)).one()
        for year in years.all:
            classes = session.scalars(
                select(SchoolClass).where(
                    SchoolClass.school_id == school.id, SchoolClass.academic_year_id == year.id
                )
            ).all()
            assert {c.name for c in classes} == set(spec.classes), (spec.key, year.code)
            for school_class in classes:
                per_year_group = sizes[school_class.id] / len(spec.classes[school_class.name])
                assert 8 <= per_year_group <= 32, (spec.key, year.code, school_class.name)


def test_every_pupil_has_a_valid_upn_and_moves_up_a_year_each_year(
    session: Session, years: Years
) -> None:
    pupils = session.scalars(select(Pupil)).all()
    assert all(upn_problem(p.upn) is None for p in pupils if p.upn)
    assert all(p.upn for p in pupils)
    temporary = sum(upn_kind(p.upn) is UpnKind.temporary for p in pupils if p.upn)
    assert 0 < temporary < len(pupils) * 0.05
    with_mis_id = set(session.scalars(select(SchoolPupilId.pupil_id)))
    assert with_mis_id == {p.id for p in pupils}

    ordinal = {
        y.id: YEAR_GROUPS.index(y.code)
        for y in session.scalars(select(YearGroup))
        if y.code in YEAR_GROUPS
    }
    class_year_group_ids = defaultdict(set)
    for class_id, year_group_id in session.execute(select(class_year_groups)):
        class_year_group_ids[class_id].add(year_group_id)
    classes = {c.id: c for c in session.scalars(select(SchoolClass))}
    enrolments = defaultdict(list)
    for e in session.scalars(select(Enrolment)):
        enrolments[e.pupil_id].append(e)
    start = {y.id: y.starts_on.year for y in years.all}

    for pupil in pupils:
        rows = enrolments[pupil.id]
        assert len({e.academic_year_id for e in rows}) == len(rows), pupil.id
        # The year the pupil started Reception, from every enrolment alike.
        reception = {start[e.academic_year_id] - ordinal[e.year_group_id] for e in rows}
        assert len(reception) == 1, pupil.id
        (reception_year,) = reception
        on_roll = {y for y in start.values() if 0 <= y - reception_year < len(YEAR_GROUPS)}
        assert {start[e.academic_year_id] for e in rows} == on_roll, pupil.id
        assert (
            date(reception_year - 5, 9, 1) <= pupil.date_of_birth <= date(reception_year - 4, 8, 31)
        )
        for e in rows:
            school_class = classes[e.class_id] if e.class_id else None
            assert school_class is not None
            assert school_class.academic_year_id == e.academic_year_id
            assert school_class.school_id == e.school_id
            assert e.year_group_id in class_year_group_ids[school_class.id]


def test_points_are_closed_in_past_years_and_results_exist_for_each_that_has_happened(
    session: Session, years: Years
) -> None:
    today = date.today()
    subjects = {s.id: s.code for s in session.scalars(select(Subject))}
    points = session.scalars(
        select(AssessmentPoint).where(
            AssessmentPoint.academic_year_id.in_(years.ids), AssessmentPoint.code.in_(DEMO_POINTS)
        )
    ).all()
    assert len(points) == 2 * (3 * 3 + 1)  # two trusts; three terms a year and KS2 last year
    enrolled = dict(
        session.execute(
            select(Enrolment.academic_year_id, func.count()).group_by(Enrolment.academic_year_id)
        ).all()
    )
    by_point: dict[int, Counter[str]] = defaultdict(Counter)
    for point_id, subject_id in session.execute(
        select(Assessment.point_id, Assessment.subject_id).where(
            Assessment.recorded_by == "termwise demo"
        )
    ):
        by_point[point_id][subjects[subject_id]] += 1
    per_year: dict[int, Counter[str]] = defaultdict(Counter)
    for point in points:
        results = by_point[point.id]
        if point.academic_year_id != years.current.id:
            assert point.closed_at is not None and point.closed_by == "termwise demo"
        if point.assessed_on > today:
            assert not results, point.code
            continue
        assert results, (point.code, point.academic_year_id)
        if point.code == "ks2":
            assert set(results) == {"reading", "maths"}
            continue
        per_year[point.academic_year_id] += results
        assert "science" not in results or point.code == "sum"
    # Every pupil on roll has reading, writing and maths at every point that has happened.
    current_points = len(
        {
            p.code
            for p in points
            if p.academic_year_id == years.current.id and p.assessed_on <= today
        }
    )
    assert current_points >= 1  # the current year's first point is brought forward
    for year in years.all:
        happened = 3 if year is not years.current else current_points
        for subject in ("reading", "writing", "maths"):
            # Two trusts' points, each with its own pupils: the total is one per enrolment.
            assert per_year[year.id][subject] == enrolled[year.id] * happened, year.code


def test_results_are_recorded_at_the_pupils_school_on_the_right_scale(
    session: Session, years: Years
) -> None:
    year_groups = {y.id: y.code for y in session.scalars(select(YearGroup))}
    enrolment = {
        (pupil_id, year_id): (school_id, year_groups[year_group_id])
        for pupil_id, year_id, school_id, year_group_id in session.execute(
            select(
                Enrolment.pupil_id,
                Enrolment.academic_year_id,
                Enrolment.school_id,
                Enrolment.year_group_id,
            )
        )
    }
    rows = session.execute(
        select(
            Assessment.pupil_id,
            Assessment.school_id,
            AssessmentPoint.academic_year_id,
            AssessmentPoint.code,
            AssessmentPoint.assessed_on,
            Assessment.recorded_at,
            Assessment.step_id,
            Assessment.score,
            Assessment.non_result,
            Assessment.recorded_by,
        )
        .join(AssessmentPoint, AssessmentPoint.id == Assessment.point_id)
        .where(AssessmentPoint.code.in_(DEMO_POINTS))
    ).all()
    absent = 0
    for row in rows:
        school_id, year_group = enrolment[(row.pupil_id, row.academic_year_id)]
        assert school_id == row.school_id
        if row.code == "ks2":
            assert year_group == "Y6" and row.academic_year_id == years.all[1].id
        assert row.recorded_by == "termwise demo"
        assert row.recorded_at.date() == row.assessed_on
        if row.non_result is not None:
            assert row.non_result is NonResult.absent
            absent += 1
        elif row.code == "ks2":
            assert row.score is not None and 80 <= row.score <= 120
        else:
            assert row.step_id is not None and row.score is None
    assert 0 < absent < len(rows) * 0.03


def test_every_pupil_has_the_statutory_starting_points_of_the_years_they_were_taken(
    session: Session, years: Years
) -> None:
    """KS1 for every pupil now in Y3 to Y6 (none was taken in 2019/20 or 2020/21), phonics
    marks out of 40 with a retake only after a mark under 32, recorded at the pupil's school."""
    current = years.current
    year_groups = {y.id: y.code for y in session.scalars(select(YearGroup))}
    now_in = {
        pupil_id: (year_groups[year_group_id], school_id)
        for pupil_id, year_group_id, school_id in session.execute(
            select(Enrolment.pupil_id, Enrolment.year_group_id, Enrolment.school_id).where(
                Enrolment.academic_year_id == current.id
            )
        )
    }
    rows = session.execute(
        select(
            Assessment.pupil_id,
            Assessment.school_id,
            Assessment.score,
            ScaleStep.code,
            AssessmentPoint.code,
            AcademicYear.starts_on,
        )
        .join(AssessmentPoint, AssessmentPoint.id == Assessment.point_id)
        .join(AcademicYear, AcademicYear.id == AssessmentPoint.academic_year_id)
        .outerjoin(ScaleStep, ScaleStep.id == Assessment.step_id)
        .where(Assessment.recorded_by == "Common transfer file")
    ).all()
    ks1: Counter[str] = Counter()
    phonics: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for pupil_id, school_id, score, step, stage, starts_on in rows:
        if pupil_id in now_in:
            year_group, school = now_in[pupil_id]
            assert school_id == school
            years_ago = current.starts_on.year - starts_on.year
            taken_in = YEAR_GROUPS.index(year_group) - years_ago
            expected_in = {"eyfs": 0, "ks1": 2, "mtc": 4, "phonics": 1}[stage]
            assert taken_in == expected_in or (stage == "phonics" and taken_in == 2)
        assert starts_on.year not in (2019, 2020)
        if stage == "ks1":
            ks1[step] += 1
        if stage == "phonics":
            assert score is not None and 0 <= score <= 40
            phonics[pupil_id].append((starts_on.year, score))
    with_ks1 = {
        p
        for p, (g, _) in now_in.items()
        if g in ("Y3", "Y4", "Y5", "Y6")
        and current.starts_on.year - (YEAR_GROUPS.index(g) - 2) not in (2019, 2020)
    }
    ks1_pupils = {r[0] for r in rows if r[4] == "ks1"}
    assert with_ks1 and with_ks1 <= ks1_pupils
    # Most pupils meet the expected standard at KS1, as nationally (about 70%).
    assert 0.55 < ks1["EXS"] / sum(ks1.values()) + ks1["GDS"] / sum(ks1.values()) < 0.9
    for marks in phonics.values():
        marks.sort()
        assert len(marks) <= 2
        if len(marks) == 2:
            assert marks[0][1] < 32 and marks[1][0] == marks[0][0] + 1


def test_characteristics_are_roughly_in_national_proportions(
    session: Session, years: Years
) -> None:
    rows = session.scalars(
        select(PupilCharacteristics).where(
            PupilCharacteristics.academic_year_id == years.current.id
        )
    ).all()
    n = len(rows)

    def share(flags: list[bool]) -> float:
        return sum(flags) / n

    assert 0.15 <= share([bool(r.disadvantaged) for r in rows]) <= 0.40
    assert 0.08 <= share([bool(r.eal) for r in rows]) <= 0.25
    assert 0.06 <= share([r.sen_status is SenStatus.sen_support for r in rows]) <= 0.20
    assert 0.005 <= share([r.sen_status is SenStatus.ehc_plan for r in rows]) <= 0.05
    assert 0 < share([bool(r.looked_after) for r in rows]) <= 0.04
    assert 0.05 <= share([bool(r.more_able) for r in rows]) <= 0.18
    genders = Counter(session.scalars(select(Pupil.gender)))
    assert set(genders) == {Gender.female, Gender.male}
    assert 0.4 <= genders[Gender.female] / sum(genders.values()) <= 0.6

    # Mostly stable: a pupil disadvantaged last year still is.
    last_year = {
        r.pupil_id: bool(r.disadvantaged)
        for r in session.scalars(
            select(PupilCharacteristics).where(
                PupilCharacteristics.academic_year_id == years.all[1].id
            )
        )
    }
    both = [r for r in rows if r.pupil_id in last_year]
    assert all(r.disadvantaged for r in both if last_year[r.pupil_id])


def test_progress_shows_stuck_pupils_and_a_disadvantage_gap(session: Session, years: Years) -> None:
    steps = {s.id: s.points for s in session.scalars(select(ScaleStep))}
    year_groups = {y.id: y.code for y in session.scalars(select(YearGroup))}
    rows = session.execute(
        select(
            Assessment.pupil_id,
            Subject.code,
            AssessmentPoint.academic_year_id,
            AssessmentPoint.assessed_on,
            AssessmentPoint.slot,
            Assessment.step_id,
            Enrolment.year_group_id,
            PupilCharacteristics,
        )
        .join(Subject, Subject.id == Assessment.subject_id)
        .join(AssessmentPoint, AssessmentPoint.id == Assessment.point_id)
        .join(
            Enrolment,
            (Enrolment.pupil_id == Assessment.pupil_id)
            & (Enrolment.academic_year_id == AssessmentPoint.academic_year_id),
        )
        .join(
            PupilCharacteristics,
            (PupilCharacteristics.pupil_id == Assessment.pupil_id)
            & (PupilCharacteristics.academic_year_id == AssessmentPoint.academic_year_id),
        )
        .where(Assessment.step_id.is_not(None), AssessmentPoint.slot.in_(SLOTS))
    ).all()
    offsets: dict[bool, list[float]] = {True: [], False: []}
    at_expected: dict[str, list[bool]] = defaultdict(list)
    series: dict[tuple[int, str], list[tuple[date, float]]] = defaultdict(list)
    for pupil_id, subject, _, assessed_on, slot, step_id, year_group_id, traits in rows:
        assert step_id is not None
        points = steps[step_id]
        offset = points - expected_step(year_groups[year_group_id], SLOTS[slot])
        offsets[bool(traits.disadvantaged)].append(offset)
        at_expected[subject].append(offset >= 0)
        series[(pupil_id, subject)].append((assessed_on, points))

    # Disadvantaged pupils are, on average, about half a step lower.
    gap = statistics.mean(offsets[False]) - statistics.mean(offsets[True])
    assert 0.35 <= gap <= 1.0
    # Most pupils are at or above the expectation; writing is a little lower than reading.
    for subject in ("reading", "writing", "maths"):
        share = sum(at_expected[subject]) / len(at_expected[subject])
        assert 0.45 <= share <= 0.85, subject
    assert statistics.mean(at_expected["writing"]) < statistics.mean(at_expected["reading"])

    # Some pupils stay on one step (above the bottom one) at consecutive points.
    stuck = {
        pupil_id
        for (pupil_id, _), results in series.items()
        for (_, a), (_, b) in zip(sorted(results), sorted(results)[1:], strict=False)
        if a == b and a > 1
    }
    pupils = {pupil_id for pupil_id, _ in series}
    assert 0.01 <= len(stuck) / len(pupils) <= 0.5


def test_the_pupils_are_the_same_on_everyrun_cli() -> None:
    first = plan_school(LARKSPUR_SCHOOLS[0], 2026)
    assert plan_school(LARKSPUR_SCHOOLS[0], 2026) == first
    # Another school has other pupils.
    assert {p.upn for p in plan_school(LARKSPUR_SCHOOLS[1], 2026)}.isdisjoint(
        {p.upn for p in first}
    )


def test_names_are_diverse_and_some_pupils_go_by_another_name() -> None:
    pupils = [p for spec in SPECS for p in plan_school(spec, 2026)]
    names = [f"{p.legal_first_name} {p.legal_last_name}" for p in pupils]
    assert any(not name.isascii() for name in names)
    assert any("'" in p.legal_last_name for p in pupils)
    assert any("-" in p.legal_last_name for p in pupils)
    preferred = [p for p in pupils if p.preferred_first_name or p.preferred_last_name]
    assert 0 < len(preferred) < len(pupils) * 0.1
    assert all(p.preferred_first_name != p.legal_first_name for p in preferred)
    assert len(set(names)) > len(names) * 0.8


def test_every_demo_school_has_last_summers_reviewed_plan_and_this_autumns_active_one(
    session: Session, years: Years
) -> None:
    """Last summer's plan is reviewed with every bound criterion's figure frozen; this autumn's is
    active, its bound criteria read live, and one of its actions is overdue."""
    plans = session.scalars(select(Plan)).all()
    by_school: dict[int, dict[str, Plan]] = defaultdict(dict)
    for plan in plans:
        by_school[plan.school_id][plan.term.value] = plan
    assert len(by_school) == len(SPECS)
    for school_id, held in by_school.items():
        summer, autumn = held["summer"], held["autumn"]
        assert (summer.state, summer.academic_year_id) == (PlanState.reviewed, years.all[1].id)
        assert (autumn.state, autumn.academic_year_id) == (PlanState.active, years.current.id)
        frozen = session.scalars(
            select(ReviewedCriterion)
            .join(Review, Review.id == ReviewedCriterion.review_id)
            .where(Review.plan_id == summer.id, ReviewedCriterion.frozen_value.is_not(None))
        ).all()
        assert len(frozen) >= 3 and all(f.suggested_rag is not None for f in frozen)
        school = session.get(School, school_id)
        assert school is not None
        read = service.read_plan(session, SYSTEM, autumn, school, Disclosure(None, True))
        bound = [c for c in read.criteria if c.measure]
        assert bound and all(c.current_value is not None for c in bound)
        assert any(a.overdue for a in read.actions)


def test_every_demo_class_has_its_autumn_meeting_with_two_pupils_discussed_and_their_actions(
    session: Session,
) -> None:
    year = current_academic_year(session)
    # Every class but Reception, whose pupils have no point before to progress from.
    classes = session.scalars(
        select(SchoolClass.id)
        .join(class_year_groups, class_year_groups.c.class_id == SchoolClass.id)
        .join(YearGroup, YearGroup.id == class_year_groups.c.year_group_id)
        .where(SchoolClass.academic_year_id == year.id, YearGroup.code != "R")
        .distinct()
    )
    meetings = session.scalars(select(Meeting).where(Meeting.held_on >= year.starts_on)).all()
    assert sorted(m.class_id for m in meetings) == sorted(classes)
    for meeting in meetings:
        actions = session.scalars(
            select(MeetingAction).where(MeetingAction.meeting_id == meeting.id)
        ).all()
        discussed = session.scalars(
            select(Discussion.pupil_id).where(Discussion.meeting_id == meeting.id)
        ).all()
        assert len(actions) == 2 and {a.pupil_id for a in actions} == set(discussed)
        assert all(a.outcome is None for a in actions)


def test_last_year_each_schools_oldest_class_met_each_term_following_up_the_meeting_before(
    session: Session,
) -> None:
    year = current_academic_year(session)
    earlier = session.scalars(
        select(Meeting).where(Meeting.held_on < year.starts_on).order_by(Meeting.held_on)
    ).all()
    by_class: dict[int, list[Meeting]] = {}
    for meeting in earlier:
        by_class.setdefault(meeting.class_id, []).append(meeting)
    assert len(by_class) == len(SPECS)
    outcomes: Counter[Outcome | None] = Counter()
    for meetings in by_class.values():
        assert len(meetings) == 3
        agreed = session.scalars(
            select(MeetingAction).where(MeetingAction.meeting_id.in_([m.id for m in meetings]))
        ).all()
        # Autumn's and spring's actions, each followed up at the next meeting of the class.
        assert len(agreed) == 4
        later = {m.id: m.held_on for m in meetings}
        for action in agreed:
            assert action.followed_up_in_id in later
            assert later[action.followed_up_in_id] > later[action.meeting_id]
            outcomes[action.outcome] += 1
    # Some helped, some did not (yet): the data decide, not a script.
    assert set(outcomes) == {Outcome.done_helped, Outcome.carried_on}


def test_the_demo_interventions_show_an_impact_a_nil_one_and_one_not_yet_measurable(
    session: Session,
) -> None:
    interventions = session.scalars(select(Intervention).order_by(Intervention.id)).all()
    assert len(interventions) == 3
    found = []
    for intervention in interventions:
        school = session.get(School, intervention.school_id)
        assert school is not None
        found.append(impact.measure(session, intervention, school.trust_id))
    differences = sorted(f["difference"] for f in found if f.get("difference") is not None)
    assert len(differences) == 2 and differences[0] <= 0 < differences[1]
    assert [f["reason"] for f in found if not f["measurable"]] == [
        "not yet measurable: no assessment point has passed since it started"
    ]


def test_each_larkspur_school_has_two_agreed_peer_reviews_showing_a_shift_and_one_waits(
    session: Session,
) -> None:
    reviews = session.scalars(select(MaturityReview).order_by(MaturityReview.held_on)).all()
    agreed = [r for r in reviews if r.state is ReviewState.agreed]
    by_school: dict[int, list[MaturityReview]] = defaultdict(list)
    for review in agreed:
        by_school[review.school_id].append(review)
    assert len(by_school) == len(LARKSPUR_SCHOOLS)
    for school_id, pair in by_school.items():
        last, now = pair
        assert last.held_on < now.held_on and last.challenger_id is not None
        totals = [
            sum(
                session.scalars(
                    select(ReviewArea.agreed_score).where(ReviewArea.review_id == r.id)
                ).all()
            )
            for r in pair
        ]
        assert totals[1] > totals[0], f"school {school_id} shows no shift"
    [waiting] = [r for r in reviews if r.state is ReviewState.submitted]
    assert waiting.challenger_id is not None


def test_each_larkspur_school_has_a_term_of_monitoring_in_every_state(session: Session) -> None:
    activities = session.scalars(select(MonitoringActivity)).all()
    by_school: dict[int, set[ActivityState]] = defaultdict(set)
    for activity in activities:
        by_school[activity.school_id].add(activity.state)
        assert activity.teacher_id != activity.partner_id and activity.priority_id is not None
        if activity.state is ActivityState.confirmed:
            assert activity.summary and activity.confirmed_by and activity.fidelity
    assert len(by_school) == len(LARKSPUR_SCHOOLS)
    assert all(states == set(ActivityState) for states in by_school.values())


def test_each_larkspur_school_has_this_years_category_and_last_years_with_reasons(
    session: Session,
) -> None:
    rows = session.scalars(select(SchoolCategory).order_by(SchoolCategory.decided_on)).all()
    by_school: dict[int, list[SchoolCategory]] = defaultdict(list)
    for row in rows:
        by_school[row.school_id].append(row)
    assert len(by_school) == len(LARKSPUR_SCHOOLS)
    assert all(
        len(history) == 2 and all(h.rationale for h in history) for history in by_school.values()
    )
    assert {history[-1].code for history in by_school.values()} >= {"B", "C2"}


def test_each_larkspur_schools_category_drives_a_schedule_some_done_with_reports(
    session: Session,
) -> None:
    activities = session.scalars(select(QaActivity)).all()
    assert {a.school_id for a in activities} == {
        s for s in session.scalars(select(SchoolCategory.school_id))
    }
    done = [a for a in activities if a.state is QaState.done]
    assert done and all(a.report for a in done)
    assert any(a.state is QaState.scheduled for a in activities)
