"""The demo organisation: a fictional trust of three primary schools and a second, separate
trust, with staff in every role and two machine clients. Every name is invented.

Loading is idempotent: rows are found by their natural keys, so a second run changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise import security
from termwise.audit.recorder import act_as
from termwise.auth.models import ApiClient, RoleAssignment, User
from termwise.auth.roles import CLIENT_KIND_PERMISSIONS, ClientKind, Role
from termwise.demo.interventions import load_demo_interventions
from termwise.demo.maturity import load_demo_maturity
from termwise.demo.meetings import load_demo_meetings
from termwise.demo.monitoring import load_demo_monitoring
from termwise.demo.oversight import load_demo_categories
from termwise.demo.plans import load_demo_plans
from termwise.demo.pupils import PupilCounts, load_demo_pupils
from termwise.demo.tracking import load_demo_tracking
from termwise.orgs.models import Phase, School, SchoolClass, Trust, YearGroup
from termwise.orgs.years import current_academic_year
from termwise.tenancy import SYSTEM

# The shared password of the fictional demo accounts, printed by `termwise demo`.
DEMO_PASSWORD = "larkspur-demo-2026"  # noqa: S105
DOMAIN = "larkspur.example"


@dataclass(frozen=True)
class DemoSchool:
    key: str
    name: str
    urn: str
    laestab: str
    # Class name → year groups; mixed-age classes in the small school.
    classes: Mapping[str, tuple[str, ...]]
    staff: dict[Role, str]
    teachers: tuple[str, ...]


SINGLE_AGE: Mapping[str, tuple[str, ...]] = {
    "Robins": ("R",),
    "Wrens": ("Y1",),
    "Finches": ("Y2",),
    "Kingfishers": ("Y3",),
    "Kestrels": ("Y4",),
    "Herons": ("Y5",),
    "Ospreys": ("Y6",),
}

LARKSPUR_SCHOOLS = (
    DemoSchool(
        key="bramblewood",
        name="Bramblewood Primary School",
        urn="990101",
        laestab="9992101",
        classes=SINGLE_AGE,
        staff={
            Role.head_teacher: "Amira Holloway",
            Role.senior_leader: "Declan Furness",
            Role.phase_leader: "Priya Castellane",
            Role.subject_leader: "Tomasz Wainwright",
            Role.senco: "Grace Adeyemi-Lund",
            Role.governor: "Martin Ashcombe",
        },
        teachers=(
            "Hollie Brackenridge",
            "Owain Featherstone",
            "Keziah Morrow",
            "Rafael Quennell",
            "Niamh Otterburn",
            "Samuel Idowu-Hart",
            "Lucia Penhaligon",
        ),
    ),
    DemoSchool(
        key="kestrellane",
        name="Kestrel Lane Primary Academy",
        urn="990102",
        laestab="9992102",
        classes=SINGLE_AGE,
        staff={
            Role.head_teacher: "Oluwaseun Bramhall",
            Role.senior_leader: "Fenella Strickland",
            Role.phase_leader: "Imran Delacourt",
            Role.subject_leader: "Bethan Ravensworth",
            Role.senco: "Connor Mayhew-Stone",
            Role.governor: "Helen Marchbank",
        },
        teachers=(
            "Joanna Kilbride",
            "Mehmet Aldous",
            "Ffion Trelawney",
            "Daniel Okonjo-Pryce",
            "Ruth Halloran",
            "Aaron Westlake",
            "Saoirse Gallimore",
        ),
    ),
    DemoSchool(
        key="otterbrook",
        name="Otterbrook Church of England Primary School",
        urn="990103",
        laestab="9993103",
        classes={
            "Acorns": ("R", "Y1"),
            "Beeches": ("Y2", "Y3"),
            "Cedars": ("Y4", "Y5", "Y6"),
        },
        staff={
            Role.head_teacher: "Margaret Thistlewood",
            Role.senior_leader: "Kwame Ellery",
            Role.senco: "Isla Fenwick-Rowe",
            Role.governor: "Derek Palframan",
        },
        teachers=("Phoebe Arkwright", "Yusuf Calloway", "Rosalind Tarrant"),
    ),
)

NORTHFLEET_SCHOOL = DemoSchool(
    key="saltmarsh",
    name="Saltmarsh Community Primary School",
    urn="990201",
    laestab="9994201",
    classes=SINGLE_AGE,
    staff={Role.head_teacher: "Gideon Ashworth-Blake", Role.governor: "Patricia Coombe"},
    teachers=("Eleanor Vayle",),
)

TRUST_STAFF = {
    Role.trust_leader: "Catherine Larchmont",
    Role.data_officer: "Hugo Pemberton-Shaw",
    Role.external_adviser: "Dr Winifred Oakes",
}


@dataclass
class DemoSummary:
    accounts: list[tuple[str, str, str]] = field(default_factory=list)
    clients: list[tuple[str, str, str]] = field(default_factory=list)
    created: int = 0
    pupils: PupilCounts | None = None

    def describe(self, password: str) -> str:
        width = max(len(email) for email, _, _ in self.accounts)
        lines = [
            "Demo trust loaded"
            + (f" ({self.created} rows created)." if self.created else " (already present)."),
            *([self.pupils.describe()] if self.pupils else []),
            "",
            f"Sign in with any of these e-mails; the password is {password}",
            "",
        ]
        lines += [f"  {email:<{width}}  {role:<18} {scope}" for email, role, scope in self.accounts]
        lines += ["", "Machine clients (client_credentials grant at /api/v1/auth/token):"]
        lines += [f"  {cid}  secret {secret}  ({what})" for cid, secret, what in self.clients]
        return "\n".join(lines)


class _Loader:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.summary = DemoSummary()
        self.year = current_academic_year(session)
        self.year_groups = {y.code: y for y in session.scalars(select(YearGroup))}
        self.password_hash: str | None = None

    def _add(self, row: object) -> None:
        self.session.add(row)
        self.session.flush()
        self.summary.created += 1

    def trust(self, name: str, reference: str) -> Trust:
        trust = self.session.scalar(select(Trust).where(Trust.name == name))
        if trust is None:
            trust = Trust(name=name, reference=reference)
            self._add(trust)
        return trust

    def school(self, trust: Trust, spec: DemoSchool) -> School:
        school = self.session.scalar(select(School).where(School.urn == spec.urn))
        if school is None:
            school = School(
                trust_id=trust.id,
                urn=spec.urn,
                laestab=spec.laestab,
                name=spec.name,
                phase=Phase.primary,
            )
            self._add(school)
        return school

    def school_class(self, school: School, name: str, year_groups: tuple[str, ...]) -> SchoolClass:
        found = self.session.scalar(
            select(SchoolClass).where(
                SchoolClass.school_id == school.id,
                SchoolClass.academic_year_id == self.year.id,
                SchoolClass.name == name,
            )
        )
        if found is None:
            found = SchoolClass(
                school_id=school.id,
                academic_year_id=self.year.id,
                name=name,
                year_groups=[self.year_groups[code] for code in year_groups],
            )
            self._add(found)
        return found

    def person(self, full_name: str, email: str, role: Role, scope: str, **where: int) -> None:
        user = self.session.scalar(select(User).where(User.email == email))
        if user is None:
            if self.password_hash is None:
                self.password_hash = security.hash_password(DEMO_PASSWORD)
            user = User(email=email, full_name=full_name, password_hash=self.password_hash)
            self._add(user)
        exists = self.session.scalar(
            select(RoleAssignment.id).where(
                RoleAssignment.user_id == user.id,
                RoleAssignment.role == role,
                RoleAssignment.trust_id.is_(None)
                if "trust_id" not in where
                else RoleAssignment.trust_id == where["trust_id"],
                RoleAssignment.school_id.is_(None)
                if "school_id" not in where
                else RoleAssignment.school_id == where["school_id"],
                RoleAssignment.class_id.is_(None)
                if "class_id" not in where
                else RoleAssignment.class_id == where["class_id"],
            )
        )
        if exists is None:
            self._add(RoleAssignment(user_id=user.id, role=role, **where))
        self.summary.accounts.append((email, role.value, scope))

    def platform_admin(self, full_name: str, email: str) -> None:
        """Someone who runs the service: creates trusts, sees no trust's data by a role."""
        if self.session.scalar(select(User.id).where(User.email == email)) is None:
            if self.password_hash is None:
                self.password_hash = security.hash_password(DEMO_PASSWORD)
            self._add(
                User(
                    email=email,
                    full_name=full_name,
                    password_hash=self.password_hash,
                    is_platform_admin=True,
                )
            )
        self.summary.accounts.append((email, "platform admin", "the whole service"))

    def client(
        self, client_id: str, name: str, kind: ClientKind, trust: Trust, school: School | None
    ) -> None:
        # Demo secrets are fixed so the printed instructions stay true across runs.
        secret = f"{client_id}-demo-secret"
        if not self.session.scalar(select(ApiClient.id).where(ApiClient.client_id == client_id)):
            self._add(
                ApiClient(
                    client_id=client_id,
                    name=name,
                    kind=kind,
                    secret_digest=security.secret_digest(secret),
                    trust_id=trust.id,
                    school_id=school.id if school else None,
                    scopes=" ".join(sorted(p.value for p in CLIENT_KIND_PERMISSIONS[kind])),
                )
            )
        what = f"{kind.value} for {school.name if school else trust.name}"
        self.summary.clients.append((client_id, secret, what))


def _slug(name: str) -> str:
    return name.lower().replace("dr ", "").split()[0].replace("'", "")


def _load_school(loader: _Loader, trust: Trust, spec: DemoSchool) -> School:
    school = loader.school(trust, spec)
    for role, full_name in spec.staff.items():
        email = f"{role.value.replace('_', '.')}.{spec.key}@{DOMAIN}"
        loader.person(full_name, email, role, school.name, school_id=school.id)
    for (class_name, year_groups), teacher in zip(
        spec.classes.items(), spec.teachers, strict=False
    ):
        school_class = loader.school_class(school, class_name, year_groups)
        email = f"{_slug(teacher)}.{spec.key}@{DOMAIN}"
        scope = f"{school.name}, {class_name} ({'/'.join(year_groups)})"
        loader.person(teacher, email, Role.class_teacher, scope, class_id=school_class.id)
    return school


def load_demo(session: Session) -> DemoSummary:
    act_as(session, SYSTEM)
    loader = _Loader(session)
    loader.platform_admin("Pat Adeyemi", f"platform.admin@{DOMAIN}")
    larkspur = loader.trust("Larkspur Learning Trust", "99000001")
    for role, full_name in TRUST_STAFF.items():
        email = f"{role.value.replace('_', '.')}@{DOMAIN}"
        loader.person(full_name, email, role, larkspur.name, trust_id=larkspur.id)
    schools = [_load_school(loader, larkspur, spec) for spec in LARKSPUR_SCHOOLS]

    northfleet = loader.trust("Northfleet Schools Partnership", "99000002")
    _load_school(loader, northfleet, NORTHFLEET_SCHOOL)

    loader.client("bramblewood-mis", "Bramblewood MIS", ClientKind.mis, larkspur, schools[0])
    loader.client("larkspur-dashboard", "Larkspur dashboard", ClientKind.dashboard, larkspur, None)

    pupils = load_demo_pupils(
        session, loader.year, [(larkspur, LARKSPUR_SCHOOLS), (northfleet, (NORTHFLEET_SCHOOL,))]
    )
    loader.summary.pupils = pupils
    loader.summary.created += pupils.created
    urns = [spec.urn for spec in (*LARKSPUR_SCHOOLS, NORTHFLEET_SCHOOL)]
    loader.summary.created += load_demo_tracking(session, loader.year, urns)
    school_ids = list(session.scalars(select(School.id).where(School.urn.in_(urns))))
    loader.summary.created += load_demo_plans(session, loader.year, school_ids)
    loader.summary.created += load_demo_meetings(session, loader.year, school_ids)
    larkspur_ids = [s.id for s in schools]
    loader.summary.created += load_demo_maturity(session, loader.year, larkspur_ids)
    loader.summary.created += load_demo_monitoring(session, loader.year, larkspur_ids)
    loader.summary.created += load_demo_categories(session, loader.year, larkspur_ids)
    first = session.scalar(select(School.id).where(School.urn == LARKSPUR_SCHOOLS[0].urn))
    if first is not None:
        loader.summary.created += load_demo_interventions(session, loader.year, first)
    return loader.summary
