"""The public page that says whether a PDF is one we published (results/verification.py)."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest
from django.shortcuts import render

from parindex.core import signing

from .. import verification
from ..forms import VerifyForm


@login_not_required
def verify(request: HttpRequest):
    check = None
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            check = verification.check(form.cleaned_data["file"])
    else:
        form = VerifyForm()
    context = {"form": form, "check": check, "signs": signing.is_configured()}
    return render(request, "results/verify.html", context)
