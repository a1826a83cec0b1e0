"""Who a user is: the role predicates every app's access rules build on, and the rules of this
app's own pages (account management).

Each app decides who may see or change its objects in its own `access.py`, built on these
predicates. Role-wide pages (the catalog, account management) refuse with 403 and say so; an
object a user may not see is reported as missing (404), so its existence does not leak.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from .models import ROLES_BY_KIND, AccountKind, Role, User

UNIT_ROLES = ROLES_BY_KIND[AccountKind.UNIT]
APPRAISAL_ROLES = ROLES_BY_KIND[AccountKind.APPRAISAL]


def is_admin(user: User | AnonymousUser) -> bool:
    return (
        user.is_authenticated and user.is_active and (user.role == Role.ADMIN or user.is_superuser)
    )


def is_unit_member(user: User | AnonymousUser, unit_id: int | None) -> bool:
    """An officer or the head of this unit."""
    return (
        user.is_authenticated
        and user.is_active
        and user.role in UNIT_ROLES
        and user.unit_id is not None
        and user.unit_id == unit_id
    )


def is_appraiser(user: User | AnonymousUser) -> bool:
    """A member of an appraisal agency (the lead too); whether they are on a period's team is
    the appraisal's concern."""
    return (
        user.is_authenticated
        and user.is_active
        and user.role in APPRAISAL_ROLES
        and user.unit_id is not None
    )


def is_lead(user: User | AnonymousUser) -> bool:
    """The head of the appraisal team (Tổ trưởng), or an admin acting as one."""
    return (
        user.is_authenticated
        and user.is_active
        and (user.role == Role.APPRAISAL_LEAD or is_admin(user))
    )


def can_manage_catalog(user: User | AnonymousUser) -> bool:
    return is_admin(user)


def can_manage_accounts(user: User | AnonymousUser) -> bool:
    return is_admin(user)


def admin_required(view: Callable) -> Callable:
    """Only administrators (role `admin` or superuser) may use the decorated view."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not is_admin(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def get_account_for_user(user: User, pk: int) -> User:
    """An account the user may manage. Superusers are managed only in the back office."""
    if not can_manage_accounts(user):
        raise Http404
    account = get_object_or_404(User, pk=pk)
    if account.is_superuser and not user.is_superuser:
        raise Http404
    return account
