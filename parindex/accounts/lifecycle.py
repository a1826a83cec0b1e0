"""Account lifecycle: create, edit, deactivate, reactivate, hand over a set-password link.

Accounts are never deleted, and no password ever travels in clear: a new or reset account gets a
one-time link (Django's password-reset token, valid PASSWORD_RESET_TIMEOUT seconds).
"""

import logging
import smtplib

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from parindex.core.audit import changes, record

from .models import User

logger = logging.getLogger(__name__)
AUDITED_FIELDS = ("username", "full_name", "email", "role", "unit_id", "job_title", "phone")


def snapshot(user: User) -> dict:
    return {name: getattr(user, name) for name in AUDITED_FIELDS}


def password_link(user: User, *, request: HttpRequest) -> str:
    """An absolute one-time URL where `user` chooses a password."""
    path = reverse(
        "password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return request.build_absolute_uri(path)


def mail_link(user: User, link: str) -> bool:
    """Email `link` to `user` when mail is configured and the user has an address; whether it
    was sent. A mail server that fails is reported as not sent: the admin still has the link."""
    if not (settings.EMAIL_CONFIGURED and user.email):
        return False
    try:
        send_mail(
            _("Tài khoản phần mềm Chỉ số CCHC"),
            _(
                "Xin chào %(name)s,\n\nTài khoản %(username)s đã được cấp. Mở liên kết sau "
                "để đặt mật khẩu (dùng một lần, có hiệu lực 3 ngày):\n%(link)s\n"
            )
            % {"name": user.full_name, "username": user.username, "link": link},
            None,
            [user.email],
        )
    except (OSError, smtplib.SMTPException):
        logger.exception("The set-password link of %s could not be mailed", user.username)
        return False
    return True


@transaction.atomic
def create_account(user: User, *, by: User, request: HttpRequest) -> tuple[str, bool]:
    """Save a new account without a usable password; return (set-password link, emailed?).

    Side effects: INSERT of the user, an audit entry, an email when mail is configured.
    """
    link = save_new(user, by=by, request=request)
    return link, mail_link(user, link)


def save_new(user: User, *, by: User, request: HttpRequest) -> str:
    """Save a new account without a usable password and without mail; its set-password link.
    Side effects: INSERT of the user, an audit entry."""
    user.set_unusable_password()
    user.save()
    record("account.create", user, by=by, new=snapshot(user))
    return password_link(user, request=request)


@transaction.atomic
def update_account(user: User, *, by: User, before: dict) -> None:
    """Save edits made through a form; `before` is `snapshot(user)` taken before the form ran."""
    user.save()
    old, new = changes(before, snapshot(user))
    if new:
        record("account.update", user, by=by, old=old, new=new)


@transaction.atomic
def set_active(user: User, *, active: bool, by: User, reason: str) -> None:
    """Deactivate (never delete) or reactivate an account, with the reason in the audit trail."""
    if user.is_active == active:
        return
    user.is_active = active
    user.save(update_fields=["is_active"])
    record(
        "account.reactivate" if active else "account.deactivate",
        user,
        by=by,
        old={"is_active": not active},
        new={"is_active": active},
        reason=reason,
    )


@transaction.atomic
def reset_password(user: User, *, by: User, request: HttpRequest) -> tuple[str, bool]:
    """Invalidate the current password and issue a new one-time link. Side effect: audit entry."""
    user.set_unusable_password()
    user.save(update_fields=["password"])
    record("account.reset_password", user, by=by)
    link = password_link(user, request=request)
    return link, mail_link(user, link)
