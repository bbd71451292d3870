/* The article form goes as multipart only when a file goes with it. The server parses a
   multipart body part by part (a long article's form has some 600 fields), a URL-encoded one in
   one pass. The smaller of the two bodies is sent, so a text that URL encoding makes longer
   (each non-Latin letter becomes up to nine bytes) never makes a request bigger than before. */
(function () {
  "use strict";
  var MULTIPART = "multipart/form-data";
  var URLENCODED = "application/x-www-form-urlencoded";
  // Per field, the boundary line and the part's header line around its name and value.
  var PART_OVERHEAD = 90;

  function lines(text) {
    // Both encodings send a text's line breaks as CR LF.
    return text.replace(/\r\n|\r|\n/g, "\r\n");
  }

  function urlEncodedWins(form) {
    var encoder = new TextEncoder();
    var multipart = 0;
    var urlEncoded = 0;
    var entries = Array.from(new FormData(form).entries());
    for (var i = 0; i < entries.length; i++) {
      var name = entries[i][0];
      var value = entries[i][1];
      if (typeof value !== "string") {
        if (value.size > 0 || value.name) {
          return false; // A chosen file travels only in a multipart body.
        }
        value = "";
      }
      value = lines(value);
      multipart += PART_OVERHEAD + encoder.encode(name).length + encoder.encode(value).length;
      urlEncoded += encodeURIComponent(name).length + encodeURIComponent(value).length + 2;
    }
    return urlEncoded <= multipart;
  }

  function choose(event) {
    var form = event.target;
    if (form.getAttribute("enctype") !== MULTIPART || !urlEncodedWins(form)) {
      return;
    }
    // The browser reads the encoding once the submit event is over; the form is left as the
    // page wrote it for whatever sends it next (the live preview, a file chosen later).
    form.setAttribute("enctype", URLENCODED);
    setTimeout(function () { form.setAttribute("enctype", MULTIPART); }, 0);
  }

  function start() {
    var form = document.getElementById("article_form");
    if (form) {
      form.addEventListener("submit", choose);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
