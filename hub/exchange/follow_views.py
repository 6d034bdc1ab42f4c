"""Follow and unfollow (signed in), the page of one's follows and digest, and the one-click unsubscribe
link of the digest e-mail, which works without signing in (a signed, expiring token)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hub.exchange import services
from hub.exchange.forms import DigestForm
from hub.exchange.models import Follow
from hub.exchange.services.follows import digest_period


def _next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


@login_required
def follows(request: HttpRequest) -> HttpResponse:
    form = DigestForm(request.POST or None, initial={"period": digest_period(request.user)})
    if request.method == "POST" and form.is_valid():
        services.set_digest_period(user=request.user, period=form.cleaned_data["period"])
        messages.success(request, _("Your digest setting was saved."))
        return redirect("exchange:follows")
    items = list(Follow.objects.of(request.user).with_related())
    return render(
        request,
        "exchange/follows.html",
        {"follows": items, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    back = _next(request, "/")
    try:
        _item, created = services.follow(
            user=request.user, kind=request.POST.get("kind", ""), key=request.POST.get("key", "")
        )
    except services.NotFollowable as exc:
        messages.error(request, str(exc))
        return redirect(back)
    messages.success(request, _("You follow it now.") if created else _("You already follow it."))
    return redirect(back)


@login_required
@require_POST
def unfollow(request: HttpRequest, pk: int) -> HttpResponse:
    if services.unfollow(user=request.user, follow_id=pk):
        messages.success(request, _("You no longer follow it."))
    return redirect(_next(request, "exchange:follows"))


# The link in the e-mail is the "one click" (GET). Mail clients that support RFC 8058 POST to the same
# address (List-Unsubscribe-Post), without a CSRF token: the signed token is the authority.
@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    if request.method not in ("GET", "POST"):
        return HttpResponse(status=405)
    user = services.unsubscribe_with_token(token)
    return render(request, "exchange/unsubscribed.html", {"done": user is not None}, status=200 if user else 400)
