"""A side written as a generic name its signer represents (docs/news-extraction.md, "Nineteenth
pass"): `郭建军代表工程局与苏州市相城区人民政府签订…`, the signer introduced earlier as
`中建六局党委副书记、总经理郭建军`. 工程局 names no one organisation; the organisation in the
signer's title does.

    resolve_represented(agreements, reg, article) -> agreements, generic sides named
"""
from __future__ import annotations

import re

from loaders.news import names as nn
from loaders.news.entities import Registry

# the signer: the name written right before 代表 in its clause (2-3 characters)
_SIGNER_RE = r"([{cjk}]{{2,3}})代表{side}与"


def _titled_org(person: str, suffix: str, reg: Registry, article: str) -> str | None:
    """The registered company or organisation opening the clause that ends with ``person``'s
    title (`中建六局党委副书记、总经理郭建军`), ending as the generic side does (局, 公司 …)."""
    for m in re.finditer(re.escape(person), article):
        clause = re.split(r"[,，;；。！？\n:：]", article[:m.start()])[-1]
        if not clause or clause.endswith(("代表", "与", "和")):
            continue
        heads = [e.name for e in reg.entities if e.label in ("Company", "Organization") and e.name.endswith(suffix)
                 and any(men and len(men) >= 3 and clause.startswith(men) for men in e.mentions)]
        if heads:
            return max(heads, key=len)
    return None


def resolve_represented(agreements: list[dict], reg: Registry, article: str) -> list[dict]:
    """Each side that is a generic name (``names.generic_name``: 工程局, 公司, 集团) written as what
    its signer represents (`X代表工程局与Y签订`) is named by the organisation of the signer's title
    written before, when one is registered and ends with the same suffix; else it stays."""
    for a in agreements:
        for i, p in enumerate(a["parties"]):
            suffix = nn.name_suffix(p)
            if not (suffix and nn.generic_name(p)):
                continue
            m = re.search(_SIGNER_RE.format(cjk=nn.CJK, side=re.escape(p)), a.get("evidence") or "")
            org = m and _titled_org(m.group(1), suffix, reg, article)
            if org and org not in a["parties"]:
                a["parties"][i] = org
    return agreements
