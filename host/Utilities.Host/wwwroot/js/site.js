// Behaviour every shell shares, bound here because the content security policy allows no inline handlers (ADR 25).
(function () {
  "use strict";
  // <button data-print>: prints the page (the round sheet).
  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("[data-print]")) window.print();
  });
})();
