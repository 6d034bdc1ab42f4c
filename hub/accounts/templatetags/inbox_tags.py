"""The navigation's account links and task count.

``{% account_nav %}`` writes the account links of the site header (base.html) in Python: the same markup as the
template it replaced (kept in tests/pages/test_account_nav.py as the reference and compared byte for byte), at a
fraction of a template's cost on every page: fixed words translated once per language, addresses from the
remembered ``reverse``.
"""

from urllib.parse import quote

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from hub.accounts.inbox import nav_count
from hub.core.rowhtml import esc
from hub.core.templatetags.memory import _current_app
from hub.core.urlcache import reverse

register = template.Library()

_CSRF = CsrfTokenNode()
_FIXED: dict[tuple, tuple[str, ...]] = {}


@register.simple_tag(takes_context=True)
def inbox_count(context) -> int | None:
    """The number of tasks waiting for the signed-in user (hub.accounts.inbox), for the navigation."""
    request = context.get("request")
    return nav_count(request) if request is not None else None


def _fixed(current_app) -> tuple[str, ...]:
    """The words and addresses of the links, per language and current application."""
    key = (get_language(), current_app)
    found = _FIXED.get(key)
    if found is None:
        found = _FIXED[key] = (
            '\n<nav class="account-nav" aria-label="' + esc(_("Your account")) + '">\n  <ul>\n  ',
            esc(reverse("accounts:me", current_app=current_app)),
            esc(_("My work")),
            esc(reverse("accounts:logout", current_app=current_app)),
            esc(_("Sign out")),
            esc(reverse("accounts:login", current_app=current_app)),
            esc(_("Sign in")),
        )
    return found


def _match(request, name: str) -> str:
    """``request.resolver_match.<name>`` as a template reads it: "" when there is none."""
    found = getattr(request, "resolver_match", None)
    value = getattr(found, name, "") if found is not None else ""
    return "" if value is None else value


@register.simple_tag(takes_context=True)
def account_nav(context) -> str:
    """The account links: "My work" (with the waiting tasks) and "Sign out", or "Sign in" (back to this page)."""
    request = context.get("request")
    user = context.get("user")
    start, me, my_work, logout, sign_out, login, sign_in = _fixed(_current_app(context))
    if getattr(user, "is_authenticated", False):
        current = (
            ' aria-current="page"'
            if _match(request, "url_name") == "me" and _match(request, "namespace") == "accounts"
            else ""
        )
        waiting = inbox_count(context)
        count = ""
        if waiting:
            words = ngettext("task waiting", "tasks waiting", waiting)
            count = (
                f' <span class="nav-count" id="nav-task-count">{esc(localize(waiting))}'
                f'<span class="visually-hidden"> {words}</span></span>'
            )
        body = (
            f'\n    <li><a href="{me}"{current}>{my_work}{count}</a></li>\n    <li>\n'
            f'      <form class="logout-form" action="{logout}" method="post">\n'
            f"        {_CSRF.render(context)}\n"
            f'        <button type="submit" class="link-button">{sign_out}</button>\n'
            "      </form>\n    </li>\n  "
        )
    else:
        path = getattr(request, "path", "")
        after = ""
        if path != "/" and _match(request, "namespace") != "accounts":
            after = "?next=" + esc(quote(request.get_full_path() if request is not None else "", safe="/"))
        body = f'\n    <li><a href="{login}{after}">{sign_in}</a></li>\n  '
    return mark_safe(start + body + "\n  </ul>\n</nav>\n")  # noqa: S308 - every piece is escaped or fixed markup
