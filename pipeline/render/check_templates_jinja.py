"""The variable check of `tongket check-templates`: a template's Jinja tree against its context.

Walks the syntax tree with a specimen value for each name (the context a specimen summary
builds), so unknown variables, keys and filters are found with the tag that uses them, and
blocks that do nothing (an empty if/for, a loop that ignores its variable, an unused macro).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from jinja2 import Environment, TemplateSyntaxError, nodes

from pipeline.render.check_templates_problem import Severity, TemplateProblem
from pipeline.render.engine import tag_on_line

_XML = re.compile(r"<[^>]+>")
# Names Jinja itself provides inside templates.
_JINJA_NAMES = {"loop", "range", "dict", "lipsum", "cycler", "joiner", "namespace", "true", "false", "none"}


class _Any:
    """A value the checker cannot see inside (a loop counter, a filter's result): anything goes."""


ANY = _Any()


def check_source(
    template: str, source: str, env: Environment, context: dict[str, Any] | None
) -> list[TemplateProblem]:
    """The problems in one template's Jinja source; with `context` None its names go unchecked."""
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
