from django.conf import settings
from django.http import HttpRequest

from . import access


def menu(request: HttpRequest) -> dict:
    """What the menu offers the user: a function of their role, unit and standing alone, which
    is why a cached page's key names those and not these flags."""
    user = request.user
    return {
        "demo_mode": settings.DEMO_MODE,
        "can_manage_catalog": access.can_manage_catalog(user),
        "can_manage_accounts": access.can_manage_accounts(user),
        "is_unit_member": user.is_authenticated and access.is_unit_member(user, user.unit_id),
        "is_appraisal_user": access.is_appraiser(user) or access.is_lead(user),
        "is_appraisal_lead": access.is_lead(user),
    }
