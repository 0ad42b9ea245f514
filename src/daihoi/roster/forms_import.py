"""The forms of the web import: the upload, and the mapping of a file's columns (with the
sheet, the confirmation of cells and agencies written by name, and compound family names)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from daihoi.roster.fileformat import FIELD_LABELS, fold
from daihoi.roster.importing import reading
from daihoi.roster.importing.mapping import COMPOUND_FAMILY_NAMES, column_letter

ACCEPTED = (".xlsx", ".xls", ".ods", ".csv", ".txt")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp danh sách (.xlsx, .xls, .ods hoặc .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED)}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = reading.limits().max_bytes
        if upload.size > limit:
            raise forms.ValidationError(gettext(
                "Tệp quá lớn (%(size)s); giới hạn là %(limit)s: hãy bỏ các trang, hình ảnh "
                "không cần hoặc chia danh sách thành nhiều tệp.")
                % {"size": reading.size_text(upload.size), "limit": reading.size_text(limit)})
        if Path(upload.name).suffix.lower() not in ACCEPTED:
            raise forms.ValidationError(
                gettext("Chỉ nhận tệp Excel (.xlsx, .xls), OpenDocument (.ods) hoặc CSV (.csv).")
            )
        return upload


class MappingForm(forms.Form):
    """One select per column of the file (the guess pre-selected), the sheet when there are
    several, a select per cell or agency name not found (the suggestion pre-selected)."""

    compound_names = forms.CharField(
        label=_("Họ kép (giữ nguyên khi tách họ tên)"), required=False,
        help_text=_("Cách nhau bởi dấu phẩy, ví dụ: Tôn Thất, Âu Dương."),
        widget=forms.TextInput(attrs={"size": 80}),
    )

    def __init__(
        self, *args: Any, mapping: dict[str, Any], unknown: dict[str, dict[str, list[str]]],
        cells: list[tuple[str, str]], agencies: list[tuple[str, str]], **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.mapping = mapping
        sheets = mapping.get("sheets") or []
        if len(sheets) > 1:
            self.fields["sheet"] = forms.ChoiceField(
                label=_("Trang tính"), choices=[(s, s) for s in sheets],
                initial=mapping["sheet"],
                help_text=_("Đổi trang thì cách gán cột được đoán lại cho trang đó."),
            )
        choices = [("", gettext("— Bỏ qua cột này —")), *FIELD_LABELS.items()]
        self.column_fields: list[str] = []
        for col, header in sorted(mapping.get("headers", {}).items(), key=lambda i: int(i[0])):
            name = f"col_{col}"
            self.fields[name] = forms.ChoiceField(
                label=f"{column_letter(int(col))}: {header}", choices=choices, required=False,
                initial=mapping.get("columns", {}).get(col, ""),
            )
            self.column_fields.append(name)
        self.value_fields: list[tuple[str, str, str]] = []
        options = {"cell": cells, "agency": agencies}
        for kind, values in unknown.items():
            listed = [("", gettext("— Chưa chọn —")),
                      *((code, name) for code, name in options[kind])]
            by_name = {name: code for code, name in options[kind]}
            for i, (written, hints) in enumerate(sorted(values.items())):
                name = f"val_{kind}_{i}"
                label = (gettext("Chi bộ “%(name)s” là") if kind == "cell"
                         else gettext("Cơ quan, đơn vị “%(name)s” là")) % {"name": written}
                self.fields[name] = forms.ChoiceField(
                    label=label, choices=listed, required=False,
                    initial=by_name.get(hints[0], "") if hints else "",
                )
                self.value_fields.append((name, kind, written))
        self.order_fields([*(n for n in self.fields if n != "compound_names"), "compound_names"])
        self.fields["compound_names"].initial = ", ".join(
            mapping.get("compound_names") or COMPOUND_FAMILY_NAMES
        )

    def sheet_changed(self) -> bool:
        return "sheet" in self.cleaned_data and self.cleaned_data["sheet"] != self.mapping["sheet"]

    def chosen(self) -> dict[str, Any]:
        """The mapping with the user's choices, as the job stores it."""
        data = self.cleaned_data
        if self.sheet_changed():
            return {"sheet": data["sheet"]}
        columns = {name.removeprefix("col_"): data[name] or "" for name in self.column_fields}
        values: dict[str, dict[str, str]] = {
            kind: dict(v) for kind, v in self.mapping.get("values", {}).items()
        }
        for name, kind, written in self.value_fields:
            if data[name]:
                values.setdefault(kind, {})[fold(written)] = data[name]
        compounds = [c.strip() for c in data["compound_names"].split(",") if c.strip()]
        return {**self.mapping, "columns": columns, "values": values,
                "compound_names": compounds}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.sheet_changed():
            return data
        seen: dict[str, str] = {}
        for name in self.column_fields:
            field = data.get(name)
            if not field:
                continue
            if field in seen:
                raise forms.ValidationError(gettext(
                    "Hai cột “%(first)s” và “%(second)s” cùng được gán cho “%(field)s”; mỗi "
                    "trường chỉ gán cho một cột.") % {
                    "first": self.fields[seen[field]].label, "second": self.fields[name].label,
                    "field": FIELD_LABELS[field]})
            seen[field] = name
        return data
