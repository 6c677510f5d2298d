"""Every sentence the domain emits, in Chinese, keyed by code; shared by the command line and pages."""

from __future__ import annotations

import math
from typing import Any

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
NUMERALS = "一二三四五六七八九十"  # section numbers of a brief (一、 (一))
WORD_FONTS = {"body": "宋体", "heading": "黑体"}  # East Asian font names a Word brief asks for

# accounts: the three roles and what each may do (README ## 账号, `user --help`, the login page)
ROLE_LABELS = {"admin": "管理员", "officer": "填报员", "viewer": "查看者"}
ROLE_DUTIES = {
    "admin": (
        "（领导小组办公室）上报所有地区的进展，撤销任何上报，修改指标，导入任务分解表，管理账号，载入或删除示例数据"
    ),
    "officer": "（市州）上报本人负责的地区及其下级地区的进展、报送督办事项，撤销本人在这些地区的上报",
    "viewer": "（只读）浏览看板和佐证材料，不能做任何修改",
}

# the command line's own words: argparse's messages, help headings, and the help of every command and option
CLI_WORDS = {
    "usage": "用法：",
    "positionals": "位置参数",
    "options": "选项",
    "commands": "命令",
    "help": "显示本帮助并退出",
    "required": "缺少必填参数 {args}",
    "one_required": "参数 {args} 必须给出其中一个",
    "unrecognized": "无法识别的参数 {args}",
    "argument": "参数 {name}：{problem}",
    "invalid_choice": "取值 {value} 无效，可选 {choices}",
    "invalid_type": "取值 {value} 无效",
    "expected_one": "需要一个取值",
    "expected_at_most_one": "最多一个取值",
    "expected_at_least_one": "至少需要一个取值",
    "not_allowed_with": "不能与参数 {other} 同时使用",
    "ignored_explicit": "不接受取值 {value}",
    "ambiguous": "选项 {option} 不明确，可能是 {matches}",
    "unexpected_option": "意外的选项 {option}",
    "other": "无法解析：{raw}",
    "roles": "角色（--role）：",
    "disabled": "已停用",
    "password": "密码取自环境变量 TARGETS_PASSWORD，未设置时在终端提示输入（至少 8 个字符）。",
}
CLI_HELP = {
    "": "命令行工具：查询、导入导出、账号管理和督办。每个命令加 -h 查看其参数。",
    "list": "列出所有指标",
    "regions": "列出所有地区",
    "uploads": "列出所有上报记录",
    "status": "每项指标在每个地区的状态",
    "reports": "已存储的进展数据",
    "demo": "载入（load，默认）或删除（remove）示例数据",
    "user": "管理账号（创建、列出、停用、启用、改密码、改角色）",
    "user add": "创建账号",
    "user role": "修改账号的角色与可填报地区",
    "user list": "列出所有账号",
    "user disable": "停用账号",
    "user enable": "重新启用账号",
    "user passwd": "修改账号的密码",
    "revert": "撤销一次上报，其替换的旧版本重新生效",
    "template": "写出某地区预填的进展填报表",
    "validate": "检查一个进展填报表，不导入",
    "import": "检查并导入一个进展填报表",
    "export": "导出全部数据为一个工作簿",
    "allocations": "任务分解表（导出、空白模板、导入）",
    "allocations export": "导出当前的任务分解表",
    "allocations template": "写出空白的任务分解表",
    "allocations import": "导入任务分解表",
    "facts": "文件报告的数据",
    "snapshot": "会议快照（创建、列出）",
    "snapshot create": "把当前状态冻结为一个命名的会议快照",
    "snapshot list": "列出会议快照",
    "brief": "生成会议材料（PDF 或 Word）",
    "duties": "督办事项，每个 事项×地区×年度 一条",
    "chase": "催办清单与督办单",
    "duty": "督办事项的报送、确认、退回、标为不适用、历史和扩展",
    "duty report": "报送一项督办事项已完成",
    "duty confirm": "确认一项已报送的督办事项办结",
    "duty send-back": "退回一项已报送的督办事项",
    "duty exempt": "把一项督办事项标为不适用",
    "duty history": "一项督办事项的办理历史",
    "duty extend": "把按地区的任务扩展到另一个单位",
    "contact": "责任单位的邮箱（设置、列出）",
    "contact set": "设置责任单位的邮箱",
    "contact list": "列出责任单位的邮箱",
    "backup": "备份整个数据库（应用运行时也可以）",
    "restore": "把备份恢复到一个新建的空数据库",
    "db": "数据库结构",
    "db upgrade": "把早期版本建立的数据库升级到当前结构",
}
CLI_ARG_HELP = {
    "json": "以 JSON 输出",
    "as_of": "统计日期，如 2024-06-30（默认取最新一次报送的日期）",
    "snapshot": "使用指定的会议快照",
    "all_versions": "列出每行的所有版本（默认只列最新版本）",
    "action": "load 载入（默认）或 remove 删除示例数据",
    "name": "账号名（字母、数字、下划线、点或短横线）",
    "snapshot create name": "快照名称",
    "role": "角色：admin、officer 或 viewer",
    "region": "可填报的地区代码或名称，可写多个（--region 220100 220200）或重复 --region",
    "template region": "地区代码或名称",
    "duty region": "地区代码",
    "upload_id": "上报编号（见 uploads）",
    "user": "以此账号的身份执行（受其权限约束）",
    "validate user": "同时检查此账号能否填报文件中的地区（无权时退出码 3）",
    "output": "输出文件",
    "file": "工作簿文件",
    "restore file": "备份文件",
    "backup output": "备份文件",
    "duty report file": "佐证材料文件，可写多个",
    "accept_warnings": "有警告时仍然导入",
    "plan": "规划编号（默认全部）",
    "year": "年度",
    "send": "通过配置的内网邮件服务器发送督办单",
    "target": "指标编号",
    "done": "完成日期，如 2024-06-30",
    "note": "说明",
    "reason": "理由",
    "unit": "责任单位",
    "email": "邮箱地址",
}
CLI_METAVARS = {
    "action": "操作", "as_of": "日期", "snapshot": "快照", "role": "角色", "region": "地区", "name": "账号",
    "upload_id": "上报编号", "snapshot create name": "名称",
    "user": "账号", "output": "文件", "file": "文件", "plan": "规划", "year": "年度", "target": "指标",
    "done": "日期", "note": "说明", "reason": "理由", "unit": "单位", "email": "邮箱",
}

REGION_METHOD = (
    "地区状态（地图按状态着色）：数量类指标（累计数、时点数、比率）与节点任务、年度常规任务分开计算。"
    "地区取其数量类指标中最落后一项的状态（全部完成才为“已完成”），完成度取这些指标完成度的平均（每项最多计 100%）；"
    "节点任务和年度任务不参与着色，另行标注逾期项数；所选范围只有这类任务时，取其中最落后一项的状态。"
)

DUTY_STATE_LABELS = {
    "not_due": "未到期",
    "due_soon": "临近到期",
    "submitted": "已报送待核",
    "done_on_time": "按期办结",
    "done_late": "逾期办结",
    "overdue": "逾期未报",
    "not_applicable": "不适用",
}
DUTY_ACTION_LABELS = {"submit": "报送完成", "confirm": "确认办结", "send_back": "退回", "exempt": "标为不适用"}
DUTY_SOURCE_LABELS = {"page": "页面", "cli": "命令行", "workbook": "进展填报表", "document": "文件原文",
                      "demo": "示例数据"}
COLOUR_LABELS = {"red": "红色", "yellow": "黄色", "blue": "蓝色"}
CHASE_TITLES = {"red": "红色督办单", "yellow": "黄色督办单", "blue": "蓝色督办单"}
LIST_SEP = "、"
CHINESE_NUMBERS = ("一", "二", "三", "四")
CHASE_SHEET = "催办清单"
CHASE_HEADERS = ["责任单位", "颜色", "指标编号", "事项", "地区代码", "地区", "到期日", "状态", "天数", "统计日期"]
DUTY_METHOD = (
    "督办事项：每项年度任务每年（节点任务一次）在每个承担地区各为一项，按到期日计算状态：到期前 {days} 天内"
    "（文件给出时间段的，进入该时间段起）为“临近到期”；到期日当天仍为“临近到期”，次日起未报送为“逾期未报”；"
    "报送后为“已报送待核”，办公室确认后按完成日期是否晚于到期日记为“按期办结”或“逾期办结”，退回后重新计算；"
    "文件印发前已到期的年份为“不适用”。按时办结率 = 完成日期不晚于到期日的事项 ÷ 已到期或已完成的事项。"
)

METHOD = (
    "状态计算方法：序时进度按文件给出的年度节点（无节点时按起止日期线性）计算截至统计日应完成的数；"
    "进度比 =（实际 − 基数）÷（应完成 − 基数）。达到目标为“已完成”；截止日期已过仍未达到为“逾期未完成”；"
    "否则进度比 ≥ {on_track:.0%} 为“进度正常”，{behind:.0%}–{on_track:.0%} 为“进度滞后”，"
    "低于 {behind:.0%} 为“严重滞后”；统计日前没有任何报送为“未报送”。比率类指标比较最新值与目标值；"
    "节点任务按期完成与否；年度常规任务每年到期，往年未完成即为逾期。预测按最近 {window} 个月的速度推算达标日期。"
    "完成度 = 实际 ÷ 目标（越低越好的指标为 目标 ÷ 实际）。"
    + REGION_METHOD
)

MESSAGES = {
    # definitions
    "definition_unreadable": "目标定义文件 {file} 无法读取：{problem}",
    "definition_invalid": "目标定义文件 {file} 中指标 {target} 的字段 {field} 有误：{problem}",
    # store / command line
    "upload_not_found": "找不到编号为 {upload} 的上报记录。",
    "store_busy": "正在处理其他上报，请稍候再试。",
    "backup_written": "已备份到 {file}（{rows} 行）。",
    "backup_unwritable": "无法写入备份文件 {file}：{problem}",
    "backup_unreadable": "无法读取备份文件 {file}：它不是本系统的备份，或文件已损坏。",
    "backup_too_new": "备份文件 {file} 来自更新的版本（数据库结构 {revision}），请先升级本系统再恢复。",
    "restore_not_empty": "目标数据库不是空的（表 {table} 已有 {rows} 行数据），为免覆盖，未恢复。"
                         "请恢复到新建的空数据库。",
    "restored": "已从 {file} 恢复（{rows} 行）。",
    "db_upgraded": "数据库结构已是最新版本（{revision}）。",
    "target_not_found": "找不到指标 {target}。",
    "region_not_found": "找不到地区 {region}。",
    "target_field_not_editable": "指标的这些字段不能在这里修改：{field}。",
    "target_deadline_before_start": "指标 {target} 的截止日期早于开始日期。",
    "target_due_invalid": "指标 {target} 的每年到期日 {due} 无效，应为“月-日”，例如 09-30。",
    "target_edited": "已更新指标 {target}。",
    "bad_arguments": "命令参数有误：{problem}。用法见 {prog} --help。",
    "bad_date_argument": "日期 {value} 无法识别，请使用 2024-06-30 这样的格式。",
    "demo_loaded": "已载入示例数据（{rows} 行），所有页面均标注“示例数据”。",
    "demo_exists": "示例数据已存在，未重复载入。",
    "demo_removed": "已删除示例数据（{rows} 行）。",
    "demo_blocked": "已有正式上报数据，示例数据不会与正式数据混合，未载入。",
    "reverted": "已撤销第 {upload} 次上报，其替换的旧版本重新生效。",
    # accounts
    "user_created": "已创建账号 {name}（{role}）。",
    "user_name_missing": "缺少账号名：请写 user add 账号名 --role 角色 [--region 地区 …]。",
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
    "login_failed": (
        "登录失败：账号或密码错误，或账号已停用、暂时锁定（连续失败 {attempts} 次锁定 {minutes} 分钟）。"
        "请稍后再试，或联系管理员。"
    ),
    "session_expired": "登录已过期，请重新登录。",
    "trusted_header_not_from_proxy": (
        "未按请求头 {header} 登录：该请求来自 {peer}，不是配置的反向代理（trusted_proxy：{proxies}），"
        "此请求头只采信来自反向代理的请求。"
    ),
    "trusted_user_unknown": "未登录：反向代理认证的账号 {name} 在本系统中不存在或已停用，请联系管理员开通。",
    # pages: upload / history / admin (ui.actions)
    "user_disabled_done": "已停用账号 {name}。",
    "user_enabled": "已启用账号 {name}。",
    "user_self_disable": "不能停用当前登录的账号 {name}。",
    "revert_not_allowed": "账号 {name} 只能撤销本人的上报（第 {upload} 次上报不是本人提交的）。",
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
    "expect_number_plain": "填写数字（不小于 0）",
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
        "7. 累计值低于上次报送值、或超过任务分解值 {factor:g} 倍时会提示警告，确认后才会导入。\n"
        "8. 请保存为 .xlsx 格式（不要另存为 .xls、.et 或 .csv），不要设置打开密码；"
        "文件不超过 {max_upload_mb} MB、{max_rows:,} 行。\n"
        "9. “上次填报日期”“上次填报值”“任务分解值”等列仅供参考，导入时不读取。"
    ),

    # -- accounts and permissions --
    "login_needed": "请先登录。",
    "may_not_report": "账号 {name} 无权填报地区 {region}：填报员只能填报本人负责的地区及其下级地区，查看者不能填报。",
    "may_not_revert": (
        "账号 {name} 无权撤销第 {upload} 次上报：填报员只能撤销本人在其负责地区的上报，"
        "任务分解表的导入只有管理员可以撤销。"
    ),
    "revert_demo": (
        "第 {upload} 次记录是示例数据，不能逐次撤销：请用“删除示例数据”"
        "（命令行 python -m targets demo remove）一次全部删除。"
    ),
    "revert_document": "第 {upload} 次记录是规划文件中记载的数据，不是上报，不能撤销；如需更正，请上报新的数值。",
    "upload_already_reverted": "第 {upload} 次上报已经撤销过，没有再次撤销。",
    "may_not_edit_target": "账号 {name} 无权修改指标定义（只有管理员可以）。",
    "may_not_manage_accounts": "账号 {name} 无权管理账号（只有管理员可以）。",
    "may_not_import_allocations": "账号 {name} 无权导入任务分解表（只有管理员可以）。",
    "may_not_manage_demo": "账号 {name} 无权载入或删除示例数据（只有管理员可以）。",
    "may_not_report_duty": "账号 {name} 无权为该地区报送任务完成情况（填报员只能报送本地区及下级地区的任务）。",
    "may_not_review_duty": "账号 {name} 无权确认、退回或标记任务（只有管理员可以）。",
    "may_not_read_evidence": "账号 {name} 无权查看该地区的任务佐证材料。",
    "may_not_snapshot": "账号 {name} 无权冻结会议快照（只有管理员可以）。",
    "may_not_chase": "账号 {name} 无权发送催办通知或维护责任单位邮箱（只有管理员可以）。",
    "user_locked": (
        "账号 {name} 因连续登录失败已暂时锁定，锁定期间命令行也不能以它的身份操作，"
        "请 {minutes} 分钟后再试，或由管理员重设密码。"
    ),
    "user_role_changed": "已将账号 {name} 的角色改为 {role}，其所有登录会话已结束。",
    "user_self_role": "不能修改当前登录账号 {name} 自己的角色。",
    "user_name_control": "账号名不能包含换行、制表符等控制字符。",
    "note_too_long": "说明超过字数上限（为免截断丢失内容，不会自动截短）。",
    "expect_note": "不超过 {limit} 个字符的说明（现有 {length} 个字符），请删减后再上传",

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
    "setting_invalid": (
        "设置 {name}（环境变量 {env}，或 .streamlit/secrets.toml 中的 {name}）的值“{value}”无效：应为{accepts}。"
    ),
    "setting_thresholds": (
        "设置 behind_pace（{behind}）不能高于 on_track_pace（{on_track}）："
        "“进度滞后”的下限应低于“进度正常”的下限。"
    ),
    "setting_accepts_url": "数据库地址（SQLAlchemy URL），如 sqlite:///data/targets.db 或 postgresql+psycopg://用户@主机/库名",
    "setting_accepts_fraction": "大于 0、不大于 1 的小数，如 {default}",
    "setting_accepts_count": "正整数，如 {default}",
    "setting_accepts_number": "大于 0 的数（可带小数），如 {default:g}",
    "setting_accepts_switch": "“true”或“false”（也可写 1/0、yes/no、on/off）",
    "setting_accepts_time_zone": "时区名（IANA 时区库中的名称），如 Asia/Shanghai（北京时间）",
    "setting_accepts_text": "一段文字（可以为空）",

    # -- pages, URL values and views --
    "url_values_ignored": "网址中的 {items} 无法使用，已改用默认值。",
    "url_item": "{param}={value}（{reason}）",
    "url_reason_malformed": "格式不对",
    "url_reason_out_of_range": "应在 {low} 至 {high} 之间",
    "url_reason_off_step": "应为 {step} 的倍数",
    "url_reason_unknown": "没有这一项",
    "url_reason_repeated": "给了不止一个值",
    "url_reason_too_long": "过长",
    "url_reason_too_many": "值过多",
    "as_of_out_of_range": "统计日期 {as_of} 超出可计算的范围（{earliest} 至 {latest}，即规划开始前一年至截止后十年）。",

    # -- the documents: facts, inferences, duties' regions --
    "duty_not_per_region": "指标 {target} 不是分地区承担的任务，不能扩展到其他单位。",
    "duty_region_not_in_plan": "地区 {region} 不在指标 {target} 所属文件的跟踪范围内。",
    "duty_region_already": "指标 {target} 已经适用于地区 {region}。",
    "duty_extended": "已将指标 {target} 扩展到 {region}（承担 {share}），已记入审计日志。",
    "regions_from_text": "原文“{words}”：适用于{names}，共 {n} 个。",
    "regions_all_plan": "适用于本文件跟踪的全部 {n} 个地区：{names}。",
    "regions_left_out": (
        "{names}是本文件的受文单位，但不在原文所指之列，默认不跟踪；办公室可将本项扩展到这些单位（留痕）。"
    ),
    "regions_extended": "{name}：由 {user} 于 {date} 扩展（办公室决定，原文未规定）。",
    "regions_allocated": "{name}：按第 {upload} 次上报导入的任务分解表。",
    "pooled_total": (
        "按{region}合计跟踪：原文只给总数、未分解到地区，各地区（及{region}本级）报送的数计入合计，"
        "不设地区份额；办公室导入任务分解表后按分解值跟踪。"
    ),
    "pooled_split": "办公室已导入任务分解表：按 {n} 个地区的分解值跟踪。",
    "whole_region": "由{region}整体承担。",
    "inferred_mark": "{field}：{reason}",
    "fact_line": "{text}：{value}（{date}，文件报告的数据，不是目标）",

    # -- duties and supervision --
    "unit_of_region": "{region}市场监管局",
    "duty_item_not_found": "指标 {target} 在地区 {region} 没有 {year} 年度的督办事项。",
    "duty_not_allowed": "账号 {name} 无权办理地区 {region} 的这项督办事项。",
    "duty_not_applicable": "指标 {target} 的 {year} 年度事项不适用，不需要报送。",
    "duty_already_closed": "指标 {target} 的 {year} 年度事项已确认办结，不能再次报送；如需更正，请办公室先退回。",
    "duty_done_in_future": "完成日期 {date} 晚于今天。",
    "duty_nothing_to_confirm": "指标 {target} 的 {year} 年度事项没有待核的报送，无法确认办结。",
    "duty_nothing_to_send_back": "指标 {target} 的 {year} 年度事项没有可退回的报送。",
    "duty_reason_missing": "请填写退回或不适用的理由。",
    "duty_reported": (
        "已报送：{target}（{region}，{year} 年度），完成日期 {date}，佐证材料 {files} 份，等待办公室确认。"
    ),
    "duty_confirmed": "已确认办结：{target}（{region}，{year} 年度）。",
    "duty_sent_back": "已退回：{target}（{region}，{year} 年度），理由已记录。",
    "duty_exempted": "已标为不适用：{target}（{region}，{year} 年度）。",
    "bad_year_argument": "年度 {value} 无法识别，请写四位年份，例如 2024。",
    "evidence_not_found": "找不到编号为 {evidence} 的佐证材料。",
    "evidence_empty": "佐证材料 {file} 是空文件，未保存。",
    "evidence_too_large": "佐证材料 {file} 有 {size} MB，超过上限 {limit} MB，未保存。",
    "evidence_legacy_office": "佐证材料 {file} 是旧版 Word/Excel（.doc/.xls）文件，请另存为 .docx 或 .xlsx 后再上传。",
    "evidence_wrong_type": (
        "佐证材料 {file} 的内容不是 PDF、图片（PNG、JPEG、GIF、WebP）、Word（.docx）或 Excel（.xlsx）文件"
        "（按文件内容判断），未保存。"
    ),
    "evidence_name_mismatch": "佐证材料 {file} 的内容是 {kind} 文件，但扩展名不符（应为 {suffixes}），未保存。",
    "evidence_active_pdf": "佐证材料 {file} 是含脚本或启动动作的 PDF，出于安全原因未保存，请打印为普通 PDF 后再上传。",
    "evidence_zip_bomb": "佐证材料 {file} 解压后会超过 {limit} MB（疑似压缩炸弹），未保存。",
    "evidence_encrypted": "佐证材料 {file} 设置了密码，请取消密码后再上传。",
    "evidence_macro": "佐证材料 {file} 含有宏或嵌入程序，出于安全原因未保存，请另存为不含宏的 .docx 或 .xlsx。",
    "evidence_corrupt": "佐证材料 {file} 已损坏，无法读取，未保存。",
    "evidence_too_many": "一次最多上传 {limit} 份佐证材料（这次有 {count} 份）。",
    "chase_opening": "{unit}：\n截至 {as_of}，你单位承担的以下事项需要抓紧办理：",
    "chase_section_red": "{number}、已逾期事项（{count} 项）",
    "chase_section_yellow": "{number}、进度滞后事项（{count} 项）",
    "chase_section_blue": "{number}、临近到期事项（{count} 项）",
    "chase_line_red": "{n}. {name}（{region}，{target}）：应于 {due} 前完成，已逾期 {days} 天。",
    "chase_line_yellow": "{n}. {name}（{region}，{target}）：截止 {due}，目前{status}，请加快进度。",
    "chase_line_blue": "{n}. {name}（{region}，{target}）：应于 {due} 前完成，还剩 {days} 天。",
    "chase_closing": "请按要求抓紧办理，办结后在看板“督办”页报送完成日期和佐证材料。",
    "chase_signature": "质量强市工作领导小组办公室",
    "chase_empty": "截至 {as_of} 没有需要催办的事项。",
    "chase_subject": "【{title}】{unit}：{count} 项事项需要办理（截至 {as_of}）",
    "mail_not_configured": "未配置内网邮件服务器（smtp_host），未发送任何邮件。",
    "mail_failed": "发送邮件到 {email}（{unit}）失败：{problem}。其余通知未发送。",
    "mail_sent": "已发送 {count} 份督办单邮件。",
    "mail_no_contact": "以下单位没有登记邮箱，未发送：{units}。",
    "contact_invalid": "邮箱地址 {email} 无效。",
    "contact_set": "已登记 {unit} 的邮箱 {email}。",

    # -- meeting brief and snapshots --
    "snapshot_exists": "会议快照“{name}”已存在，请换一个名称。",
    "snapshot_name_invalid": "会议快照名称“{name}”无效：不能为空，也不能超过 {limit} 个字符。",
    "snapshot_not_found": "找不到会议快照“{name}”（可用 python -m targets snapshot list 查看已有的快照）。",
    "snapshot_created": "已创建会议快照“{name}”：冻结 {rows} 条数据，{plan_dates}。",
    "snapshot_plan_date": "{plan}数据截至 {date}",
    "plan_not_found": "找不到规划文件 {plan}。",
    "brief_bad_format": "简报文件名须以 .pdf 或 .docx 结尾（收到 {file}）。",
    "brief_no_font": "找不到中文字体，无法生成简报：请在服务器上安装 fonts-noto-cjk 或 fonts-wqy-microhei。",
    "brief_failed": "简报排版失败：{problem}",
    "brief_written": "已写出会议简报 {file}。",
    "brief_masthead": "会议简报",
    "brief_issuer_national": "质量强国建设领导小组办公室",
    "brief_issuer_province": "{region}质量强省工作领导小组办公室",
    "brief_issuer_city": "{region}质量强市工作领导小组办公室",
    "brief_title": "关于《{plan}》目标任务进展情况的通报",
    "brief_as_of": "数据截至 {date}",
    "brief_snapshot": "依据会议快照“{name}”（{created} 冻结，此后的上报和撤销不影响本简报）",
    "brief_scope": "筛选范围：{scope}",
    "brief_demo": "示例数据：本简报中的进展数值是演示用的示例数据，不是各地正式上报的数据。",
    "brief_date": "{year}年{month}月{day}日",
    "brief_h1": "{n}、{title}",
    "brief_h2": "（{n}）{title}",
    "brief_sec_overall": "总体情况",
    "brief_sec_categories": "分类进展",
    "brief_sec_ranking": "各地区排名",
    "brief_sec_laggards": "滞后事项",
    "brief_sec_duties": "逾期未完成的任务",
    "brief_sec_since": "与上次会议相比",
    "brief_sec_notes": "附注：指标来源与计算方法",
    "brief_overall": (
        "截至{date}，纳入跟踪的指标 {targets} 项，分解到各地区共 {items} 个事项。其中已完成 {done} 项，"
        "进度正常 {on_track} 项，进度滞后 {behind} 项，严重滞后 {off_track} 项，逾期未完成 {overdue} 项，"
        "未报送 {no_data} 项。"
    ),
    "brief_overall_lagging": "需要关注的事项 {n} 个（滞后、严重滞后、逾期或未报送），详见第{section}部分。",
    "brief_category_line": "{category}类指标 {targets} 项、事项 {items} 个：{counts}。",
    "brief_count_item": "{label} {n}",
    "brief_ranking_intro": (
        "按各地区数量类和比率类指标的平均完成度（每项最多计 100%）从高到低排序；完成度相同的，"
        "按节点任务和年度任务的按期率（已完成或未到期的项数 ÷ 全部任务项数）排序。"
    ),
    "brief_ranking_none": "本规划的指标没有分解到各地区，不作地区排名。",
    "brief_laggards_intro": (
        "以下 {n} 个事项进度滞后、严重滞后或逾期未完成，最滞后的在前。“应完成”为按序时进度截至统计日应完成的数，"
        "“此后每月需完成”为剩余量 ÷ 距截止日期的月数。"
    ),
    "brief_laggards_none": "没有进度滞后的事项。",
    "brief_unreported": "截至统计日尚未报送的事项 {n} 个：{items}。",
    "brief_unreported_item": "{region} {n} 项",
    "brief_duties_intro": "以下 {n} 项节点任务或年度任务已过应完成时间仍未完成，请牵头单位督促责任单位抓紧办理。",
    "brief_duties_none": "没有逾期未完成的节点任务或年度任务。",
    "brief_due_year": "{year} 年度（{due} 前）",
    "brief_since_intro": (
        "与上次会议（会议快照“{name}”，数据截至 {date}）相比：新报送或更新数值 {reported} 条，撤回 {withdrawn} 条；"
        "状态好转 {better} 项，变差 {worse} 项；新增逾期 {overdue} 项；完成任务 {duties} 项；"
        "确认指标 {confirmed} 项，更正指标 {corrected} 项。"
    ),
    "brief_since_first": (
        "尚无上次会议的快照，本次不作比较。会议结束后可由办公室冻结会议快照，下次简报将列出此后的变化。"
    ),
    "brief_since_nothing": "与上次会议（会议快照“{name}”）相比，没有任何变化。",
    "brief_since_better": "状态好转",
    "brief_since_worse": "状态变差",
    "brief_since_overdue": "新增逾期",
    "brief_since_duties": "完成的任务",
    "brief_since_reported": "新报送或更新的数值",
    "brief_since_withdrawn": "撤回的数值（所在上报已撤销）",
    "brief_since_confirmed": "经核实确认的指标（不再存疑）",
    "brief_since_corrected": "更正的指标",
    "brief_arrow": "{before} → {after}",
    "brief_new": "新报送",
    "brief_none_before": "（无）",
    "brief_field_target": "目标值",
    "brief_field_target_max": "目标上限",
    "brief_field_deadline": "截止日期",
    "brief_field_due": "每年到期日",
    "brief_col_status": "状态",
    "brief_col_items": "事项数",
    "brief_col_share": "占比",
    "brief_col_target": "指标",
    "brief_col_goal": "目标值",
    "brief_col_deadline": "截止日期",
    "brief_col_completion": "完成度",
    "brief_col_rank": "排名",
    "brief_col_region": "地区",
    "brief_col_on_time": "任务按期率",
    "brief_col_lagging": "需关注事项",
    "brief_col_overall": "总体状态",
    "brief_col_required": "此后每月需完成",
    "brief_col_explanation": "说明",
    "brief_col_due": "应完成时间",
    "brief_col_lead": "牵头单位",
    "brief_col_responsible": "责任单位",
    "brief_col_date": "截止日期",
    "brief_col_value": "数值",
    "brief_col_previous": "原值",
    "brief_col_change": "变化",
    "brief_col_reading": "采用的读法",
    "brief_short_done": "完成",
    "brief_short_on_track": "正常",
    "brief_short_behind": "滞后",
    "brief_short_off_track": "严重",
    "brief_short_overdue": "逾期",
    "brief_short_no_data": "未报",
    "brief_fig_map": "图{n}　各地区数量类和比率类指标平均完成度（{date}）",
    "brief_bin": "完成度 {low}–{high}",
    "brief_bin_top": "完成度 ≥{low}",
    "brief_bin_none": "无数值",
    "brief_fig_burn": "图{n}　{target}：剩余量燃尽图（{scope}）",
    "brief_all_regions": "各地区合计",
    "brief_series_planned": "计划剩余（序时进度）",
    "brief_series_actual": "实际剩余",
    "brief_series_forecast": "预测（按近期速度）",
    "brief_axis_remaining": "剩余（{unit}）",
    "brief_axis_date": "日期",
    "brief_rule_deadline": "截止",
    "brief_rule_as_of": "统计日",
    "brief_notes_source": (
        "以下各项指标均出自《{plan}》（{source}），注明条款并摘录原文（原文受损之处照录）。"
    ),
    "brief_note": "{clause}：“{quote}”",
    "brief_note_source": "{issuer}{doc}{issued}",
    "brief_note_issued": "，{date}印发",
    "brief_note_uncertain": "【存疑】{reason}采用的读法：{reading}",
    "brief_method_ranking": "地区排名方法：{text}",
    # what-if summary (targets.method.whatif.Summary)
    "clause_sep": "；",
    "whatif_sum_on_time": "{on_time:,}/{total:,} 项按期完成",
    "whatif_sum_last": "按期完成的最后一项在 {date}",
    "whatif_sum_missed": "{missed:,} 项按此进度到截止日仍完不成",
    "whatif_sum_unknown": "{unknown:,} 项无法推算（未报送，或节点任务、年度任务尚未完成）",

}


# The documents: what is printed and what the product infers (shared by the command line and pages).
INFERRED_LABEL = "推定"
INFERRED_REASONS = {
    "damaged": "原文受损，按最可能的读法",
    "silent": "原文未写，按惯例或上下文推定",
    "plan_period": "原文未写，按文件的期限推定",
}
INFERRED_FIELDS = {
    "start": "开始日期", "deadline": "截止日期", "due": "每年到期日", "target": "目标值", "target_max": "目标上限",
    "comparator": "比较方式", "unit": "单位", "milestones": "年度节点", "allocation": "任务分解", "regions": "适用地区",
    "lead": "牵头单位", "responsible": "责任单位", "date": "日期", "value": "数值", "region": "地区",
}
RULE_LABELS = {"latest": "", "every_report": "每次报送都须达到", "yearly_decrease": "逐年下降（低于上一年）"}
METHOD_DOCUMENTS = (
    "原文只给总数、未分解到地区的指标按整体合计跟踪（各地区报送的数相加），不给任何地区设定份额；"
    "“稳定在”“确保不发生”类指标每次报送都须达到，任何一次未达到即为未完成；“呈下降趋势”类指标每年与上一年比较。"
    "标“推定”的日期或数值原文未写明，是按文件期限、惯例或受损原文的最可能读法确定的。"
)


def render(code: str, **context: object) -> str:
    """The sentence for `code`, filled with `context`."""
    template = MESSAGES.get(code)
    if template is None:
        return code
    try:
        return template.format(**context)
    except (KeyError, IndexError, ValueError):
        return template


def expect_number(unit: str) -> str:
    """What a value cell takes: a number, with the target's unit where it has one."""
    return render("expect_number", unit=unit) if unit else render("expect_number_plain")


def method_text(on_track: float, behind: float, window: int) -> str:
    """The status method in plain words, with the thresholds in force."""
    return METHOD.format(on_track=on_track, behind=behind, window=window) + METHOD_DOCUMENTS + ROUNDING_NOTE


def number(value: float | None, unit: str = "") -> str:
    """A figure for people: whole at one decimal (or 100 and above) plain, else one decimal; '—' if unknown."""
    if value is None or pd.isna(value):
        return "—"
    text = f"{value:,.0f}" if abs(value - round(value)) < 0.05 or abs(value) >= 100 else f"{value:,.1f}"
    return f"{text}{unit}"


COMPLETION_WORD = "完成度"  # actual ÷ target (target ÷ actual where lower is better), everywhere
PACE_WORD = "进度比"  # (actual − baseline) ÷ (expected − baseline), everywhere
INDIVISIBLE_UNITS = frozenset("名户家个项人件所座批条篇部台次份处")  # counts of things that do not come in parts
ROUNDING_NOTE = ("以名、户、家、个、项、人等计的数量显示为整数：应完成数、剩余数和此后每月所需数向上取整，"
                 "平均速度四舍五入，每月不足 1 的显示为“不足1”加单位；计算本身不取整。")


def amount(value: float | None, unit: str = "", up: bool = False) -> str:
    """A figure for people; a count of indivisible units (INDIVISIBLE_UNITS) is whole: rounded up when it is
    an amount required (`up`), to the nearest otherwise. The computation keeps its precision."""
    if value is None or pd.isna(value) or unit not in INDIVISIBLE_UNITS:
        return number(value, unit)
    whole = math.ceil(value - 1e-9) if up else math.floor(value + 0.5)
    return f"{whole:,d}{unit}"


def per_month(value: float | None, unit: str = "", up: bool = False) -> str:
    """A monthly pace for people: as amount(), and a pace of indivisible units below one a month reads “不足1名”."""
    if value is not None and not pd.isna(value) and unit in INDIVISIBLE_UNITS and 0 < abs(value) < 1:
        return f"不足1{unit}"
    return amount(value, unit, up)


def _known(value: object) -> bool:
    return value is not None and value == value


def explain(row: dict[str, Any], unit: str, kind: str, target: float) -> str:
    """One line in words and numbers: expected (序时进度), actual, 进度比, 完成度, pace still required.

    The status itself is not named: the line is always shown beside the status (badge, column or cell).
    """
    status = row["status"]
    if status == "no_data":
        return f"截至 {row['as_of']} 尚无报送。"
    actual = number(row["actual"], unit)
    if row.get("rule") == "yearly_decrease":
        before = "" if row["expected"] is None else f"，上一年{number(row['expected'], unit)}"
        return f"逐年下降指标，最新{actual}{before}。"
    if kind == "milestone":
        return f"节点任务截止 {row.get('deadline', '')}，目前{'已' if row['actual'] else '未'}完成。"
    if kind == "recurring":
        return f"{row['period']} 年度应完成 {number(target, unit)}，已完成 {actual}。"
    parts = []
    if row["expected"] is not None and kind != "rate":
        share = row["expected"] / target if target else 0
        parts.append(f"应完成{amount(row['expected'], unit, up=True)}（序时进度{share:.0%}），")
    parts.append(f"实际{actual}")
    if _known(row.get("pace")):  # NaN, as the board table carries a missing pace, counts as missing
        parts.append(f"，{PACE_WORD}{row['pace']:.0%}")
    if _known(row["completion"]):
        parts.append(f"，{COMPLETION_WORD}{row['completion']:.0%}")
    if row.get("required_monthly") is not None and status not in ("done", "overdue"):
        parts.append(f"，此后需每月{per_month(row['required_monthly'], unit, up=True)}")
    if row.get("forecast_date") and status not in ("done",):
        parts.append(f"，按近期速度预计 {row['forecast_date']} 达标")
    return "".join(parts) + "。"
