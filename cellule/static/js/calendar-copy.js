/* Calendar subscription page: "Copier" buttons for the feed addresses.
   Without JavaScript the buttons stay hidden and the read-only fields can be
   selected and copied by hand (they select their whole text on focus here). */
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-copy-target"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!input) { return; }
    button.hidden = false;
    input.addEventListener("focus", function () { input.select(); });
    button.addEventListener("click", function () {
      function done() { if (status) { status.textContent = button.getAttribute("data-copied"); } }
      input.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");
        done();
      }
    });
  });
})();
