"""The API's interactive documentation (/api/v1/docs) as a page of the hub: its layout, language, landmarks and
colours (templates/core/api_docs.html), with Swagger UI served from django-ninja's own static files (no CDN)."""

from __future__ import annotations

from ninja.openapi.docs import Swagger


class HubSwagger(Swagger):
    template = "core/api_docs.html"
    # Deep links put a link inside each operation's expand button: a control inside a control, which assistive
    # technology cannot reach (axe: nested-interactive). The operations stay reachable by their buttons.
    default_settings = {**Swagger.default_settings, "deepLinking": False}
