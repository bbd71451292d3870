/* supplements_cms: inline rows ordered by drag and drop, or with "Move up" / "Move down".
 *
 * The inlines named in the form's configuration ("sortable": prefix -> position field) keep
 * their position in a hidden field; it is set from the rows' order when the form is sent
 * (and when the form is read for an autosave). Rows nobody filled in are left alone, so an
 * empty extra row stays empty for Django. A moved row fires "scms:reordered" (moving sends no
 * input event), for scripts that follow the form, such as a live preview.
 */
"use strict";
(function () {
  const scms = (window.supplementsCms = window.supplementsCms || {});

  function config() {
    const element = document.getElementById("scms-editor-config");
    return element ? JSON.parse(element.textContent) : null;
  }

  function groupOf(prefix) {
    return document.getElementById(prefix + "-group");
  }

  function rowPattern(prefix) {
    return new RegExp("^" + prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "-(\\d+)$");
  }

  // The group's rows in the page's order, without the "Add another" template.
  function rowsOf(prefix) {
    const group = groupOf(prefix);
    const pattern = rowPattern(prefix);
    if (!group) {
      return [];
    }
    return Array.from(group.querySelectorAll("tr.form-row, div.inline-related")).filter(
      (row) => pattern.test(row.id)
    );
  }

  function positionInput(row, prefix, field) {
    return row.querySelector('input[name$="-' + field + '"][name^="' + prefix + '-"]');
  }

  function isDefault(element) {
    if (element.type === "checkbox" || element.type === "radio") {
      return element.checked === element.defaultChecked;
    }
    if (element.tagName === "SELECT") {
      const options = Array.from(element.options);
      if (!element.multiple && !options.some((o) => o.defaultSelected)) {
        // Without a chosen default, a browser selects the first option.
        return element.selectedIndex <= 0;
      }
      return options.every((o) => o.selected === o.defaultSelected);
    }
    return element.value === element.defaultValue;
  }

  // A new row nobody touched: Django skips it, and so does the numbering.
  function isUntouched(row, position) {
    if (row.dataset.scmsIndex !== undefined) {
      return false;
    }
    return Array.from(row.querySelectorAll("input, select, textarea")).every(
      (element) => element === position || !element.name || isDefault(element)
    );
  }

  // Writes 1, 2, 3… into the position fields, in the rows' order.
  function applyOrder() {
    const settings = config();
    if (!settings) {
      return;
    }
    Object.entries(settings.sortable).forEach(([prefix, field]) => {
      let position = 0;
      rowsOf(prefix).forEach((row) => {
        const input = positionInput(row, prefix, field);
        if (input && !isUntouched(row, input)) {
          position += 1;
          input.value = String(position);
        }
      });
    });
  }

  // Puts the rows in the order of their position fields (after an autosave is restored).
  function sortByPosition() {
    const settings = config();
    if (!settings) {
      return;
    }
    Object.entries(settings.sortable).forEach(([prefix, field]) => {
      const rows = rowsOf(prefix);
      const value = (row) => {
        const input = positionInput(row, prefix, field);
        const number = input ? parseInt(input.value, 10) : NaN;
        return isNaN(number) || isUntouched(row, input) ? Infinity : number;
      };
      if (!rows.length) {
        return;
      }
      const last = rows[rows.length - 1];
      const parent = last.parentNode;
      const anchor = last.nextSibling;
      rows
        .map((row, index) => ({ row: row, key: value(row), index: index }))
        .sort((a, b) => a.key - b.key || a.index - b.index)
        .forEach((entry) => {
          blockOf(entry.row).forEach((element) => parent.insertBefore(element, anchor));
        });
      relabel(prefix);
    });
  }

  // A tabular row travels with the row of errors Django puts before it.
  function blockOf(row) {
    const before = row.previousElementSibling;
    return before && before.classList.contains("row-form-errors") ? [before, row] : [row];
  }

  function insertBefore(row, reference) {
    const anchor = blockOf(reference)[0];
    blockOf(row).forEach((element) => anchor.parentNode.insertBefore(element, anchor));
  }

  function insertAfter(row, reference) {
    const anchor = reference.nextSibling;
    blockOf(row).forEach((element) => reference.parentNode.insertBefore(element, anchor));
  }

  // Stacked rows that are not saved yet are labelled "#1", "#2"… by their place, as Django does.
  function relabel(prefix) {
    const group = groupOf(prefix);
    group.querySelectorAll(".inline_label").forEach((label, index) => {
      if (/^#\d+$/.test(label.textContent.trim())) {
        label.textContent = "#" + (index + 1);
      }
    });
  }

  function announce(prefix, row) {
    const settings = config();
    const rows = rowsOf(prefix);
    const region = document.getElementById("scms-sort-announcer");
    region.textContent = settings.strings.moved
      .replace("%(position)s", String(rows.indexOf(row) + 1))
      .replace("%(count)s", String(rows.length));
  }

  function move(prefix, row, step, button) {
    const rows = rowsOf(prefix);
    const index = rows.indexOf(row);
    const target = rows[index + step];
    if (target) {
      if (step < 0) {
        insertBefore(row, target);
      } else {
        insertAfter(row, target);
      }
      relabel(prefix);
      row.dispatchEvent(new CustomEvent("scms:reordered", { bubbles: true }));
    }
    // Moving a row takes the focus out of it; give it back to the button pressed.
    button.focus();
    announce(prefix, row);
  }

  // Follows the pointer on the document: moving the row takes the pointer capture away from
  // the handle.
  function drag(prefix, row, start) {
    row.classList.add("scms-sort--dragging");
    const startIndex = rowsOf(prefix).indexOf(row);

    function onMove(event) {
      if (event.pointerId !== start.pointerId) {
        return;
      }
      event.preventDefault();
      const others = rowsOf(prefix).filter((other) => other !== row);
      const above = others.filter((other) => {
        const box = other.getBoundingClientRect();
        return box.top + box.height / 2 < event.clientY;
      }).length;
      if (others[above] && others[above] !== row.nextElementSibling) {
        insertBefore(row, others[above]);
      } else if (!others[above] && others.length && rowsOf(prefix).pop() !== row) {
        insertAfter(row, others[others.length - 1]);
      }
      // Near the window's edge, scroll so that far rows can be reached.
      if (event.clientY < 40) {
        window.scrollBy(0, -20);
      } else if (event.clientY > window.innerHeight - 40) {
        window.scrollBy(0, 20);
      }
    }

    function onEnd(event) {
      if (event.pointerId !== start.pointerId) {
        return;
      }
      document.removeEventListener("pointermove", onMove);
      document.removeEventListener("pointerup", onEnd);
      document.removeEventListener("pointercancel", onEnd);
      row.classList.remove("scms-sort--dragging");
      relabel(prefix);
      if (rowsOf(prefix).indexOf(row) !== startIndex) {
        row.dispatchEvent(new CustomEvent("scms:reordered", { bubbles: true }));
        announce(prefix, row);
      }
    }

    document.addEventListener("pointermove", onMove);
    document.addEventListener("pointerup", onEnd);
    document.addEventListener("pointercancel", onEnd);
  }

  function addControls(prefix, row, strings) {
    if (row.querySelector(".scms-sort")) {
      return;
    }
    const controls = document.createElement("span");
    controls.className = "scms-sort";
    const handle = document.createElement("span");
    handle.className = "scms-sort__handle";
    handle.title = strings.drag;
    handle.setAttribute("aria-hidden", "true");
    controls.appendChild(handle);
    [
      ["up", strings.moveUp, -1],
      ["down", strings.moveDown, 1],
    ].forEach(([name, label, step]) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "scms-sort__" + name;
      button.setAttribute("aria-label", label);
      button.title = label;
      button.addEventListener("click", () => move(prefix, row, step, button));
      controls.appendChild(button);
    });
    handle.addEventListener("pointerdown", (event) => {
      if (event.button === 0) {
        event.preventDefault();
        drag(prefix, row, event);
      }
    });
    const place = row.querySelector("h3") || row.querySelector("td.original") || row;
    place.insertBefore(controls, place.firstChild);
  }

  // Django renumbers every row by its place in the page when an unsaved row is removed; rows
  // saved before must keep the first numbers (their ids are matched by number), new rows follow.
  function renumber(prefix) {
    const initial = parseInt(document.getElementById("id_" + prefix + "-INITIAL_FORMS").value, 10);
    const pattern = new RegExp("(" + prefix + "-(\\d+|__prefix__))");
    let next = initial;
    rowsOf(prefix).forEach((row) => {
      const index = row.dataset.scmsIndex !== undefined ? row.dataset.scmsIndex : next++;
      const replacement = prefix + "-" + index;
      [row, ...row.querySelectorAll("[id], [name], label[for]")].forEach((element) => {
        ["id", "name", "htmlFor"].forEach((attribute) => {
          if (element[attribute] && typeof element[attribute] === "string") {
            element[attribute] = element[attribute].replace(pattern, replacement);
          }
        });
      });
    });
  }

  function setUp() {
    const settings = config();
    if (!settings) {
      return;
    }
    const region = document.createElement("div");
    region.id = "scms-sort-announcer";
    region.className = "scms-visually-hidden";
    region.setAttribute("aria-live", "polite");
    document.body.appendChild(region);
    Object.keys(settings.sortable).forEach((prefix) => {
      const total = document.getElementById("id_" + prefix + "-INITIAL_FORMS");
      const initial = total ? parseInt(total.value, 10) : 0;
      const pattern = rowPattern(prefix);
      rowsOf(prefix).forEach((row) => {
        const index = parseInt(pattern.exec(row.id)[1], 10);
        if (index < initial) {
          row.dataset.scmsIndex = String(index);
        }
        addControls(prefix, row, settings.strings);
      });
      const group = groupOf(prefix);
      if (group) {
        group.classList.add("scms-sortable");
      }
    });
    document.addEventListener("formset:added", (event) => {
      const prefix = event.detail && event.detail.formsetName;
      if (prefix in settings.sortable) {
        addControls(prefix, event.target, settings.strings);
      }
    });
    document.addEventListener("formset:removed", (event) => {
      const prefix = event.detail && event.detail.formsetName;
      if (prefix in settings.sortable) {
        // After Django's own renumbering, which runs once this event is handled.
        setTimeout(() => renumber(prefix), 0);
      }
    });
    document.querySelectorAll("form").forEach((form) => {
      if (form.querySelector("#scms-editor-config")) {
        form.addEventListener("submit", applyOrder);
      }
    });
  }

  scms.applyOrder = applyOrder;
  scms.sortByPosition = sortByPosition;
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
