"""Choices shared by the models of partnerships and opportunities."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Instrument(models.TextChoices):
    GRANT = "grant", _("grant")
    CONCESSIONAL_LOAN = "concessional_loan", _("concessional loan")
    LOAN = "loan", _("loan")
    PPP = "ppp", _("public-private partnership")
    EQUITY = "equity", _("equity")
    BOND = "bond", _("bond")
    IN_KIND = "in_kind", _("technical assistance or in kind")
