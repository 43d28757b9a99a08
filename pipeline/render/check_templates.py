"""`tongket check-templates`: find what would break in the templates before a run does.

For every file in templates/: Jinja syntax, tags that Word split across runs or paragraphs,
paragraph/row/cell tags sharing their paragraph/row/cell with text docxtpl would delete,
variables and filters the render context does not have, and blocks that do nothing. Each
finding names the template and the tag, with a Vietnamese message saying what to do.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment, TemplateSyntaxError, nodes
from lxml import etree

from pipeline import resources
from pipeline.errors import InputError
from pipeline.formats.jinja_env import make_env
from pipeline.inputs.catalog import load_indicators
from pipeline.model.summary import Indicator, Summary
from pipeline.paths import INDICATORS_FILE
from pipeline.render import commendation, giao_uoc, news, report
from pipeline.render.context import build_context
from pipeline.render.engine import tag_on_line
from pipeline.render.specimen import specimen_summary

Severity = Literal["loi", "canh_bao"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_OPEN = re.compile(r"\{[{%#]")
_XML = re.compile(r"<[^>]+>")
_STRUCTURAL = re.compile(r"^\{%\s*(p|tr|tc)\s")
_STRUCTURAL_ANYWHERE = re.compile(r"\{%\s*(?:p|tr|tc)\s.*?%\}", re.DOTALL)
_PARTS = re.compile(r"word/(document|header\d*|footer\d*)\.xml")
# Names Jinja itself provides inside templates.
_JINJA_NAMES = {"loop", "range", "dict", "lipsum", "cycler", "joiner", "namespace", "true", "false", "none"}
CERTIFICATE_TEMPLATE = "bang-khen.docx"
SPLIT_MESSAGE = (
    "Word đã tách thẻ thành nhiều đoạn định dạng; tongket vẫn đọc được, nhưng cả thẻ lấy định dạng của "
    "phần đầu. Xoá thẻ và gõ lại liền một lần (không sửa giữa chừng) để hết cảnh báo."
)


@dataclass(frozen=True)
class TemplateProblem:
    """One finding: which template, which tag, what is wrong and how to fix it (Vietnamese)."""

    template: str
    tag: str
    message: str
    code: str
    severity: Severity = "loi"

    def __str__(self) -> str:
        level = "LỖI" if self.severity == "loi" else "Cảnh báo"
        where = f" «{self.tag}»" if self.tag else ""
        return f"{level} [{self.code}] {self.template}{where}: {self.message}"


class _Any:
    """A value the checker cannot see inside (a loop counter, a filter's result): anything goes."""


ANY = _Any()


def _specimen() -> Summary:
    path = resources.sample() / INDICATORS_FILE  # the standard catalog tongket ships
    try:
        return specimen_summary(load_indicators(path))
    except InputError:
        core = ["cdcs", "doan_vien", "doan_vien_moi", "cdcs_moi"]
        return specimen_summary({c: Indicator(c, c, "người", "khac", "so_dem", "sum") for c in core})


def template_contexts(summary: Summary) -> dict[str, dict[str, Any]]:
    """The variables each known template is rendered with (DOCX ones also get the chart `bieu_do`)."""
    base = build_context(summary)
    docx = {**base, "bieu_do": ANY}
    contexts: dict[str, dict[str, Any]] = {
        report.TEMPLATE: docx,
        giao_uoc.TEMPLATE: docx,
        commendation.TO_TRINH: docx,
        commendation.DANH_SACH: docx,
        commendation.KHONG_DU: docx,
        news.MARKDOWN: base,
        news.HTML: base,
    }
    try:
        from pipeline.render.certificates import certificate_context  # optional part, see except

        if summary.awards:
            contexts[CERTIFICATE_TEMPLATE] = certificate_context(summary, summary.awards[0])
    except ImportError:  # certificates are optional; without them their template is simply unused
        pass
    return contexts


def check_templates(templates_dir: Path, summary: Summary | None = None) -> list[TemplateProblem]:
    """Every problem in templates_dir; `summary` (e.g. last run's) sharpens the variable check."""
    if not templates_dir.is_dir():
        return [TemplateProblem(str(templates_dir), "", "không có thư mục mẫu.", "khong-co-thu-muc")]
    env = make_env(templates_dir)
    contexts = template_contexts(summary or _specimen())
    problems: list[TemplateProblem] = []
    present = {p.name for p in templates_dir.iterdir() if p.is_file()}
    for name in sorted(set(contexts) - present):
        problems.append(
            TemplateProblem(name, "", "thiếu tệp mẫu: tongket không soạn được văn bản này.", "thieu-mau")
        )
    for path in sorted(templates_dir.rglob("*")):
        name = path.relative_to(templates_dir).as_posix()
        if path.name.startswith((".", "~$")) or not path.is_file():
            continue  # hidden files and Word's lock files
        if path.suffix == ".docx":
            problems += _check_docx(path, name, env, contexts.get(name))
        elif path.name.endswith(".j2"):
            problems += _check_source(name, path.read_text(encoding="utf-8"), env, contexts.get(name))
        else:
            continue
        # Templates in sub-folders belong to other stages (validation/ ...): checked, not matched.
        if name not in contexts and "/" not in name:
            problems.append(
                TemplateProblem(
                    name,
                    "",
                    "tongket không dùng mẫu này (tên tệp không khớp mẫu nào).",
                    "mau-khong-dung",
                    "canh_bao",
                )
            )
    return problems


def _check_docx(
    path: Path, name: str, env: Environment, context: dict[str, Any] | None
) -> list[TemplateProblem]:
    try:
        with zipfile.ZipFile(path) as archive:
            parts = {n: archive.read(n).decode("utf-8") for n in archive.namelist() if _PARTS.fullmatch(n)}
    except (zipfile.BadZipFile, OSError, UnicodeDecodeError) as exc:
        return [TemplateProblem(name, "", f"không mở được tệp Word ({exc}).", "tep-hong")]
    from docxtpl import DocxTemplate  # heavy: only when checking DOCX templates

    patcher = DocxTemplate("")
    problems: list[TemplateProblem] = []
    for part in sorted(parts, key=lambda n: (n != "word/document.xml", n)):
        xml = parts[part]
        problems += _check_runs(name, xml)
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", patcher.patch_xml(xml))
        problems += _check_source(name, source, env, context)
    return problems


def _check_runs(template: str, xml: str) -> list[TemplateProblem]:
    """Tags as Word stored them: split over runs (tolerated), over paragraphs (breaks), or sharing
    their paragraph, row or cell with text that docxtpl would delete."""
    problems = []
    root = etree.fromstring(xml.encode("utf-8"))
    for para in root.iter(f"{W}p"):
        pieces = [(t.text or "") for t in para.iter(f"{W}t")]
        text = "".join(pieces)
        bounds, start = [], 0
        for piece in pieces:
            bounds.append((start, start + len(piece)))
            start += len(piece)
        tags = list(_TAG.finditer(text))
        covered = [(m.start(), m.end()) for m in tags]
        for opening in _OPEN.finditer(text):
            if not any(a <= opening.start() < b for a, b in covered):
                problems.append(
                    TemplateProblem(
                        template,
                        text[opening.start() :][:60],
                        "thẻ không đóng trong cùng đoạn văn (thiếu }} hoặc %}, hoặc thẻ bị ngắt dòng). "
                        "Gõ lại thẻ liền trên một dòng.",
                        "the-khong-dong",
                    )
                )
        for match in tags:
            runs = {i for i, (a, b) in enumerate(bounds) if a < match.end() and b > match.start()}
            if len(runs) > 1:
                problems.append(
                    TemplateProblem(
                        template,
                        match.group(0),
                        SPLIT_MESSAGE,
                        "the-bi-tach",
                        "canh_bao",
                    )
                )
            structural = _STRUCTURAL.match(match.group(0))
            if structural:
                problems += _check_structural(template, para, match.group(0), structural.group(1))
    return problems


def _check_structural(template: str, para: Any, tag: str, kind: str) -> list[TemplateProblem]:
    """{%p %}, {%tr %} and {%tc %} replace their whole paragraph, row or cell: other text there is lost."""
    holder = para
    if kind in ("tr", "tc"):
        wanted = f"{W}{kind}"
        while holder is not None and holder.tag != wanted:
            holder = holder.getparent()
        if holder is None:
            where = "hàng bảng" if kind == "tr" else "ô bảng"
            return [
                TemplateProblem(
                    template, tag, f"thẻ {{%{kind} ...%}} phải nằm trong một {where}.", "the-sai-vi-tri"
                )
            ]
    rest = "".join(t.text or "" for t in holder.iter(f"{W}t")).replace(tag, "", 1)
    # Other tags in the holder are lost with it too ({{ x }} added after a {%p endif %}); only
    # structural tags sharing it are left to their own check.
    lost = _STRUCTURAL_ANYWHERE.sub("", rest).strip()[:40]
    if lost:
        where = {"p": "đoạn văn", "tr": "hàng bảng", "tc": "ô bảng"}[kind]
        return [
            TemplateProblem(
                template,
                tag,
                f"{where} chứa thẻ này sẽ bị thay cả bằng thẻ, nên chữ «{lost}» sẽ mất. "
                f"Để thẻ {{%{kind} ...%}} một mình trong {where}.",
                "noi-dung-se-mat",
            )
        ]
    return []


def _check_source(
    template: str, source: str, env: Environment, context: dict[str, Any] | None
) -> list[TemplateProblem]:
    try:
        tree = env.parse(source)
    except TemplateSyntaxError as exc:
        return [
            TemplateProblem(
                template,
                tag_on_line(source, exc.lineno),
                f"sai cú pháp Jinja: {exc.message}. Sửa thẻ này trong mẫu.",
                "sai-cu-phap",
            )
        ]
    walker = _Walker(template, source, env, context, tree)
    walker.visit(tree, {})
    return walker.problems


def _is_list(value: Any) -> bool:
    """A list as templates see it: the context's per-unit lists are lazy Sequences, not lists."""
    return isinstance(value, Sequence) and not isinstance(value, str)


def _target_names(target: nodes.Node) -> list[str]:
    """The names a for/set target binds: `dv`, or `a, b`."""
    if isinstance(target, nodes.Name):
        return [target.name]
    return [n.name for n in target.find_all(nodes.Name)]


class _Walker:
    """Walks a template's syntax tree with a specimen value for each name, to find unknown ones."""

    def __init__(
        self,
        template: str,
        source: str,
        env: Environment,
        context: dict[str, Any] | None,
        root: nodes.Template,
    ) -> None:
        self.template, self.source, self.env, self.context, self.root = template, source, env, context, root
        self.problems: list[TemplateProblem] = []

    def report(
        self, node: nodes.Node, hint: str, message: str, code: str, severity: Severity = "loi"
    ) -> None:
        tag = tag_on_line(self.source, node.lineno, hint)
        problem = TemplateProblem(self.template, tag, message, code, severity)
        if problem not in self.problems:
            self.problems.append(problem)

    def visit(self, node: nodes.Node, scope: dict[str, Any]) -> None:
        if isinstance(node, nodes.For):
            self.visit_for(node, scope)
        elif isinstance(node, nodes.If):
            self.check_empty(node, node.body, "if")
            self.generic(node, scope)
        elif isinstance(node, nodes.Block):
            self.report(
                node,
                node.name,
                "khối {% block %} không có tác dụng trong mẫu văn bản (không có mẫu cha). "
                "Xoá thẻ block và endblock.",
                "khoi-khong-dung",
                "canh_bao",
            )
            self.generic(node, scope)
        elif isinstance(node, nodes.Macro):
            self.visit_macro(node, scope)
        elif isinstance(node, (nodes.Assign, nodes.With)):
            self.generic(node, scope)
            targets = [node.target] if isinstance(node, nodes.Assign) else node.targets
            for target in targets:
                for name in _target_names(target):
                    scope[name] = ANY
        elif isinstance(node, nodes.Expr):
            self.resolve(node, scope)
        else:
            self.generic(node, scope)

    def generic(self, node: nodes.Node, scope: dict[str, Any]) -> None:
        for child in node.iter_child_nodes():
            self.visit(child, scope)

    def visit_for(self, node: nodes.For, scope: dict[str, Any]) -> None:
        items = self.resolve(node.iter, scope)
        sample = items[0] if _is_list(items) and len(items) else ANY
        inner = {**scope, "loop": ANY}
        names = _target_names(node.target)
        for name in names:
            inner[name] = sample if len(names) == 1 else ANY
        self.check_empty(node, node.body, "for")
        used = {n.name for child in node.body for n in child.find_all(nodes.Name)}
        if node.body and not set(names) & used and "loop" not in used and not self.is_empty(node.body):
            self.report(
                node,
                names[0] if names else "",
                f"vòng lặp không dùng biến «{', '.join(names)}»: "
                "các dòng bên trong lặp lại y hệt nhau. Kiểm tra lại nội dung giữa for và endfor.",
                "vong-lap-khong-dung-bien",
                "canh_bao",
            )
        if node.test is not None:
            self.resolve(node.test, inner)
        for child in node.body:
            self.visit(child, inner)
        for child in node.else_:
            self.visit(child, scope)

    def visit_macro(self, node: nodes.Macro, scope: dict[str, Any]) -> None:
        called = any(
            isinstance(c.node, nodes.Name) and c.node.name == node.name
            for c in self.root.find_all(nodes.Call)
        )
        if not called:
            self.report(
                node,
                node.name,
                f"macro «{node.name}» được định nghĩa nhưng không dùng ở đâu.",
                "khoi-khong-dung",
                "canh_bao",
            )
        inner = {**scope, **{a.name: ANY for a in node.args}, "caller": ANY, "varargs": ANY, "kwargs": ANY}
        scope[node.name] = ANY
        for child in node.body:
            self.visit(child, inner)

    def is_empty(self, body: list[nodes.Node]) -> bool:
        for child in body:
            if isinstance(child, nodes.Output):
                for part in child.nodes:
                    if not isinstance(part, nodes.TemplateData) or _XML.sub("", part.data).strip():
                        return False
            else:
                return False
        return True

    def check_empty(self, node: nodes.Node, body: list[nodes.Node], kind: str) -> None:
        if self.is_empty(body):
            self.report(
                node,
                kind,
                f"khối {kind} rỗng: không có nội dung nào giữa thẻ mở và thẻ đóng. "
                "Xoá cặp thẻ hoặc thêm nội dung.",
                "khoi-rong",
                "canh_bao",
            )

    def resolve(self, node: nodes.Node, scope: dict[str, Any]) -> Any:
        """The specimen value of an expression, reporting unknown names, keys and filters on the way."""
        if isinstance(node, nodes.Name):
            if node.ctx != "load" or node.name in _JINJA_NAMES:
                return ANY
            if node.name in scope:
                return scope[node.name]
            if self.context is None:
                return ANY
            if node.name in self.context:
                return self.context[node.name]
            self.report(
                node,
                node.name,
                f"biến «{node.name}» không có trong dữ liệu của mẫu này. "
                "Xem tên biến đúng trong docs/huong-dan-mau-van-ban.md.",
                "bien-khong-co",
            )
            return ANY
        if isinstance(node, nodes.Getattr):
            return self.member(node, self.resolve(node.node, scope), node.attr)
        if isinstance(node, nodes.Getitem):
            base = self.resolve(node.node, scope)
            key = self.resolve(node.arg, scope) if not isinstance(node.arg, nodes.Const) else node.arg.value
            return self.member(node, base, key)
        if isinstance(node, nodes.Filter):
            base = self.resolve(node.node, scope) if node.node is not None else ANY
            if node.name not in self.env.filters:
                self.report(
                    node,
                    node.name,
                    f"không có bộ lọc «{node.name}». Các bộ lọc dùng được: docs/huong-dan-mau-van-ban.md.",
                    "bo-loc-khong-co",
                )
            for arg in [*node.args, *(kw.value for kw in node.kwargs)]:
                self.resolve(arg, scope)
            return self.filtered(node, base)
        if isinstance(node, nodes.Const):
            return node.value
        for child in node.iter_child_nodes():
            self.resolve(child, scope)
        return ANY

    def filtered(self, node: nodes.Filter, base: Any) -> Any:
        """Keep specimens through the filters that keep elements, so later loops can be checked."""
        if node.name in ("sort", "reverse", "list", "unique", "select", "reject", "selectattr", "rejectattr"):
            return base
        if node.name == "map" and _is_list(base):
            attribute = next(
                (
                    kw.value.value
                    for kw in node.kwargs
                    if kw.key == "attribute" and isinstance(kw.value, nodes.Const)
                ),
                None,
            )
            if attribute is not None:
                return [self.member(node, item, attribute) for item in base[:1]]
        return ANY

    def member(self, node: nodes.Node, base: Any, key: Any) -> Any:
        if isinstance(base, Mapping):
            if key in base:
                return base[key]
            if isinstance(key, str) and hasattr(dict, key):  # tong.items(), as Jinja allows
                return ANY
            known = sorted(map(str, base))
            listed = ", ".join(known[:15]) + (", …" if len(known) > 15 else "")
            self.report(
                node, str(key), f"dữ liệu không có trường «{key}». Các trường có: {listed}.", "bien-khong-co"
            )
            return ANY
        if _is_list(base) and isinstance(key, int):
            return base[key] if -len(base) <= key < len(base) else ANY
        return ANY
