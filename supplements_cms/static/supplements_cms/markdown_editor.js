/* supplements_cms: the Markdown editor of the admin (MarkdownEditorWidget).
 *
 * A live preview from the package's staff-only endpoint, an "Insert image" button, and images
 * dropped or pasted into the box. Every image asks for alt text and goes on a line of its own.
 * Boxes in inline rows added with "Add another" are set up too (markdownx's script does not).
 * Fires "scms:preview" on the editor after each preview update.
 *
 * On a long form the boxes share their parts: the page holds one <template data-scms-editor-parts>
 * with the tools, a preview and the alt-text dialog; a box without its own gets a copy of the
 * tools when set up, a preview when first typed into, and the one dialog when it asks for alt text.
 */
"use strict";
(function () {
  const MIN_LATENCY_MS = 500;

  function csrfToken(element) {
    const input = (element.closest("form") || document).querySelector(
      "input[name=csrfmiddlewaretoken]"
    );
    if (input) {
      return input.value;
    }
    const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
    return cookie ? decodeURIComponent(cookie.slice("csrftoken=".length)) : "";
  }

  function post(url, body, element, signal) {
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(element) },
      signal: signal,
    });
  }

  // Markdown's special characters in alt text would end the image's brackets early.
  function altText(text) {
    return text.replace(/[\r\n]+/g, " ").trim().replace(/([\\[\]])/g, "\\$1");
  }

  // Puts `block` at the cursor as a paragraph of its own: one blank line before and after,
  // whatever the cursor had around it.
  function insertBlock(textarea, block) {
    const value = textarea.value;
    let start = textarea.selectionStart;
    let end = textarea.selectionEnd;
    while (start > 0 && /\s/.test(value[start - 1])) {
      start -= 1;
    }
    while (end < value.length && (value[end] === "\n" || value[end] === "\r")) {
      end += 1;
    }
    const before = start > 0 ? "\n\n" : "";
    const after = end < value.length ? "\n\n" : "\n";
    textarea.setRangeText(before + block + after, start, end, "end");
    textarea.focus();
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function sharedParts() {
    return document.querySelector("template[data-scms-editor-parts]");
  }

  function copyOf(selector) {
    const parts = sharedParts();
    const found = parts && parts.content.querySelector(selector);
    return found ? found.cloneNode(true) : null;
  }

  // The page's one shared dialog of each kind, made on first use.
  let sharedDialog = null;
  const sharedPickers = {};

  function setUp(editor) {
    if (editor.dataset.scmsReady || editor.closest(".empty-form")) {
      return;
    }
    editor.dataset.scmsReady = "true";
    const textarea = editor.querySelector("textarea");
    const parts = sharedParts();
    if (!editor.querySelector("[data-scms-image-button]")) {
      const tools = copyOf(".scms-md__tools");
      if (tools) {
        editor.insertBefore(tools, editor.firstChild);
      }
    }
    ["uploading", "uploadFailed"].forEach((key) => {
      if (!editor.dataset[key] && parts) {
        editor.dataset[key] = parts.dataset[key];
      }
    });
    // A box of a long form leaves its settings to the page's shared parts.
    Object.keys(parts ? parts.dataset : {}).forEach((key) => {
      if (key.startsWith("markdownx") && !(key in textarea.dataset)) {
        textarea.dataset[key] = parts.dataset[key];
      }
    });
    let preview = editor.querySelector("[data-scms-preview]");
    const status = editor.querySelector("[data-scms-status]");
    const fileInput = editor.querySelector("[data-scms-image-file]");
    let dialog = editor.querySelector("[data-scms-alt-dialog]");

    function previewBox() {
      if (!preview) {
        preview = copyOf("[data-scms-preview]");
        textarea.after(preview);
      }
      return preview;
    }

    function sharedBox(selector) {
      const own = editor.querySelector(selector);
      if (own) {
        return own;
      }
      sharedPickers[selector] = sharedPickers[selector] || copyOf(selector);
      editor.appendChild(sharedPickers[selector]);
      return sharedPickers[selector];
    }

    // A picker dialog: a search box over results from the server; choosing one calls
    // `insert(result, selectedWords, start, end)` with the selection the box had.
    function pick(selector, insert, label) {
      const box = sharedBox(selector);
      const input = box.querySelector("[data-scms-pick-query]");
      const list = box.querySelector("[data-scms-pick-results]");
      const start = textarea.selectionStart;
      const end = textarea.selectionEnd;
      const words = textarea.value.slice(start, end);
      const listening = new AbortController();
      const on = (target, type, handler) =>
        target.addEventListener(type, handler, { signal: listening.signal });
      let pending = null;
      let timer = null;

      function finish(result) {
        listening.abort();
        clearTimeout(timer);
        if (box.open) {
          box.close();
        }
        if (result) {
          insert(result, words, start, end);
          textarea.dispatchEvent(new Event("input", { bubbles: true }));
        }
        textarea.focus();
      }

      function entry(result) {
        const item = document.createElement("li");
        const choose = document.createElement("button");
        choose.type = "button";
        choose.className = "button scms-md__pick-choice";
        label(choose, result);
        on(choose, "click", () => finish(result));
        item.append(choose);
        if (result.state) {
          const state = document.createElement("span");
          state.className = "scms-md__link-state";
          state.textContent = " (" + result.state + ")";
          item.append(state);
        }
        return item;
      }

      function search() {
        if (pending) {
          pending.abort();
        }
        pending = new AbortController();
        const address = box.dataset.url + "?q=" + encodeURIComponent(input.value);
        fetch(address, { credentials: "same-origin", signal: pending.signal })
          .then((response) => (response.ok ? response.json() : Promise.reject(response)))
          .then((answer) => list.replaceChildren(...answer.results.map(entry)))
          .catch(() => {
            // Aborted by newer typing, or refused: the last results stay.
          });
      }

      input.value = selector === "[data-scms-link-dialog]" ? words : "";
      list.replaceChildren();
      on(input, "input", () => {
        clearTimeout(timer);
        timer = setTimeout(search, 250);
      });
      on(input, "keydown", (event) => {
        // Enter would send the whole article form.
        if (event.key === "Enter") {
          event.preventDefault();
          search();
        }
      });
      on(box.querySelector("[data-scms-pick-cancel]"), "click", () => finish(null));
      on(box, "close", () => finish(null));
      box.showModal();
      input.focus();
      search();
    }

    // The link picker inserts a link by reference ("[words](/articles/ref/42/)"), which pages
    // point at the article's current address.
    function pickArticle() {
      pick(
        "[data-scms-link-dialog]",
        (result, words, start, end) => {
          const text = altText((words || result.title).replace(/[\r\n]+/g, " "));
          textarea.setRangeText("[" + text + "](" + result.link + ")", start, end, "end");
        },
        (button, result) => {
          button.textContent = result.title;
        }
      );
    }

    // An image of the media library, with the alt text it was given, on a line of its own.
    function pickImage() {
      pick(
        "[data-scms-library-dialog]",
        (result, words, start, end) => {
          // insertBlock works from the selection: the one the box had when the picker opened.
          textarea.setSelectionRange(start, end);
          insertBlock(textarea, "![" + altText(result.alt) + "](" + result.reference + ")");
        },
        (button, result) => {
          const thumbnail = document.createElement("img");
          thumbnail.src = result.url;
          thumbnail.alt = "";
          thumbnail.width = 64;
          button.append(thumbnail, " " + result.alt);
        }
      );
    }

    function dialogBox() {
      if (!dialog) {
        sharedDialog = sharedDialog || copyOf("[data-scms-alt-dialog]");
        editor.appendChild(sharedDialog);
        return sharedDialog;
      }
      return dialog;
    }
    const latency = Math.max(parseInt(textarea.dataset.markdownxLatency, 10) || 0, MIN_LATENCY_MS);
    const grows = /true/i.test(textarea.dataset.markdownxEditorResizable || "");
    let timer = null;
    let pending = null;

    function grow() {
      if (grows && textarea.offsetHeight > 0) {
        textarea.style.height = "auto";
        const style = getComputedStyle(textarea);
        const borders = parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth);
        textarea.style.height = textarea.scrollHeight + borders + "px";
      }
    }

    function refresh() {
      if (pending) {
        pending.abort();
      }
      pending = new AbortController();
      const body = new FormData();
      body.append("content", textarea.value);
      post(textarea.dataset.markdownxUrlsPath, body, editor, pending.signal)
        .then((response) => (response.ok ? response.text() : Promise.reject(response)))
        .then((html) => {
          // Sanitized by the server: the same HTML the page will show.
          previewBox().innerHTML = html;
          editor.dispatchEvent(new CustomEvent("scms:preview", { bubbles: true }));
        })
        .catch(() => {
          // Aborted by newer typing, or refused: the last preview stays.
        });
    }

    function say(message) {
      status.textContent = message;
    }

    // Resolves with the alt text the editor typed, or null when they cancel.
    function askAltText(file) {
      const dialog = dialogBox();
      const input = dialog.querySelector("[data-scms-alt-input]");
      const error = dialog.querySelector("[data-scms-alt-error]");
      dialog.querySelector("[data-scms-alt-file]").textContent = file.name;
      input.value = "";
      error.hidden = true;
      return new Promise((resolve) => {
        function finish(result) {
          dialog.removeEventListener("close", onClose);
          ok.removeEventListener("click", onOk);
          cancel.removeEventListener("click", onCancel);
          input.removeEventListener("keydown", onKey);
          if (dialog.open) {
            dialog.close();
          }
          resolve(result);
        }
        function onOk() {
          if (!input.value.trim()) {
            error.hidden = false;
            input.focus();
            return;
          }
          finish(input.value);
        }
        function onCancel() {
          finish(null);
        }
        function onClose() {
          finish(null);
        }
        function onKey(event) {
          // Enter would send the whole article form.
          if (event.key === "Enter") {
            event.preventDefault();
            onOk();
          }
        }
        const ok = dialog.querySelector("[data-scms-alt-ok]");
        const cancel = dialog.querySelector("[data-scms-alt-cancel]");
        ok.addEventListener("click", onOk);
        cancel.addEventListener("click", onCancel);
        dialog.addEventListener("close", onClose);
        input.addEventListener("keydown", onKey);
        dialog.showModal();
        input.focus();
      });
    }

    async function addImage(file) {
      const alt = await askAltText(file);
      if (alt === null) {
        textarea.focus();
        return;
      }
      say(editor.dataset.uploading);
      const body = new FormData();
      body.append("image", file);
      // Kept with the image in the media library.
      body.append("alt", alt);
      let answer = {};
      try {
        const response = await post(textarea.dataset.markdownxUploadUrlsPath, body, editor);
        answer = await response.json();
      } catch (error) {
        answer = {};
      }
      if (answer.reference) {
        say("");
        insertBlock(textarea, "![" + altText(alt) + "](" + answer.reference + ")");
      } else {
        say(answer.error || editor.dataset.uploadFailed);
        textarea.focus();
      }
    }

    async function addImages(files) {
      for (const file of files) {
        await addImage(file);
      }
    }

    // Other files (a PDF, say) are left alone; the server takes PNG and JPEG only anyway.
    function imagesIn(transfer) {
      const files = transfer ? Array.from(transfer.files || []) : [];
      return files.filter((file) => file.type.startsWith("image/"));
    }

    function carriesFiles(event) {
      return event.dataTransfer && event.dataTransfer.types.includes("Files");
    }

    textarea.addEventListener("input", () => {
      grow();
      clearTimeout(timer);
      timer = setTimeout(refresh, latency);
    });
    textarea.addEventListener("dragover", (event) => {
      if (carriesFiles(event)) {
        event.preventDefault();
        event.dataTransfer.dropEffect = "copy";
      }
    });
    textarea.addEventListener("drop", (event) => {
      const files = imagesIn(event.dataTransfer);
      if (files.length) {
        event.preventDefault();
        addImages(files);
      }
    });
    textarea.addEventListener("paste", (event) => {
      const files = imagesIn(event.clipboardData);
      if (files.length) {
        event.preventDefault();
        addImages(files);
      }
    });
    editor.querySelector("[data-scms-image-button]").addEventListener("click", () => {
      fileInput.click();
    });
    const linkButton = editor.querySelector("[data-scms-link-button]");
    if (linkButton) {
      linkButton.addEventListener("click", pickArticle);
    }
    const libraryButton = editor.querySelector("[data-scms-library-button]");
    if (libraryButton) {
      libraryButton.addEventListener("click", pickImage);
    }
    fileInput.addEventListener("change", () => {
      const files = Array.from(fileInput.files);
      fileInput.value = "";
      addImages(files);
    });
    grow();
  }

  function setUpAll(root) {
    root.querySelectorAll("[data-scms-editor]").forEach(setUp);
  }

  // A file dropped beside a box would otherwise replace the admin page with the file (file
  // inputs take their drops as usual).
  function keepPage(event) {
    const files = event.dataTransfer && event.dataTransfer.types.includes("Files");
    if (files && !(event.target.closest && event.target.closest("input[type=file]"))) {
      event.preventDefault();
    }
  }
  document.addEventListener("dragover", keepPage);
  document.addEventListener("drop", keepPage);
  document.addEventListener("formset:added", (event) => setUpAll(event.target));
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => setUpAll(document));
  } else {
    setUpAll(document);
  }
})();
