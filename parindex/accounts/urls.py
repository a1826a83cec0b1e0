from django.contrib.auth import views as auth_views
from django.urls import path

from . import second_factor_views, views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/set/<uidb64>/<token>/", views.PasswordSetView.as_view(), name="password_set"),
    path("accounts/", views.account_list, name="accounts"),
    path("accounts/import/", views.account_import, name="account_import"),
    path("accounts/import/confirm/", views.account_import_confirm, name="account_import_confirm"),
    path(
        "accounts/import/template.xlsx",
        views.account_import_template,
        name="account_import_template",
    ),
    path("accounts/<str:kind>/", views.account_list, name="accounts_of_kind"),
    path("accounts/<str:kind>/new/", views.account_create, name="account_create"),
    path("account/<int:pk>/", views.account_detail, name="account_detail"),
    path("account/<int:pk>/edit/", views.account_edit, name="account_edit"),
    path(
        "account/<int:pk>/deactivate/",
        views.account_set_active,
        {"active": False},
        name="account_deactivate",
    ),
    path(
        "account/<int:pk>/reactivate/",
        views.account_set_active,
        {"active": True},
        name="account_reactivate",
    ),
    path("account/<int:pk>/reset/", views.account_reset, name="account_reset"),
]

# The second factor (accounts/second_factor.py).
urlpatterns += [
    path("second-factor/", second_factor_views.setup, name="second_factor_setup"),
    path("second-factor/verify/", second_factor_views.verify, name="second_factor_verify"),
    path(
        "second-factor/recovery-codes/",
        second_factor_views.recovery_codes,
        name="second_factor_recovery_codes",
    ),
]
