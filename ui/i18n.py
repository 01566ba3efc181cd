"""Every UI string, Chinese first, English switchable from the sidebar.

`t(key, **kw)` returns the string in the session's language (session_state["lang"], default zh).
Label and relationship names come from the schema, not from here.
"""
from __future__ import annotations

import streamlit as st

from graph.schema import load_schema

STRINGS: dict[str, tuple[str, str]] = {
    # app / navigation
    "app_title": ("招商引资知识图谱", "Investment-promotion knowledge graph"),
    "lang_toggle": ("English", "English"),
    "nav_search": ("搜索与探索", "Search and explore"),
    "nav_leads": ("招商线索", "Leads"),
    "nav_chain": ("产业链", "Industry chain"),
    "nav_console": ("Cypher 控制台", "Cypher console"),
    "nav_data": ("数据导入", "Data"),
    "nav_overview": ("总览", "Overview"),
    "nav_home": ("地区概览", "Region at a glance"),
    "nav_pipeline": ("线索跟进", "Follow-up"),
    "nav_admin": ("用户与审计", "Users and audit"),
    # sign-in (ui/auth.py)
    "sign_in": ("登录", "Sign in"),
    "sign_in_button": ("登录", "Sign in"),
    "username": ("用户名", "User name"),
    "password": ("密码", "Password"),
    "sign_out": ("退出登录", "Sign out"),
    "signed_in_as": ("当前用户：{name}（{role}）", "Signed in: {name} ({role})"),
    "bad_login": ("用户名或密码错误", "Wrong user name or password"),
    "throttled": ("登录失败次数过多，请 {s} 秒后再试", "Too many failed sign-ins: try again in {s} s"),
    "open_mode": ("单用户模式：未启用登录（仅本机 127.0.0.1 可访问）",
                  "Single-user mode: no sign-in (reachable from 127.0.0.1 only)"),
    "open_mode_how": ("多人使用请先创建用户：kg users add NAME --role admin（用户文件 {path}）",
                      "To share the app, create users: kg users add NAME --role admin (file {path})"),
    "no_users_lan": ("尚未创建用户，应用不对局域网开放。请在服务器上运行 kg users add 创建管理员（用户文件 {path}），然后刷新本页。",
                     "No users yet, so the app is closed to the network. On the server, create an administrator with kg users add (users file {path}), then reload."),
    "need_role": ("需要“{role}”权限", "Needs the role {role}"),
    # follow-up (app_pages/pipeline.py)
    "fu_filters": ("筛选", "Filters"),
    "fu_stage": ("阶段", "Stage"),
    "fu_move_to": ("新阶段", "New stage"),
    "fu_owner": ("负责人", "Owner"),
    "fu_next": ("下次跟进日期", "Next follow-up"),
    "fu_note": ("备注", "Note"),
    "fu_company": ("企业（名称或标识）", "Company (name or id)"),
    "fu_add": ("加入跟进", "Take into follow-up"),
    "fu_move": ("变更阶段", "Change stage"),
    "fu_add_note": ("添加备注", "Add note"),
    "fu_lost": ("放弃原因（已放弃时必填）", "Reason lost (needed for 已放弃)"),
    "fu_none": ("暂无跟进线索", "No leads in follow-up"),
    "fu_pick": ("选择线索", "Lead"),
    "fu_history": ("跟进历史", "History"),
    "fu_funnel": ("转化漏斗（按地区与时段）", "Funnel per region and period"),
    "fu_period": ("时段", "Period"),
    "fu_done": ("已保存：{what}", "Saved: {what}"),
    "fu_overdue": ("逾期", "Overdue"),
    "fu_mark": ("跟进", "Follow-up"),
    "audit_log": ("操作记录（最新在前）", "Audit trail (newest first)"),
    "users_list": ("用户", "Users"),
    "users_how": ("用户在服务器上用 kg users add / passwd / remove 管理。", "Manage users on the server with kg users add / passwd / remove."),
    "store": ("图数据库", "Store"),
    # store errors
    "store_down": ("无法连接图数据库。", "Cannot connect to the graph store."),
    "store_check": ("请检查：1) 环境变量 KG_STORE（当前：{target}）是否指向正确的数据库；"
                    "2) 嵌入式数据目录是否存在且可写，或 Neo4j 是否已启动、NEO4J_USER / "
                    "NEO4J_PASSWORD 是否正确；3) 运行 `kg stats` 查看详情。",
                    "Check: 1) KG_STORE (now: {target}) points at the right store; 2) the "
                    "embedded directory exists and is writable, or Neo4j is running and "
                    "NEO4J_USER / NEO4J_PASSWORD are right; 3) run `kg stats` for details."),
    "store_empty": ("图数据库是空的：先运行 `kg demo` 载入示例图谱，或在“数据导入”页上传数据。",
                    "The store is empty: run `kg demo` to load the demo graph, or upload data "
                    "on the Data page."),
    "error": ("出错了", "Something went wrong"),
    "view": ("显示方式", "View"),
    "preview_head": ("预览只检查了前 {n} 行；导入时会检查全部行。",
                     "The preview checked the first {n} rows; loading checks every row."),
    "unexpected": ("这一页出错了，没有完成。", "This page failed and did not finish."),
    "unexpected_next": ("请刷新页面重试；如果仍然出错，请把出错时间告诉管理员（服务器日志中有详情，"
                        "错误类型：{kind}）。",
                        "Reload the page to retry; if it fails again, tell the administrator "
                        "the time (the server log has the details; error type: {kind})."),
    # search page
    "search_box": ("搜索企业、机构、地区或行业（名称、别名、拼音、首字母）",
                   "Search a company, organisation, region or industry (name, alias, pinyin, "
                   "initials)"),
    "search_hint": ("例如：招商局集团、zhaoshangju、zsjt、徐州市", "e.g. 招商局集团, zhaoshangju, "
                    "zsjt, 徐州市"),
    "suggestions": ("候选结果", "Suggestions"),
    "no_match": ("没有找到“{q}”。试试别名、拼音或更短的关键词。",
                 "Nothing found for “{q}”. Try an alias, pinyin or a shorter fragment."),
    "entity_card": ("实体卡片", "Entity card"),
    "kind": ("类型", "Kind"),
    "group": ("所属集团", "Group"),
    "location": ("所在地", "Location"),
    "industries": ("行业", "Industries"),
    "agreements": ("协议", "Agreements"),
    "sources": ("来源", "Sources"),
    "subsidiaries": ("子公司", "Subsidiaries"),
    "owners": ("股东", "Owners"),
    "visits": ("拜访", "Visits"),
    "depth": ("深度（跳）", "Depth (hops)"),
    "size": ("最多节点数", "Max nodes"),
    "network": ("关系网络", "Network"),
    "legend": ("图例", "Legend"),
    "recentre": ("以邻居为中心", "Re-centre on a neighbour"),
    "recentre_btn": ("重新居中", "Re-centre"),
    "neighbours": ("邻居列表", "Neighbours"),
    "show_more": ("仅显示前 {shown} 个节点（共 {total} 个）；增大“最多节点数”或缩小深度查看更多。",
                  "Showing the first {shown} of {total} nodes; raise “Max nodes” or lower the "
                  "depth to see more."),
    "no_neighbours": ("没有相连的实体。", "No connected entities."),
    # leads page
    "region": ("目标地区", "Target region"),
    "focus_industries": ("重点产业（可选，默认取地区重点产业）",
                         "Focus industries (optional; default: the region's priorities)"),
    "source_regions": ("来源地区（可选）", "Source regions (optional)"),
    "top_n": ("线索数", "Number of leads"),
    "weights": ("权重", "Weights"),
    "run_leads": ("生成线索", "Rank leads"),
    "lead_pick": ("查看线索依据", "Show the evidence for"),
    "evidence": ("依据路径", "Evidence paths"),
    "reasons": ("理由", "Reasons"),
    "download_csv": ("下载 CSV", "Download CSV"),
    "download_xlsx": ("下载 Excel", "Download Excel"),
    "unknown_region": ("未找到地区“{q}”。", "No region “{q}”."),
    "closest": ("您是否要找：{names}", "Did you mean: {names}"),
    "no_leads": ("没有符合条件的线索。", "No leads for these settings."),
    # chain page
    "chain": ("重点产业链", "Priority chain"),
    "segment": ("环节", "Segment"),
    "covered": ("已覆盖", "Covered"),
    "gap": ("缺口", "Gap"),
    "no_data": ("数据不足", "Not enough data"),
    "chain_status_rule": ("已覆盖：本地有该环节企业；缺口：本地没有，且本省该环节企业都已知所在地市；"
                          "数据不足：本省有该环节企业只知道到省（可能就在本地），或该环节企业都不知道地市。",
                          "Covered: local companies; gap: none local and every company of the "
                          "segment in the province is located to its city; not enough data: some "
                          "are located only to the province (they may be local)."),
    "gap_candidates": ("补链候选企业", "Gap candidates"),
    "local_companies": ("本地企业", "Local companies"),
    "candidates": ("外地候选企业", "Candidates elsewhere"),
    "no_chain": ("该地区（及其上级）没有登记重点产业链。",
                 "No priority chain is recorded for this region (or the regions above it)."),
    "upstream_to_downstream": ("从上游到下游", "Upstream to downstream"),
    # console page
    "saved_queries": ("已保存的查询", "Saved queries"),
    "free_cypher": ("自由 Cypher", "Free Cypher"),
    "run": ("运行", "Run"),
    "readonly_note": ("只读执行：时间上限 {timeout} 秒，最多 {cap} 行。",
                      "Read-only: at most {timeout} s and {cap} rows."),
    "rows": ("{n} 行，{ms:.0f} 毫秒", "{n} rows, {ms:.0f} ms"),
    "truncated": ("结果已截断（行数上限）。", "Result truncated at the row cap."),
    "write_refused": ("只读模式：不允许写入。请用“数据导入”页或 `kg load` 载入数据。",
                      "Read-only: writes are refused. Load data on the Data page or with "
                      "`kg load`."),
    "bad_cypher": ("Cypher 有误：{msg}", "Cypher error: {msg}"),
    "timeout": ("查询超时：请加 LIMIT 或先绑定起点。", "The query timed out: add a LIMIT or bind "
                "the start nodes."),
    "too_large": ("查询结果太大，已停止并回滚（内存上限）：请加 LIMIT，或只返回更少、更小的值。",
                  "The result is too large; the query was stopped and rolled back (memory "
                  "limit): add a LIMIT, or return fewer and smaller values."),
    "no_queries": ("查询库（queries/）尚未就绪。", "The query library (queries/) is not available."),
    "as_graph": ("图形", "As a graph"),
    "table": ("表格", "Table"),
    # data page
    "upload": ("上传 CSV、Excel 或新闻稿（.txt）", "Upload CSV, Excel or a news article (.txt)"),
    "table_kind": ("表格类型", "Table kind"),
    "preview": ("预览（不写入）", "Preview (nothing written)"),
    "would_reject": ("将被拒绝的行", "Rows that would be rejected"),
    "load": ("载入", "Load"),
    "loaded": ("已载入：{summary}", "Loaded: {summary}"),
    "download_rejects": ("下载被拒绝的行", "Download rejected rows"),
    "review_links": ("待确认的关联", "Links to review"),
    "no_review": ("没有待确认的关联", "Nothing to review"),
    "accept": ("确认", "Accept"),
    "reject": ("否决", "Reject"),
    "same_company": ("同一企业", "same company"),
    "group_member": ("集团成员", "group member"),
    "no_rejects": ("没有被拒绝的行。", "No rejected rows."),
    "extracted": ("抽取结果", "Extracted"),
    # overview page
    "counts": ("数量", "Counts"),
    "nodes": ("节点", "Nodes"),
    "relationships": ("关系", "Relationships"),
    "recent_agreements": ("最近签约", "Recent agreements"),
    "map": ("地区与签约流向（无需联网底图）", "Regions and agreement flows (no internet tiles)"),
    "no_coords": ("地区没有经纬度，无法绘图。", "No region has coordinates to draw."),
    "date": ("日期", "Date"),
    "title": ("标题", "Title"),
    "name": ("名称", "Name"),
    "signed_in": ("签约地", "Signed in"),
    "parties": ("签约方", "Parties"),
    "count": ("数量", "Count"),
    "elapsed": ("耗时", "Elapsed"),
    # landing page (app_pages/home.py) and pictures (ui/maps.py, ui/charts.py, ui/brief.py)
    "home_title": ("{region} 招商概览", "{region} at a glance"),
    "home_region": ("地区", "Region"),
    "go_search": ("搜索企业、机构、地区或行业 →", "Search companies, bodies, regions, industries →"),
    "home_local": ("本地企业", "Local companies"),
    "home_priorities": ("重点产业", "Priority industries"),
    "home_agreements": ("签约协议", "Agreements"),
    "home_gaps": ("产业链缺口环节", "Chain gaps"),
    "home_leads": ("推荐线索", "Leads"),
    "map_scope": ("范围", "Scope"),
    "map_country": ("全国（按省）", "China by province"),
    "map_province": ("{province}（按市）", "{province} by city"),
    "map_by_city": ("省内（按市）", "A province by city"),
    "map_pick_province": ("省份", "Province"),
    "map_metric": ("着色", "Colour by"),
    "metric_companies": ("企业数", "Companies"),
    "metric_agreements": ("签约地协议数", "Agreements signed there"),
    "metric_leads": ("前列线索数", "Top leads"),
    "map_title": ("{scope}：{metric}", "{scope}: {metric}"),
    "legend_companies": ("企业数（家）", "Companies"),
    "legend_agreements": ("协议数（份）", "Agreements"),
    "legend_leads": ("线索数（条）", "Leads"),
    "top_leads": ("前列线索", "Top leads"),
    "lead_scores": ("线索得分构成", "Lead scores by signal"),
    "agreements_time": ("历年签约", "Agreements over time"),
    "brief_make": ("生成招商简报（PPT）", "Make the briefing (PPT)"),
    "brief_download": ("下载 {name}", "Download {name}"),
}


def lang() -> str:
    """"en" when the sidebar's English toggle is on, else Chinese."""
    if "lang_en" in st.session_state:
        return "en" if st.session_state["lang_en"] else "zh"
    return st.session_state.get("lang", "zh")


def t(key: str, **kw) -> str:
    zh, en = STRINGS.get(key, (key, key))
    text = en if lang() == "en" else zh
    return text.format(**kw) if kw else text


def label_name(label: str) -> str:
    """A node label's display name from the schema (falls back to the label)."""
    node = load_schema().nodes.get(label)
    return node.display(lang()) if node else label


def rel_name(rel_type: str) -> str:
    rel = load_schema().relationships.get(rel_type)
    return rel.display(lang()) if rel else rel_type
