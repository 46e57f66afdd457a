from typing import Annotated

from fastapi import Depends

from termwise.auth.dependencies import Authorize
from termwise.auth.roles import Permission
from termwise.tenancy import Principal

OrgsRead = Annotated[Principal, Depends(Authorize(Permission.orgs_read))]
OrgsWrite = Annotated[Principal, Depends(Authorize(Permission.orgs_write))]
