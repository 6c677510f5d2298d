"""Every sentence the domain emits, in Chinese, keyed by code; shared by the command line and pages."""

from __future__ import annotations

STATUS_LABELS = {
    "done": "已完成",
    "on_track": "进度正常",
    "behind": "进度滞后",
    "off_track": "严重滞后",
    "overdue": "逾期未完成",
    "no_data": "未报送",
}

KIND_LABELS = {
    "cumulative": "累计数",
    "count": "时点数",
    "rate": "比率",
    "milestone": "节点任务",
    "recurring": "年度常规任务",
}

COMPARATOR_LABELS = {"ge": "不低于", "le": "不高于", "range": "区间"}

APP_NAME = "质量强市目标进度看板"
DEMO_LABEL = "示例数据"
UNCERTAIN_LABEL = "存疑"

METHOD = (
    "状态计算方法：序时进度按文件给出的年度节点（无节点时按起止日期线性）计算截至统计日应完成的数；"
    "进度比 =（实际 − 基数）÷（应完成 − 基数）。达到目标为“已完成”；截止日期已过仍未达到为“逾期未完成”；"
    "否则进度比 ≥ {on_track:.0%} 为“进度正常”，{behind:.0%}–{on_track:.0%} 为“进度滞后”，"
    "低于 {behind:.0%} 为“严重滞后”；统计日前没有任何报送为“未报送”。比率类指标比较最新值与目标值；"
    "节点任务按期完成与否；年度常规任务每年到期，往年未完成即为逾期。预测按最近 {window} 个月的速度推算达标日期。"
)

MESSAGES = {
    # definitions
    "definition_unreadable": "目标定义文件 {file} 无法读取：{problem}",
    "definition_invalid": "目标定义文件 {file} 中指标 {target} 的字段 {field} 有误：{problem}",
    # store / command line
    "upload_not_found": "找不到编号为 {upload} 的上报记录。",
    "target_not_found": "找不到指标 {target}。",
    "region_not_found": "找不到地区 {region}。",
    "bad_date_argument": "日期 {value} 无法识别，请使用 2024-06-30 这样的格式。",
    "demo_loaded": "已载入示例数据（{rows} 行），所有页面均标注“示例数据”。",
    "demo_exists": "示例数据已存在，未重复载入。",
    "demo_removed": "已删除示例数据（{rows} 行）。",
    "demo_blocked": "已有正式上报数据，示例数据不会与正式数据混合，未载入。",
    "reverted": "已撤销第 {upload} 次上报，其替换的旧版本重新生效。",
    # accounts
    "user_created": "已创建账号 {name}（{role}）。",
    "user_exists": "账号 {name} 已存在。",
    "user_unknown": "账号 {name} 不存在。",
    "user_invalid_name": "账号名 {name} 无效：只能使用 1–64 个字母、数字、下划线、点或短横线。",
    "user_invalid_role": "角色 {role} 无效，应为 admin、officer 或 viewer。",
    "user_officer_needs_region": "填报员账号必须用 --region 指定可填报的地区。",
    "user_password_missing": "未提供密码：请设置 TARGETS_PASSWORD 环境变量或在提示时输入。",
    "user_password_short": "密码太短，至少需要 8 个字符。",
    "user_disabled": "账号 {name} 已停用。",
    "user_password_changed": "已修改账号 {name} 的密码。",
    "user_not_allowed": "账号 {name} 无权执行此操作。",
    "region_not_allowed": "账号 {name} 无权填报地区 {region}（第 {row} 行），整个文件未导入。",
    "password_prompt": "密码：",
    "login_failed": "账号或密码错误。",
    "login_locked": "连续登录失败次数过多，账号已锁定，请 {minutes} 分钟后再试。",
    "session_expired": "登录已过期，请重新登录。",
    # pages: upload / history / admin (ui.actions)
    "user_disabled_done": "已停用账号 {name}。",
    "user_enabled": "已启用账号 {name}。",
    "user_self_disable": "不能停用当前登录的账号 {name}。",
    "revert_not_allowed": "账号 {name} 只能撤销本人的上报（第 {upload} 次上报不是本人提交的）。",
    "revert_source": "第 {upload} 次上报不是填报员上报的数据，不能在这里撤销。",
    "upload_needs_reporter": "账号 {name} 是查看者，不能上报数据。",
}


def render(code: str, **context: object) -> str:
    """The sentence for `code`, filled with `context`."""
    template = MESSAGES.get(code)
    if template is None:
        return code
    try:
        return template.format(**context)
    except (KeyError, IndexError, ValueError):
        return template


def method_text(on_track: float, behind: float, window: int) -> str:
    """The status method in plain words, with the thresholds in force."""
    return METHOD.format(on_track=on_track, behind=behind, window=window)


def _num(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{value:,.0f}" if abs(value - round(value)) < 1e-9 or abs(value) >= 100 else f"{value:,.1f}"
    return f"{text}{unit}"


def explain(row: dict, unit: str, kind: str, target: float) -> str:
    """One line in words and numbers: expected (序时进度), actual, completion, pace still required."""
    status = row["status"]
    label = STATUS_LABELS[status]
    if status == "no_data":
        return f"{label}：截至 {row['as_of']} 尚无报送。"
    actual = _num(row["actual"], unit)
    if kind == "milestone":
        return f"{label}：节点任务截止 {row.get('deadline', '')}，目前{'已' if row['actual'] else '未'}完成。"
    if kind == "recurring":
        return f"{label}：{row['period']} 年度应完成 {_num(target, unit)}，已完成 {actual}。"
    parts = [f"{label}："]
    if row["expected"] is not None and kind != "rate":
        share = row["expected"] / target if target else 0
        parts.append(f"应完成{_num(row['expected'], unit)}（序时进度{share:.0%}），")
    parts.append(f"实际{actual}")
    if row.get("pace") is not None:
        parts.append(f"，完成率{row['pace']:.0%}")
    if row["completion"] is not None:
        parts.append(f"（占目标{row['completion']:.0%}）")
    if row.get("required_monthly") is not None and status not in ("done", "overdue"):
        parts.append(f"，此后需每月{_num(row['required_monthly'], unit)}")
    if row.get("forecast_date") and status not in ("done",):
        parts.append(f"，按近期速度预计 {row['forecast_date']} 达标")
    return "".join(parts) + "。"
