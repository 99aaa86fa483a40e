// Kiosk terminal behaviour: the on-screen keypad types into the field marked data-keypad that was
// touched last (the first one until then), and a consumer's session ends on screen after the idle
// time the server also enforces.
(function () {
  "use strict";
  var current = null;
  document.addEventListener("focusin", function (e) {
    if (e.target.matches && e.target.matches("[data-keypad]")) current = e.target;
  });
  document.addEventListener("click", function (e) {
    var key = e.target.closest("[data-key]");
    if (!key) return;
    var field = current && document.contains(current) ? current : document.querySelector("[data-keypad]");
    if (!field) return;
    var k = key.getAttribute("data-key");
    field.value = k === "back" ? field.value.slice(0, -1) : field.value + k;
    field.focus();
    // As if typed: htmx previews (hx-trigger="input ...") react to the keypad too.
    field.dispatchEvent(new Event("input", { bubbles: true }));
  });

  var idle = parseInt(document.body.getAttribute("data-idle-seconds") || "0", 10);
  if (idle > 0) {
    var timer;
    var reset = function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var form = document.getElementById("kiosk-timeout");
        if (form) form.submit(); else window.location.href = "/kiosk";
      }, idle * 1000);
    };
    ["click", "keydown", "touchstart", "input"].forEach(function (t) { document.addEventListener(t, reset, true); });
    reset();
  }
})();
