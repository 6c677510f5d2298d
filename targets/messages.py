"""Every sentence the domain emits, in Chinese, keyed by code; shared by the command line and pages."""

from __future__ import annotations

import pandas as pd

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
    "target_field_not_editable": "指标的这些字段不能在这里修改：{field}。",
    "target_deadline_before_start": "指标 {target} 的截止日期早于开始日期。",
    "target_due_invalid": "指标 {target} 的每年到期日 {due} 无效，应为“月-日”，例如 09-30。",
    "target_edited": "已更新指标 {target}。",
    "bad_arguments": "命令参数有误：{problem}。用法见 python -m targets --help。",
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
    # workbook
    "issue_where_sheet": "工作表“{sheet}”：",
    "issue_where_row": "工作表“{sheet}”第 {row} 行：",
    "issue_where_cell": "工作表“{sheet}”第 {row} 行“{column}”：",
    "issue_found": "找到“{value}”，应为{expected}。",
    "issue_found_blank": "该格为空，应为{expected}。",
    "missing_headers": "找不到表头行（前 10 行中没有同时包含全部必填列名的一行）。",
    "partly_filled": "这一行只填了一部分，必填的格子不能空着。",
    "unknown_target": "没有这个指标编号。",
    "unknown_region": "无法识别这个地区。",
    "region_not_tracked": "这个地区不在该指标所属规划的范围内。",
    "region_mismatch": "地区代码与地区名称指的不是同一个地区。",
    "bad_date": "截止日期无法识别。",
    "date_in_future": "截止日期晚于今天。",
    "date_before_start": "截止日期早于该指标的起始日期。",
    "not_a_number": "不是有效的数值。",
    "negative_value": "数值不能为负数。",
    "bad_milestone": "节点任务只能填写是否完成。",
    "formula_without_value": "这是一个没有保存计算结果的公式（请在 Excel 或 WPS 中打开后保存一次，或直接填写数值）。",
    "conflicting_duplicate": "同一指标、地区和截止日期出现了两行，数值不同。",
    "value_decreased": "累计值低于该地区此前报送的值。",
    "above_allocation": "数值超过该地区任务分解值的警戒倍数。",
    "no_rows": "文件中没有需要导入的数据行。",
    "region_forbidden": "当前账号无权填报这个地区，整个文件未导入。",
    "expect_headers": "表头包含：{headers}",
    "expect_complete_row": "同时填写指标编号、地区代码或地区、截止日期、累计完成值（整行不填则会被跳过）",
    "expect_target": "模板“指标编号”列中的编号（可在“指标”页查到）",
    "expect_region": "{region}范围内地区的 6 位代码或名称（如 220100、长春市、长春）",
    "expect_region_in_plan": "{region}范围内的地区",
    "expect_region_match": "与地区代码一致的地区名称（{region}）",
    "expect_date": "日期，如 2024-06-30、2024/6/30、2024.6.30、2024年6月30日，或月份 2024-06、2024年6月",
    "expect_not_after": "不晚于今天（{today}）的日期",
    "expect_not_before": "不早于该指标起始日期 {start} 的日期",
    "expect_number": "不小于 0 的数值（可带单位“{unit}”）",
    "expect_rate": "百分比数值，如 92.5 或 92.5%",
    "expect_milestone": "是、否、已完成或未完成",
    "expect_cached_value": "数值（公式需保存计算结果）",
    "expect_same_as_row": "与第 {row} 行相同的值 {value}，或删除其中一行",
    "expect_not_below": "不低于 {date} 报送的 {previous}（如确实下降，请确认后导入）",
    "expect_within_allocation": "不超过任务分解值 {allocation} 的 {factor} 倍（{limit}），请核对单位和数值",
    "expect_own_regions": "账号 {user} 可填报的地区：{regions}",
    "expect_share": "不小于 0 的分解值",
    "legacy_xls": "文件 {file} 是旧版 .xls 格式，请在 Excel 或 WPS 中“另存为” .xlsx 后再上传。",
    "wps_et": "文件 {file} 是 WPS 表格 .et 格式，请在 WPS 中“另存为” .xlsx 后再上传。",
    "csv_file": "文件 {file} 是 CSV 文本，请在 Excel 或 WPS 中“另存为” .xlsx 后再上传。",
    "xlsb_file": "文件 {file} 是 .xlsb 二进制格式，请“另存为” .xlsx 后再上传。",
    "ods_file": "文件 {file} 是 .ods 格式，请“另存为” .xlsx 后再上传。",
    "ole2_file": (
        "文件 {file} 是旧版 .xls/.et 文件，或是设置了打开密码的加密工作簿："
        "请取消密码并“另存为” .xlsx 后再上传。"
    ),
    "not_xlsx": "文件 {file} 不是 .xlsx 工作簿，请在 Excel 或 WPS 中“另存为” .xlsx 后再上传。",
    "workbook_corrupt": "文件 {file} 已损坏或不是有效的 .xlsx 工作簿，无法读取。",
    "file_too_large": "文件 {file} 有 {size} MB，超过上限 {limit} MB，请拆分后再上传。",
    "zip_bomb": "文件 {file} 解压后会超过 {limit} MB（疑似压缩炸弹），已拒绝读取。",
    "too_many_rows": "文件 {file} 的数据行超过 {limit} 行，请拆分后再上传。",
    "no_sheet": "文件 {file} 中没有可见的工作表。",
    "upload_invalid": "文件有 {count} 处错误，未导入任何数据。",
    "upload_forbidden": "账号 {name} 无权填报文件中的部分地区，整个文件未导入。",
    "upload_warnings": "文件有 {count} 条警告，确认无误后才能导入（命令行请加 --accept-warnings）。",
    "upload_empty": "文件中没有需要导入的数据行，未导入。",
    "upload_committed": "已导入 {rows} 行（上报编号 {upload}）。",
    "upload_valid": "文件有效：{rows} 行可导入（新增 {new}，修改 {changed}，未变 {unchanged}）。",
    "allocations_committed": "已导入任务分解 {rows} 行（上报编号 {upload}）。",
    "file_written": "已写出 {file}。",
    "file_unreadable": "无法读取文件 {file}。",
    "file_unwritable": "无法写入文件 {file}。",
    "template_title": "{region}质量强市目标进展填报表",
    "template_hint": (
        "黄色为填报区：每行填写截止日期和累计完成值；同一指标需报多个日期时，复制该行到下方空白行。"
        "带 * 的列为必填。"
    ),
    "template_pick_from_list": "请从下拉列表中选择。",
    "template_help": (
        "填报说明（模板版本 {version}，地区：{region} {region_code}，生成日期：{today}）\n"
        "1. 在“进展填报”工作表中，每一行报送一个指标在一个地区截至某日期的累计完成值。\n"
        "2. 必填列：指标编号、地区代码或地区（两者都填时必须一致）、截止日期、累计完成值；“说明”可填依据或原因。\n"
        "3. 截止日期可写 2024-06-30、2024/6/30、2024.6.30、2024年6月30日，"
        "只写月份（2024-06、2024年6月）表示该月最后一天；不能晚于今天，也不能早于指标起始日期。\n"
        "4. 累计完成值填截至该日期的累计数，可带该指标的单位（如 12户）；"
        "比率类指标填百分数（92.5 或 92.5%）；节点任务填 是/否/已完成/未完成。\n"
        "5. 只填了指标和地区、没有填截止日期和累计完成值的行视为未填报，不会导入；整行空白也会跳过。\n"
        "6. 同一指标、地区、日期再次报送会生成新版本，旧版本保留在历史中，可以撤销。\n"
        "7. 累计值低于上次报送值、或超过任务分解值 10 倍时会提示警告，确认后才会导入。\n"
        "8. 请保存为 .xlsx 格式（不要另存为 .xls、.et 或 .csv），不要设置打开密码；文件不超过 10 MB、5 万行。\n"
        "9. “上次填报日期”“上次填报值”“任务分解值”等列仅供参考，导入时不读取。"
    ),

    # -- accounts and permissions --

    # -- workbook reading and hostile files --
    "sheet_too_large": (
        "文件 {file} 的工作表“{sheet}”延伸到第 {rows} 行、第 {columns} 列，超出可读取的范围"
        "（最多 {max_rows} 行、{max_columns} 列，且行数×列数不超过 {max_cells}），已拒绝读取，未保存任何数据。"
        "请删除多余的空行和空列后再上传；如果文件不是手工制作的，它可能是恶意构造的。"
    ),
    "xml_forbidden": (
        "文件 {file} 含有 XML 文档类型或实体声明（Excel 和 WPS 不会写入这些内容，疑似恶意文件），已拒绝读取。"
    ),
    "workbook_reader_failed": (
        "无法读取该文件 {file}：读取时超出了内存（{memory} MB）或时间（{seconds} 秒）上限，或读取程序意外退出。"
        "文件可能已损坏或是恶意构造的，未保存任何数据。"
    ),
    "cell_text_too_long": "文件 {file} 中有单元格超过 {limit} 个字符（Excel 单元格的上限），无法读取，请检查后再上传。",

    # -- store, versions and concurrency --

    # -- settings, dates and tooling --

    # -- pages, URL values and views --

    # -- the documents: facts, inferences, duties' regions --

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


def number(value: float | None, unit: str = "") -> str:
    """A figure for people: whole at one decimal (or 100 and above) plain, else one decimal; '—' if unknown."""
    if value is None or pd.isna(value):
        return "—"
    text = f"{value:,.0f}" if abs(value - round(value)) < 0.05 or abs(value) >= 100 else f"{value:,.1f}"
    return f"{text}{unit}"


def explain(row: dict, unit: str, kind: str, target: float) -> str:
    """One line in words and numbers: expected (序时进度), actual, completion, pace still required."""
    status = row["status"]
    label = STATUS_LABELS[status]
    if status == "no_data":
        return f"{label}：截至 {row['as_of']} 尚无报送。"
    actual = number(row["actual"], unit)
    if kind == "milestone":
        return f"{label}：节点任务截止 {row.get('deadline', '')}，目前{'已' if row['actual'] else '未'}完成。"
    if kind == "recurring":
        return f"{label}：{row['period']} 年度应完成 {number(target, unit)}，已完成 {actual}。"
    parts = [f"{label}："]
    if row["expected"] is not None and kind != "rate":
        share = row["expected"] / target if target else 0
        parts.append(f"应完成{number(row['expected'], unit)}（序时进度{share:.0%}），")
    parts.append(f"实际{actual}")
    if row.get("pace") is not None:
        parts.append(f"，完成率{row['pace']:.0%}")
    if row["completion"] is not None:
        parts.append(f"（占目标{row['completion']:.0%}）")
    if row.get("required_monthly") is not None and status not in ("done", "overdue"):
        parts.append(f"，此后需每月{number(row['required_monthly'], unit)}")
    if row.get("forecast_date") and status not in ("done",):
        parts.append(f"，按近期速度预计 {row['forecast_date']} 达标")
    return "".join(parts) + "。"
