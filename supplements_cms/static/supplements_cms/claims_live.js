/* Disease-claim warnings beside the field being typed in, from the admin's live check.
   The check runs a moment after typing stops; a newer answer replaces an older one. */
(function () {
  "use strict";
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }

  function start() {
  var root = document.getElementById("scms-claims-live");
  if (!root) { return; }
  var url = root.dataset.url;
  var labels = JSON.parse(root.dataset.labels);
  var WATCHED = /^(title|seo_title|summary|intro|body|conclusion|additional_benefits_heading|additional_benefits_intro|dosage_heading|dosage_note|benefits-\d+-(title|description))$/;
  var timers = {};
  var serial = {};

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function conditionNames() {
    var names = [];
    var chosen = document.getElementById("id_conditions_to") || document.getElementById("id_conditions");
    if (chosen) {
      Array.prototype.forEach.call(chosen.options, function (option) {
        if (chosen.id === "id_conditions_to" || option.selected) { names.push(option.text); }
      });
    }
    var typed = document.getElementById("id_new_conditions");
    if (typed && typed.value.trim()) {
      typed.value.split(/[,;\n]+/).forEach(function (name) { if (name.trim()) { names.push(name.trim()); } });
    }
    return names.join(",");
  }

  function rowHeading(field) {
    var match = /^(benefits-\d+)-description$/.exec(field.name);
    if (!match) { return ""; }
    var title = document.querySelector("[name='" + match[1] + "-title']");
    return title ? title.value : "";
  }

  function box(field) {
    var id = "scms-live-claims-" + field.name;
    var found = document.getElementById(id);
    if (found) { return found; }
    var div = document.createElement("div");
    div.id = id;
    div.className = "scms-live-claims";
    div.setAttribute("aria-live", "polite");
    var anchor = field.closest(".markdownx") || field;
    anchor.insertAdjacentElement("afterend", div);
    return div;
  }

  function show(field, warnings) {
    var div = box(field);
    div.textContent = "";
    if (!warnings.length) { return; }
    var heading = document.createElement("p");
    heading.className = "scms-live-claims__title";
    heading.textContent = labels.title;
    div.appendChild(heading);
    var list = document.createElement("ul");
    warnings.forEach(function (warning) {
      var item = document.createElement("li");
      item.className = "scms-live-claims__item";
      var phrase = document.createElement("strong");
      phrase.textContent = "“" + warning.phrase + "” ";
      item.appendChild(phrase);
      item.appendChild(document.createTextNode(warning.reason));
      if (warning.suggestion) {
        var suggestion = document.createElement("span");
        suggestion.className = "scms-live-claims__suggestion";
        suggestion.textContent = " " + labels.instead + " “" + warning.suggestion + "”";
        item.appendChild(suggestion);
      }
      list.appendChild(item);
    });
    div.appendChild(list);
  }

  function check(field) {
    var mine = (serial[field.name] || 0) + 1;
    serial[field.name] = mine;
    var body = new FormData();
    body.append("text", field.value);
    body.append("field", field.name);
    body.append("title", (document.getElementById("id_title") || {}).value || "");
    body.append("conditions", conditionNames());
    body.append("heading", rowHeading(field));
    fetch(url, {method: "POST", body: body, headers: {"X-CSRFToken": csrfToken()}, credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : {warnings: []}; })
      .then(function (answer) { if (serial[field.name] === mine) { show(field, answer.warnings || []); } })
      .catch(function () { /* the check after saving still runs */ });
  }

  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!field.name || !WATCHED.test(field.name)) { return; }
    clearTimeout(timers[field.name]);
    timers[field.name] = setTimeout(function () { check(field); }, 600);
  });
  }
})();
