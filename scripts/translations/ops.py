"""Background work: the worker's bookkeeping and the admin's "Background tasks" page
(infofinance/ops)."""

VI = {
    "worker heartbeat": "tín hiệu hoạt động của tiến trình nền",
    "worker heartbeats": "tín hiệu hoạt động của tiến trình nền",
    "Can see the health of background tasks": "Có thể xem tình trạng của các tác vụ nền",
    "periodic job run": "lần chạy công việc định kỳ",
    "periodic job runs": "các lần chạy công việc định kỳ",
    "The oldest waiting task has waited %(seconds)d seconds (more than %(limit)d).": (
        "Tác vụ chờ lâu nhất đã chờ %(seconds)d giây (quá %(limit)d giây)."
    ),
    "No worker has been heard of recently.": ("Gần đây không có tiến trình nền nào báo hoạt động."),
    "Periodic job %(name)s has never run.": "Công việc định kỳ %(name)s chưa từng chạy.",
    "Periodic job %(name)s has not run for %(minutes)d minutes.": (
        "Công việc định kỳ %(name)s đã %(minutes)d phút không chạy."
    ),
    "The last run of periodic job %(name)s failed.": (
        "Lần chạy gần nhất của công việc định kỳ %(name)s bị lỗi."
    ),
    "Background tasks": "Tác vụ nền",
    "Background work is healthy.": "Các tác vụ nền đang hoạt động bình thường.",
    "Background work needs attention:": "Các tác vụ nền cần được kiểm tra:",
    "Queue": "Hàng đợi",
    "Database": "Cơ sở dữ liệu",
    "Waiting tasks": "Tác vụ đang chờ",
    "Oldest waiting task": "Tác vụ chờ lâu nhất",
    "%(seconds)s seconds ago": "%(seconds)s giây trước",
    "Running tasks": "Tác vụ đang chạy",
    "Failed tasks (last day)": "Tác vụ lỗi (trong ngày qua)",
    "Workers": "Tiến trình nền",
    "last seen": "báo hoạt động lần cuối",
    "Periodic jobs": "Công việc định kỳ",
    "Job": "Công việc",
    "Last run": "Lần chạy gần nhất",
    "Result": "Kết quả",
    "Runs": "Số lần chạy",
    "Failures": "Số lần lỗi",
    "Succeeded": "Thành công",
    "Failed": "Thất bại",
    "Never run": "Chưa từng chạy",
}
