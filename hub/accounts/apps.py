from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "hub.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from hub.accounts import inbox  # noqa: F401  (connects the count of tasks to signing in)
        from hub.accounts.permissions import compute_scope
        from hub.accounts.tokens import find_user
        from hub.core import api_auth, rights

        # Apps below accounts (network, core) ask hub.core for rights and API callers: accounts answers.
        rights.set_scope_computer(compute_scope)
        api_auth.set_token_finder(find_user)
