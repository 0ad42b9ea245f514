"""No sentence reaches a page untranslated: every flash message (``messages.<level>(request,
X)``) and every refusal (``ServiceError``, its kinds, ``ValidationError``) written in
``src/daihoi`` says its words through the catalogue (``gettext``, ``ngettext``,
``pgettext``…), never as a bare literal, an f-string or a concatenation of them.

What a refusal or a message builds from variables is not read here (a variable cannot be
proved translated by reading one line); what is Vietnamese on purpose (the audit log's
recorded sentences, the printed documents) is never a flash message or a refusal. The few
literals that are left untranslated on purpose are listed in ``ALLOWED`` with their reason."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "daihoi"

#: The calls that say their words in the reader's language.
TRANSLATORS = frozenset({
    "gettext", "ngettext", "pgettext", "npgettext", "gettext_lazy", "ngettext_lazy",
    "pgettext_lazy", "npgettext_lazy", "_", "translated",
})
#: The refusals a page shows (``daihoi.core.errors``, Django's, and the desk's keying errors
#: that a service passes on as its own), and those of the background jobs, which a job's page
#: shows in the language of the person who started it (the task runs in it): a roster
#: import's cell value, file and problem, an archive's limit, a Word draft's, a scanned file's.
REFUSALS = frozenset({
    "ServiceError", "ConflictError", "IllegalTransitionError", "PermissionDeniedError",
    "ValidationError", "KeyingError",
    "BadValueError", "UnreadableFileError", "Problem", "ZipLimitError", "DocxImportError",
    "BatchError",
})
#: The levels of ``django.contrib.messages``.
LEVELS = frozenset({"debug", "info", "success", "warning", "error"})
#: The pure packages import no Django: no page message or refusal is written there (their
#: sentences reach a page through ``core.i18n.translated``).
PURE = ("tally", "composition", "ballotread")

#: (file under src/daihoi, the literal's first words) → why it stays untranslated.
ALLOWED: dict[tuple[str, str], str] = {}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _has_words(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def untranslated(node: ast.expr) -> ast.expr | None:
    """The part of ``node`` that writes words of its own without the catalogue, or None.

    A literal of punctuation only (``"; "``, ``"\\n"``) writes no words; a call to a
    translator is translated, whatever it is then joined with or filled in by."""
    if isinstance(node, ast.Constant):
        return node if isinstance(node.value, str) and _has_words(node.value) else None
    if isinstance(node, ast.JoinedStr):
        words = any(isinstance(v, ast.Constant) and _has_words(str(v.value)) for v in node.values)
        if words:
            return node
        parts = (untranslated(v.value) for v in node.values if isinstance(v, ast.FormattedValue))
        return next((p for p in parts if p is not None), None)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return untranslated(node.left) or untranslated(node.right)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return untranslated(node.left)
    if isinstance(node, ast.IfExp):
        return untranslated(node.body) or untranslated(node.orelse)
    if isinstance(node, ast.Dict):
        return next((u for v in node.values if (u := untranslated(v)) is not None), None)
    if isinstance(node, ast.List | ast.Tuple):
        return next((u for v in node.elts if (u := untranslated(v)) is not None), None)
    if isinstance(node, ast.Call):
        name = _name(node.func)
        if name in TRANSLATORS:
            return None
        if name == "format" and isinstance(node.func, ast.Attribute):
            return untranslated(node.func.value)
        if name == "join" and isinstance(node.func, ast.Attribute):
            return untranslated(node.func.value)
    return None


def said(call: ast.Call) -> ast.expr | None:
    """What a flash message or a refusal says: ``messages.<level>(request, X)``'s ``X``,
    ``messages.add_message(request, level, X)``'s ``X``, a refusal's first argument."""
    name = _name(call.func)
    target = call.func.value if isinstance(call.func, ast.Attribute) else None
    if isinstance(target, ast.Name) and target.id == "messages":
        index = 1 if name in LEVELS else 2 if name == "add_message" else None
        if index is None:
            return None
        keyword = next((k.value for k in call.keywords if k.arg == "message"), None)
        return call.args[index] if len(call.args) > index else keyword
    if name in REFUSALS:
        keyword = next((k.value for k in call.keywords if k.arg == "message"), None)
        return call.args[0] if call.args else keyword
    return None


def findings(source: str, where: str) -> Iterator[tuple[str, int, str]]:
    """(file, line, the literal's first words) of each untranslated message or refusal."""
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        what = said(node)
        bare = untranslated(what) if what is not None else None
        if bare is None:
            continue
        words = (bare.value if isinstance(bare, ast.Constant) else ast.unparse(bare))
        yield where, node.lineno, " ".join(str(words).split())[:40]


def sources() -> Iterator[tuple[str, str]]:
    for path in sorted(SRC.rglob("*.py")):
        where = path.relative_to(SRC).as_posix()
        if "migrations" in path.parts or where.startswith(PURE):
            continue
        yield where, path.read_text(encoding="utf-8")


def test_the_reader_sees_every_flash_message_and_refusal_in_its_language() -> None:
    found = [f for where, text in sources() for f in findings(text, where)
             if (f[0], f[2]) not in ALLOWED]
    assert found == []


def test_every_allowed_literal_is_still_there() -> None:
    """An allowance whose literal is gone (translated or removed) is taken off the list."""
    present = {(f[0], f[2]) for where, text in sources() for f in findings(text, where)}
    assert set(ALLOWED) - present == set()


def test_the_guard_sees_every_way_of_writing_words() -> None:
    code = '''
messages.success(request, "Đã lưu.")
messages.error(request, f"Đã thêm {n} đại biểu.")
messages.info(self.request, "Chưa: " + " ".join(issues))
messages.add_message(request, messages.INFO, "Đã gửi %s." % n)
raise ServiceError("Chỉ kết luận khi đang kiểm phiếu.")
raise IllegalTransitionError(f"{name} đã điểm danh.", field="x")
raise ValidationError({"agency": "Cơ quan này không thuộc đảng bộ."})
raise ServiceError(gettext("Không thêm ai:") + "\\n" + "Ghi chú " + name)
raise ConflictError(message="Đã có người sửa.")
raise ServiceError("{} chưa có.".format(name))
raise BadValueError(f"“{text}” không phải là ngày hợp lệ.")
raise UnreadableFileError("Tệp rỗng: không có dữ liệu.")
problem = Problem(f"dòng này và dòng {row} cùng là một đảng viên.", number)
raise ZipLimitError(f"Tệp gồm {n} thành phần nén.")
raise DocxImportError("Tệp rỗng: không có nội dung để nhập.")
raise BatchError("Mẫu phiếu không khớp.")
messages.warning(request, x if y else "Hết hạn.")
messages.error(request, f"{gettext('Túc số')}: {'không đủ'}")
'''
    lines = [line for _, line, _ in findings(code, "x.py")]
    assert lines == list(range(2, 20))
    said_right = '''
messages.success(request, gettext("Đã lưu."))
messages.success(request, _("Đã thêm %(n)s.") % {"n": n})
messages.success(request, ngettext("Đã thêm %(n)s đại biểu.", "Đã thêm %(n)s đại biểu.", n)
                 % {"n": n})
messages.error(request, exc.message)
messages.error(request, "; ".join(errors))
raise ServiceError(gettext("Không thêm ai:") + "\\n" + "\\n".join(reasons))
raise ServiceError(" ".join(issues), field="x")
raise ValidationError({"agency": gettext("Cơ quan này không thuộc đảng bộ.")})
raise ServiceError(pgettext("step", "In phiếu") + ": " + label)
logger.error("refused write on %s", path)
audit_record(actor=a, action="x", summary=f"Từ chối: {what}")
'''
    assert list(findings(said_right, "x.py")) == []
