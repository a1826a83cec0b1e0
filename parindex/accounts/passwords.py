"""Password rules (AUTH_PASSWORD_VALIDATORS), with messages in Vietnamese: Django's own validators
speak English wherever its Vietnamese catalogue is incomplete, and know nothing of the province.

A password must be at least 12 characters, not a common one, not all digits, not like the
user's name, e-mail or user name, and contain no word of the user (their name, unit) nor of the
place ("dienbien", "cchc"), with or without diacritics."""

import re

from django.conf import settings
from django.contrib.auth import password_validation as django_rules
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from parindex.core.text import fold

# Shorter pieces (a family name such as "Lò") occur inside ordinary words.
SHORTEST_WORD = 4
# Words anyone guessing a password here tries first.
CONTEXT_WORDS = ("cchc", "parindex", "chisocchc", "caicachhanhchinh", "matkhau", "password")


class MinimumLengthValidator(django_rules.MinimumLengthValidator):
    def __init__(self, min_length: int = 12):
        super().__init__(min_length)

    def get_error_message(self) -> str:
        return _("Mật khẩu quá ngắn: cần ít nhất %(count)d ký tự.") % {"count": self.min_length}

    def get_help_text(self) -> str:
        return _("Ít nhất %(count)d ký tự.") % {"count": self.min_length}


class UserAttributeSimilarityValidator(django_rules.UserAttributeSimilarityValidator):
    def __init__(self) -> None:
        super().__init__(user_attributes=("username", "full_name", "email"))

    def get_error_message(self) -> str:
        return _("Mật khẩu quá giống thông tin của tài khoản (%(verbose_name)s).")

    def get_help_text(self) -> str:
        return _("Không giống tên đăng nhập, họ tên hay thư điện tử.")


class CommonPasswordValidator(django_rules.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return _("Mật khẩu này quá phổ biến, dễ bị đoán.")

    def get_help_text(self) -> str:
        return _("Không phải mật khẩu phổ biến.")


class NumericPasswordValidator(django_rules.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return _("Mật khẩu không được chỉ gồm chữ số.")

    def get_help_text(self) -> str:
        return _("Không chỉ gồm chữ số.")


def _squeezed(text: str) -> str:
    """Letters and digits only, without diacritics: "Sở Tư pháp" -> "sotuphap"."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


def context_words(user) -> set[str]:
    """The words a password must not contain: the place's, and the user's own (their full name
    written together, each name of it, their user name and e-mail's parts, their unit)."""
    words = {*CONTEXT_WORDS, _squeezed(settings.PROVINCE_NAME)}
    if user is not None:
        # Each part of a person's name, but only the whole of a place's ("bien" is a word).
        names = [
            getattr(user, "full_name", ""),
            user.get_username(),
            getattr(user, "email", "").split("@")[0],
        ]
        for text in filter(None, names):
            words.add(_squeezed(text))
            words.update(_squeezed(part) for part in re.split(r"[\s._\-@]+", text))
        if unit := getattr(user, "unit", None):
            words.update((_squeezed(unit.name), _squeezed(unit.code)))
    return {word for word in words if len(word) >= SHORTEST_WORD}


class ContextWordsValidator:
    def validate(self, password: str, user=None) -> None:
        squeezed = _squeezed(password)
        for word in sorted(context_words(user), key=len, reverse=True):
            if word in squeezed:
                raise ValidationError(
                    _("Mật khẩu không được chứa “%(word)s”: từ này dễ bị đoán."),
                    code="password_has_context_word",
                    params={"word": word},
                )

    def get_help_text(self) -> str:
        return _("Không chứa họ tên, tên đăng nhập, tên đơn vị hay tên tỉnh.")
