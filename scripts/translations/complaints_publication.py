"""Vietnamese for publishing complaints (consent to publication, staff-written public texts, the
personal-data check, retired addresses), review authors, and the complaint centre's limits."""

VI = {
    # Consent to publication
    "I also agree that Info Finance may publish this complaint, written by its staff without my name, contact details or evidence, and showing only my initials. I can withdraw this consent at any time from the page of my complaint; the complaint is then unpublished at once.": "Tôi cũng đồng ý để Info Finance công bố khiếu nại này, do nhân viên của Info Finance viết lại, không kèm tên, thông tin liên hệ hay bằng chứng của tôi và chỉ hiển thị tên viết tắt của tôi. Tôi có thể rút lại sự đồng ý này bất cứ lúc nào trên trang khiếu nại của mình; khi đó khiếu nại sẽ bị gỡ khỏi trang công khai ngay lập tức.",
    "Optional: without it, your complaint is handled but never published.": "Không bắt buộc: nếu không đồng ý, khiếu nại của bạn vẫn được xử lý nhưng không bao giờ được công bố.",
    "For our staff only. If you agree to publication, staff write the public title and text themselves, without your personal details.": "Chỉ dành cho nhân viên của chúng tôi. Nếu bạn đồng ý công bố, nhân viên sẽ tự viết tiêu đề và nội dung công khai, không kèm thông tin cá nhân của bạn.",
    "consent to publication given": "đồng ý công bố lúc",
    "consent to publication: wording": "đồng ý công bố: nội dung đã hiển thị",
    "consent to publication withdrawn": "rút lại đồng ý công bố lúc",
    "held for review": "tạm giữ để kiểm tra",
    "public title (Vietnamese)": "tiêu đề công khai (tiếng Việt)",
    "public title (English)": "tiêu đề công khai (tiếng Anh)",
    "public text (Vietnamese)": "nội dung công khai (tiếng Việt)",
    "public text (English)": "nội dung công khai (tiếng Anh)",
    "retired public address": "địa chỉ công khai đã gỡ bỏ",
    "retired public addresses": "địa chỉ công khai đã gỡ bỏ",
    "You agreed on %(when)s that staff may publish this complaint, without your name, contact details or evidence.": "Ngày %(when)s bạn đã đồng ý để nhân viên công bố khiếu nại này, không kèm tên, thông tin liên hệ hay bằng chứng của bạn.",
    "It is published now.": "Khiếu nại hiện đang được công bố.",
    "Withdraw my consent to publication": "Rút lại sự đồng ý công bố",
    "You have not agreed to publication: this complaint is never published.": "Bạn chưa đồng ý công bố: khiếu nại này sẽ không bao giờ được công bố.",
    "I agree to publication": "Tôi đồng ý công bố",
    "You withdrew your consent: the complaint is no longer published.": "Bạn đã rút lại sự đồng ý: khiếu nại không còn được công bố.",
    "Thank you: staff may publish this complaint, without your personal details.": "Cảm ơn bạn: nhân viên có thể công bố khiếu nại này, không kèm thông tin cá nhân của bạn.",
    "You have not agreed to the publication of this complaint.": "Bạn chưa đồng ý công bố khiếu nại này.",
    "This complaint is no longer here": "Khiếu nại này không còn ở đây",
    "This address has been removed for good, to protect the privacy of the person who sent the complaint.": "Địa chỉ này đã bị gỡ bỏ vĩnh viễn để bảo vệ quyền riêng tư của người gửi khiếu nại.",
    "See the published complaints": "Xem các khiếu nại đã công bố",
    # Staff: publication and the personal-data check
    "Public title (Vietnamese; the address comes from it)": "Tiêu đề công khai (tiếng Việt; địa chỉ trang được tạo từ tiêu đề này)",
    "Public text (Vietnamese; remove every personal detail)": "Nội dung công khai (tiếng Việt; xóa mọi thông tin cá nhân)",
    "Public title (English, optional)": "Tiêu đề công khai (tiếng Anh, không bắt buộc)",
    "Public text (English, optional)": "Nội dung công khai (tiếng Anh, không bắt buộc)",
    "The complainant has not agreed to publication (or withdrew their consent).": "Người khiếu nại chưa đồng ý công bố (hoặc đã rút lại sự đồng ý).",
    "Write the public title and text in Vietnamese before publishing.": "Hãy viết tiêu đề và nội dung công khai bằng tiếng Việt trước khi công bố.",
    "This complaint is held: release it before publishing.": "Khiếu nại này đang bị tạm giữ: hãy mở tạm giữ trước khi công bố.",
    "Personal details may remain in the public title or text. Remove each one, or tick it to confirm that it may be published.": "Tiêu đề hoặc nội dung công khai có thể còn thông tin cá nhân. Hãy xóa từng mục, hoặc đánh dấu để xác nhận mục đó được phép công bố.",
    "Personal details found in the public title or text": "Thông tin cá nhân tìm thấy trong tiêu đề hoặc nội dung công khai",
    "Remove each one from the text, or tick it to confirm that it may be published.": "Hãy xóa từng mục khỏi nội dung, hoặc đánh dấu để xác nhận mục đó được phép công bố.",
    "e-mail address": "địa chỉ e-mail",
    "phone number": "số điện thoại",
    "bank or trading account number": "số tài khoản ngân hàng hoặc tài khoản giao dịch",
    "ID number (CCCD/CMND)": "số giấy tờ tùy thân (CCCD/CMND)",
    "the complainant's name": "tên người khiếu nại",
    "Consent to publication": "Đồng ý công bố",
    "given": "đã đồng ý",
    "withdrawn": "đã rút lại",
    "not given: this complaint cannot be published": "chưa đồng ý: không thể công bố khiếu nại này",
    # Held complaints
    "Held: sent by an account younger than a day while the hourly cap on such complaints was reached. Check it before working on it.": "Tạm giữ: được gửi từ một tài khoản mới tạo chưa đầy một ngày khi số khiếu nại như vậy trong giờ đã vượt mức giới hạn. Hãy kiểm tra trước khi xử lý.",
    "Release": "Mở tạm giữ",
    "The complaint is released.": "Đã mở tạm giữ khiếu nại.",
    "This complaint is not held.": "Khiếu nại này không bị tạm giữ.",
    "Released: the complaint was held by the cap on complaints from new accounts.": "Đã mở tạm giữ: khiếu nại bị giữ do giới hạn khiếu nại từ tài khoản mới.",
    "held": "tạm giữ",
    "See them": "Xem các khiếu nại này",
    "Complaints held: many new accounts are sending complaints": "Khiếu nại bị tạm giữ: nhiều tài khoản mới đang gửi khiếu nại",
    "More than %(cap)s complaints came in within an hour from accounts younger than a day. New ones are held until staff release them: %(count)s held now. Review them in the complaint queue: %(url)s": "Trong một giờ có hơn %(cap)s khiếu nại được gửi từ các tài khoản mới tạo chưa đầy một ngày. Các khiếu nại mới sẽ bị tạm giữ cho đến khi nhân viên mở tạm giữ: hiện có %(count)s khiếu nại bị giữ. Xem chúng trong danh sách khiếu nại: %(url)s",
    # Limits
    "Daily limit reached": "Đã đạt giới hạn trong ngày",
    "You have reached today's limit of new complaints. Nothing was saved: try again tomorrow, or write to us if the matter cannot wait.": "Bạn đã đạt giới hạn số khiếu nại mới trong hôm nay. Chưa có gì được lưu: hãy thử lại vào ngày mai, hoặc viết thư cho chúng tôi nếu việc không thể chờ.",
    "You have reached today's limit of new reviews. Nothing was saved: try again tomorrow.": "Bạn đã đạt giới hạn số đánh giá mới trong hôm nay. Chưa có gì được lưu: hãy thử lại vào ngày mai.",
    "You have reached today's limit on the size of evidence files. Nothing was saved: try again tomorrow with these files, or send fewer or smaller ones.": "Bạn đã đạt giới hạn dung lượng tệp bằng chứng trong hôm nay. Chưa có gì được lưu: hãy gửi lại các tệp này vào ngày mai, hoặc gửi ít tệp hơn hay tệp nhỏ hơn.",
    # The one-time form token
    "This form cannot be sent from your account: it was opened in another one. Open the form again and send it.": "Không thể gửi biểu mẫu này từ tài khoản của bạn: biểu mẫu đã được mở trong một tài khoản khác. Hãy mở lại biểu mẫu và gửi.",
    # Reviews' authors
    "name shown": "tên hiển thị",
    "Name shown with your review (optional)": "Tên hiển thị kèm đánh giá của bạn (không bắt buộc)",
    "Leave it empty to show only your initials. Choose a pseudonym rather than your name: your complaints are also shown with your initials.": "Để trống nếu chỉ muốn hiển thị tên viết tắt của bạn. Hãy chọn một bút danh thay vì tên thật: các khiếu nại của bạn cũng được hiển thị bằng tên viết tắt.",
    "This is your own name: it would show who you are. Leave the field empty (your initials are shown) or choose a pseudonym.": "Đây là tên của chính bạn: nó sẽ cho biết bạn là ai. Hãy để trống (tên viết tắt của bạn sẽ được hiển thị) hoặc chọn một bút danh.",
}

PLURALS = {
    "%(counter)s complaint is held by the cap on complaints from new accounts.": [
        "%(counter)s khiếu nại đang bị tạm giữ do giới hạn khiếu nại từ tài khoản mới."
    ],
}
