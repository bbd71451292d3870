/* supplements_cms: counters and a search-result preview on the article form.
 *
 * Words and reading time as the page will count them (the text of every Markdown preview plus
 * the plain fields named in the configuration); the length of the page title and summary against
 * what search results show; and the result itself: title, address and description.
 */
"use strict";
(function () {
  // The words Python's \w[\w'’-]* finds (supplements_cms.content.markdown.count_words).
  const WORD = /[\p{L}\p{N}_][\p{L}\p{N}_'’-]*/gu;

  function fill(text, values) {
    return Object.keys(values).reduce(
      (result, key) => result.split("%(" + key + ")s").join(values[key]),
      text
    );
  }

  function number(value) {
    return new Intl.NumberFormat(document.documentElement.lang || undefined).format(value);
  }

  function cut(text, limit) {
    return text.length > limit ? text.slice(0, limit).trimEnd() + "…" : text;
  }

  function field(form, name) {
    return form.querySelector('[name="' + name + '"]');
  }

  // Rows ticked for deletion, and the "Add another" template, are not part of the page.
  function onPage(element) {
    if (element.closest(".empty-form")) {
      return false;
    }
    const row = element.closest(".inline-related, tr.form-row");
    const remove = row && row.querySelector('input[name$="-DELETE"]');
    return !(remove && remove.checked);
  }

  function countWords(form, names) {
    let words = 0;
    form.querySelectorAll("[data-scms-editor]").forEach((editor) => {
      if (!onPage(editor)) {
        return;
      }
      const preview = editor.querySelector("[data-scms-preview]");
      const box = editor.querySelector("textarea");
      // A row's preview is made when it is first used; until then its Markdown is counted,
      // without the addresses of its links and images.
      const text = preview
        ? preview.textContent
        : box
          ? box.value.replace(/\]\([^)]*\)/g, " ").replace(/<[^>]*>/g, " ")
          : "";
      words += (text.match(WORD) || []).length;
    });
    names.forEach((name) => {
      const dash = name.indexOf("-");
      const selector =
        dash < 0
          ? '[name="' + name + '"]'
          : '[name^="' + name.slice(0, dash) + '-"][name$="-' + name.slice(dash + 1) + '"]';
      form.querySelectorAll(selector).forEach((input) => {
        if (onPage(input) && input.value.trim()) {
          words += input.value.trim().split(/\s+/).length;
        }
      });
    });
    return words;
  }

  function counterFor(input) {
    const counter = document.createElement("div");
    counter.className = "help scms-counter";
    counter.id = input.id + "_counter";
    input.setAttribute(
      "aria-describedby",
      ((input.getAttribute("aria-describedby") || "") + " " + counter.id).trim()
    );
    // Under the box: Django 6 stacks label, help and box in one column, Django 5.2 puts the help
    // under the row of label and box.
    const column = getComputedStyle(input.parentElement).flexDirection === "column";
    (column ? input : input.parentElement).after(counter);
    return counter;
  }

  function showLength(counter, count, limit, strings, note) {
    const over = count > limit;
    const values = { count: number(count), limit: number(limit) };
    counter.textContent =
      fill(over ? strings.tooLong : strings.characters, values) + (note ? " " + note : "");
    counter.classList.toggle("scms-counter--over", over);
  }

  function searchPreview(after, label) {
    const row = document.createElement("div");
    row.className = "form-row scms-serp";
    const heading = document.createElement("p");
    heading.className = "scms-serp__label";
    heading.textContent = label;
    const box = document.createElement("div");
    box.className = "scms-serp__box";
    const parts = {};
    ["address", "title", "description"].forEach((name) => {
      parts[name] = document.createElement("div");
      parts[name].className = "scms-serp__" + name;
      box.appendChild(parts[name]);
    });
    row.append(heading, box);
    after.after(row);
    return parts;
  }

  function setUp() {
    const element = document.getElementById("scms-editor-config");
    if (!element) {
      return;
    }
    const settings = JSON.parse(element.textContent);
    const strings = settings.strings;
    const limits = settings.limits;
    const form = element.closest("form");
    const title = field(form, "title");
    const seoTitle = field(form, "seo_title");
    const slug = field(form, "slug");
    const summary = field(form, "summary");
    const stats = document.querySelector("[data-scms-stats]");

    function updateWords() {
      if (stats) {
        const words = countWords(form, settings.wordFields);
        const minutes = Math.max(1, Math.ceil(words / limits.wordsPerMinute));
        stats.textContent = fill(strings.words, { words: number(words), minutes: number(minutes) });
      }
    }

    let updateTitle = () => {};
    if (title && seoTitle && summary) {
      const titleCounter = counterFor(seoTitle);
      const summaryCounter = counterFor(summary);
      const serp = searchPreview(summary.closest(".form-row"), strings.searchPreview);
      updateTitle = () => {
        const pageTitle = seoTitle.value.trim() || title.value.trim();
        const fromTitle = !seoTitle.value.trim() && title.value.trim();
        showLength(
          titleCounter,
          pageTitle.length,
          limits.seoTitle,
          strings,
          fromTitle ? strings.titleFromTitle : ""
        );
        const description = summary.value.trim();
        showLength(summaryCounter, description.length, limits.summary, strings, "");
        serp.title.textContent = cut(pageTitle, limits.seoTitle);
        serp.description.textContent = cut(description, limits.summary);
        const address = (slug && slug.value.trim()) || "…";
        serp.address.textContent = settings.articleAddress.replace("__slug__", address);
      };
    }

    form.addEventListener("input", (event) => {
      if ([title, seoTitle, slug, summary].includes(event.target)) {
        updateTitle();
      }
      if (event.target.tagName === "INPUT") {
        updateWords();
      }
    });
    // The slug fills itself in from the title without an input event of its own.
    form.addEventListener("keyup", updateTitle);
    form.addEventListener("change", () => {
      updateTitle();
      updateWords();
    });
    form.addEventListener("scms:preview", updateWords);
    document.addEventListener("formset:removed", updateWords);
    updateTitle();
    updateWords();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
