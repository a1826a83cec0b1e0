from django.conf import settings

from parindex.accounts import access
from parindex.appraisal.access import is_appraiser, is_lead
from parindex.assessments.access import is_unit_member


def site(request) -> dict:
    user = request.user
    return {
        "demo_mode": settings.DEMO_MODE,
        "can_manage_catalog": access.can_manage_catalog(user),
        "can_manage_accounts": access.can_manage_accounts(user),
        "is_unit_member": user.is_authenticated and is_unit_member(user, user.unit_id),
        "is_appraisal_user": is_appraiser(user) or is_lead(user),
        "is_appraisal_lead": is_lead(user),
    }
