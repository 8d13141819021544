"""Vietnamese translations of the interface, applied to the gettext catalog by
`python scripts/vi_translations.py` (after `manage.py makemessages -l vi`)."""

VI = {
    "email address": "địa chỉ e-mail", "display name": "tên hiển thị",
    "Brokers mentioned": "Sàn được nhắc đến",
    "Tier 1: major financial centre": "Hạng 1: trung tâm tài chính lớn",
    "Tier 2: well-regulated": "Hạng 2: quản lý chặt chẽ",
    "Tier 3: moderate oversight": "Hạng 3: giám sát trung bình",
    "Tier 4: offshore": "Hạng 4: nước ngoài (offshore)",
    "name": "tên", "abbreviation": "tên viết tắt", "slug": "đường dẫn", "country code": "mã quốc gia",
    "ISO 3166, e.g. GB": "ISO 3166, ví dụ GB", "country (Vietnamese)": "quốc gia (tiếng Việt)",
    "country (English)": "quốc gia (tiếng Anh)", "logo": "logo", "website": "trang web",
    "e-mail": "e-mail", "phone": "điện thoại", "address": "địa chỉ",
    "description (Vietnamese)": "mô tả (tiếng Việt)", "description (English)": "mô tả (tiếng Anh)",
    "tier": "hạng", "regulator": "cơ quan quản lý", "regulators": "cơ quan quản lý",
    "name (Vietnamese)": "tên (tiếng Việt)", "name (English)": "tên (tiếng Anh)",
    "product": "sản phẩm", "trading platform": "nền tảng giao dịch", "None": "Không có",
    "Highly recommended": "Rất đáng tin cậy", "Traders' favourite": "Được nhà đầu tư yêu thích",
    "other official domains": "các tên miền chính thức khác", "One domain per line.": "Mỗi dòng một tên miền.",
    "headquarters": "trụ sở", "founded": "năm thành lập", "products": "sản phẩm", "platforms": "nền tảng",
    "introduction (Vietnamese)": "giới thiệu (tiếng Việt)", "introduction (English)": "giới thiệu (tiếng Anh)",
    "supervision status (Vietnamese)": "tình trạng giám sát (tiếng Việt)",
    "supervision status (English)": "tình trạng giám sát (tiếng Anh)",
    "badge": "huy hiệu", "badge rank": "thứ hạng huy hiệu", "hidden": "ẩn",
    "Hidden brokers are not shown to readers.": "Sàn bị ẩn không hiển thị cho bạn đọc.",
    "market score": "điểm thị trường", "market: justification (Vietnamese)": "thị trường: lý giải (tiếng Việt)",
    "market: justification (English)": "thị trường: lý giải (tiếng Anh)",
    "business score": "điểm kinh doanh", "business: justification (Vietnamese)": "kinh doanh: lý giải (tiếng Việt)",
    "business: justification (English)": "kinh doanh: lý giải (tiếng Anh)",
    "risk control score": "điểm kiểm soát rủi ro",
    "risk control: justification (Vietnamese)": "kiểm soát rủi ro: lý giải (tiếng Việt)",
    "risk control: justification (English)": "kiểm soát rủi ro: lý giải (tiếng Anh)",
    "software score": "điểm phần mềm", "software: justification (Vietnamese)": "phần mềm: lý giải (tiếng Việt)",
    "software: justification (English)": "phần mềm: lý giải (tiếng Anh)",
    "licence score": "điểm giấy phép", "total score": "tổng điểm", "warnings": "cảnh báo",
    "has warnings": "có cảnh báo", "licence status": "tình trạng giấy phép", "added": "ngày thêm",
    "updated": "cập nhật", "Aliases": "Tên gọi khác", "Market": "Thị trường", "Business": "Kinh doanh",
    "Risk control": "Kiểm soát rủi ro", "Software": "Phần mềm", "Licences": "Giấy phép",
    "Profile": "Hồ sơ", "Scores": "Điểm số", "broker": "sàn", "brokers": "sàn",
    "This slug is reserved for a page of the site.": "Đường dẫn này đã được dành cho một trang của hệ thống.",
    "alias": "tên gọi khác", "Active": "Còn hiệu lực", "Expired": "Hết hạn", "Suspended": "Bị đình chỉ",
    "Revoked": "Bị thu hồi", "Clone warning": "Cảnh báo giả mạo",
    "licence type (Vietnamese)": "loại giấy phép (tiếng Việt)", "licence type (English)": "loại giấy phép (tiếng Anh)",
    "licence number": "số giấy phép", "licensee": "đơn vị được cấp phép", "licensee e-mail": "e-mail đơn vị được cấp phép",
    "licensee phone": "điện thoại đơn vị được cấp phép", "approved domains": "tên miền được phê duyệt",
    "One domain per line, as the regulator lists them.": "Mỗi dòng một tên miền, đúng như cơ quan quản lý công bố.",
    "business address": "địa chỉ kinh doanh", "effective": "ngày hiệu lực", "expiry": "ngày hết hạn",
    "status": "tình trạng", "flagged by the regulator": "bị cơ quan quản lý cảnh báo",
    "The regulator has published a warning about this licence or its use.": "Cơ quan quản lý đã công bố cảnh báo về giấy phép này hoặc việc sử dụng nó.",
    "regulator's warning": "cảnh báo của cơ quan quản lý", "regulator's document": "tài liệu của cơ quan quản lý",
    "PDF or image published by the regulator.": "Tệp PDF hoặc ảnh do cơ quan quản lý công bố.",
    "licence": "giấy phép", "licences": "giấy phép",
    "The expiry date is before the effective date.": "Ngày hết hạn đứng trước ngày hiệu lực.",
    "broker mentioned": "sàn được nhắc đến",
    "Brokers named in this article that are not linked yet (saved text):": "Các sàn được nhắc tên trong bài nhưng chưa được liên kết (theo nội dung đã lưu):",
    "Add them with “Add brokers mentioned” below.": "Thêm chúng bằng nút “Thêm sàn được nhắc đến” bên dưới.",
    "No other broker is named in the saved text.": "Không có sàn nào khác được nhắc tên trong nội dung đã lưu.",
    "licences, score and warnings": "giấy phép, điểm số và cảnh báo", "Brokers Hub": "Tra cứu sàn",
    "Also known as:": "Còn gọi là:", "Total score": "Tổng điểm", "Warnings": "Cảnh báo",
    "Website": "Trang web", "(opens in a new tab)": "(mở trong thẻ mới)", "Headquarters": "Trụ sở",
    "Founded": "Thành lập", "Supervision": "Giám sát", "Products": "Sản phẩm", "Platforms": "Nền tảng",
    "E-mail": "E-mail", "Phone": "Điện thoại", "Regulator": "Cơ quan quản lý", "Licence": "Giấy phép",
    "Licensee": "Đơn vị được cấp phép", "Status": "Tình trạng", "Expiry": "Hết hạn",
    "Approved domains": "Tên miền được phê duyệt", "Regulator's document": "Tài liệu của cơ quan quản lý",
    "Flagged by the regulator": "Bị cơ quan quản lý cảnh báo",
    "This broker has no licence on record.": "Sàn này không có giấy phép nào trong hồ sơ.",
    "Score": "Điểm", "How we score": "Cách chúng tôi chấm điểm", "Visit broker": "Truy cập trang của sàn",
    "News about this broker": "Tin tức về sàn này", "Compare brokers": "So sánh sàn",
    "Broker slugs, separated by commas (two to four)": "Đường dẫn của sàn, cách nhau bằng dấu phẩy (từ hai đến bốn sàn)",
    "Compare": "So sánh",
    "Choose two to four brokers to compare them side by side.": "Chọn từ hai đến bốn sàn để so sánh song song.",
    "Comparison": "Bảng so sánh", "Criterion": "Tiêu chí", "Licence status": "Tình trạng giấy phép",
    "Regulators": "Cơ quan quản lý", "Licence:": "Giấy phép:", "Score breakdown": "Chi tiết điểm số",
    "How the total was reached": "Cách tính tổng điểm", "Part": "Hạng mục", "Weight": "Trọng số",
    "Points": "Điểm quy đổi", "Total": "Tổng",
    "Brokers Hub: check a broker's licences and score": "Tra cứu sàn: kiểm tra giấy phép và điểm số của sàn",
    "Broker name or alias": "Tên sàn hoặc tên gọi khác", "Country": "Quốc gia", "All": "Tất cả",
    "Product": "Sản phẩm", "Platform": "Nền tảng", "Minimum score": "Điểm tối thiểu",
    "Maximum score": "Điểm tối đa", "With warnings": "Có cảnh báo", "Without warnings": "Không có cảnh báo",
    "Sort by": "Sắp xếp theo", "Name": "Tên", "Newest": "Mới nhất", "View": "Hiển thị", "Grid": "Lưới",
    "List": "Danh sách", "Apply": "Áp dụng", "Clear filters": "Xóa bộ lọc",
    "No broker matches these filters.": "Không có sàn nào khớp với bộ lọc.", "Pages": "Trang",
    "Previous": "Trang trước", "Page %(number)s of %(total)s": "Trang %(number)s / %(total)s", "Next": "Trang sau",
    "How we score brokers": "Cách chúng tôi chấm điểm sàn", "Weights": "Trọng số",
    "Licence score": "Điểm giấy phép", "Regulator tier": "Hạng cơ quan quản lý",
    "Each further current licence: +%(points)s.": "Mỗi giấy phép còn hiệu lực khác: +%(points)s.",
    "A licence that expires within %(days)s days counts for half.": "Giấy phép sẽ hết hạn trong vòng %(days)s ngày chỉ được tính một nửa.",
    "Expired, suspended, revoked and clone licences give no points.": "Giấy phép hết hạn, bị đình chỉ, bị thu hồi hoặc giả mạo không được tính điểm.",
    "Automatic warnings": "Cảnh báo tự động", "Tier": "Hạng", "Brokers it licenses": "Các sàn được cấp phép",
    "No broker on record.": "Chưa có sàn nào trong hồ sơ.", "No licence": "Không có giấy phép",
    "Licence expired": "Giấy phép hết hạn", "No current licence (unlicensed)": "Không có giấy phép còn hiệu lực (không phép)",
    "Possible clone: check the domain": "Có thể là sàn giả mạo: kiểm tra tên miền",
    "Flagged by a regulator": "Bị cơ quan quản lý cảnh báo",
    "At least one of this broker's licences has passed its expiry date.": "Ít nhất một giấy phép của sàn này đã quá hạn.",
    "None of this broker's licences is active and unexpired.": "Sàn này không có giấy phép nào còn hiệu lực và chưa hết hạn.",
    "A regulator has published a warning about one of its licences.": "Một cơ quan quản lý đã công bố cảnh báo về một giấy phép của sàn.",
    "investment disclaimer (Vietnamese)": "tuyên bố miễn trừ trách nhiệm (tiếng Việt)",
    "investment disclaimer (English)": "tuyên bố miễn trừ trách nhiệm (tiếng Anh)",
    "Zalo Official Account id": "ID Zalo Official Account",
    "When set, articles show Zalo's official share button.": "Khi được điền, bài viết hiển thị nút chia sẻ chính thức của Zalo.",
    "Disclaimer": "Miễn trừ trách nhiệm", "site settings": "cài đặt trang",
    "Enter a slug made of letters or digits.": "Hãy nhập đường dẫn gồm chữ cái hoặc chữ số.",
    "“%(slug)s” is reserved for a page of the site; choose another slug.": "“%(slug)s” đã được dành cho một trang của hệ thống; hãy chọn đường dẫn khác.",
    "hide from search engines": "ẩn khỏi công cụ tìm kiếm",
    "Adds “noindex” for search engines; the page stays visible to readers.": "Thêm “noindex” cho công cụ tìm kiếm; bạn đọc vẫn xem được trang.",
    "introduction": "giới thiệu", "home page": "trang chủ", "alternative text": "văn bản thay thế",
    "Describes the image for readers who cannot see it.": "Mô tả hình ảnh cho bạn đọc không xem được ảnh.",
    "credit": "nguồn ảnh", "source": "nguồn", "quote": "trích dẫn", "speaker": "người phát biểu",
    "role": "chức vụ", "organisation": "tổ chức", "image": "hình ảnh", "caption": "chú thích", "title": "tiêu đề",
    "For example “Conclusion” or “Key takeaways”.": "Ví dụ “Kết luận” hoặc “Điểm chính”.",
    "text": "nội dung", "heading": "tiêu đề phụ", "paragraph": "đoạn văn", "table": "bảng",
    "conclusion / key takeaways": "kết luận / điểm chính", "News": "Tin tức", "Knowledge": "Kiến thức",
    "hub": "chuyên trang", "description": "mô tả", "order": "thứ tự", "section": "chuyên mục",
    "sections": "chuyên mục", "tag": "thẻ", "tags": "thẻ",
    "The name needs at least one letter or digit.": "Tên cần có ít nhất một chữ cái hoặc chữ số.",
    "article hub": "chuyên trang bài viết", "The slug of a hub cannot be changed.": "Không thể đổi đường dẫn của chuyên trang.",
    "lead": "sapo", "One or two sentences.": "Một hoặc hai câu.", "hero image": "ảnh đại diện",
    "hero caption": "chú thích ảnh đại diện", "hero credit": "nguồn ảnh đại diện",
    "Leave empty to use the image's own credit.": "Để trống để dùng nguồn ghi trên ảnh.",
    "body": "nội dung", "pinned (hot)": "ghim (tin nóng)",
    "Shown first on the home page and hub.": "Hiển thị đầu tiên trên trang chủ và chuyên trang.",
    "publication date": "ngày đăng", "Shown to readers; set automatically at the first publication.": "Hiển thị cho bạn đọc; tự động điền ở lần xuất bản đầu tiên.",
    "Set when a published article changes in substance.": "Điền khi bài đã đăng được sửa đổi đáng kể.",
    "Hero image": "Ảnh đại diện", "Authors": "Tác giả", "Tags": "Thẻ", "Classification": "Phân loại",
    "article": "bài viết", "Choose the section this article belongs to.": "Hãy chọn chuyên mục của bài viết.",
    "This section belongs to another hub.": "Chuyên mục này thuộc chuyên trang khác.", "author": "tác giả",
    "author list": "danh sách tác giả", "photo": "ảnh", "biography": "tiểu sử", "public e-mail": "e-mail công khai",
    "Newsroom": "Tòa soạn", "link in the footer": "liên kết ở chân trang", "standard page": "trang thông tin",
    "Page not found": "Không tìm thấy trang",
    "The page you asked for does not exist or has been removed.": "Trang bạn yêu cầu không tồn tại hoặc đã bị gỡ bỏ.",
    "Back to the home page": "Về trang chủ", "Skip to main content": "Chuyển đến nội dung chính",
    "Photo:": "Ảnh:", "Breadcrumb": "Đường dẫn", "Hot": "Nóng", "Investment disclaimer": "Miễn trừ trách nhiệm đầu tư",
    "Policies and information": "Chính sách và thông tin", "Info Finance home page": "Trang chủ Info Finance",
    "Search the site": "Tìm kiếm trên trang", "Search news…": "Tìm tin tức…", "Search": "Tìm kiếm",
    "Sections": "Chuyên mục", "Newer": "Mới hơn", "Older": "Cũ hơn", "Share": "Chia sẻ",
    "More apps (Zalo…)": "Ứng dụng khác (Zalo…)", "Copy link": "Sao chép liên kết", "Link copied": "Đã sao chép liên kết",
    "Could not copy; select the address bar instead": "Không sao chép được; hãy chọn thanh địa chỉ",
    "Investor protection and financial news": "Bảo vệ nhà đầu tư và tin tức tài chính",
    "Hot stories": "Tin nóng", "Latest news": "Tin mới nhất", "Latest": "Mới nhất", "No articles yet.": "Chưa có bài viết.",
    "Articles": "Bài viết", "By": "Bởi", "Updated": "Cập nhật", "Related articles": "Bài viết liên quan",
    "Last updated:": "Cập nhật lần cuối:", "Search: %(query)s": "Tìm kiếm: %(query)s", "Search for": "Từ khóa",
    "Results": "Kết quả", "No results for “%(query)s”.": "Không có kết quả cho “%(query)s”.",
    "Investor protection, broker checks and financial news in Vietnamese and English.": "Bảo vệ nhà đầu tư, tra cứu sàn và tin tức tài chính bằng tiếng Việt và tiếng Anh.",
    "Look up a forex or CFD broker before you send money: its regulators, licences, warnings and transparent score.": "Tra cứu sàn forex, CFD trước khi chuyển tiền: cơ quan quản lý, giấy phép, cảnh báo và điểm số minh bạch.",
    "The broker's website is not among the domains its regulators approved: the site may be a clone of a licensed firm.": "Trang web của sàn không nằm trong các tên miền được cơ quan quản lý phê duyệt: đó có thể là trang giả mạo một công ty được cấp phép.",
    "Every broker gets five scores from 0 to 10 and a total. The licence score is computed from the broker's licences; the other four are set by our analysts, each with a written justification shown on the broker's page.": "Mỗi sàn có năm điểm thành phần từ 0 đến 10 và một tổng điểm. Điểm giấy phép được tính tự động từ các giấy phép của sàn; bốn điểm còn lại do nhóm phân tích chấm, kèm lý giải bằng văn bản hiển thị trên trang của sàn.",
    "Total = the sum of each score multiplied by its weight, rounded to two decimals.": "Tổng điểm = tổng của từng điểm nhân với trọng số, làm tròn hai chữ số thập phân.",
    "Only current licences count: status active and not past their expiry date. The best current licence gives points by its regulator's tier; each further current licence adds a little, up to 10.": "Chỉ tính giấy phép còn hiệu lực và chưa hết hạn. Giấy phép tốt nhất cho điểm theo hạng của cơ quan quản lý; mỗi giấy phép còn hiệu lực khác cộng thêm một ít, tối đa 10 điểm.",
    "If a regulator has flagged any of the broker's licences, or the broker's website is not a domain its regulators approved, the licence score is at most %(cap)s.": "Nếu cơ quan quản lý đã cảnh báo bất kỳ giấy phép nào của sàn, hoặc trang web của sàn không thuộc tên miền được phê duyệt, điểm giấy phép tối đa là %(cap)s.",
    "Warnings are computed from the data, never set by hand, and are recomputed whenever a licence or a regulator changes and every day as licences expire.": "Cảnh báo được tính từ dữ liệu, không bao giờ đặt bằng tay, và được tính lại mỗi khi giấy phép hoặc cơ quan quản lý thay đổi, cũng như hằng ngày khi giấy phép hết hạn.",
    "%(counter)s broker": "%(counter)s sàn",
}
PLURALS = {"%(counter)s broker": ["%(counter)s sàn"]}


def main():
    from pathlib import Path

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po, write_po

    path = Path(__file__).resolve().parent.parent / "infofinance/locale/vi/LC_MESSAGES/django.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="vi")
    missing = []
    for message in catalog:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key in VI:
            message.string = (VI[key],) if isinstance(message.id, tuple) else VI[key]
            message.flags.discard("fuzzy")
        elif not (message.string if not isinstance(message.string, tuple) else all(message.string)):
            missing.append(key)
    catalog.fuzzy = False
    catalog.locale = "vi"  # writes the Language and Plural-Forms headers
    catalog.project, catalog.version = "Info Finance", "1"
    catalog.language_team = "Info Finance <dev@infofinance.example>"
    catalog.last_translator = "Info Finance <dev@infofinance.example>"
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100)
    with path.with_suffix(".mo").open("wb") as handle:
        write_mo(handle, catalog)
    print(f"{len(missing)} untranslated")
    for key in missing:
        print("  ", key)


if __name__ == "__main__":
    main()
