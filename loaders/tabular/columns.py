"""Header aliases real exports use, per field (Chinese and English). docs/loading.md lists them."""
from __future__ import annotations

import re

ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("企业名称", "公司名称", "名称", "企业", "公司", "name", "company", "company_name",
             "机构名称", "项目名称", "活动名称"),
    "uscc": ("统一社会信用代码", "信用代码", "社会信用代码", "uscc", "credit_code"),
    "name_en": ("英文名称", "英文名", "name_en", "english_name"),
    "aliases": ("别名", "aliases", "alias"),
    "short_name": ("证券简称", "股票简称", "简称", "short_name"),
    "former_names": ("曾用名", "former_names", "former_name"),
    "paid_capital": ("实缴资本", "实缴资金", "paid_capital"),
    "legal_rep": ("法定代表人", "法人代表", "法人", "负责人", "legal_rep",
                  "legal_representative"),
    "company_type": ("企业类型", "公司类型", "企业(机构)类型", "company_type"),
    "insured": ("参保人数", "社保人数", "insured"),
    "scope": ("经营范围", "scope", "business_scope"),
    "exchange": ("交易所", "上市交易所", "exchange"),
    "industry_basis": ("行业依据", "industry_basis"),
    "address_kind": ("地址类型", "address_kind"),
    "source_title": ("来源标题", "来源文件", "source_title"),
    "source_url": ("来源链接", "来源网址", "source_url"),
    "source_date": ("来源日期", "source_date"),
    "location_source_title": ("地址来源", "location_source_title"),
    "location_source_url": ("地址来源链接", "location_source_url"),
    "founded": ("成立日期", "成立时间", "注册日期", "founded", "established"),
    "reg_capital": ("注册资本", "注册资金", "reg_capital", "registered_capital"),
    "industry": ("所属行业", "行业", "行业代码", "产业", "产业类别", "industry", "industry_code"),
    "province": ("省份", "省", "所属省份", "province"),
    "city": ("城市", "市", "地市", "所属城市", "city"),
    "county": ("区县", "区", "县", "所属区县", "county", "district"),
    "region": ("所在地", "地区", "注册地", "所在地区", "region", "location", "area"),
    "listed": ("是否上市", "上市", "listed"),
    "stock_code": ("股票代码", "证券代码", "stock_code", "ts_code"),
    "description": ("简介", "企业简介", "描述", "备注", "description", "notes"),
    "parent": ("所属集团", "母公司", "控股股东", "parent", "group"),
    "shareholder": ("股东名称", "股东", "投资方", "投资人", "shareholder", "investor", "owner"),
    "company": ("被投资企业名称", "被投资企业", "被投资公司", "被投资公司名称", "投资企业", "企业名称", "公司名称", "company",
                "subsidiary"),
    "share": ("持股比例", "出资比例", "股权比例", "投资比例", "投资占比", "share", "stake",
              "ratio"),
    "investor": ("投资方/签约企业", "投资方", "签约企业", "投资主体", "投资企业名称", "investor"),
    "start_date": ("开工日期", "开工时间", "start_date"),
    "operation_date": ("投产日期", "投产时间", "竣工日期", "operation_date"),
    "park": ("落地园区/区县", "落地园区", "园区", "落地载体", "park"),
    "contact": ("对接人", "联系人", "责任人", "contact"),
    "branch": ("分支机构名称", "分支机构", "分公司名称", "branch"),
    "industry_section": ("国标行业门类", "行业门类", "industry_section"),
    "industry_division": ("国标行业大类", "行业大类", "industry_division"),
    "industry_group": ("国标行业中类", "行业中类", "industry_group"),
    "industry_class": ("国标行业小类", "行业小类", "industry_class"),
    "kind": ("类型", "机构类型", "kind", "type"),
    "title": ("协议名称", "标题", "名称", "title", "agreement"),
    "parties": ("签约方", "签约主体", "parties"),
    "party_a": ("甲方", "party_a"),
    "party_b": ("乙方", "party_b"),
    "agreement_type": ("协议类型", "类型", "type", "agreement_type"),
    "date": ("签约日期", "签约时间", "日期", "认缴出资日期", "出资日期", "投资日期", "date",
             "signed"),
    "amount": ("投资金额", "签约金额", "金额", "总投资", "认缴出资额", "出资额", "投资数额",
               "amount", "amount_cny", "investment"),
    "project": ("项目名称", "项目", "project"),
    "place": ("签约地", "签约地点", "地点", "举办地", "place"),
    "status": ("状态", "登记状态", "经营状态", "企业状态", "项目状态", "status"),
    "stage": ("阶段", "项目阶段", "进展", "stage"),
    "start": ("开始日期", "开始时间", "start", "start_date"),
    "end": ("结束日期", "结束时间", "end", "end_date"),
    "organizer": ("主办方", "主办单位", "organizer"),
    "participants": ("参与企业", "参与方", "参与单位", "participants"),
    "event_type": ("活动类型", "类型", "type", "event_type"),
    "visitor": ("拜访方", "来访单位", "拜访单位", "visitor"),
    "host": ("被拜访企业", "拜访对象", "被访单位", "拜访企业", "host"),
    "evidence": ("依据", "原文", "备注", "evidence", "notes"),
    "source": ("来源", "出处", "source"),
    "synthetic": ("合成", "synthetic"),
    "list_date": ("上市日期", "list_date"),
}

LIST_SPLIT = re.compile(r"[、;；,，/|]+")


def _key(h: str) -> str:
    return re.sub(r"[\s_（）()]+", "", str(h)).lower()


def map_header(header: list[str], fields: list[str]) -> dict[str, str]:
    """{field: header as written} for the fields this kind knows; the first match wins."""
    found: dict[str, str] = {}
    keyed = {_key(h): h for h in header if h and not str(h).startswith("_")}  # _row, _reasons
    for field in fields:
        for alias in (field,) + ALIASES.get(field, ()):
            h = keyed.get(_key(alias))
            if h is not None and h not in found.values():
                found[field] = h
                break
    return found


def split_list(value) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in LIST_SPLIT.split(str(value)) if v.strip()]
