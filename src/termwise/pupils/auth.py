from typing import Annotated

from fastapi import Depends

from termwise.auth.dependencies import Authorize
from termwise.auth.roles import Permission
from termwise.tenancy import Principal

PupilsRead = Annotated[Principal, Depends(Authorize(Permission.pupils_read))]
