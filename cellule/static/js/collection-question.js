/* Regional question form: shows only the groups of fields that apply to the chosen
   type of answer, and proposes a variable code while the label is typed.
   Without JavaScript every group stays visible (each says which types it is for)
   and the server derives the code from the label when the field is left empty. */
(function () {
  "use strict";
  var form = document.querySelector("form.question-editor");
  if (!form) { return; }
  var type = form.querySelector("#type");
  var groups = form.querySelectorAll("fieldset[data-types]");

  function showGroups() {
    groups.forEach(function (group) {
      var applies = group.getAttribute("data-types").split(" ").indexOf(type.value) !== -1;
      // A group holding an error stays visible so that the message can be read.
      var keep = applies || group.querySelector(".has-error") !== null;
      group.hidden = !keep;
      group.disabled = !keep;  // fields that do not apply are not sent
    });
  }
  if (type) {
    type.addEventListener("change", showGroups);
    showGroups();
  }

  var SMALL = ["a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "ou", "par",
               "pour", "sur", "un", "une"];
  var taken = (form.getAttribute("data-taken") || "").split(" ");

  function suggest(text) {
    var plain = text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    var words = plain.match(/[a-z0-9]+/g) || [];
    var kept = words.filter(function (w) { return SMALL.indexOf(w) === -1; });
    if (kept.length) { words = kept; }
    var code = "", full = false;
    words.forEach(function (w) {
      var next = code ? code + "_" + w : w;
      if (full || next.length > 40) { full = true; return; }
      code = next;
    });
    if (!code && words.length) { code = words[0].slice(0, 40); }
    if (!code) { return ""; }
    if (!/^[a-z]/.test(code)) { code = ("q_" + code).slice(0, 40); }
    var base = code, n = 2;
    while (taken.indexOf(code) !== -1) {
      var suffix = "_" + n++;
      code = base.slice(0, 40 - suffix.length) + suffix;
    }
    return code;
  }

  var label = form.querySelector("#label"), code = form.querySelector("#var");
  if (label && code && code.value === "") {
    var proposed = "";
    var propose = function () {
      if (code.value === proposed) {  // the person has not written a code of their own
        proposed = label.value ? suggest(label.value) : "";
        code.value = proposed;
      }
    };
    label.addEventListener("input", propose);
    // A label typed before this script ran (a slow page, the browser restoring a form) counts too.
    propose();
  }
})();
