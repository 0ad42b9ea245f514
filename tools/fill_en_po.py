"""Fill the English catalogue from the glossary below, leaving other entries untouched.

Usage: python tools/fill_en_po.py src/daihoi/locale/en/LC_MESSAGES/django.po
The UI's source strings are Vietnamese (the default language); English is the second language.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

EN = {
    "đầu chuỗi nhật ký": "audit chain head", "mục nhật ký": "audit entry", "nhật ký": "audit log",
    "Đảng bộ cấp trên": "Upper party committee", "Đảng bộ": "Party committee",
    "Đảng bộ bộ phận": "Sub-committee", "Chi bộ": "Cell", "Nam": "Male", "Nữ": "Female",
    "Tiểu học": "Primary", "Trung học cơ sở": "Lower secondary",
    "Trung học phổ thông": "Upper secondary", "Chưa qua đào tạo": "None", "Sơ cấp": "Elementary",
    "Trung cấp": "Intermediate", "Cao đẳng": "College", "Đại học": "University",
    "Thạc sĩ": "Master", "Tiến sĩ": "Doctorate", "Cao cấp": "Advanced", "Cử nhân": "Bachelor",
    "Đang sinh hoạt": "Active", "Sinh hoạt tạm thời nơi khác": "Temporarily active elsewhere",
    "Miễn công tác và sinh hoạt đảng": "Exempted from work and party activity",
    "Bị đình chỉ sinh hoạt đảng": "Suspended from party activity",
    "Bị khởi tố, truy tố, tạm giam": "Prosecuted, indicted or detained",
    "Đã chuyển sinh hoạt đi": "Transferred out", "Từ trần": "Deceased",
    "Văn phòng (quản trị)": "Office (administrator)", "Bí thư chi bộ": "Cell secretary",
    "Đảng viên": "Members", "Dân tộc": "Ethnicity", "Chuyển đến chi bộ": "Move to cell",
    "Từ ngày": "From", "Ghi chú": "Note", "Tình trạng mới": "New status", "loại": "kind",
    "tên": "name", "mã": "code", "trực thuộc": "parent", "thứ tự": "order",
    "tổ chức đảng": "party organization", "thuộc đảng bộ": "committee",
    "cơ quan, đơn vị": "agencies", "họ": "family name", "tên đệm": "middle name",
    "giới tính": "gender", "ngày sinh": "date of birth", "dân tộc": "ethnicity",
    "tôn giáo": "religion", "quê quán": "home town", "giáo dục phổ thông": "general education",
    "trình độ chuyên môn": "qualification", "chuyên ngành": "specialty",
    "lý luận chính trị": "political theory", "ngày vào Đảng": "admitted on",
    "ngày chính thức": "full member since", "số thẻ đảng viên": "party card number",
    "chi bộ": "cells", "chức vụ": "position", "tình trạng": "status", "đảng viên": "members",
    "từ ngày": "from", "ghi chú": "note", "thay đổi tình trạng": "status change",
    "vai trò": "role", "Họ và tên": "Full name", "Ngày sinh": "Date of birth",
    "Cơ quan": "Agencies", "Số thẻ": "Card no.", "Tình trạng": "Status", "dự bị": "probationary",
    "Không có đảng viên nào khớp.": "No member matches.", "Trước": "Previous", "Sau": "Next",
    "Trang %(n)s/%(total)s": "Page %(n)s of %(total)s", "Cơ quan, đơn vị": "Agencies and units",
    "Mã": "Code", "Tên": "Name", "Trực thuộc": "Under", "Số liệu chính": "Key figures",
    "Danh sách đảng viên": "Member list", "Thêm đảng viên": "Add a member",
    "Cơ cấu đảng viên": "Composition of the membership", "Giới tính": "Gender",
    "Độ tuổi": "Age", "Trình độ chuyên môn": "Qualification",
    "Lý luận chính trị": "Political theory", "Tổ chức trực thuộc": "Organizations below",
    "Chính thức": "Full", "Dự bị": "Probationary", "Sửa hồ sơ": "Edit record",
    "Ghi thay đổi tình trạng": "Record a status change", "tuổi": "years old",
    "Tôn giáo": "Religion", "Quê quán": "Home town", "Giáo dục phổ thông": "General education",
    "Ngày vào Đảng": "Admitted on", "Ngày chính thức": "Full member since",
    "chưa (dự bị)": "not yet (probationary)", "Số thẻ đảng viên": "Party card number",
    "Lịch sử tình trạng": "Status history",
    "Chuyển sinh hoạt giữa các chi bộ": "Moves between cells", "Từ": "From", "Đến": "To",
    "Lưu": "Save", "Hủy": "Cancel",
    "Tìm theo tên (có hoặc không dấu) hoặc số thẻ":
        "Search by name (with or without diacritics) or card number",
    "Tìm": "Search", "Tất cả chi bộ": "All cells", "Đang trong danh sách": "On the roll",
    "Lọc": "Filter", "Hiện ở": "Currently in", "Chuyển": "Move", "Hiện tại": "Current",
    "Ghi nhận": "Record", "Tiếng Việt": "Tiếng Việt", "English": "English",
    "Không có quyền": "Forbidden", "Không có quyền truy cập": "Access denied",
    "Tài khoản của anh/chị không được xem hoặc sửa nội dung này.":
        "Your account may not see or change this.",
    "Không tìm thấy": "Not found",
    "Trang này không có, hoặc anh/chị không được xem.":
        "This page does not exist, or you may not see it.",
    "Xung đột": "Conflict", "Không thực hiện được": "Could not be done", "Đại hội": "Congress",
    "Tổng quan": "Overview", "Hồ sơ của tôi": "My record", "Ngôn ngữ": "Language",
    "Đăng xuất": "Sign out", "Đăng nhập": "Sign in", "Tên đăng nhập": "Username",
    "Mật khẩu": "Password", "Chuyển chi bộ": "Move to another cell",
    "Thay đổi tình trạng": "Status change", "Thêm mới": "Created", "Cập nhật": "Updated",
    "Không thay đổi": "Unchanged", "Dòng": "Row", "Cột": "Column", "Lỗi": "Error",
    "Số dòng": "Rows", "Tệp": "File", "Kết quả": "Result", "Lúc": "At", "lỗi": "errors",
    "Nhập danh sách đảng viên": "Import members", "Người nhập": "Imported by",
    "Xem danh sách đảng viên": "See the member list", "Bắt buộc": "Required",
    "Nội dung": "Content", "Có": "Yes", "Các cột của tệp": "Columns of the file",
    "Tải lên và kiểm tra": "Upload and check", "Các lần nhập gần đây": "Recent imports",
    "Nhập tệp khác": "Import another file", "1. Tải tệp mẫu": "1. Download the template",
    "2. Tải lên tệp đã điền": "2. Upload the filled-in file",
    "Tệp mẫu Excel (.xlsx)": "Excel template (.xlsx)",
    "Tệp mẫu CSV (UTF-8)": "CSV template (UTF-8)",
    "Danh sách hiện có (.xlsx), để sửa rồi nhập lại":
        "Current roster (.xlsx), to edit and import again",
    "Danh sách hiện có (.csv)": "Current roster (.csv)", "Đã nhập xong:": "Import finished:",
    "Đang chờ": "Waiting", "Đang xử lý": "Working", "Hoàn tất": "Done",
    "Có lỗi, không ghi gì": "Errors, nothing written", "dòng": "rows", "tệp": "file",
    "tổ chức": "organization", "tên tệp": "file name", "chỉ kiểm tra": "check only",
    "lần nhập danh sách": "roster import",
    "Tệp không có lỗi. Chưa ghi gì (chỉ kiểm tra); nếu nhập thì sẽ:":
        "The file has no errors. Nothing was written (check only); an import would:",
    "Chỉ hiện %(shown)s lỗi đầu tiên trong %(total)s lỗi.":
        "Only the first %(shown)s of %(total)s errors are shown.",
    "Nhập, xuất danh sách": "Import and export",
}
EN_PLURAL = {"%(n)s đảng viên": ("%(n)s member", "%(n)s members")}


def fill(text: str) -> str:
    def single(m: re.Match[str]) -> str:
        msgid = m.group(1)
        return f'msgid "{msgid}"\nmsgstr "{EN[msgid]}"' if msgid in EN else m.group(0)

    text = re.sub(r'msgid "(.+)"\nmsgstr ""', single, text)

    def plural(m: re.Match[str]) -> str:
        msgid = m.group(1)
        if msgid not in EN_PLURAL:
            return m.group(0)
        one, many = EN_PLURAL[msgid]
        return (f'msgid "{msgid}"\nmsgid_plural "{m.group(2)}"\n'
                f'msgstr[0] "{one}"\nmsgstr[1] "{many}"')

    pattern = r'msgid "(.+)"\nmsgid_plural "(.+)"\nmsgstr\[0\] ""\nmsgstr\[1\] ""'
    return re.sub(pattern, plural, text)


if __name__ == "__main__":
    path = Path(sys.argv[1])
    path.write_text(fill(path.read_text(encoding="utf-8")), encoding="utf-8")
