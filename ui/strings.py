"""UI-only Chinese labels (titles, buttons, help). Sentences shared with the CLI live in targets.messages."""

from __future__ import annotations

from targets import messages
from targets.messages import ROLE_LABELS  # noqa: F401  (shared with the command line)

APP_TITLE = "质量强市目标进度看板"

PAGE_TITLES = {
    "overview": "总览",
    "agenda": "会议议程",
    "map": "地图",
    "burndown": "燃尽图",
    "targets": "指标",
    "whatif": "推演",
    "duties": "督办",
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
    "logged_in_as": "当前用户：{name}（{role}）",
    "anonymous": "未登录（只读）",
    "login": "登录",
    "demo_banner": "当前显示的是示例数据，仅供演示；正式上报后将自动替换。",
}


def _label(table: dict[str, str], key: str, kw: dict[str, object]) -> str:
    text = table.get(key, key)
    return text.format(**kw) if kw else text


def t(key: str, **kw: object) -> str:
    """A frame label (filters, login box, banner), formatted with `kw`."""
    return _label(LABELS, key, kw)


# --- 上报 / 上报记录 / 任务分解 / 登录 / 账号与审计 (pages upload, history, allocations, login, admin) ---

UPLOAD_LABELS = {
    "template_header": "第一步：下载填报模板",
    "template_region": "模板地区",
    "template_download": "下载填报模板（Excel）",
    "file_header": "第二步：上传填好的进展填报表",
    "file": "选择填报表（.xlsx 或 .xlsm，不超过 {mb} MB）",
    "file_info": "文件：{name}    SHA-256：{sha}",
    "login_needed": "上报需要先登录。未登录时可以浏览各页面，但不能上报数据。",
    "login_link": "前往登录",
    "viewer": "当前账号为查看者，只能浏览，不能上报数据。",
    "no_regions": "当前账号没有可填报的地区，请联系管理员。",
    "issues_header": "检查结果",
    "blocked": "发现 {errors} 处错误：整个文件未导入，请按下表修改后重新上传。",
    "forbidden": "文件中有 {forbidden} 行属于当前账号无权填报的地区：整个文件未导入。",
    "warnings": "发现 {warnings} 处警告：请逐条核对，确认无误后勾选下方确认框再提交。",
    "clean": "检查通过：共 {rows} 行数据，没有错误或警告。",
    "marked_download": "下载标注了问题单元格的填报表",
    "marked_file": "{stem}（已标注问题）.xlsx",
    "template_file": "进展填报表_{region}.xlsx",
    "preview_header": "第三步：核对将要写入的数据",
    "accept_warnings": "我已逐条核对以上警告，确认按表中数值提交",
    "confirm": "确认提交",
    "committed": "提交成功：第 {upload} 次上报，共 {rows} 行，已记入上报记录。",
    "overview_link": "查看总览",
    "history_link": "查看上报记录",
}

ISSUE_COLUMNS = {
    "severity": "类型", "sheet": "工作表", "row": "行", "column": "列",
    "value": "发现的值", "expected": "应为", "message": "说明",
}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "forbidden": "无权填报"}
PREVIEW_COLUMNS = {
    "change": "变化", "target": "指标编号", "target_name": "指标名称", "region": "地区代码",
    "region_name": "地区", "date": "截止日期", "value": "累计完成值", "previous": "原值",
}
CHANGE_LABELS = {"new": "新增", "changed": "修改", "unchanged": "不变"}

HISTORY_LABELS = {
    "uploads_header": "全部上报",
    "no_uploads": "还没有任何上报。",
    "export": "导出全部数据（Excel）",
    "select_upload": "查看一次上报的数据",
    "select_placeholder": "选择上报编号",
    "upload_label": "文件：{file}    SHA-256：{sha256}",
    "upload_choice": "第 {id} 次 · {time} · {user} · {rows} 行 · {source}",
    "revert_confirm": "确认撤销这次上报（其替换的旧版本重新生效，不删除任何数据）",
    "revert": "撤销这次上报",
    "already_reverted": "这次上报已撤销。",
    "versions_header": "数值的版本历史",
    "target": "指标",
    "region": "地区",
    "no_versions": "该指标在该地区还没有任何数据。",
}
UPLOAD_COLUMNS = {
    "id": "编号", "time": "时间", "user": "账号", "file": "文件", "sha256": "SHA-256",
    "rows": "行数", "outcome": "结果", "reverted": "已撤销", "source": "来源",
}
SOURCE_LABELS = {"upload": "上报", "demo": "示例数据", "document": "文件原文", "allocation": "任务分解"}
# accounts the product itself writes as (targets.store.audit.SYSTEM_USER, targets.demo.DEMO_USER, the shell)
ACCOUNT_LABELS = {"system": "系统", "demo": "示例数据", "@shell": "命令行（运维）"}
MISSING = "—"
OUTCOME_LABELS = {"committed": "已导入", "committed_with_warnings": "已导入（警告已确认）", "refused": "未导入"}
VERSION_COLUMNS = {
    "target": "指标编号", "region": "地区代码", "date": "截止日期", "value": "累计完成值",
    "note": "说明", "version": "版本", "upload": "上报编号", "user": "账号",
    "reverted": "已撤销", "current": "当前有效", "source": "来源",
}

ALLOCATION_LABELS = {
    "table_header": "当前任务分解（各地区承担的目标值）",
    "none": "当前规划文件的指标没有分解到地区。",
    "edit_header": "修改任务分解",
    "download": "下载任务分解表（Excel）",
    "file": "上传修改后的任务分解表（.xlsx）",
    "confirm": "确认导入任务分解表",
    "imported": "已导入任务分解表：第 {upload} 次上报，旧版本保留在历史中。",
    "read_only": "任务分解只有管理员可以修改；这里只能查看。",
    "target": "指标编号",
    "name": "指标名称",
    "unit": "单位",
    "region": "地区",
    "column": "{name}（{unit}）",
    "template_file": "任务分解表.xlsx",
    "blocked": "发现 {errors} 处错误：任务分解表未导入，请按下表修改后重新上传。",
    "clean": "检查通过：共 {rows} 行，确认后作为新版本导入（旧版本保留）。",
}
ALLOCATION_PREVIEW_COLUMNS = {
    "change": "变化", "target": "指标编号", "name": "指标名称", "region": "地区代码",
    "region_name": "地区", "share": "新分解值", "previous": "原分解值",
}

LOGIN_LABELS = {
    "name": "账号",
    "password": "密码",
    "submit": "登录",
    "logout": "退出登录",
    "logged_in": "已登录：{name}（{role}）。",
    "logged_out": "已退出登录。",
    "oidc": "使用统一身份认证登录",
    "ask_for_account": (
        "还没有账号或忘记了密码？请联系领导小组办公室（本看板的管理员）开通或重设："
        "市州填报员请说明负责的地区。未登录也可以浏览各页面。"
    ),
}

ADMIN_LABELS = {
    "admin_only": "此页面只有管理员可以查看。",
    "users_header": "账号",
    "add_header": "新建账号",
    "name": "账号名（字母、数字、下划线、点或短横线）",
    "role": "角色",
    "regions": "可填报地区（填报员必填）",
    "password": "初始密码（至少 8 个字符）",
    "add_submit": "创建账号",
    "manage_header": "停用、启用与重置密码",
    "user": "选择账号",
    "disable": "停用账号",
    "enable": "启用账号",
    "new_password": "新密码（至少 8 个字符）",
    "reset": "重置密码",
    "role_change": "修改角色与可填报地区（该账号的所有登录会话将结束）",
    "role_submit": "保存角色",
    "audit_header": "审计日志（只读，不能在页面中修改）",
    "audit_download": "导出审计日志（Excel）",
    "audit_file": "审计日志.xlsx",
    "audit_sheet": "审计日志",
    "demo_header": "示例数据",
    "demo_load": "载入示例数据",
    "demo_remove": "删除示例数据",
}
USER_COLUMNS = {"name": "账号", "role": "角色", "regions": "可填报地区", "disabled": "已停用"}
AUDIT_COLUMNS = {"id": "编号", "time": "时间", "user": "账号", "action": "操作", "detail": "详情"}


# --- 总览 / 地图 / 燃尽图 / 指标 / 推演 (pages overview, map, burndown, targets, whatif) ---

STATUS_SHORT = {
    "done": "完成", "on_track": "正常", "behind": "滞后", "off_track": "严重",
    "overdue": "逾期", "no_data": "未报",
}

DASHBOARD_LABELS = {
    # shared
    "as_of_caption": "数据截至 {date}（默认为最新上报日期）",
    "total": "合计",
    "region": "地区",
    "target": "指标",
    "status": "状态",
    "completion": messages.COMPLETION_WORD,
    "explanation": "说明",
    "deadline": "截止日期",
    "unit": "单位",
    "category": "类别",
    "no_rows": "当前筛选条件下没有数据。",
    "to_upload": "去上报数据",
    "to_burndown": "查看燃尽图",
    "download_excel": "下载表格（Excel）",
    "download_png": "下载图（PNG）",
    "download_svg": "下载图（SVG）",
    "legend": "图例",
    "more_rows": "另有 {n} 项未显示，关闭投影模式可查看全部。",
    "table_capped": "只显示最靠前的 {shown:,} 行，共 {n:,} 行；下载 Excel 可查看全部。",
    "grid_more": "只显示最落后的 {shown} 个地区，另有 {n} 个地区未显示；可用“地区”筛选或下载表格查看全部。",
    "list_sep": "、",
    # overview
    "grid_header": "各地区 × 指标（滞后的地区在前）",
    "grid_note": "格内数字为完成度（实际 ÷ 目标；节点任务和年度任务只显示状态），颜色和文字表示状态。",
    "grid_none": "本规划的指标没有分解到地区，各项指标见下方清单。",
    "laggards_header": "滞后清单（最滞后的在前）",
    "no_laggards": "当前筛选条件下没有滞后的指标。",
    # map
    "map_subject": "地图显示",
    "map_all": "全部指标",
    "map_category": "类别：{category}",
    "map_color": "着色方式",
    "color_completion": "按完成度",
    "color_status": "按状态",
    "map_region": "查看地区详情",
    "map_region_none": "（点击地图或在此选择）",
    "map_no_polygon": "{names}没有行政区划边界，在地图上以圆点表示。",
    "map_not_allocated": "本规划的指标没有分解到下级地区，地图上各地区显示为无数据；全域情况见总览。",
    "map_territory": "无上报数据",
    "map_no_data": "无数据",
    "map_filtered_out": "不在筛选范围内",
    "map_tip_amounts": "数量类指标 {n} 项，正常或已完成 {ok} 项，平均完成度 {completion}",
    "map_tip_weakest": "最落后：{target}（{status}）",
    "map_tip_duties": "节点任务和年度任务 {n} 项，逾期 {overdue} 项",
    "map_label_duties": "任务逾期{n}",
    "map_label_duties_short": "逾{n}",
    "map_amounts_ok": "数量类指标正常或完成",
    "map_duties_overdue": "任务逾期",
    "map_label_note": "标签中“3/5”为 5 项数量类指标中正常或已完成 3 项；“任务逾期 N”为逾期的节点任务和年度任务项数。",
    "map_rule_short": ("地区颜色取其数量类指标中最落后一项的状态；“3/5”为其中正常或完成的项数，"
                       "“逾N”为逾期的节点任务和年度任务项数。"),
    "of": "{part}/{total}",
    "list_sep_clause": "；",
    "map_region_header": "{name}：各项指标",
    "bin_label": "{low}–{high}",
    "bin_top": "≥{low}",
    # burn-down
    "burndown_target": "指标",
    "burndown_region": "地区",
    "all_regions": "全部地区合计",
    "burndown_view": "视图",
    "view_down": "燃尽图",
    "view_up": "燃升图",
    "tab_main": "总体",
    "tab_regions": "分地区",
    "series_planned": "计划进度",
    "series_actual": "实际",
    "series_forecast": "预测（按近期速度）",
    "axis_remaining": "剩余（{unit}）",
    "axis_cumulative": "累计（{unit}）",
    "axis_date": "日期",
    "rule_deadline": "截止",
    "rule_as_of": "统计日",
    "rule_target": "目标",
    "kpi_remaining": "剩余",
    "kpi_months_left": "剩余月数",
    "kpi_required": "此后每月需完成",
    "kpi_recent": "近期每月完成",
    "kpi_forecast": "预计达标",
    "forecast_never": "按近期速度无法达标",
    "timeline_note": "节点任务和年度常规任务没有剩余量可燃尽，以时间轴显示：每个点是一个到期日。",
    "event_done": "已完成",
    "event_missed": "逾期未完成",
    "event_open": "未到期",
    "event_late": "到期未完成",
    "no_targets": "当前筛选条件下没有指标。",
    # targets
    "plans_header": "规划文件",
    "targets_header": "指标清单",
    "detail_select": "查看指标详情",
    "quote": "原文摘录",
    "clause": "条款",
    "source": "来源文件",
    "source_title": "《{title}》",
    "allocation_header": "任务分解",
    "allocation_none": "未分解，由{region}整体承担",
    "pooled_short": "按{region}合计跟踪，各地区报送计入合计",
    "allocation_regions": "{n} 个地区（{mode}）",
    "uncertain_reason_col": "存疑原因",
    "plan_line": "{issuer}　{doc_number}　印发日期 {issued}",
    "uncertain_reason": "存疑：{reason}",
    "best_reading": "采用的读法：{reading}",
    "responsible": "责任单位",
    "lead": "牵头单位",
    "kind": "类型",
    "target_value": "目标值",
    "period": "起止",
    "uncertain": "存疑",
    "id": "编号",
    "name": "名称",
    "title": "标题",
    "issuer": "发文单位",
    "doc_number": "文号",
    "issued": "印发日期",
    "scope": "层级",
    "target_count": "指标数",
    "uncertain_count": "存疑数",
    "share": "承担目标值",
    "inferred_col": "推定",
    "inferred_header": "推定（原文未写明）",
    "applies_to": "适用单位",
    "contributions_header": "各单位报送（计入合计，不设份额）",
    "own_level": "{name}本级",
    "latest_value": "最新累计值",
    "latest_date": "报送日期",
    "facts_header": "文件报告的数据（不是目标）",
    "target_facts_header": "与本指标有关的文件报告数据",
    "fact_text": "内容",
    "fact_value": "数值",
    "fact_date": "日期",
    "fact_target": "相关指标",
    "extend_header": "扩展到其他单位（管理员，记入审计日志）",
    "extend_region": "扩展到",
    "extend_save": "扩展",
    "trend_value": "逐年下降",
    # what-if
    "whatif_window": "按各地区最近几个月的速度推算",
    "whatif_pace": "速度变化（%）",
    "whatif_shift": "截止日期推迟（月，负数为提前）",
    "whatif_exclude": "不含存疑指标",
    "whatif_reset": "恢复当前速度",
    "kpi_met_now": "当前速度下按期达标",
    "kpi_met_scenario": "推演后按期达标",
    "kpi_gained": "变为达标",
    "kpi_lost": "变为未达标",
    "kpi_last_on_time": "按期完成的最后一项",
    "kpi_last_on_time_none": "无",
    "whatif_summary": "推演结果：{text}",
    "whatif_regions": "各地区推演结果",
    "whatif_targets": "各指标推演结果（结果改变的在前）",
    "outcome": "推演结果",
    "outcome_now": "当前结果",
    "when": "预计达标日期",
    "scenario_deadline": "截止日期（推演）",
    "monthly": "每月速度（推演）",
    "required": "此后需每月",
    "change": "变化",
    "met_of": "{met:,}/{total:,}",
    "scenario": "推演条件：各地区保持最近 {window} 个月的速度{pace}{shift}{exclude}。",
    "scenario_pace": "，速度变化 {pace:+.0%}",
    "scenario_shift": "，截止日期推迟 {months} 个月",
    "scenario_exclude": "，不含存疑指标",
}

SCOPE_LABELS = {"national": "全国", "province": "省级", "city": "市级"}
ALLOCATION_MODES = {"none": "不分解", "each": "每个地区相同", "even": "平均分配", "explicit": "按文件分配",
                    "contributions": "按办公室导入的任务分解表"}
OUTCOME_LABELS_WHATIF = {
    "met": "已完成", "on_time": "按期达标", "late": "逾期达标", "never": "无法达标",
    "overdue": "已逾期", "no_data": "未报送", "not_projectable": "不可推算",
}
CHANGE_LABELS_WHATIF = {"gained": "变为达标", "lost": "变为未达标", "same": ""}


def d(key: str, **kw: object) -> str:
    """A dashboard label (pages overview, map, burndown, targets, whatif), formatted with `kw`."""
    return _label(DASHBOARD_LABELS, key, kw)
# --- end of dashboard labels ---

EDIT_LABELS = {
    "title": "确认或更正指标（管理员）",
    "target": "目标值",
    "deadline": "截止日期",
    "due": "每年到期日（月-日，如 09-30）",
    "reading": "采用的读法 / 依据",
    "confirmed": "已核实（取消“存疑”标记）",
    "save": "保存",
}

# --- 会议议程 and the brief download (pages agenda, overview) ---

AGENDA_LABELS = {
    "prev": "上一项",
    "next": "下一项",
    "auto": "自动翻页",
    "seconds": "每项停留（秒）",
    "position": "第 {n} / {total} 项",
    "keys": "按 → 键下一项，← 键上一项；每一项都有自己的网址，可随时回到这一项。",
    "snapshot": "显示会议快照",
    "live": "当前数据",
    "item_counts": "总体情况",
    "item_category": "{category}",
    "item_laggards": "滞后事项",
    "item_duties": "逾期未完成的任务",
    "item_since": "与上次会议相比",
    "part": "（{n}/{total}）",
    "none": "没有需要列出的事项。",
    "brief_pdf": "下载会议简报（PDF）",
    "brief_docx": "下载会议简报（Word）",
    "brief_file": "会议简报_{plan}_{date}.{ext}",
    "brief_help": "按当前筛选条件和统计日期生成，含图表和指标出处；与本页数字一致。",
    "freeze": "冻结会议快照",
    "freeze_name": "快照名称（如：第三次领导小组会议）",
    "frozen": "已冻结会议快照“{name}”。",
}


def a(key: str, **kw: object) -> str:
    """An agenda or brief label, formatted with `kw`."""
    return _label(AGENDA_LABELS, key, kw)
# --- 督办 (page duties; the duty counts and ranking on the overview) ---

DUTY_STATE_SHORT = {
    "not_due": "未到期", "due_soon": "临近", "submitted": "待核", "done_on_time": "按期",
    "done_late": "逾期办结", "overdue": "逾期", "not_applicable": "不适用",
}
DUTY_LABELS = {
    "as_of": "统计日期（默认今天）",
    "tab_calendar": "督办日历",
    "tab_grid": "办理情况表",
    "tab_chase": "催办清单",
    "calendar_header": "{start} 至 {end} 到期的事项（逾期的在前）",
    "calendar_mine": "本账号承担的事项排在前面。",
    "calendar_empty": "这两个月没有到期或逾期的事项。",
    "grid_header": "{year} 年度各地区办理情况",
    "grid_year": "年度",
    "grid_empty": "本规划在该年度没有督办事项。",
    "grid_note": "格内为状态和完成日期（月-日）；选择下方的事项和地区可查看办理经过和佐证材料。",
    "cell_header": "查看一项事项",
    "cell_duty": "事项",
    "cell_region": "地区",
    "cell_line": "{name}（{region}，{year} 年度）：{state}，到期日 {due}{done}",
    "cell_done": "，完成日期 {done}",
    "cell_reason": "退回理由：{reason}",
    "history_empty": "这项事项还没有任何办理记录。",
    "evidence_header": "佐证材料",
    "evidence_none": "没有佐证材料。",
    "evidence_hidden": "只有管理员、查看者和本地区填报员可以查看佐证材料。",
    "evidence_download": "下载 {name}（{size}）",
    "report_header": "报送完成情况",
    "report_done": "完成日期",
    "report_note": "说明（做了什么、文号等）",
    "report_files": "佐证材料（PDF、图片、Word、Excel，每份不超过 {mb} MB，最多 10 份）",
    "report_submit": "报送",
    "review_header": "办公室审核",
    "review_reason": "退回或不适用的理由",
    "review_confirm": "确认办结",
    "review_send_back": "退回",
    "review_exempt": "标为不适用",
    "login_to_report": "登录后，填报员可以在这里报送本地区事项的完成情况。",
    "chase_header": "截至 {as_of} 的催办清单：{units} 个单位，{items} 项事项",
    "chase_empty": "没有需要催办的事项。",
    "chase_unit": "{title} · {unit}（{count} 项）",
    "chase_text": "督办单文本",
    "chase_docx": "下载全部督办单（Word）",
    "chase_unit_docx": "下载本单位督办单（Word）",
    "chase_xlsx": "下载催办清单（Excel）",
    "chase_file_docx": "督办单-{as_of}.docx",
    "chase_file_xlsx": "催办清单-{as_of}.xlsx",
    "chase_send": "通过内网邮件发送督办单",
    "chase_send_confirm": "确认发送给已登记邮箱的单位",
    "chase_no_mail": "未配置内网邮件服务器，督办单不会通过邮件发送；可下载后另行发送。",
    "overview_duties": "督办事项（{year} 年度，与上方指标分开计数）",
    "ranking_header": "各地区 {year} 年度按时办结率",
    "ranking_empty": "本年度还没有到期的督办事项。",
    "mine": "本账号",
    "marked": "{name}（{mark}）",
}
DUTY_COLUMNS = {
    "state": "状态", "due": "到期日", "name": "事项", "region_name": "地区", "unit": "责任单位",
    "done": "完成日期", "note": "说明", "year": "年度", "target": "指标编号", "mine": "本账号",
    "time": "时间", "action": "操作", "user": "账号", "source": "来源", "evidence": "佐证材料",
    "rate": "按时办结率", "on_time": "按时", "fell_due": "已到期", "colour": "颜色", "days": "天数",
}


def u(key: str, **kw: object) -> str:
    """A duty label (page duties, the overview's duty section), formatted with `kw`."""
    return _label(DUTY_LABELS, key, kw)

# Streamlit's own English in the browser (file uploader, pickers, table toolbar), replaced by ui.shell's
# observer as it appears: whole texts, tooltips (title, aria-label) and placeholders.
STREAMLIT_WORDS = {
    "Upload": "上传",
    "Browse files": "选择文件",
    "Add files": "添加文件",
    "Drag and drop a file here": "将文件拖放到此处",
    "Drag and drop files here": "将文件拖放到此处",
    "Drag and drop file here": "将文件拖放到此处",
    "Select all": "全选",
    "No results": "无匹配项",
    "Clear all": "全部清除",
    "Choose an option": "请选择",
    "Choose options": "请选择",
    "Search": "搜索",
    "Close Search": "关闭搜索",
    "Next Result": "下一个",
    "Previous Result": "上一个",
    "Fullscreen": "全屏",
    "Close fullscreen": "退出全屏",
    "Show/hide columns": "显示或隐藏列",
    "Download as CSV": "下载为 CSV",
    "Clear selection": "清除选择",
    "Dataframe column menu": "列菜单",
    "Copy column name": "复制列名",
    "Sort ascending": "升序排列",
    "Sort descending": "降序排列",
    "Autosize": "自动列宽",
    "Pin column": "固定此列",
    "Unpin column": "取消固定",
    "Hide column": "隐藏此列",
    "Format": "格式",
    "Automatic": "自动",
    "Localized": "本地格式",
    "Plain": "原样",
    "Percent": "百分比",
    "Scientific": "科学计数",
    "Compact": "紧凑",
    "Calendar": "日历",
    "Relative": "相对时间",
    "Remove": "移除",
    "Delete": "删除",
    "Close": "关闭",
    "Running...": "运行中…",
    "Stop": "停止",
    "Open": "打开",
}
STREAMLIT_PATTERNS = (  # (JavaScript regular expression, replacement)
    (r"^Limit (.+) per file$", "单个文件不超过 $1"),
    (r"^(.+) per file$", "单个文件不超过 $1"),
    (r"^Remove (.+)$", "移除 $1"),
    (r"^Delete (.+)$", "删除 $1"),
    (r"^Press Enter to apply$", "按回车确认"),
    (r"^(.*) files are not allowed\.$", "不接受这种类型的文件（$1）。"),
    (r"^File must be (.+) or smaller\.$", "文件不能超过 $1。"),
    (r"^File size is too small\.$", "文件太小。"),
    (r"^Only one file is allowed\.$", "只能上传一个文件。"),
)
