"""Sample files for the parser tests. The OneRoster bundle is built here from CSV text, so the
test shows exactly what is in it; the CSV and CTF samples are files in fixtures/.
All names, schools and numbers are fictional; the UPNs are valid (make_upn)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"

ONEROSTER_11 = {
    "manifest.csv": """propertyName,value
manifest.version,1.0
oneroster.version,1.1
file.academicSessions,bulk
file.categories,bulk
file.classes,bulk
file.classResources,absent
file.courses,absent
file.courseResources,absent
file.demographics,bulk
file.enrollments,bulk
file.lineItems,bulk
file.orgs,bulk
file.resources,absent
file.results,bulk
file.users,bulk
source.systemName,Fictional MIS
""",
    "orgs.csv": """sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId
school-1,,,Larkspur Primary School,school,999001,
""",
    "academicSessions.csv": """sourcedId,status,dateLastModified,title,type,startDate,endDate,\
parentSourcedId,schoolYear
ay-2026,,,2025/26,schoolYear,2025-09-01,2026-08-31,,2026
t-aut,,,Autumn 2025,term,2025-09-03,2025-12-19,ay-2026,2026
t-spr,,,Spring 2026,term,2026-01-05,2026-03-27,ay-2026,2026
t-sum,,,Summer 2026,term,2026-04-13,2026-07-22,ay-2026,
""",
    "classes.csv": """sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,\
classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods
c-maths4,,,Year 4 Maths Set 1,04,course-m4,4MA1,scheduled,,school-1,"t-aut,t-spr,t-sum",Maths,,
c-4oak,,,4 Oak,04,course-4,4OAK,homeroom,,school-1,"t-aut,t-spr,t-sum",,,
c-3ash,,,3 Ash,03,course-3,3ASH,homeroom,,school-1,"t-aut,t-spr,t-sum",,,
c-rwillow,,,R Willow,KG,course-r,RWIL,homeroom,,school-1,"t-aut,t-spr,t-sum",,,
""",
    "users.csv": """sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,\
userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,\
metadata.upn
u1,active,,true,school-1,student,aoneill,{UPN:H999200101001},Amélie,O'Neill,,MIS0001,,,,,04,,
u2,active,,true,school-1,student,zsj,,Zoë,Smith-Jones,,X999200101002,,,,,03,,
u3,active,,true,school-1,student,wwang,{LA:12345},伟,王,,MIS0003,,,,,KG,,L999200101003
u4,active,,true,school-1,teacher,mteacher,,Morgan,Teacher,,STAFF01,,,,,,,
u5,active,,true,school-1,student,anowak,,Aleksandra,Nowak-Kowalska,,MIS0005,,,,,02,,
u6,active,,true,school-1,student,sobriain,,Seán,Ó Briain,,MIS0006,,,,,03,,A99920010100
""",
    "demographics.csv": """sourcedId,status,dateLastModified,birthDate,sex,\
americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,nativeHawaiianOrOtherPacificIslander,white,\
demographicRaceTwoOrMoreRaces,hispanicOrLatinoEthnicity,countryOfBirthCode,stateOfBirthAbbreviation,\
cityOfBirth,publicSchoolResidenceStatus
u1,,,2016-09-14,female,,,,,,,,,,,
u2,,,2017-03-14,female,,,,,,,,,,,
u3,,,2020-09-01,male,,,,,,,,,,,
u6,,,2016-01-01,male,,,,,,,,,,,
""",
    "enrollments.csv": """sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,\
userSourcedId,role,primary,beginDate,endDate
e1,,,c-maths4,school-1,u1,student,false,,
e2,,,c-4oak,school-1,u1,student,false,,
e3,,,c-3ash,school-1,u2,student,false,,
e4,,,c-rwillow,school-1,u3,student,false,,
e5,,,c-4oak,school-1,u4,teacher,true,,
""",
    "categories.csv": """sourcedId,status,dateLastModified,title
cat-r,,,Reading
cat-m,,,Mathematics
cat-w,,,Writing
cat-art,,,Art
""",
    "lineItems.csv": """sourcedId,status,dateLastModified,title,description,assignDate,dueDate,\
classSourcedId,categorySourcedId,gradingPeriodSourcedId,resultValueMin,resultValueMax,metadata.point
li-r-aut,,,Autumn reading assessment,,2025-11-01,2025-12-12,c-4oak,cat-r,t-aut,,,
li-m-spr,,,Spring maths test,,2026-03-02,2026-03-13,c-maths4,cat-m,t-spr,0,120,
li-w-base,,,Writing baseline,,2025-09-08,2025-09-19,c-3ash,cat-w,t-aut,,,baseline
li-art,,,Art portfolio,,2026-06-01,2026-07-10,c-4oak,cat-art,t-sum,,,
li-gps,,,GPS practice test,,2026-05-11,2026-05-15,c-rwillow,,t-sum,,,
""",
    "results.csv": """sourcedId,status,dateLastModified,lineItemSourcedId,studentSourcedId,\
scoreStatus,score,scoreDate,comment,textScore
r1,,,li-r-aut,u1,fully graded,,2025-12-10,,EXS
r2,,,li-m-spr,u1,fully graded,104.0,2026-03-12,,
r3,,,li-w-base,u2,fully graded,,2025-09-18,,WTS
r4,,,li-art,u1,fully graded,,2026-07-01,,Good
r5,,,li-m-spr,u2,fully graded,130,2026-03-12,,
r6,,,li-gps,u3,exempt,,2026-05-14,,
r7,,,li-r-aut,u9,fully graded,,2025-12-10,,EXS
r8,,,li-r-aut,u6,fully graded,,2025-12-10,,WTS
r9,tobedeleted,,li-r-aut,u2,fully graded,,2025-12-10,,GDS
""",
}


def make_zip(files: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content.encode() if isinstance(content, str) else content)
    return buffer.getvalue()


@pytest.fixture
def oneroster_files() -> dict[str, str | bytes]:
    return dict(ONEROSTER_11)


@pytest.fixture
def build_zip() -> Callable[[dict[str, str | bytes]], bytes]:
    return make_zip


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()
