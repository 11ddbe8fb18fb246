// The phone menu: a disclosure button (aria-expanded) that shows or hides the main navigation.
// Without this script the navigation stays open; on wide screens CSS hides the button and
// always shows the list. Escape closes the open menu and gives the focus back to its button.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var header = document.querySelector(".site-header");
    var button = header && header.querySelector(".menu-toggle");
    var list = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!list) return;
    var set = function (open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      list.classList.toggle("open", open);
    };
    header.classList.add("js-menu");
    set(false);
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    header.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        set(false);
        button.focus();
      }
    });
  });
})();
