"""UI-only Chinese labels (titles, buttons, help). Sentences shared with the CLI live in targets.messages."""

from __future__ import annotations

APP_TITLE = "质量强市目标进度看板"

PAGE_TITLES = {
    "overview": "总览",
    "map": "地图",
    "burndown": "燃尽图",
    "targets": "指标",
    "whatif": "推演",
    "upload": "上报",
    "history": "上报记录",
    "allocations": "任务分解",
    "admin": "账号与审计",
    "login": "登录",
}

LABELS = {
    "plan": "规划文件",
    "category": "类别",
    "lead": "牵头单位",
    "region": "地区",
    "status": "状态",
    "as_of": "统计日期",
    "hide_uncertain": "不含存疑指标",
    "projector": "投影模式",
    "filters": "筛选",
    "all": "全部",
    "target": "指标",
    "unit": "单位",
    "actual": "实际",
    "expected": "应完成",
    "completion": "完成度",
    "pace": "完成率",
    "forecast_date": "预计达标",
    "deadline": "截止日期",
    "explanation": "说明",
    "logged_in_as": "当前用户：{name}（{role}）",
    "anonymous": "未登录（只读）",
    "login": "登录",
    "logout": "退出登录",
    "username": "账号",
    "password": "密码",
    "download_excel": "下载表格（Excel）",
    "download_png": "下载图（PNG）",
    "download_svg": "下载图（SVG）",
    "demo_banner": "当前显示的是示例数据（示例数据），仅供演示；正式上报后将自动替换。",
    "method": "状态计算方法",
    "uncertain_mark": "存疑",
    "no_rows": "当前筛选条件下没有数据。",
}

ROLE_LABELS = {"admin": "管理员", "officer": "填报员", "viewer": "查看者"}


def t(key: str, **kw: object) -> str:
    """The label for `key`, formatted with `kw`."""
    text = LABELS.get(key, key)
    return text.format(**kw) if kw else text
