// Small behaviours of the pages, kept out of the HTML so the Content-Security-Policy can forbid
// inline scripts and handlers (see docs/security.md).
//   <select data-autosubmit>                  submits its form when changed
//   <form data-reset-after-request="SEL">     after its htmx request: reset, focus SEL
//   <form data-search-after-request="SEL">    after its htmx request: fire "search" on SEL
//   <div data-swap-422>                       inside it, a 422 answer (a refusal shown in
//                                             the fragment) is swapped in like a 200
//   <input type="file" data-max-bytes="N"     files larger than N bytes (together) are refused
//          data-too-large="message">          before they are sent (the server refuses too)
(function () {
  "use strict";
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
