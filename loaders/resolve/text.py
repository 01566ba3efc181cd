"""Text clean-up used by every loader.

``clean(text)`` runs, in this order:

1. remove zero-width characters and the BOM (U+200B..U+200D, U+2060, U+FEFF);
2. strip pinyin annotations scraped after characters: ``網(wǎng)`` / ``網（wǎng）`` -> ``網``
   (only a bracket right after a CJK character holding one pinyin syllable, tone mark or
   tone digit allowed, so ``(ICT)`` or ``(深圳)`` are kept);
3. full-width -> half-width (``to_halfwidth``): letters, digits, the ideographic space and
   ASCII symbols (％ ＋ － ． ／ （ ） ［ ］ ＆ …) become ASCII. Kept full-width on purpose,
   because they separate clauses and sentences: ``，`` ``；`` ``：`` ``！`` ``？``;
   CJK punctuation outside the full-width block (``。、“”《》——…``) is never touched.
   Half-width ``,`` is not turned into ``，`` either (it may be a thousands separator);
4. whitespace: tabs/NBSP/other spaces -> one space per run, CRLF -> LF, lines trimmed,
   runs of blank lines -> one blank line;
5. traditional -> simplified with OpenCC ``t2s`` only. ``Cleaned.unsimplified`` keeps steps
   1-4 without this step. Variant characters OpenCC leaves alone (陜 for 陝/陕) are mapped
   one-to-one by ``fold_variants`` for matching keys only (``normalize_name``), so the
   text still says what the source says.

Mojibake is flagged, never dropped: U+FFFD, a stray ``?`` with ASCII debris between CJK
characters (``?,F`` is GBK bytes of 现 read wrongly), ``锟斤拷``/``烫烫``, C1 control characters and
Latin-1-decoded UTF-8 (``Ã©``). Each warning gives the offset in ``original`` and in ``text``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = ["Cleaned", "clean", "to_simplified", "to_halfwidth", "strip_pinyin",
           "normalize_name", "fold_variants", "split_sentences", "sentence_spans", "decode_bytes",
           "find_mojibake"]

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_SYLLABLE = rf"[a-z{_TONES}]{{1,6}}[1-5]?"
_PINYIN_RE = re.compile(rf"([{CJK}]|\?[!-~]{{1,3}}?)\s?[(（]\s?({_SYLLABLE})\s?[)）]")
_KEEP_FULLWIDTH = set("，；：！？")


@dataclass
class Cleaned:
    text: str                 # cleaned and simplified: use this for matching and evidence
    original: str             # exactly what came in
    warnings: list[dict] = field(default_factory=list)
    unsimplified: str = ""    # cleaned, script unchanged
    script: str = "simplified"  # 'traditional' when t2s changed anything


# ------------------------------------------------------------------------------- helpers

def strip_pinyin(s: str) -> str:
    """``網(wǎng)`` -> ``網``; a syllable needs a tone mark/digit or to be a known short form."""
    def repl(m: re.Match) -> str:
        return m.group(1) if _looks_like_pinyin(m.group(2)) else m.group(0)
    return _PINYIN_RE.sub(repl, s)


def _looks_like_pinyin(syl: str) -> bool:
    if any(c in _TONES for c in syl) or syl[-1].isdigit():
        return True
    return bool(re.fullmatch(r"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?[aeiouv][a-z]{0,4}", syl))


_FW = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F) if chr(c) not in _KEEP_FULLWIDTH}
_FW[0x3000] = 0x20


def to_halfwidth(s: str) -> str:
    """Full-width ASCII to half-width, except the clause punctuation ，；：！？ (kept)."""
    return s.translate(_FW)


_HSPACE_RE = re.compile(r"[^\S\n]+")


def normalize_whitespace(s: str) -> str:
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    s = _HSPACE_RE.sub(" ", s)
    lines = [ln.strip() for ln in s.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


@lru_cache(maxsize=1)
def _t2s():
    import opencc
    return opencc.OpenCC("t2s")


def to_simplified(s: str) -> str:
    """Traditional -> simplified Chinese (OpenCC t2s); short strings (names) cached. A text
    without any character t2s may change (most simplified text) is returned as it is, without
    calling OpenCC (`_t2s_chars`)."""
    if not s:
        return s
    chars = _t2s_chars()
    if chars is not None and chars.isdisjoint(s):
        return s
    return _short_t2s(s) if len(s) <= 64 else _t2s().convert(s)


@lru_cache(maxsize=1)
def _t2s_chars() -> frozenset[str] | None:
    """The characters OpenCC's t2s may change: of every entry of the dictionaries its
    configuration reads (normalisation and conversion chain) whose key differs from one of
    its values, the key's characters where the two differ (all of them when their lengths
    differ). A text holding none of them is not changed by t2s: OpenCC replaces text only
    where it matches a key, and every key such a text can match is converted to itself
    (慰藉 -> 慰藉; 深沈 -> 深沉 changes only 沈). Read from the installed
    package's own dictionaries with its own `opencc_dict` tool (once per process, ~30 ms);
    None when they cannot be read (then every text goes through OpenCC, as before)."""
    import json
    import subprocess
    import tempfile
    from pathlib import Path

    import opencc

    try:
        config = Path(_t2s().config)
        tool = Path(opencc.__file__).parent / "clib" / "bin" / "opencc_dict"
        files: list[tuple[str, str]] = []

        def walk(node) -> None:
            if isinstance(node, dict):
                if "file" in node:
                    files.append((node.get("type", ""), node["file"]))
                for v in node.values():
                    walk(v)
            elif isinstance(node, list):
                for v in node:
                    walk(v)
        walk(json.loads(config.read_text(encoding="utf-8")))
        chars: set[str] = set()
        with tempfile.TemporaryDirectory() as tmp:
            for kind, name in files:
                source = config.parent / name
                if kind == "text":
                    text = source.read_text(encoding="utf-8")
                elif kind == "ocd2":
                    out = Path(tmp) / "dict.txt"
                    subprocess.run([str(tool), "-i", str(source), "-o", str(out), "-f", "ocd2",
                                    "-t", "text"], check=True, capture_output=True, timeout=60)
                    text = out.read_text(encoding="utf-8")
                else:
                    return None
                for line in text.splitlines():
                    key, _, values = line.partition("\t")
                    for value in values.split(" "):
                        if len(value) != len(key):
                            chars.update(key)
                        else:
                            chars.update(k for k, v in zip(key, value) if k != v)
        return frozenset(chars) if files and chars else None
    except (OSError, ValueError, subprocess.SubprocessError):
        return None


@lru_cache(maxsize=65536)
def _short_t2s(s: str) -> str:
    return _t2s().convert(s)


_VARIANT_MAP = {"陜": "陕"}
_VARIANTS = str.maketrans(_VARIANT_MAP)  # one-to-one, so offsets are kept
_VARIANT_CHARS = frozenset(_VARIANT_MAP)


def fold_variants(s: str) -> str:
    """Map variant characters OpenCC keeps (陜 -> 陕) for matching; same length as ``s``."""
    return s if _VARIANT_CHARS.isdisjoint(s) else s.translate(_VARIANTS)


# ------------------------------------------------------------------------------ mojibake

_MOJIBAKE = [
    ("replacement-char", re.compile("\ufffd+")),
    ("gbk-mojibake", re.compile(rf"(?<=[{CJK}，。、])\?[!-~]{{1,3}}?(?=[{CJK}，。、(（])")),
    ("gbk-mojibake", re.compile("(?:锟斤拷|烫烫|屯屯|锘縶?)+")),
    ("c1-control", re.compile("[\x80-\x9f]+")),
    ("latin1-mojibake", re.compile("(?:[\u00c2-\u00ef][\u0080-\u00bf\u2018-\u203a\u0152-\u0178]){1,}")),
]


def find_mojibake(s: str) -> list[dict]:
    """Suspicious sequences in ``s``: ``[{"offset", "text", "kind", "message"}]``."""
    hits = []
    for kind, rx in _MOJIBAKE:
        for m in rx.finditer(s):
            hits.append({"offset": m.start(), "text": m.group(0), "kind": kind,
                         "message": f"undecodable or mis-decoded text {m.group(0)!r} at "
                                    f"offset {m.start()} (left in place)"})
    return sorted(hits, key=lambda h: h["offset"])


# --------------------------------------------------------------------------------- clean

def clean(text: str) -> Cleaned:
    """Clean ``text`` (see module doc); returns text, original and mojibake warnings."""
    if not isinstance(text, str):
        raise TypeError(f"clean() expects str, got {type(text).__name__}; decode bytes first "
                        f"with decode_bytes()")
    s = text.translate(_ZERO_WIDTH)
    s = strip_pinyin(s)
    s = normalize_whitespace(to_halfwidth(s))
    simp = to_simplified(s)
    warnings = find_mojibake(text)
    for w, w2 in zip(warnings, find_mojibake(simp)):
        w["clean_offset"] = w2["offset"]
    return Cleaned(text=simp, original=text, warnings=warnings, unsimplified=s,
                   script="traditional" if simp != s else "simplified")


_BRACKETED_RE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|〔[^〔〕]*〕")
_NAME_JUNK_RE = re.compile(r"[\s《》·・]+")
# Quotes are part of a name (`"星光"科技` is not `星光科技`): kept, their typographic forms folded.
_QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "『": '"', "』": '"',
                         "‘": "'", "’": "'"})


# A name of these characters only goes through `normalize_name` without the steps that
# cannot change it (pinyin annotations need brackets, full-width forms and whitespace are
# absent, quotes and the junk characters too).
_PLAIN_NAME = re.compile("[0-9A-Za-z\u4e00-\u9fff]+")


@lru_cache(maxsize=65536)
def normalize_name(s: str, *, drop_brackets: bool = False) -> str:
    """Key for matching entity names: cleaned, simplified, half-width (so brackets are
    ``()``), ASCII lower-cased, without whitespace or middle dots; quotes are kept (curly and
    corner quotes folded to ``"`` and ``'``), so names differing only in quotes stay apart.
    Bracket *content* is kept by default (``华为技术(深圳)有限公司`` is not
    ``华为技术有限公司``); ``drop_brackets=True`` removes it for loose matching."""
    if not s:
        return ""
    if _PLAIN_NAME.fullmatch(s):  # Chinese characters, ASCII letters and digits: most names
        simple = to_simplified(s)
        if simple is s:  # nothing for OpenCC: the steps below change only variants and case
            return fold_variants(s).lower()
    s = fold_variants(to_simplified(normalize_whitespace(to_halfwidth(strip_pinyin(s)))))
    s = s.replace("〔", "(").replace("〕", ")").replace("【", "[").replace("】", "]")
    if drop_brackets:
        s = _BRACKETED_RE.sub("", s)
    return _NAME_JUNK_RE.sub("", s.translate(_QUOTES)).lower()


# ------------------------------------------------------------------------------ sentences

_END = set("。！？!?")
_CLOSERS = set("”’」』)）\"'")


def _joined(text: str, i: int) -> bool:
    """A space beside 与/和/同/签… joins the parts of one clause ('A 与 B 签署…')."""
    return text[i + 1] in "与和同跟及签" or text[i - 1] in "与和同跟及"


def sentence_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, sentence) for each sentence of ``text``. Sentences end at 。！？!? (with
    any closing quotes/brackets after them), at line breaks, and at a space between two CJK
    characters outside brackets and quotes (scraped headings run into the text that way) unless a
    connector stands beside it ('A 与 B 签署'). A ``?`` followed by ASCII debris (mojibake)
    does not end a sentence."""
    spans, start, depth, quoted, i, n = [], 0, 0, False, 0, len(text)
    while i < n:
        ch, cut = text[i], None
        if ch in "(（[【":
            depth += 1
        elif ch in ")）]】" and depth:
            depth -= 1
        elif ch in "“「『":  # '围绕“深化市校合作 共建12大基地”举行': a space inside a quote is no break
            quoted = True
        elif ch in "”」』":
            quoted = False
        if ch in _END and not (ch == "?" and i + 1 < n and "!" <= text[i + 1] <= "~"):
            j = i + 1
            while j < n and text[j] in _CLOSERS | _END:
                j += 1
            cut = j
        elif ch == "\n" or (ch == " " and depth == 0 and not quoted and _cjk_around(text, i) and not _joined(text, i)):
            cut = i
        if cut is not None:
            quoted = False  # an unclosed quote ends with its sentence
            _add_span(spans, text, start, cut)
            start, i = cut, max(cut, i + 1)
            continue
        i += 1
    _add_span(spans, text, start, n)
    return spans


def _cjk_around(text: str, i: int) -> bool:
    prev, nxt = text[i - 1:i], text[i + 1:i + 2]
    return bool(prev and nxt and _is_cjk(prev) and (_is_cjk(nxt) or nxt.isdigit()))


def _is_cjk(c: str) -> bool:
    return bool(re.match(f"[{CJK}]", c))


def _add_span(spans: list, text: str, a: int, b: int) -> None:
    seg = text[a:b]
    lead = len(seg) - len(seg.lstrip())
    seg = seg.strip()
    if seg:
        spans.append((a + lead, a + lead + len(seg), seg))


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (see ``sentence_spans``)."""
    return [s for _, _, s in sentence_spans(text)]


# -------------------------------------------------------------------------------- decode

def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode file contents: UTF-8 (a BOM is removed), UTF-16 with BOM, then GB18030.
    Returns (text, encoding); raises ValueError naming the offending byte offset."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise ValueError(f"cannot decode UTF-16 text (BOM present): bad bytes at offset "
                             f"{exc.start}") from None
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError as utf8_err:
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError as gb_err:
            raise ValueError(
                f"cannot decode text: not UTF-8 (bad byte at offset {utf8_err.start}) and not "
                f"GB18030 (bad byte at offset {gb_err.start}); re-save the file as UTF-8"
            ) from None
