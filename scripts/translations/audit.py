"""Vietnamese for the audit app: both security logs and the count of aggregated refusals."""

VI = {
    "Security logs": "Nhật ký bảo mật",
    "Account security log": "Nhật ký bảo mật tài khoản",
    "attempts": "số lần thử",
    "last attempt": "lần thử gần nhất",
    "Attempts": "Số lần thử",
    "last": "lần cuối",
}
