from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from axes.utils import reset as reset_login_failures
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from parindex.core import audit
from parindex.core.forms import ReasonForm
from parindex.core.text import collation_key

from . import access, importing, lifecycle
from .forms import (
    AccountForm,
    AccountsConfirmForm,
    AccountsUploadForm,
    LoginForm,
    StyledPasswordChangeForm,
    StyledSetPasswordForm,
)
from .models import AccountKind, User


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    """A wrong current password counts as a failed login (django-axes): someone at an unattended
    session can guess it no faster here than at the login page, and is locked out the same."""

    template_name = "accounts/password_change.html"
    form_class = StyledPasswordChangeForm
    success_url = reverse_lazy("home")

    def post(self, request, *args, **kwargs):
        credentials = {"username": request.user.get_username()}
        if not AxesProxyHandler.is_allowed(request, credentials):
            return get_lockout_response(request, None, credentials)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if form.has_error("old_password", "password_incorrect"):
            user_login_failed.send(
                sender=__name__,
                credentials={"username": self.request.user.get_username()},
                request=self.request,
            )
        return super().form_invalid(form)

    def form_valid(self, form):
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return super().form_valid(form)


class PasswordSetView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_set.html"
    form_class = StyledSetPasswordForm
    success_url = reverse_lazy("login")
    post_reset_login = False

    def form_valid(self, form):
        # The link proves who this is: a user name locked by someone else's guesses is freed.
        reset_login_failures(username=form.user.get_username())
        messages.success(self.request, _("Đã đặt mật khẩu. Mời đăng nhập."))
        return super().form_valid(form)


def _kind(value: str) -> AccountKind:
    if value not in AccountKind.values:
        raise Http404
    return AccountKind(value)


def _by_unit(account: User) -> tuple:
    """By unit in Vietnamese alphabetical order (the database's is by code point), then by
    username; a province has a few thousand accounts at most, all sorted here."""
    return collation_key(account.unit.name if account.unit else ""), account.username


@access.admin_required
def account_list(request: HttpRequest, kind: str = AccountKind.UNIT):
    kind = _kind(kind)
    accounts = User.objects.of_kind(kind).select_related("unit", "unit__level")
    query = request.GET.get("q", "").strip()
    if query:
        accounts = accounts.search(query)
    status = request.GET.get("status", "")
    if status in {"active", "inactive"}:
        accounts = accounts.filter(is_active=status == "active")
    page = Paginator(sorted(accounts, key=_by_unit), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/account_list.html",
        {"kind": kind, "kinds": AccountKind, "page": page, "query": query, "status": status},
    )


@access.admin_required
def account_create(request: HttpRequest, kind: str):
    kind = _kind(kind)
    form = AccountForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        account = form.save(commit=False)
        link, emailed = lifecycle.create_account(account, by=request.user, request=request)
        return _show_link(request, account, link, emailed, created=True)
    return render(request, "accounts/account_form.html", {"form": form, "kind": kind})


@access.admin_required
def account_edit(request: HttpRequest, pk: int):
    account = access.get_account_for_user(request.user, pk)
    before = lifecycle.snapshot(account)
    form = AccountForm(request.POST or None, instance=account, kind=account.kind)
    if request.method == "POST" and form.is_valid():
        lifecycle.update_account(form.save(commit=False), by=request.user, before=before)
        messages.success(request, _("Đã lưu tài khoản %(name)s.") % {"name": account})
        return redirect("account_detail", pk=account.pk)
    return render(
        request,
        "accounts/account_form.html",
        {"form": form, "kind": account.kind, "account": account},
    )


@access.admin_required
def account_detail(request: HttpRequest, pk: int):
    account = access.get_account_for_user(request.user, pk)
    history = audit.history_of(account)
    return render(
        request,
        "accounts/account_detail.html",
        {"account": account, "history": history, "reason_form": ReasonForm()},
    )


@require_POST
@access.admin_required
def account_set_active(request: HttpRequest, pk: int, active: bool):
    account = access.get_account_for_user(request.user, pk)
    form = ReasonForm(request.POST)
    if account == request.user and not active:
        messages.error(request, _("Không thể tự khóa tài khoản đang đăng nhập."))
    elif form.is_valid():
        lifecycle.set_active(
            account, active=active, by=request.user, reason=form.cleaned_data["reason"]
        )
        done = _("Đã mở lại tài khoản %(name)s.") if active else _("Đã khóa tài khoản %(name)s.")
        messages.success(request, done % {"name": account})
    else:
        messages.error(request, _("Vui lòng nêu lý do."))
    return redirect("account_detail", pk=account.pk)


@require_POST
@access.admin_required
def account_reset(request: HttpRequest, pk: int):
    account = access.get_account_for_user(request.user, pk)
    link, emailed = lifecycle.reset_password(account, by=request.user, request=request)
    return _show_link(request, account, link, emailed, created=False)


def _show_link(request: HttpRequest, account: User, link: str, emailed: bool, *, created: bool):
    # The link is shown once, on this response only; it is never stored or shown again.
    return render(
        request,
        "accounts/password_link.html",
        {"account": account, "link": link, "emailed": emailed, "created": created},
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_safe
@access.admin_required
def account_import_template(request: HttpRequest):
    response = HttpResponse(importing.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, "Mẫu tài khoản.xlsx")
    return response


@access.admin_required
def account_import(request: HttpRequest):
    """The upload, then the preview of every row with its errors: nothing is created before
    the admin confirms (account_import_confirm), and the file is not uploaded again."""
    form = AccountsUploadForm(request.POST or None, request.FILES or None)
    rows = None
    if request.method == "POST" and form.is_valid():
        try:
            rows = importing.read_rows(form.cleaned_data["file"].read())
        except importing.AccountsImportError as error:
            form.add_error("file", str(error))
    return _import_page(request, form, rows)


@require_POST
@access.admin_required
def account_import_confirm(request: HttpRequest):
    form = AccountsConfirmForm(request.POST)
    try:
        if not form.is_valid():
            raise importing.AccountsImportError(_("Không đọc được bản xem trước."))
        rows = importing.unkept(form.cleaned_data["rows"])
    except importing.AccountsImportError as error:
        messages.error(request, str(error))
        return redirect("account_import")
    try:
        created = importing.create_accounts(
            rows, by=request.user, request=request, mail=form.cleaned_data["send_email"]
        )
    except importing.AccountsImportError as error:
        messages.error(request, str(error))
        return _import_page(request, AccountsUploadForm(), rows)
    # The links are shown once, on this response only, as for one account.
    response = render(request, "accounts/accounts_created.html", {"created": created})
    patch_cache_control(response, private=True, no_store=True)
    return response


def _import_page(request: HttpRequest, form: AccountsUploadForm, rows):
    context = {"form": form, "rows": rows}
    if rows is not None:
        wrong = sum(1 for row in rows if row.errors)
        context |= {
            "wrong": wrong,
            "ready": len(rows) - wrong,
            "confirm": AccountsConfirmForm(initial={"rows": importing.kept(rows)})
            if rows and not wrong
            else None,
            "email_configured": settings.EMAIL_CONFIGURED,
        }
    return render(request, "accounts/account_import.html", context)
