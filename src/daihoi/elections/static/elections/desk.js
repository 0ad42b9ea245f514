// The entry desk: keyboard only. Enter submits the line (htmx); "#17" or a scanned QR code
// ("DH<round>-<serial>") sets the ballot number instead; Ctrl+Z undoes the last ballot.
(function () {
  "use strict";
  const QR = /^DH(\d+)-(\d+)$/i;
  const JUMP = /^#(\d+)$/;

  function panel() { return document.getElementById("desk-panel"); }

  function highlight() {
    const line = document.getElementById("line");
    const p = panel();
    if (!line || !p) return;
    const keyMode = p.dataset.keyMode === "1";
    const text = line.value.toLowerCase();
    const typed = new Set(keyMode ? text.replace(/[^0-9a-z]/g, "").split("")
                                  : text.split(/[\s.,+-]+/).filter(Boolean));
    document.querySelectorAll("#keymap tr[data-key]").forEach(function (tr) {
      tr.style.textDecoration = typed.has(tr.dataset.key) ? "line-through" : "";
      tr.style.background = typed.has(tr.dataset.key) ? "#fde2e2" : "";
    });
  }

  function focusLine() {
    const line = document.getElementById("line");
    if (line) { line.focus(); highlight(); }
  }

  document.addEventListener("keydown", function (ev) {
    const line = document.getElementById("line");
    if (!line) return;
    if ((ev.ctrlKey || ev.metaKey) && ev.key.toLowerCase() === "z") {
      ev.preventDefault();
      const undo = document.getElementById("undo");
      if (undo) undo.click();
      return;
    }
    if (ev.target === line && ev.key === "Enter") {
      const value = line.value.trim();
      const qr = value.match(QR);
      const jump = value.match(JUMP);
      if (qr || jump) {
        ev.preventDefault();
        if (qr && qr[1] !== panel().dataset.round) {
          line.value = "";
          alert("Phiếu này thuộc lần bỏ phiếu khác.");
          return;
        }
        document.getElementById("serial").value = qr ? qr[2] : jump[1];
        line.value = "";
        highlight();
      }
    }
  });
  document.addEventListener("input", function (ev) {
    if (ev.target && ev.target.id === "line") highlight();
  });
  document.addEventListener("htmx:afterSwap", focusLine);
  document.addEventListener("DOMContentLoaded", focusLine);
})();
