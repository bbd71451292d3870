/* The article as it is being typed, through the real page templates, in a panel beside the
   form. The form is posted to the preview view into the panel's frame: nothing is saved. */
(function () {
  "use strict";
  function start() {
    var toggle = document.querySelector(".scms-live-preview__toggle");
    var panel = document.getElementById("scms-live-preview");
    var form = document.getElementById("article_form");
    if (!toggle || !panel || !form) { return; }
    var timer = null;

    function refresh() {
      // The rows' hidden positions follow their order on the page, as a save would send them.
      if (window.supplementsCms && window.supplementsCms.applyOrder) {
        window.supplementsCms.applyOrder();
      }
      var action = form.getAttribute("action");
      var target = form.getAttribute("target");
      var enctype = form.getAttribute("enctype");
      form.setAttribute("action", toggle.dataset.url);
      form.setAttribute("target", "scms-live-preview-frame");
      form.dataset.scmsPreviewing = "1";
      HTMLFormElement.prototype.submit.call(form);
      delete form.dataset.scmsPreviewing;
      if (action === null) { form.removeAttribute("action"); } else { form.setAttribute("action", action); }
      if (target === null) { form.removeAttribute("target"); } else { form.setAttribute("target", target); }
      if (enctype !== null) { form.setAttribute("enctype", enctype); }
    }

    function show(open) {
      panel.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
      document.body.classList.toggle("scms-with-preview", open);
      if (open) { refresh(); } else { toggle.focus(); }
    }
    toggle.addEventListener("click", function () { show(panel.hidden); });
    panel.querySelector(".scms-live-preview__close").addEventListener("click", function () {
      show(false);
    });
    function later() {
      if (panel.hidden) { return; }
      clearTimeout(timer);
      timer = setTimeout(refresh, 800);
    }
    form.addEventListener("input", later);
    // Moving a row sends no input event.
    form.addEventListener("scms:reordered", later);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
