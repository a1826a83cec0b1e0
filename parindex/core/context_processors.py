from django.conf import settings

from parindex.accounts import access


def site(request) -> dict:
    user = request.user
    return {
        "demo_mode": settings.DEMO_MODE,
        "can_manage_catalog": access.can_manage_catalog(user),
        "can_manage_accounts": access.can_manage_accounts(user),
    }
