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
  let sharedLinkDialog = null;

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

    function linkDialogBox() {
      const own = editor.querySelector("[data-scms-link-dialog]");
      if (own) {
        return own;
      }
      sharedLinkDialog = sharedLinkDialog || copyOf("[data-scms-link-dialog]");
      editor.appendChild(sharedLinkDialog);
      return sharedLinkDialog;
    }

    // The link picker: searches the articles by title and inserts a link by reference
    // ("[words](/articles/ref/42/)"), which pages point at the article's current address.
    function pickArticle() {
      const box = linkDialogBox();
      const input = box.querySelector("[data-scms-link-query]");
      const list = box.querySelector("[data-scms-link-results]");
      const start = textarea.selectionStart;
      const end = textarea.selectionEnd;
      const words = textarea.value.slice(start, end);
      const listening = new AbortController();
      let pending = null;
      let timer = null;

      function finish(result) {
        listening.abort();
        clearTimeout(timer);
        if (box.open) {
          box.close();
        }
        if (result) {
          const text = (words || result.title).replace(/[\r\n]+/g, " ");
          textarea.setRangeText("[" + altText(text) + "](" + result.link + ")", start, end, "end");
          textarea.dispatchEvent(new Event("input", { bubbles: true }));
        }
        textarea.focus();
      }

      function entry(result) {
        const item = document.createElement("li");
        const choose = document.createElement("button");
        choose.type = "button";
        choose.className = "button scms-md__link-choice";
        choose.textContent = result.title;
        choose.addEventListener("click", () => finish(result), { signal: listening.signal });
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

      input.value = words;
      list.replaceChildren();
      input.addEventListener(
        "input",
        () => {
          clearTimeout(timer);
          timer = setTimeout(search, 250);
        },
        { signal: listening.signal }
      );
      input.addEventListener(
        "keydown",
        (event) => {
          // Enter would send the whole article form.
          if (event.key === "Enter") {
            event.preventDefault();
            search();
          }
        },
        { signal: listening.signal }
      );
      box
        .querySelector("[data-scms-link-cancel]")
        .addEventListener("click", () => finish(null), { signal: listening.signal });
      box.addEventListener("close", () => finish(null), { signal: listening.signal });
      box.showModal();
      input.focus();
      search();
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
      if (answer.url) {
        say("");
        insertBlock(textarea, "![" + altText(alt) + "](" + answer.url + ")");
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
