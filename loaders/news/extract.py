"""Extract entities, agreements and visits from a Chinese investment-promotion news article.

    extract(text, known=None, published=None, source_title=None) -> dict
    extract_file(path, known=None) -> dict

Output keys: source, companies, organizations, regions, industries, agreements, visits.
Pattern based, with two small learned decisions on top (party_model.py, host_model.py:
logistic regressions shipped as JSON, trained by ``python -m loaders.news.train_models``);
``known`` is an optional gazetteer of entities already in the
graph: [{"id", "name", "label", "aliases", "code"}]. See docs/news-extraction.md.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from loaders.news import agreement_filter
from loaders.news import mechanisms
from loaders.news import names as nn
from loaders.news.dates import DateTracker, find_full_date, infer_year, year_in_head
from loaders.news.entities import Registry, rename_refs, scan
from loaders.news.events import MONEY_RE, SignContext, agreements_in, amount_in, settled_in
from loaders.news.events import ceremony_agreements, project_owners, signed_here
from loaders.news.signing import TOOK_PLACE, article_signing
from loaders.news.signing import label as signing_label
from loaders.news.host_model import learned_visits
from loaders.news.party_model import learned_agreements
from loaders.news.represented import resolve_represented
from loaders.news.short_forms import merge_short_forms
from loaders.news.visits import (TRAVEL, glued_places, provincial_host, talks_away, group_talks, own_company, home_visits, hosted_by_subject, opening_site, stop_visits, receptions_in, self_receptions, site_list_visits,
                                 talks_on_trip, visits_in)
from loaders.news.visits import written as place_as_written
from loaders.resolve.text import clean, decode_bytes, split_sentences
from loaders.tabular.values import parse_date

__all__ = ["extract", "extract_file"]

_MEDIA = r"日报|晚报|早报|商报|时报|广播电视台|电视台|融媒体中心|融媒|发布|新闻网|新闻"
_HEADER_PUB_RE = re.compile(rf"([{nn.CJK}]{{2,6}}?)({_MEDIA})")
_SOURCE_RE = re.compile(r"来源\s*[:：]\s*([^\s\]】(（)]+)")
_GOV_RE = re.compile(r"(?:政府|委员会|管委会|中心|局|代表团)$")


def extract_file(path: str | Path, known: list[dict] | None = None, **kw) -> dict:
    """``extract`` on a file decoded as UTF-8 (BOM or not) or GB18030 (``kw``: model, trace)."""
    text, encoding = decode_bytes(Path(path).read_bytes())
    out = extract(text, known=known, **kw)
    out["source"]["file"] = str(path)
    out["source"]["encoding"] = encoding
    return out


def extract(text: str, *, known: list[dict] | None = None, published=None,
            source_title: str | None = None, model: dict | bool | None = None,
            trace: dict | None = None) -> dict:
    """``model``: the learned models (None: the shipped party_weights.json / host_weights.json /
    agreement_filter_weights.json; False: the rules alone; {"party": weights, "host": weights,
    "filter": weights}: those). ``trace``, when given,
    receives the sentences, the registry and the rules' agreements and visits (train_models)."""
    cleaned = clean(text)
    body = _PHOTO_CREDIT_RE.sub("", cleaned.text)  # '签署协议(集团总部 伍晖摄)': a caption's credit
    body = _GLOSS_RE.sub("", body)  # '来(lái)津', '代表团(tuán)': a pinyin gloss splits the words it follows
    body = _STRAY_COMMA_RE.sub("", body)  # '先到A,、B和C', '春意盎然,,': a page's stray commas
    body = without_related(body)
    sentences = split_sentences(body)
    source = _source(body, sentences, published, source_title)
    reg = Registry(known, home=source.pop("_home"))
    written = source.pop("_home_written")
    if reg.home and written:  # 云上通山: the text says 通山 for 通山县
        reg.add_region(written, reg.home["name"], reg.home)
    scan(body, reg)
    _own_school(reg, body)
    for i, s in enumerate(sentences):  # '签约的项目…分别是总投资X的A涂料…项目': A's owner by its short form
        if signed_here(s) or i and signed_here(sentences[i - 1]):
            for name in project_owners(s):
                if reg.get(name) is None:
                    reg.add(name, "Company")
    focus = _focus(reg, source.get("title"), body)
    if reg.home is None and focus and focus.label == "Region":
        reg.home = {"name": focus.name, "code": focus.code, "level": focus.kind}
        reg.home = _guest_not_home(reg, focus, body) or reg.home
    if not source.get("publisher"):  # home is a guess: 我县/我市 name the place the text names most
        own = _home_by_we(reg, body, source.get("title"))
        if own is not None:
            if focus is None or reg.home and focus.name == reg.home["name"]:
                focus = own
            reg.home = {"name": own.name, "code": own.code, "level": own.kind}
    ctx = SignContext(focus and focus.name)
    agreements, visits, whens = _events(sentences, reg, source.pop("_ref"), ctx)
    for a, lab in zip(agreements, mechanisms.label_all(agreements, sentences, source.get("title"))):
        a["mechanism"] = lab  # which mechanism of the rules produced it (mechanisms.py)
    took_place, why = article_signing(sentences, source.get("title"))
    agreements = _by_mechanism(agreements, ctx)
    if not took_place:  # the article reports no signing that took place (visits, talks, wishes only)
        ctx.dropped += [{**a, "status": "not_signed", "reason": why} for a in agreements]
        agreements = []
    if trace is not None:
        trace.update(sentences=sentences, reg=reg, agreements=[dict(a) for a in agreements], focus=focus,
                     visits=[dict(v) for v in visits], whens=whens, title=source.get("title"))
    dropped = None
    if model is not False:
        _learned(agreements, visits, sentences, reg, focus, whens, model or {})
        # the learned keep/drop decision over the agreements (agreement_filter.py); a dropped
        # agreement is listed with its probability, not lost
        dropped = agreement_filter.apply(agreements, sentences, reg, source.get("title"), (model or {}).get("filter"))
    for a in agreements:
        a.pop("_via", None)
        a.pop("_src", None)
    source.update(script=cleaned.script, warnings=cleaned.warnings)
    rename_refs(agreements + visits + ctx.dropped, reg.settle())  # 技术有限公司 -> 华为技术有限公司
    out = {"source": source, "companies": _companies(reg), "organizations": _orgs(reg),
           "regions": _regions(reg), "industries": _industries(reg),
           "agreements": agreements, "visits": visits}
    if dropped is not None:
        out["dropped_agreements"] = dropped
    # signings the text does not report as done: shown to the analyst, not emitted (a pair that is
    # emitted from another sentence is not listed again)
    kept = {_party_key(a) for a in agreements}
    held = [{k: v for k, v in a.items() if k not in ("_via", "_src")} for a in ctx.dropped if _party_key(a) not in kept]
    if held:
        out["dropped"] = held
    return out


def _by_mechanism(agreements: list[dict], ctx: SignContext) -> list[dict]:
    """The thirteenth pass's decision (mechanisms.OFF / RESTRICTED): an agreement of a mechanism
    switched off, or failing its restriction, is listed under ``dropped`` with the reason."""
    keep = mechanisms.decide(agreements, [a["mechanism"] for a in agreements])
    for a, k in zip(agreements, keep):
        if not k:
            ctx.dropped.append({**a, "status": "held_back", "reason": mechanisms.REASON.format(mechanism=a["mechanism"])})
    return [a for a, k in zip(agreements, keep) if k]


def _own_school(reg: Registry, body: str) -> None:
    """A university's own news says 我校/本校: the 大学/学院 the article names most (聊城大学)."""
    if not re.search(r"我校|本校", body):
        return
    schools = sorted(((body.count(e.name), e.name, e) for e in reg.entities
                      if re.search(r"(?:大学|学院)$", e.name) and len(e.name) >= 4), reverse=True)
    if schools and (len(schools) == 1 or schools[0][0] > schools[1][0]):
        for word in ("我校", "本校"):
            reg.alias(schools[0][2], word)


_GUEST_RE = re.compile(rf"([{nn.NAME_CHARS}]{{2,24}}?)(?:代表团|考察团|调研组|考察组|一行)[^,，。]{{0,4}}?(?:来|到|莅临)我([县市区])")


def _guest_not_home(reg: Registry, focus, body: str) -> dict | None:
    """The publisher unknown, the focus place guessed: when the text says the focus place's
    delegation came to 我县/我市, home is the other county/city the article names most often."""
    m = _GUEST_RE.search(body)
    if not m or not any(men and men in m.group(1) for men in focus.mentions):
        return None
    others = [e for e in reg.by_label("Region") if e is not focus and e.name.endswith(m.group(2))]
    best = max(others, key=lambda e: sum(body.count(x) for x in set(e.mentions) if x), default=None)
    return best and {"name": best.name, "code": best.code, "level": best.kind}


_WE_RE = re.compile(r"(?<![自])我([县市区])")


def _home_by_we(reg: Registry, body: str, title: str | None):
    """The publisher unknown, the text writes 我县/我市/我区 for its own place: that place is the
    county/city/district the text (title left out: an aggregator's headline may name another
    city) names most often, at least twice, unless the guessed home is named there already."""
    rest = body.replace(title, "") if title else body
    m = _WE_RE.search(rest)
    if not m:
        return None

    def count(e) -> int:
        short = min((x for x in e.mentions if x and len(x) >= 2), key=len, default=e.name)
        return rest.count(short)
    current = reg.home and reg.get(reg.home["name"])
    if current is not None and count(current) > 0:
        return None
    cands = [(count(e), e) for e in reg.by_label("Region")
             if e.name.endswith(m.group(1)) and not e.name.startswith(("我", "本")) and e.kind]
    best = max(cands, key=lambda t: t[0], default=(0, None))
    return best[1] if best[0] >= 2 else None


_RELATED_HEAD_RE = re.compile(r"^[\s•·▪■□>》|]*(?:相关阅读|相关新闻|相关内容|相关文章|相关链接|推荐阅读|延伸阅读|"
                              r"热点推荐|热门推荐|热门文章|猜你喜欢|更多阅读|更多新闻|往期回顾)[\s:：>》]*$", re.M)
_NEIGHBOUR_RE = re.compile(r"^[\s•·▪■□]*(?:上一篇|下一篇|上一条|下一条|上一页|下一页)[:：\s].*$", re.M)


def without_related(body: str) -> str:
    """Page chrome that names other articles: everything after a '相关阅读' / '推荐阅读' line,
    and '上一篇:…' / '下一篇:…' lines (their titles are other stories' signings)."""
    m = _RELATED_HEAD_RE.search(body)
    if m and m.start() >= min(200, len(body) // 4):  # not a heading at the top
        body = body[:m.start()]
    return _NEIGHBOUR_RE.sub("", body)


_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_SYLLABLES = rf"[a-zü{_TONED}]{{1,7}}(?: ?/ ?[a-zü{_TONED}]{{1,7}}){{0,3}}"  # '(le/liǎo)', '(yī / yì /yí)': each reading
_GLOSS_RE = re.compile(rf"(?<=[{nn.CJK}])[(（](?=[a-zü /]*[{_TONED}]){_SYLLABLES}[)）]")
_STRAY_COMMA_RE = re.compile(r"[,，]+(?=[、,，])")
_PHOTO_CREDIT_RE = re.compile(r"[(（][^()（）\n]{0,30}?(?:摄|供图|图片来源)[^()（）\n]{0,6}[)）]")


# ---------------------------------------------------------------------------- source/header

def _source(body: str, sentences: list[str], published, title: str | None) -> dict:
    publisher = _publisher(body)
    date = _published_date(body, published)
    ref, year_source = (date, "published") if date else (None, None)
    title = title or _title(body)
    if ref is None and (year := year_in_head(title, body)):
        ref, year_source = dt.date(year, 12, 31), "title or first lines"
    if ref is None and (year := infer_year(sentences)):
        ref, year_source = dt.date(year, 12, 31), "inferred from 去年"
    home = _home(publisher)
    written = _home_written(publisher) if home else None
    return {"title": title, "date": date.isoformat() if date else None,
            "publisher": publisher, "home_region": home and home["name"], "_home_written": written,
            "year_source": year_source, "_home": home, "_ref": ref}


_PREFIX_PUB_RE = re.compile(rf"(?:云上|掌上|今日|智慧)([{nn.CJK}]{{2,4}}?)(?=报道|讯|客户端|[\s:：(（])")


def _publisher(body: str) -> str | None:
    """The medium named in the header: 徐州日报, 南丰发布, 云上通山 (Hubei's county apps)."""
    found = [m for m in (_HEADER_PUB_RE.search(body[:80]), _PREFIX_PUB_RE.search(body[:80])) if m]
    if found:
        return min(found, key=lambda m: m.start()).group(0)
    m = _SOURCE_RE.search(body)
    return m.group(1) if m else None


def _home(publisher: str | None) -> dict | None:
    """The place a local medium belongs to: 徐州日报 -> 徐州市, 南丰发布 -> 南丰县."""
    written = _home_written(publisher)
    return nn.resolve_place(written) if written else None


def _home_written(publisher: str | None) -> str | None:
    """The place as the medium writes it: 徐州日报 -> 徐州, 云上通山 -> 通山."""
    if not publisher:
        return None
    m = re.match(rf"(?:云上|掌上|今日|智慧)?([{nn.CJK}]{{2,6}}?)(?:{_MEDIA}|$)", publisher.split("-")[0])
    return m.group(1) if m else None


def _published_date(body: str, published) -> dt.date | None:
    if isinstance(published, dt.datetime):
        return published.date()
    if isinstance(published, dt.date):
        return published
    if isinstance(published, str) and published:
        return dt.date.fromisoformat(parse_date(published))
    head = body[:300]
    m = re.search(r"(?:发布时间|发布日期|时间|日期|发表于|来源)\s*[:：]?", head)
    return find_full_date(head[m.end():] if m else head[:60]) or find_full_date(head[:160])


def _title(body: str) -> str | None:
    lines = [ln for ln in body.split("\n") if ln.strip()
             and not re.search(r"首页|当前位置|>|》》|导航|登录|注册", ln)]  # page chrome
    first = lines[0].strip() if len(lines) > 1 else ""
    return first if 4 <= len(first) <= 50 and not re.search(r"[。，,；]", first) else None


# ---------------------------------------------------------------------------------- events

_FOCUS_KINDS = ("government", "management-committee", "development-zone")


def _focus(reg: Registry, title: str | None, body: str):
    """The party that signs with everyone in an article about one place's signings: the first
    government, zone or region named in the title, else the one named most often."""
    cands = [e for e in reg.entities if (e.label == "Region" or e.label == "Organization" and e.kind in _FOCUS_KINDS)
             and not _CLUSTER_RE.fullmatch(e.name)]
    if not cands:
        return None
    head = title or body[:60]
    inside = _company_spans(reg, body)

    def first_pos(e):
        ps = [m.start() for men in e.mentions if men for m in re.finditer(re.escape(men), head)
              if _standalone(e, men, head, m.end()) and (title or m.start() not in inside)]
        return min(ps) if ps else None
    rank = {"province": 3, "prefecture": 2, "city": 2}
    if reg.home and reg.home.get("level") == "province":
        # a provincial paper (河南日报) reporting a county's signing: the county named first
        lead = title or body[:150]
        local = [(first_pos(e) if title else _first_in(e, lead), i, e) for i, e in enumerate(cands)
                 if rank.get(e.kind or "", 1) < 3 and e.name != reg.home["name"]]
        local = [t for t in local if t[0] is not None]
        if local:
            return min(local)[2]
    if reg.home:
        return reg.get(reg.home["name"]) or reg.add(reg.home["name"], "Region")
    in_title = [(rank.get(e.kind or "", 1), first_pos(e), i, e) for i, e in enumerate(cands)
                if first_pos(e) is not None]
    if in_title:
        return min(in_title)[3]
    counts = [(_standalone_count(e, body, inside), i, e) for i, e in enumerate(cands)]
    best = max(counts, key=lambda t: (t[0], -t[1]))
    return best[2] if best[0] else None


def _first_in(e, text: str) -> int | None:
    ps = [m.start() for men in e.mentions if men for m in re.finditer(re.escape(men), text)
          if _standalone(e, men, text, m.end())]
    return min(ps) if ps else None


def _standalone_count(e, body: str, inside: set[int]) -> int:
    """How often ``e`` is named on its own: a place name that opens a company name
    (浙江华宇新能源…公司, 宁德时代) is not the place."""
    return sum(_standalone(e, men, body, m.end()) and m.start() not in inside
               for men in set(m for m in e.mentions if m) for m in re.finditer(re.escape(men), body))


def _company_spans(reg: Registry, body: str) -> set[int]:
    """Positions inside a company's name (云南省绿色城市更新集团有限公司: 云南省 is part of it)."""
    out: set[int] = set()
    for e in reg.by_label("Company"):
        for men in e.mentions:
            for m in re.finditer(re.escape(men), body):
                out |= set(range(m.start(), m.end()))
    return out


def _standalone(e, men: str, text: str, end: int) -> bool:
    nxt = text[end:end + 1]
    return (e.label != "Region" or men[-1] in "省市县区州旗" or not re.match(rf"[{nn.CJK}]", nxt)
            or nxt in "与和同及的在等人政党委")


# an area of several provinces names an event (京津冀招商引资项目签约仪式), never a signing party
_CLUSTER_RE = re.compile(r"(?:粤港澳)?大湾区|京津冀|长三角|珠三角|成渝(?:地区)?|环渤海|[^,，。]{0,6}经济带|[^,，。]{1,6}地区")


_GOV_TAIL = re.compile(r"(?:[省市县区镇乡州旗]|街道|(?:人民)?政府|管委会)$")


def _glued(party: str, others: list[str]) -> bool:
    """``party`` is two or more other parties' leading parts (3+ characters each) written one
    after the other (国开行 + 农发行 + 中国进出口银行 of 国开行陕西省分行, 农发行陕西省分行, …)."""
    i, n = 0, 0
    while i < len(party):
        k = max((L for o in others for L in range(3, min(len(o), len(party) - i) + 1)
                 if o[:L] == party[i:i + L]), default=0)
        if k < 3:
            return False
        i, n = i + k, n + 1
    return n >= 2


def _one_side(parties: list[str]) -> bool:
    """The same party twice, or one government inside the other's name (东港镇政府, 无锡市东港镇政府)."""
    if len(parties) != 2:
        return False
    a, b = sorted(parties, key=len)
    return a == b or (a in b and bool(_GOV_TAIL.search(a)) and bool(_GOV_TAIL.search(b)))


def _events(sentences: list[str], reg: Registry, ref: dt.date | None,
            ctx: SignContext) -> tuple[list, list]:
    tracker, visitor, article, on_trip, away = DateTracker(ref), None, "\n".join(sentences), False, None
    ctx.collect(sentences, reg)
    agreements, visits, signing, whens = [], [], [], []
    for i, s in enumerate(sentences):
        span = tracker.update(s)
        when = {"date": span.iso() if span else None,
                "date_end": span.end_iso() if span else None}
        if span is not None and span.year is None:
            when["date_text"] = span.text()  # the year cannot be inferred: no '--04-30'
        elif span is None and tracker.text:
            when["date_text"] = tracker.text
        whens.append(dict(when))
        ctx.note_visit(s, reg)
        found = agreements_in(s, reg, ctx)
        if not found:
            found = [{**a, "_src": "settled"} for a in settled_in(s, reg, ctx)]
        found = [a for a in found if not any(_CLUSTER_RE.fullmatch(p) for p in a["parties"])]
        if signed_here(s) and signing_label(s) in TOOK_PLACE:
            signing.append((i, dict(when)))
        held, found = [a for a in found if a.get("_not_signed")], [a for a in found if not a.get("_not_signed")]
        for a in held:  # listed under `dropped`, with the reason
            reason = a.pop("_not_signed")
            _add_unique(ctx.dropped, {**a, **when, "evidence": s, "status": "not_signed", "reason": reason},
                        ("parties", "reason"))
        for a in found:
            a.update(when, evidence=s, amount_cny=amount_in(s) if len(found) == 1 else None)
            a["_via"] = "coreference" if a.get("party_evidence") else "focus" if a.get("implicit_party") else "clause"
            _fill_amount(a, sentences, i, reg)
            _add_agreement(agreements, a)
        ctx.note(s, reg)
        vs, visitor = visits_in(s, reg, visitor, article)
        on_trip = on_trip or any(v["verb"] in TRAVEL and v["host_label"] == "Region" for v in vs)
        talks = talks_on_trip(s, reg, visitor) if on_trip and visitor else []
        focus = reg.get(ctx.focus) if ctx.focus else None
        talks = talks or talks_away(s, reg, focus, visitor)  # '在兰州市与X公司…座谈', away from home
        vs += [v for v in talks if all(v["host"] != x["host"] for x in vs)]
        went = talks or any(focus and _names_side(v["visitor"], focus) for v in vs)  # our side went out
        away = away or next((v["visitor"] for v in vs if focus and _names_side(v["visitor"], focus)
                             and v["verb"] in TRAVEL and v["host_label"] == "Region"
                             and v.get("host_name") != focus.name), None)
        received = [] if went else receptions_in(s, reg, focus, article)  # on a trip we visit them
        if away and received and not _ARRIVED_RE.search(s):
            # our side away ('率…代表团在深圳开展…'): '分别会见了X董事长Y' names whom it visited
            vs += [{"visitor": away, "host": r["visitor"], "host_label": "Company", "verb": r["verb"]}
                   for r in received if reg.get(r["visitor"]) is not None
                   and reg.get(r["visitor"]).label == "Company" and all(r["visitor"] != x["host"] for x in vs)]
            received = []
        # '考察了A、B…并分别与企业座谈': a host of this sentence is not also a visitor received here
        received = [r for r in received if not any(_overlap(r["visitor"], v["host"]) for v in vs)]
        if focus and any(_names_side(v["visitor"], focus) for v in visits + vs):
            received = [r for r in received if r["verb"] != "会见" or r["host_name"] != focus.name]
        vs = [v for v in vs if v["visitor"] or all(v["host"] != x["host"] for x in received)]
        vs += [v for v in received if all(v["visitor"] != x["visitor"] for x in vs)]
        hosted = hosted_by_subject(s, reg)  # 'X公司接待了Y考察团一行': X hosts, whatever else was read
        if hosted:
            vs = [v for v in vs if not any(v["host"] in h["visitor"] or v["visitor"] == h["host"] for h in hosted)]
        vs += [v for v in hosted if all(v["host"] != x["host"] for x in vs)]
        vs += [v for v in self_receptions(s, reg) if all(v["host"] != x["host"] for x in vs)]
        vs += [v for v in group_talks(s, reg, visitor) + home_visits(s, reg, visitor, article)
               if all(v["host"] != x["host"] and v.get("host_name", 1) != x.get("host_name") for x in vs)]
        vs += [v for v in site_list_visits(s, reg, visitor) if all(v["host"] != x["host"] for x in vs)]
        vs += [v for v in opening_site(s, reg, visitor) if all(v["host"] != x["host"] for x in vs)]
        vs += [v for v in stop_visits(s, reg, visitor) if all(v["host"] != x["host"] for x in vs)]
        for v in [q for v in vs for p in glued_places(v) for q in provincial_host(p, s)]:
            v["host"] = own_company(v["host"], reg, article)
            if _visiting_side(v):
                continue
            v.update(when, evidence=s)
            _add_unique(visits, v, ("visitor", "host"))
        _visit_pair(ctx, vs, reg, s)
    visits = one_host_per_place(visits)
    for a in agreements:  # '集团与通辽市签订…' in the company's own news: the company it names
        a["parties"] = [q if q not in a["parties"] else p for p in a["parties"] for q in [own_company(p, reg, article)]]
    for a in agreements:  # '成都、自贡两市签署…': two places sign; each as the article writes it
        ents = [reg.get(p) for p in a["parties"]]
        if all(e is not None and e.label == "Region" and e.name == p for e, p in zip(ents, a["parties"])):
            a["parties"] = [place_as_written(e, article) for e in ents]
    # '无锡市东港镇政府与东港镇政府': one side written twice is no agreement
    agreements[:] = [a for a in agreements if not _one_side(a["parties"])]
    # a headline's list without marks ('与国开行农发行中国进出口银行举行签约仪式') is no party
    agreements[:] = [a for a in agreements if not any(
        _glued(p, [q for b in agreements if b is not a for q in b["parties"] if q not in a["parties"]])
        for p in a["parties"])]
    if not agreements:
        for a in ceremony_agreements(sentences, signing, reg, ctx):
            a["_via"] = "ceremony"
            _fill_amount(a, sentences, sentences.index(a["evidence"]), reg)
            _add_agreement(agreements, a)
    resolve_represented(agreements, reg, article)  # 'X代表工程局与Y签订': the organisation of X's title
    agreements[:] = merge_short_forms(agreements, reg, article)  # 葛洲坝三公司 beside its full name: one signing
    return agreements, visits, whens


_ARRIVED_RE = re.compile(r"来我|到我|莅临我|回到|返回")


def _learned(agreements: list[dict], visits: list[dict], sentences: list[str], reg: Registry, focus,
             whens: list[dict], models: dict) -> None:
    """The learned models' additions: agreements with the companies the rules left out
    (party_model.py), visits to the hosts they left out (host_model.py). ``models``: {"party":
    weights, "host": weights}, a missing one is the shipped file's."""
    for a in learned_agreements(sentences, reg, agreements, focus, models.get("party")):
        a.update(whens[sentences.index(a["evidence"])])
        _fill_amount(a, sentences, sentences.index(a["evidence"]), reg)
        a["_via"] = "learned"
        _add_agreement(agreements, a)
    for v in learned_visits(sentences, reg, visits, models.get("host")):
        v.update(whens[sentences.index(v["evidence"])])
        _add_unique(visits, v, ("visitor", "host"))


def _names_side(who: str | None, ent) -> bool:
    """``who`` (a visitor as written: 邵东 of 邵东市委书记) names ``ent``."""
    return bool(who) and (who in (ent.name, *ent.mentions) or len(who) >= 2 and ent.name.startswith(who))


def one_host_per_place(visits: list[dict]) -> list[dict]:
    """One host per visited place and visitor: the place written several ways (长春, 吉林省长春市,
    长春市) is reported once, in its longest written form (under news-eval's rules it matches
    every written form of three or more characters); a province (江苏省, 新疆维吾尔自治区) is
    dropped when the same visitor has a more specific host (赴江苏、浙江等地…拜访了X公司), unless
    the province's leaders received the visitor (``_met_province``, visits.provincial_host)."""
    by_place: dict[tuple, dict] = {}
    for v in visits:
        if v.get("host_name") and not v.get("_bare"):
            key = (v["visitor"], v["host_name"])
            best = by_place.setdefault(key, v)
            if len(v["host"]) > len(best["host"]):
                by_place[key] = v
    others = {v["visitor"] for v in visits if not re.search(r"(?:省|自治区)$", v.get("host_name") or "")}
    out = []
    for v in visits:
        name, bare, met = v.get("host_name"), v.pop("_bare", False), v.pop("_met_province", False)
        if name and not bare and by_place[(v["visitor"], name)] is not v:
            continue
        if name and re.search(r"(?:省|自治区)$", name) and v["visitor"] in others and not met:
            continue
        out.append(v)
    return out


def _overlap(a: str | None, b: str | None) -> bool:
    return bool(a and b) and len(min(a, b, key=len)) >= 2 and (a in b or b in a)


def _visiting_side(v: dict) -> bool:
    """A host that names the visitor or is part of its name (海门区 of 海门区党政代表团): the
    visiting side is never the host."""
    who = v.get("visitor") or ""
    return any(h and len(h) >= 2 and h in who for h in (v["host"], v.get("host_name")))


def _visit_pair(ctx: SignContext, vs: list[dict], reg: Registry, sentence: str) -> None:
    """'X带队赴Y县调研,并与…座谈。座谈后,双方共同签订…': a trip of one named party to one place
    is the pair a later 双方 refers to (unless the sentence named a pair itself)."""
    if ctx.pair_evidence == sentence or not vs:
        return
    hosts = {v.get("host_name") or v["host"] for v in vs if v["verb"] in TRAVEL}
    who = {v["visitor"] for v in vs if v["visitor"]}
    ent = reg.get(next(iter(who))) if len(who) == 1 else None
    if len(hosts) == 1 and ent is not None and ent.label in ("Company", "Organization", "Region"):
        host = next(iter(hosts))
        if host != ent.name:
            ctx.pair, ctx.pair_evidence = [ent.name, host], sentence


def _add_agreement(items: list[dict], new: dict) -> None:
    """One agreement per set of parties and date: a later sentence about the same signing
    (…举行签约仪式 / …代表双方签订项目投资协议) adds its type and evidence, not a second one."""
    key = _party_key(new)
    for a in items:
        if _party_key(a) == key and (a.get("date") == new.get("date") or not a.get("date")
                                     or not new.get("date")):
            if len("".join(new["parties"])) > len("".join(a["parties"])):
                a["parties"] = new["parties"]
            a["date"] = a.get("date") or new.get("date")
            if a["type"] == "协议" and new["type"] != "协议":
                a["type"] = new["type"]
            for k in ("project", "amount_cny", "party_evidence"):
                a[k] = a.get(k) or new.get(k)
            return
    items.append(new)


def _party_key(a: dict) -> frozenset:
    # a long name written with two words swapped (…高新产业技术集团, …高新技术产业集团) is one party
    return frozenset((lambda q: "".join(sorted(q)) if len(q) >= 8 else q)(re.sub(r"(?:人民)?政府$", "", p))
                     for p in a["parties"])


def _add_unique(items: list[dict], new: dict, keys: tuple) -> None:
    key = tuple(str(new.get(k)) for k in keys)
    if all(tuple(str(x.get(k)) for k in keys) != key for x in items):
        items.append(new)


def _fill_amount(a: dict, sentences: list[str], i: int, reg: Registry) -> None:
    """Amount / project stated elsewhere: '卓阳集团投资40亿元建设…项目', or '该项目…总投资9.8亿元'
    right after a sentence naming the agreement's project."""
    if a.get("amount_cny") is not None:
        return
    for name in a["parties"]:
        ent = reg.get(name)
        if ent is None or _GOV_RE.search(name) or ent.label != "Company":
            continue
        for s in sentences:
            for men in sorted(ent.mentions, key=len, reverse=True):
                k = s.find(men)
                if k >= 0 and _take_amount(a, s[k:].split("。")[0], men, reg):
                    return
    _amount_by_project(a, sentences)


def _take_amount(a: dict, window: str, men: str, reg: Registry) -> bool:
    m = re.match(rf"{re.escape(men)}[^,，。]{{0,6}}?投资([^。]*)", window)
    amount = amount_in(re.split("[,，]", m.group(1))[0]) if m else None
    if amount is None:
        return False
    a["amount_cny"] = amount
    pm = re.search(r"建设([^,，。]+?项目)", m.group(1))
    if pm and not a.get("project"):
        a["project"] = pm.group(1)
    return True


def _amount_by_project(a: dict, sentences: list[str]) -> None:
    core = re.sub(r"项目$", "", a.get("project") or "")
    if len(core) < 4:
        return
    for j, s in enumerate(sentences):
        if core in s:
            for t in sentences[j:j + 3]:
                if j == sentences.index(t) or t.startswith(("该项目", "项目")):
                    m = re.search(r"(?:总投资|投资总额|计划投资|投资)[^,，。]{0,4}?" + MONEY_RE.pattern, t)
                    if m:
                        a["amount_cny"] = amount_in(m.group(0))
                        return


# ---------------------------------------------------------------------------------- output

def _companies(reg: Registry) -> list[dict]:
    out = []
    for e in reg.by_label("Company"):
        row = {"name": e.name, "mentions": e.mentions, "id": e.id}
        if e.region:
            row["region"] = e.region
        core = re.sub(r"集团$", "", e.name)
        if e.name.endswith("集团") and len(core) >= 3:
            row["aliases"] = [core]
        out.append(row)
    return out


def _orgs(reg: Registry) -> list[dict]:
    return [{"name": e.name, "kind": e.kind, "mentions": e.mentions, "id": e.id}
            for e in reg.by_label("Organization")]


def _regions(reg: Registry) -> list[dict]:
    return [{"name": e.name, "code": e.code, "level": e.kind, "mentions": e.mentions}
            for e in reg.by_label("Region")]


def _industries(reg: Registry) -> list[dict]:
    return [{"name": e.name, "code": e.code, "mentions": e.mentions}
            for e in reg.by_label("Industry")]
