/* Move agenda items up or down without reloading the page. The forms work without this script:
   it sends the same POST in the background and swaps in the agenda the server answers with. */
(function () {
  "use strict";

  function liveRegion() {
    var live = document.getElementById("agenda-live");
    if (!live) {
      live = document.createElement("p");
      live.id = "agenda-live";
      live.className = "visually-hidden";
      live.setAttribute("role", "status");
      document.body.appendChild(live);
    }
    return live;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("js-move") || !window.fetch) {
      return;
    }
    event.preventDefault();
    var live = liveRegion();
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response.text();
    }).then(function (html) {
      var current = document.querySelector("[data-agenda]");
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var fresh = holder.querySelector("[data-agenda]");
      if (!current || !fresh) {
        window.location.reload();
        return;
      }
      current.replaceWith(fresh);
      var moved = fresh.querySelector("[data-moved]");
      if (moved) {
        moved.classList.add("is-moved");
        var target = moved.querySelector("[data-focus]") || moved.querySelector(".agenda-item__title");
        if (target) {
          target.focus();
        }
      }
      live.textContent = fresh.getAttribute("data-moved-message") || "";
    }).catch(function () {
      form.submit();
    });
  });
})();
