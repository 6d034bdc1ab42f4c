// Starts Swagger UI on /api/v1/docs (templates: core/api_docs.html) from its JSON settings block, with the CSRF
// token from the container's data attributes: no inline script, which the Content-Security-Policy forbids.
(function () {
  "use strict";
  var container = document.getElementById("swagger-ui");
  var settings = document.getElementById("swagger-settings");
  if (!container || !settings || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  var config = JSON.parse(settings.textContent);
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  if (container.dataset.apiCsrf && container.dataset.csrfToken) {
    config.requestInterceptor = function (request) {
      request.headers["X-CSRFToken"] = container.dataset.csrfToken;
      return request;
    };
  }
  SwaggerUIBundle(config);
  // Code samples scroll sideways: a keyboard can scroll them only if they take focus (WCAG 2.1.1).
  function focusableSamples() {
    container.querySelectorAll("pre.microlight:not([tabindex]), .highlight-code pre:not([tabindex])").forEach(
      function (sample) {
        sample.setAttribute("tabindex", "0");
      }
    );
  }
  new MutationObserver(focusableSamples).observe(container, { childList: true, subtree: true });
})();
