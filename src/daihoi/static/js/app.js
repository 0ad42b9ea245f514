// Small behaviours of the pages, kept out of the HTML so the Content-Security-Policy can forbid
// inline scripts and handlers (see docs/security.md).
//   <select data-autosubmit>                  submits its form when changed
//   <form data-reset-after-request="SEL">     after its htmx request: reset, focus SEL
//   <form data-search-after-request="SEL">    after its htmx request: fire "search" on SEL
//   <div data-swap-422>                       inside it, a 422 answer (a refusal shown in
//                                             the fragment) is swapped in like a 200
//   <input type="file" data-max-bytes="N"     files larger than N bytes (together) are refused
//          data-too-large="message">          before they are sent (the server refuses too)
//
// And two things the browser would otherwise say in its own language, not the page's (an
// English browser writes "Choose Files", "Please fill out this field." on a Vietnamese page):
//   every <input type="file"> gets a button and the names of the chosen files, in the
//   page's language; every field's validation message comes from the page. The texts are on
//   <body data-file-pick=… data-msg-required=…> (templates/base.html), translated there.
(function () {
  "use strict";
  const text = function (key, value) {
    const t = (document.body && document.body.dataset[key]) || "";
    return value === undefined ? t : t.replace("{n}", value);
  };
  const number = function (value) {
    const n = Number(value);
    // numbers as Vietnamese writes them, whatever the page's language (core/numbers.py)
    return Number.isFinite(n) ? n.toLocaleString("vi-VN") : value;
  };

  function validationMessage(el) {
    const v = el.validity;
    if (v.valueMissing) {
      if (el instanceof HTMLSelectElement) return text("msgChoose");
      if (el instanceof HTMLInputElement && el.type === "file") return text("msgFileRequired");
      return text("msgRequired");
    }
    if (v.badInput) return text("msgNumber");
    if (v.rangeUnderflow) return text("msgMin", number(el.getAttribute("min")));
    if (v.rangeOverflow) return text("msgMax", number(el.getAttribute("max")));
    if (v.stepMismatch) return text("msgWhole");
    if (v.tooLong) return text("msgTooLong", el.getAttribute("maxlength"));
    if (v.tooShort) return text("msgTooShort", el.getAttribute("minlength"));
    if (v.typeMismatch || v.patternMismatch) return text("msgFormat");
    return "";
  }
  document.addEventListener("invalid", function (ev) {
    const el = ev.target;
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement
          || el instanceof HTMLTextAreaElement)) return;
    if (el.validity.customError && !el.hasAttribute("data-page-message")) return;  // another's
    el.setCustomValidity("");
    const message = validationMessage(el);
    if (message) {
      el.setCustomValidity(message);
      el.setAttribute("data-page-message", "");
    }
  }, true);
  const clearMessage = function (ev) {
    const el = ev.target;
    if (el instanceof Element && el.hasAttribute("data-page-message")) {
      el.removeAttribute("data-page-message");
      el.setCustomValidity("");
    }
  };
  document.addEventListener("input", clearMessage, true);
  document.addEventListener("change", clearMessage, true);

  function fileInputs(root) {
    for (const input of root.querySelectorAll("input[type=file]:not([data-picker])")) {
      input.setAttribute("data-picker", "");
      input.classList.add("file-input");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "secondary file-pick";
      button.textContent = text("filePick");
      const names = document.createElement("span");
      names.className = "file-names";
      names.textContent = text("fileNone");
      button.addEventListener("click", function () { input.click(); });
      input.addEventListener("change", function () {
        const files = Array.from(input.files || []).map(function (f) { return f.name; });
        names.textContent = files.length === 0 ? text("fileNone")
          : files.length === 1 ? files[0] : text("filesChosen", files.length) + " " + files.join(", ");
      });
      input.after(button, names);
    }
  }
  fileInputs(document);
  document.addEventListener("htmx:load", function (ev) {
    if (ev.detail && ev.detail.elt instanceof Element) fileInputs(ev.detail.elt);
  });
  document.addEventListener("change", function (ev) {
    const el = ev.target;
    if (el instanceof HTMLSelectElement && el.hasAttribute("data-autosubmit") && el.form) {
      el.form.submit();
    }
    if (el instanceof HTMLInputElement && el.type === "file" && el.hasAttribute("data-max-bytes")) {
      let total = 0;
      for (const file of Array.from(el.files || [])) total += file.size;
      const over = total > Number(el.getAttribute("data-max-bytes"));
      el.setCustomValidity(over ? (el.getAttribute("data-too-large") || "") : "");
      if (over) el.reportValidity();
    }
  });
  document.addEventListener("htmx:beforeSwap", function (ev) {
    const elt = ev.detail && ev.detail.elt;
    if (ev.detail.xhr && ev.detail.xhr.status === 422 && elt instanceof Element
        && elt.closest("[data-swap-422]")) {
      ev.detail.shouldSwap = true;
      ev.detail.isError = false;
    }
  });
  document.addEventListener("htmx:afterRequest", function (ev) {
    const form = ev.detail && ev.detail.elt;
    if (!(form instanceof HTMLFormElement)) return;
    const focus = form.getAttribute("data-reset-after-request");
    if (focus !== null) {
      form.reset();
      const target = focus ? form.querySelector(focus) : null;
      if (target) target.focus();
    }
    const search = form.getAttribute("data-search-after-request");
    if (search && window.htmx) window.htmx.trigger(search, "search");
  });
})();
