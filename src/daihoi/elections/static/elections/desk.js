// The entry desk: keyboard only. The typist types the number printed beside each crossed
// name, separated by a space, "." or "+" (daihoi.elections.keying); every number is read back
// here with the full name before Enter. Enter submits the line (htmx); "#17" Enter sets the
// ballot's counting number instead; Ctrl+Z undoes the last ballot. The server parses the line
// again and refuses anything this preview would refuse: the preview never decides.
(function () {
  "use strict";
  const JUMP = /^#(\d+)$/;
  const SPLIT = /[\s.+,]+/;
  const NUMBER = /^([*-]?)([0-9]+)$/;
  const MARK = { "": "không đồng ý", "*": "đánh cả hai ô", "-": "không đánh ô nào" };

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  function names() {
    const out = new Map();
    document.querySelectorAll("#keymap tr[data-number]").forEach(function (tr) {
      out.set(Number(tr.dataset.number), tr.dataset.label);
    });
    return out;
  }

  function shortKeys() {
    const out = new Map();
    document.querySelectorAll("#shortkeys tr[data-key]").forEach(function (tr) {
      out.set(tr.dataset.key, tr.dataset.text);
    });
    return out;
  }

  // The same grammar as keying.parse_line; returns {error}, {empty}, {short} or {picked}.
  function parse(text, n, form) {
    let raw = text.trim();
    let confirmed = false;
    if (raw.endsWith("!")) {
      confirmed = true;
      raw = raw.slice(0, -1).replace(/[\s.+,]+$/, "");
    }
    if (raw.includes("!")) return { error: "“!” chỉ gõ ở cuối dòng." };
    const tokens = raw.split(SPLIT).filter(Boolean);
    if (!tokens.length) return { empty: true };
    if (tokens.some(function (t) { return t.startsWith("/"); })) {
      if (tokens.length > 1 || confirmed) {
        return { error: "Phím tắt “/” phải đứng một mình trên dòng." };
      }
      return { short: tokens[0] };
    }
    const picked = [];
    const seen = new Set();
    for (const token of tokens) {
      const m = NUMBER.exec(token);
      if (!m) return { error: "“" + token + "” không phải số in trên phiếu." };
      if (m[2].startsWith("0")) return { error: "“" + m[2] + "”: không có số 0 ở đầu." };
      const number = Number(m[2]);
      if (number > n) return { error: "Không có tên số " + m[2] + " (danh sách có " + n + " tên)." };
      if (seen.has(number)) return { error: "Tên số " + number + " được gõ hai lần." };
      if (m[1] && form === "cross_out") return { error: "Danh sách có số dư: không dùng “*” hay “-”." };
      seen.add(number);
      picked.push([number, m[1]]);
    }
    return { picked: picked, confirmed: confirmed };
  }

  function render() {
    const line = document.getElementById("line");
    const echo = document.getElementById("echo");
    if (!line || !echo) return;
    const list = names();
    const n = Number(echo.dataset.names);
    const form = echo.dataset.form;
    const maxKept = Number(echo.dataset.maxKept);
    const result = parse(line.value, n, form);
    const crossed = new Set();
    echo.replaceChildren();
    echo.className = "";
    if (result.empty) {
      echo.append(el("p", echo.dataset.empty, "muted"));
    } else if (result.error) {
      echo.className = "bad";
      echo.append(el("p", result.error, "echo-title"));
    } else if (result.short) {
      const meaning = shortKeys().get(result.short);
      echo.className = meaning ? "ok" : "bad";
      echo.append(el("p", meaning ? result.short + ": " + meaning
                                  : "“" + result.short + "” không phải phím tắt.", "echo-title"));
    } else {
      const kept = n - result.picked.length;
      let title;
      if (form === "cross_out") {
        title = "Gạch " + result.picked.length + " tên, giữ lại " + kept + " (được giữ tối đa " + maxKept + ")";
        if (kept === 0) title += ": gạch hết tên, phiếu không hợp lệ (gõ /0, hoặc “!” ở cuối để ghi nhận)";
        else if (kept > maxKept) title += ": bầu thừa, phiếu không hợp lệ (nếu đúng như trên phiếu, gõ “!” ở cuối để ghi nhận)";
        echo.className = kept === 0 || kept > maxKept ? "warn" : "ok";
      } else {
        title = result.picked.length + " tên không đồng ý hoặc không đánh dấu đúng một ô";
        echo.className = "ok";
      }
      echo.append(el("p", title, "echo-title"));
      const ol = el("ol");
      result.picked.forEach(function (pair) {
        crossed.add(pair[0]);
        const li = el("li");
        li.append(el("b", String(pair[0])), document.createTextNode(" " + (list.get(pair[0]) || "")));
        if (form !== "cross_out") li.append(document.createTextNode(" (" + MARK[pair[1]] + ")"));
        ol.append(li);
      });
      echo.append(ol);
    }
    document.querySelectorAll("#keymap tr[data-number]").forEach(function (tr) {
      tr.classList.toggle("crossed", crossed.has(Number(tr.dataset.number)));
    });
  }

  function focusLine() {
    const line = document.getElementById("line");
    if (line) line.focus();
    render();
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
      const jump = line.value.trim().match(JUMP);
      if (jump) {
        ev.preventDefault();
        document.getElementById("serial").value = jump[1];
        line.value = "";
        render();
      }
    }
  });
  document.addEventListener("input", function (ev) {
    if (ev.target && ev.target.id === "line") render();
  });
  document.addEventListener("htmx:afterSwap", focusLine);
  document.addEventListener("DOMContentLoaded", focusLine);
})();
