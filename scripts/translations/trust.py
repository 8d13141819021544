"""Vietnamese for the sign-in trust guards (infofinance/accounts/verification.py and its page)."""

VI = {
    "Verify your e-mail address first": "Hãy xác minh địa chỉ e-mail trước",
    "To file a complaint or publish a review, verify your e-mail address %(email)s: open the link in the e-mail we sent you.": "Để gửi khiếu nại hoặc đăng đánh giá, hãy xác minh địa chỉ e-mail %(email)s của bạn: mở đường liên kết trong e-mail chúng tôi đã gửi cho bạn.",
    "Send the verification e-mail again": "Gửi lại e-mail xác minh",
    "To file a complaint or publish a review, add an e-mail address to your account and verify it.": "Để gửi khiếu nại hoặc đăng đánh giá, hãy thêm một địa chỉ e-mail vào tài khoản và xác minh địa chỉ đó.",
    "Manage your e-mail addresses": "Quản lý địa chỉ e-mail",
}
