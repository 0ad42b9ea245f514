"""The five documents of the seed article, with sections imported from Word files and a few
hundred opinions of the members on the political report (some answered), and the district's
draft on which the members are still giving opinions. Deterministic and synthetic.

The political report's consultation is in the past (May 2020), built with the clock frozen at
the time. The district's draft is open for thirty days from the day the demo is built, so the
opinion workflow can be tried from the browser (``dangvien`` gives, ``tieuban.vankien``
answers)."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from daihoi import clock
from daihoi.clock import LOCAL_TZ
from daihoi.congress.issuers import committee_name
from daihoi.congress.models import Congress
from daihoi.documents import services
from daihoi.documents.importing import build_docx
from daihoi.documents.models import Answer, Document, DocumentKind, Section, Stance
from daihoi.roster.choices import MemberStatus, OrgKind
from daihoi.roster.demo import COMMITTEE_CODE
from daihoi.roster.models import Member, Organization

POLITICAL_SECTIONS = (
    ("I. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT ĐẠI HỘI LẦN THỨ IX, NHIỆM KỲ 2015 - 2020", 1,
     "Nhiệm kỳ qua, Đảng bộ Khối đã lãnh đạo các cơ quan, đơn vị hoàn thành tốt nhiệm vụ chính "
     "trị, góp phần quan trọng vào sự phát triển kinh tế - xã hội của huyện."),
    ("1. Lãnh đạo thực hiện nhiệm vụ chính trị", 2,
     "Các chi bộ đã lãnh đạo cơ quan, đơn vị tham mưu cho Huyện ủy, HĐND, UBND huyện ban hành "
     "nhiều chủ trương, chính sách sát thực tế. Cải cách hành chính có chuyển biến; chỉ số hài "
     "lòng của người dân tăng qua từng năm."),
    ("2. Công tác chính trị, tư tưởng, đạo đức", 2,
     "Việc học tập, quán triệt nghị quyết được thực hiện nghiêm túc. Việc học tập và làm theo "
     "tư tưởng, đạo đức, phong cách Hồ Chí Minh gắn với nhiệm vụ chuyên môn của từng cơ quan."),
    ("3. Công tác tổ chức, cán bộ và xây dựng tổ chức cơ sở đảng", 2,
     "Đã kết nạp 38 đảng viên mới, đạt 126% chỉ tiêu. Hằng năm trên 90% chi bộ đạt hoàn thành "
     "tốt nhiệm vụ trở lên. Chất lượng sinh hoạt chi bộ từng bước được nâng lên."),
    ("4. Công tác kiểm tra, giám sát và thi hành kỷ luật đảng", 2,
     "Ủy ban Kiểm tra Đảng ủy Khối đã kiểm tra 21 lượt tổ chức đảng và 35 đảng viên; giám sát "
     "chuyên đề 18 cuộc. Qua kiểm tra đã kịp thời chấn chỉnh những thiếu sót."),
    ("5. Lãnh đạo công đoàn, đoàn thanh niên trong các cơ quan", 2,
     "Công đoàn, đoàn thanh niên hoạt động có nền nếp, phát huy vai trò trong phong trào thi "
     "đua yêu nước và xây dựng cơ quan văn hóa."),
    ("II. HẠN CHẾ, KHUYẾT ĐIỂM VÀ BÀI HỌC KINH NGHIỆM", 1,
     "Một số chi bộ sinh hoạt còn hình thức, chưa đi vào chiều sâu. Công tác tham mưu ở một số "
     "lĩnh vực còn chậm. Tinh thần tự phê bình và phê bình ở một số nơi còn hạn chế."),
    ("III. PHƯƠNG HƯỚNG, MỤC TIÊU, NHIỆM VỤ NHIỆM KỲ 2020 - 2025", 1,
     "Tiếp tục nâng cao năng lực lãnh đạo và sức chiến đấu của Đảng bộ; tăng cường kỷ cương, "
     "kỷ luật hành chính."),
    ("1. Mục tiêu tổng quát", 2,
     "Xây dựng Đảng bộ Khối trong sạch, vững mạnh; đoàn kết, đổi mới, sáng tạo, nâng cao chất "
     "lượng, hiệu quả thực thi công vụ, góp phần thúc đẩy phát triển kinh tế - xã hội."),
    ("2. Các chỉ tiêu chủ yếu", 2,
     "Hằng năm có trên 90% chi bộ hoàn thành tốt nhiệm vụ; kết nạp từ 30 đảng viên mới trở lên "
     "trong nhiệm kỳ; 100% đảng viên được học tập, quán triệt nghị quyết."),
    ("3. Nhiệm vụ và giải pháp chủ yếu", 2,
     "Đổi mới nội dung, phương thức lãnh đạo; nâng cao chất lượng sinh hoạt chi bộ; đẩy mạnh "
     "cải cách hành chính, ứng dụng công nghệ thông tin trong hoạt động của cơ quan."),
)

OTHER_DOCUMENTS = (
    (DocumentKind.SUMMARY_REPORT,
     "Báo cáo tổng kết thực hiện Nghị quyết Đảng bộ Khối nhiệm kỳ 2015 - 2020",
     ("I. Kết quả thực hiện các chỉ tiêu", "II. Đánh giá chung", "III. Bài học kinh nghiệm")),
    (DocumentKind.REVIEW_REPORT,
     "Báo cáo kiểm điểm công tác lãnh đạo, chỉ đạo của Ban Chấp hành Đảng bộ Khối khóa IX",
     ("I. Ưu điểm", "II. Hạn chế, khuyết điểm", "III. Nguyên nhân", "IV. Phương hướng khắc phục")),
    (DocumentKind.DRAFT_RESOLUTION, "Dự thảo Nghị quyết Đại hội Đảng bộ Khối lần thứ X",
     ("I. Đánh giá nhiệm kỳ 2015 - 2020", "II. Mục tiêu nhiệm kỳ 2020 - 2025",
      "III. Các chỉ tiêu chủ yếu", "IV. Nhiệm vụ, giải pháp")),
    (DocumentKind.ACTION_PROGRAMME,
     "Chương trình hành động thực hiện Nghị quyết Đại hội Đảng bộ Khối lần thứ X",
     ("I. Mục đích, yêu cầu", "II. Nhiệm vụ trọng tâm", "III. Tổ chức thực hiện")),
)

UPPER_SECTIONS = (
    ("I. Kết quả thực hiện Nghị quyết Đại hội Đảng bộ huyện lần thứ XXIII", 1,
     "Kinh tế của huyện tăng trưởng khá; cơ cấu kinh tế chuyển dịch đúng hướng."),
    ("II. Hạn chế, yếu kém và nguyên nhân", 1,
     "Thu ngân sách trên địa bàn chưa bền vững; chất lượng nguồn nhân lực còn thấp."),
    ("III. Mục tiêu, nhiệm vụ nhiệm kỳ 2020 - 2025", 1,
     "Phấn đấu đưa huyện đạt chuẩn nông thôn mới; thu nhập bình quân đầu người tăng 1,5 lần."),
    ("IV. Các đột phá chiến lược", 1,
     "Tập trung cải cách hành chính, phát triển hạ tầng giao thông và đào tạo nhân lực."),
)

DISAGREE = (
    "Chỉ tiêu đề ra chưa sát với thực tế của các cơ quan khối chính quyền.",
    "Đánh giá còn chung chung, chưa nêu được số liệu cụ thể để so sánh.",
    "Nội dung này trùng lặp với phần đánh giá kết quả ở trên.",
    "Chưa phân tích rõ nguyên nhân chủ quan của hạn chế.",
)
PARTIAL = (
    "Đề nghị bổ sung nội dung về chuyển đổi số trong hoạt động của cơ quan nhà nước.",
    "Đề nghị sửa thành: “Hằng năm có trên 95% chi bộ hoàn thành tốt nhiệm vụ trở lên.”",
    "Đề nghị bổ sung đánh giá về công tác dân vận chính quyền.",
    "Đề nghị nêu rõ trách nhiệm người đứng đầu trong cải cách hành chính.",
    "Đề nghị bổ sung số liệu kết nạp đảng viên theo từng năm.",
    "Đề nghị viết gọn lại, tránh diễn đạt dài dòng.",
)
RESPONSES = {
    Answer.ACCEPTED: "Tiểu ban văn kiện tiếp thu, đã chỉnh sửa trong dự thảo trình Đại hội.",
    Answer.EXPLAINED: "Chỉ tiêu đã được xây dựng trên cơ sở kết quả nhiệm kỳ qua và hướng dẫn "
                      "của cấp trên; xin giữ như dự thảo.",
    Answer.NOTED: "Tiểu ban ghi nhận để nghiên cứu trong quá trình cụ thể hóa nghị quyết.",
}


def _at(y: int, m: int, d: int, hour: int = 8) -> dt.datetime:
    # In UTC, as clock.now() gives it: the audit log hashes the time as it is handed over.
    return dt.datetime(y, m, d, hour, tzinfo=LOCAL_TZ).astimezone(dt.UTC)


def _body(heading: str) -> str:
    topic = heading.split(". ", 1)[-1].lower()
    return (f"Nội dung {topic} được xây dựng trên cơ sở báo cáo của các chi bộ và kết quả rà soát "
            "của Đảng ủy Khối.\nTiểu ban văn kiện tiếp tục hoàn thiện trước khi trình Đại hội.")


@transaction.atomic
def build_demo_documents(*, actor: object = None) -> tuple[list[Document], bool]:
    """Build the documents; a second run returns the existing ones and ``False``."""
    congress = Congress.objects.get(organization__code=COMMITTEE_CODE, term_start=2020)
    existing = list(Document.objects.filter(congress=congress).order_by("pk"))
    if existing:
        return existing, False
    rng = random.Random(20200515)  # noqa: S311 - synthetic data, not security
    cells = list(Organization.objects.filter(path__startswith=congress.organization.path,
                                             kind=OrgKind.CELL).order_by("position", "name"))
    with clock.frozen(_at(2020, 3, 20)):
        political = services.document_create(
            actor=actor, congress=congress, kind=DocumentKind.POLITICAL_REPORT,
            title="Báo cáo chính trị của Ban Chấp hành Đảng bộ Khối khóa IX trình Đại hội lần "
                  "thứ X")
        first = [(h, lvl, b) for h, lvl, b in POLITICAL_SECTIONS
                 if not h.startswith("5.")]
        first = [(h, lvl, b.replace("38 đảng viên mới, đạt 126%", "36 đảng viên mới, đạt 120%"))
                 for h, lvl, b in first]
        services.version_import_docx(actor=actor, document=political, data=build_docx(first),
                                     source_name="bao-cao-chinh-tri-du-thao-lan-1.docx",
                                     note="Dự thảo lần 1")
    with clock.frozen(_at(2020, 4, 25)):
        services.version_import_docx(
            actor=actor, document=political, data=build_docx(list(POLITICAL_SECTIONS)),
            source_name="bao-cao-chinh-tri-du-thao-lan-2.docx",
            note="Dự thảo lần 2, sau khi Đảng ủy Khối rà soát")
        services.document_send(actor=actor, document=political, cells=cells,
                               deadline=_at(2020, 5, 20, 17))
    docs = [political]
    for kind, title, headings in OTHER_DOCUMENTS:
        with clock.frozen(_at(2020, 4, 15)):
            doc = services.document_create(actor=actor, congress=congress, kind=kind,
                                           title=title)
            services.version_import_docx(
                actor=actor, document=doc,
                data=build_docx([(h, 1, _body(h)) for h in headings]),
                source_name=f"{kind}.docx", note="Đảng ủy Khối đã rà soát")
        docs.append(doc)
    _political_opinions(actor, political, cells, rng)
    upper = _upper_draft(actor, congress, cells, rng)
    docs.append(upper)
    return docs, True


def _political_opinions(actor: object, document: Document, cells: list[Organization],
                        rng: random.Random) -> None:
    sections = list(Section.objects.filter(version__document=document,
                                           version__number=2).order_by("position"))
    members = list(Member.objects.filter(cell__in=cells, status=MemberStatus.ACTIVE)
                   .select_related("cell").order_by("pk"))
    given = []
    with clock.frozen(_at(2020, 5, 12, 9)):
        for member in members:
            # Each member comments on one or two sections; most agree.
            for section in rng.sample(sections, k=1 + (rng.random() < 0.35)):
                roll = rng.random()
                if roll < 0.58:
                    stance, reason, proposed = Stance.AGREE, "", ""
                elif roll < 0.70:
                    stance, reason, proposed = Stance.DISAGREE, rng.choice(DISAGREE), ""
                else:
                    stance, reason, proposed = Stance.PARTIAL, "", rng.choice(PARTIAL)
                given.append(services.opinion_submit(
                    actor=actor, section=section, stance=stance, reason=reason,
                    proposed_text=proposed, member=member))
        # Each cell's opinion after its cell meeting, on the targets.
        targets = next(s for s in sections if s.heading.startswith("2. Các chỉ tiêu"))
        for cell in cells:
            given.append(services.opinion_submit(
                actor=actor, section=targets, stance=Stance.PARTIAL,
                proposed_text=rng.choice(PARTIAL[:2]), cell=cell))
    with clock.frozen(_at(2020, 5, 28, 14)):
        for opinion in given:
            if opinion.stance == Stance.AGREE or rng.random() < 0.3:
                continue
            answer = rng.choice((Answer.ACCEPTED, Answer.ACCEPTED, Answer.EXPLAINED,
                                 Answer.NOTED))
            services.opinion_answer(actor=actor, opinion=opinion, answer=answer,
                                    response=RESPONSES[answer])


def _upper_draft(actor: object, congress: Congress, cells: list[Organization],
                 rng: random.Random) -> Document:
    with clock.frozen(_at(2020, 5, 5)):
        upper = services.document_create(
            actor=actor, congress=congress, kind=DocumentKind.UPPER_DRAFT,
            title="Dự thảo Báo cáo chính trị Đại hội Đảng bộ huyện lần thứ XXIV")
        services.version_import_docx(actor=actor, document=upper,
                                     data=build_docx(list(UPPER_SECTIONS)),
                                     source_name="du-thao-bcct-huyen-xxiv.docx",
                                     note=f"Huyện ủy gửi {committee_name(congress)} lấy ý kiến")
    # Open now, for thirty days, so that members can still give their opinions in the demo.
    deadline = (clock.now() + dt.timedelta(days=30)).astimezone(LOCAL_TZ).replace(
        hour=17, minute=0, second=0, microsecond=0)
    services.document_send(actor=actor, document=upper, cells=cells, deadline=deadline)
    sections = list(Section.objects.filter(version__document=upper).order_by("position"))
    for cell in cells[2:14]:
        member = Member.objects.filter(cell=cell, status=MemberStatus.ACTIVE).order_by("pk").first()
        if member is None:
            continue
        roll = rng.random()
        stance = Stance.AGREE if roll < 0.5 else Stance.PARTIAL
        services.opinion_submit(
            actor=actor, section=rng.choice(sections), stance=stance,
            proposed_text="" if stance == Stance.AGREE else rng.choice(PARTIAL), member=member)
    return upper
