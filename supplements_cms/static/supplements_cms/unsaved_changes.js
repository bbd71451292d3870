/* supplements_cms: typing is never lost on the article form.
 *
 * - Leaving the page with unsaved changes asks first (not after the form is sent).
 * - While the form has changes, it is kept every few seconds in the editor's private autosave
 *   on the server, one per opened form; opening the same kind of form of the same article again
 *   offers the newest back ("Restore" / "Discard"). Autosaving goes on while an offer waits for
 *   an answer: this form writes to its own autosave, never over the one offered.
 * - Ctrl+S (Cmd+S on a Mac) saves and stays on the form.
 */
"use strict";
(function () {
  const scms = (window.supplementsCms = window.supplementsCms || {});
  const SKIPPED_TYPES = new Set(["submit", "button", "reset", "file", "image"]);

  // The form is compared with how it was once the page had loaded; typing before that counts
  // as a change (only the editor's own: widgets setting themselves up send events too).
  let typedEarly = false;
  function noteEarly(event) {
    typedEarly = typedEarly || event.isTrusted;
  }
  document.addEventListener("input", noteEarly, true);
  document.addEventListener("change", noteEarly, true);

  function config() {
    const element = document.getElementById("scms-editor-config");
    return element ? JSON.parse(element.textContent) : null;
  }

  function fill(text, values) {
    return Object.keys(values).reduce(
      (result, key) => result.split("%(" + key + ")s").join(values[key]),
      text
    );
  }

  function counted(element) {
    return (
      element.name &&
      !element.disabled &&
      !SKIPPED_TYPES.has(element.type) &&
      element.name !== "csrfmiddlewaretoken" &&
      // The form's own autosave key: a restore never takes another form's.
      !element.name.startsWith("_scms_") &&
      !element.name.includes("__prefix__") &&
      !element.closest(".empty-form")
    );
  }

  // Django's filter widget sends every option of its "chosen" box, selected or not.
  function sendsEveryOption(select) {
    return select.multiple && select.classList.contains("filtered") && /_to$/.test(select.id);
  }

  // The form as it would be sent: {fields: {name: [values]}, labels: {name: {value: label}}}.
  function read(form) {
    if (scms.applyOrder) {
      scms.applyOrder();
    }
    const fields = {};
    const labels = {};
    Array.from(form.elements)
      .filter(counted)
      .forEach((element) => {
        let values;
        if (element.type === "checkbox" || element.type === "radio") {
          values = element.checked ? [element.value] : [];
        } else if (element.tagName === "SELECT") {
          const every = sendsEveryOption(element);
          const chosen = Array.from(element.options).filter((o) => every || o.selected);
          values = chosen.map((o) => o.value);
          chosen.forEach((o) => {
            labels[element.name] = labels[element.name] || {};
            labels[element.name][o.value] = o.text;
          });
        } else {
          values = [element.value];
        }
        fields[element.name] = (fields[element.name] || []).concat(values);
      });
    return { fields: fields, labels: labels };
  }

  function canonical(fields) {
    return JSON.stringify(
      Object.keys(fields)
        .sort()
        .map((name) => [name, fields[name]])
    );
  }

  function addRows(form, fields) {
    Object.keys(fields)
      .filter((name) => name.endsWith("-TOTAL_FORMS"))
      .forEach((name) => {
        const prefix = name.slice(0, -"-TOTAL_FORMS".length);
        const total = form.querySelector('input[name="' + name + '"]');
        const add = document.querySelector("#" + CSS.escape(prefix) + "-group .add-row a");
        const wanted = Math.min(parseInt(fields[name][0], 10) || 0, 1000);
        while (total && add && parseInt(total.value, 10) < wanted) {
          const before = total.value;
          add.click();
          if (total.value === before) {
            break;
          }
        }
      });
  }

  function restoreSelect(select, values, labels) {
    if (sendsEveryOption(select) && window.SelectBox) {
      const from = select.id.replace(/_to$/, "_from");
      window.SelectBox.move_all(select.id, from);
      Array.from(document.getElementById(from).options).forEach((option) => {
        option.selected = values.includes(option.value);
      });
      window.SelectBox.move(from, select.id);
      return;
    }
    values.forEach((value) => {
      const known = Array.from(select.options).some((o) => o.value === value);
      if (!known && value !== "") {
        // An autocomplete box holds only its current choice: add the autosaved one.
        select.add(new Option(labels[value] || value, value));
      }
    });
    Array.from(select.options).forEach((option) => {
      option.selected = values.includes(option.value);
    });
  }

  function restore(form, saved) {
    const fields = saved.fields || {};
    const labels = saved.labels || {};
    addRows(form, fields);
    const used = {};
    Array.from(form.elements)
      .filter(counted)
      .forEach((element) => {
        const name = element.name;
        const values = fields[name];
        if (/-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/.test(name)) {
          return;
        }
        if (element.type === "checkbox" || element.type === "radio") {
          element.checked = Boolean(values) && values.includes(element.value);
        } else if (values === undefined) {
          return;
        } else if (element.tagName === "SELECT") {
          restoreSelect(element, values, labels[name] || {});
        } else {
          used[name] = (used[name] || 0) + 1;
          element.value = values[used[name] - 1] !== undefined ? values[used[name] - 1] : "";
        }
        element.dispatchEvent(new Event("input", { bubbles: true }));
        element.dispatchEvent(new Event("change", { bubbles: true }));
      });
    if (scms.sortByPosition) {
      scms.sortByPosition();
    }
  }

  function csrfToken(form) {
    const input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function setUp() {
    const settings = config();
    const articleForm = settings && document.getElementById("scms-editor-config").closest("form");
    if (!articleForm) {
      return;
    }
    const strings = settings.strings;
    const status = document.querySelector("[data-scms-autosave-status]");
    const offer = document.querySelector("[data-scms-autosave-offer]");
    const autosave = settings.autosave;
    let submitting = false;
    document.removeEventListener("input", noteEarly, true);
    document.removeEventListener("change", noteEarly, true);
    const baseline = canonical(read(articleForm).fields);
    // A form sent back with errors holds typing that was never saved.
    const unsaved = Boolean(settings.unsaved) || typedEarly;
    let lastKept = unsaved ? null : baseline;
    let sending = false;

    function changed() {
      return unsaved || canonical(read(articleForm).fields) !== baseline;
    }

    // An autosave still on its way would land after the save deleted the autosaves: the save
    // waits for it.
    let inFlight = null;
    articleForm.addEventListener("submit", (event) => {
      if (inFlight && !submitting) {
        event.preventDefault();
        submitting = true;
        const submitter = event.submitter || undefined;
        inFlight.finally(() => articleForm.requestSubmit(submitter));
        return;
      }
      submitting = true;
    });
    window.addEventListener("beforeunload", (event) => {
      if (!submitting && changed()) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    document.addEventListener("keydown", (event) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "s") {
        event.preventDefault();
        const button =
          articleForm.querySelector('[name="_save_draft"]') ||
          articleForm.querySelector('[name="_continue"]');
        if (button && !submitting) {
          articleForm.requestSubmit(button);
        }
      }
    });

    if (!autosave) {
      return;
    }

    function send(method, body, url) {
      return fetch(url || autosave.url, {
        method: method,
        body: body,
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(articleForm) },
      });
    }

    function keep() {
      if (submitting || sending) {
        return;
      }
      const data = read(articleForm);
      const now = canonical(data.fields);
      if (now === lastKept) {
        return;
      }
      sending = true;
      inFlight = send("POST", JSON.stringify(data))
        .then((response) =>
          response.json().then((answer) => {
            if (!response.ok) {
              throw new Error(answer.error || response.statusText);
            }
            lastKept = now;
            const time = new Date(answer.saved_at).toLocaleTimeString(
              document.documentElement.lang || undefined,
              { hour: "2-digit", minute: "2-digit" }
            );
            status.textContent = fill(strings.autosaved, { time: time });
          })
        )
        .catch((error) => {
          const reason = error instanceof TypeError ? strings.offline : error.message;
          status.textContent = fill(strings.notAutosaved, { reason: reason });
        })
        .finally(() => {
          sending = false;
          inFlight = null;
        });
    }

    if (offer && autosave.offer) {
      if (canonical(autosave.offer.fields || {}) === baseline) {
        // It holds what the form holds: nothing to offer.
        send("DELETE", undefined, autosave.offerUrl);
      } else {
        offer.hidden = false;
        offer.querySelector("[data-scms-restore]").addEventListener("click", () => {
          restore(articleForm, autosave.offer);
          // The restored text is this form's now: kept under its own key at the next autosave.
          send("DELETE", undefined, autosave.offerUrl);
          offer.hidden = true;
          articleForm.querySelector("input:not([type=hidden]), textarea").focus();
        });
        offer.querySelector("[data-scms-discard]").addEventListener("click", () => {
          send("DELETE", undefined, autosave.offerUrl);
          offer.hidden = true;
        });
      }
    }
    if (autosave.seconds > 0) {
      window.setInterval(keep, autosave.seconds * 1000);
    }
  }

  // After Django's own widgets (the filter box, autocompletes) have set themselves up.
  window.addEventListener("load", () => window.setTimeout(setUp, 0));
})();
