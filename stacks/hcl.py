"""Terraform JSON written as HCL files, laid out as `terraform fmt` lays them out.

The published module is written from the same synthesized JSON as the deployable
stack, so the constructs stay its one source: each JSON string is a template, and
becomes the expression it holds (`"${var.x}"` becomes `var.x`, `"a-${var.x}"` stays
a template); each object becomes a nested block or an object value, as the AWS
provider's schema (`NESTED_BLOCKS`) and the Terraform language say. Expressions are
spaced as `terraform fmt` spaces them, and a line too long to read is broken inside
its brackets, one argument, element or item to a line (tests/test_hcl.py runs
`terraform fmt -check` on the result).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

# Nested blocks of the resources the module creates, as the schema of the AWS provider
# 5.100 has them (`terraform providers schema -json`; tests/test_hcl.py keeps this
# table equal to it). Any other object in a resource is an attribute's value (a map).
NESTED_BLOCKS: dict[str, frozenset[str]] = {
    "aws_cloudwatch_event_bus": frozenset({"dead_letter_config"}),
    "aws_cloudwatch_event_connection": frozenset(
        {
            "auth_parameters",
            "auth_parameters.api_key",
            "auth_parameters.basic",
            "auth_parameters.invocation_http_parameters",
            "auth_parameters.invocation_http_parameters.body",
            "auth_parameters.invocation_http_parameters.header",
            "auth_parameters.invocation_http_parameters.query_string",
            "auth_parameters.oauth",
            "auth_parameters.oauth.client_parameters",
            "auth_parameters.oauth.oauth_http_parameters",
            "auth_parameters.oauth.oauth_http_parameters.body",
            "auth_parameters.oauth.oauth_http_parameters.header",
            "auth_parameters.oauth.oauth_http_parameters.query_string",
            "invocation_connectivity_parameters",
            "invocation_connectivity_parameters.resource_parameters",
        }
    ),
    "aws_cloudwatch_event_target": frozenset(
        {
            "appsync_target",
            "batch_target",
            "dead_letter_config",
            "ecs_target",
            "ecs_target.capacity_provider_strategy",
            "ecs_target.network_configuration",
            "ecs_target.ordered_placement_strategy",
            "ecs_target.placement_constraint",
            "http_target",
            "input_transformer",
            "kinesis_target",
            "redshift_target",
            "retry_policy",
            "run_command_targets",
            "sagemaker_pipeline_target",
            "sagemaker_pipeline_target.pipeline_parameter_list",
            "sqs_target",
        }
    ),
    "aws_cloudwatch_metric_alarm": frozenset({"metric_query", "metric_query.metric"}),
    "aws_iam_role": frozenset({"inline_policy"}),
    "aws_kms_key": frozenset({"timeouts"}),
    "aws_sqs_queue": frozenset({"timeouts"}),
}

# Blocks of the Terraform language inside the blocks it defines.
LANGUAGE_BLOCKS = {
    "variable": {"validation"},
    "output": {"precondition"},
    "lifecycle": {"precondition", "postcondition"},
    "terraform": {"required_providers"},
}
# Read without an evaluation context in JSON files, so taken literally there: their
# `${` must be escaped in HCL (Terraform's JSON syntax: variable and output blocks).
LITERAL = {
    "variable": {"default", "description", "sensitive", "nullable", "ephemeral"},
    "output": {"description", "sensitive", "ephemeral"},
    "terraform": {"required_version"},
}
# Meta-arguments that JSON writes as strings holding references, not templates.
REFERENCES = {"depends_on", "provider", "ignore_changes", "replace_triggered_by"}
# A line longer than this is broken inside its outermost brackets where it can be.
WIDTH = 100
INDENT = "  "

IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
OPERATOR = re.compile(r"\.\.\.|==|!=|<=|>=|&&|\|\||=>|[-+*/%<>!?:=,.()\[\]{}]")
OPENERS = {"(": ")", "[": "]", "{": "}"}


# --- Expressions: tokens, and a string template as parts ----------------------


@dataclass(eq=False)
class Interpolation:
    """`${...}` in a template: its expression's tokens, and its source as written."""

    tokens: list[Any]
    source: str

    def formatted(self) -> str:
        """As `terraform fmt` writes it: `${` and `}` hug the expression, except around
        an object constructor."""
        inner = spaced(self.tokens)
        return "${ " + inner + " }" if inner.startswith("{") else "${" + inner + "}"


@dataclass(eq=False)
class Template:
    """A quoted string: literal text (as HCL source, escapes kept) and interpolations."""

    parts: list[str | Interpolation] = field(default_factory=list)

    def text(self) -> str:
        """The quoted string, its interpolations spaced as `terraform fmt` spaces them."""
        return '"' + "".join(p if isinstance(p, str) else p.formatted() for p in self.parts) + '"'

    def source(self) -> str:
        """The quoted string, its interpolations as they were written."""
        return '"' + "".join(p if isinstance(p, str) else p.source for p in self.parts) + '"'


def interpolated(expression: str) -> str:
    """`expression` where Terraform JSON expects a value: `${expression}`."""
    return "${" + expression + "}"


def literal(text: str) -> str:
    """`text` as a literal where Terraform reads a template: its template sequences
    doubled (`$${`, `%%{`)."""
    return text.replace("${", "$${").replace("%{", "%%{")


def quoted(text: str) -> str:
    """Terraform JSON's template `text` as an HCL quoted string: its literal text escaped,
    its interpolations as they are."""
    return template_of(text, 0, quoted=False)[0].source()


def tokens_of(source: str, start: int = 0, *, until: str | None = None) -> tuple[list[Any], int]:
    """The tokens of HCL expression `source` from `start`, as strings and Templates; with
    `until`, stops at that unmatched closing character (an interpolation's `}`)."""
    tokens: list[Any] = []
    depth = 0
    i = start
    while i < len(source):
        char = source[i]
        if char.isspace():
            i += 1
            continue
        if char == '"':
            template, i = template_of(source, i + 1, quoted=True)
            tokens.append(template)
            continue
        if until is not None and char == until and depth == 0:
            return tokens, i + 1
        match = NUMBER.match(source, i) or IDENT.match(source, i) or OPERATOR.match(source, i)
        if match is None:
            raise ValueError(f"cannot read HCL expression at {source[i : i + 20]!r}")
        token = match.group()
        depth += token in OPENERS
        depth -= token in OPENERS.values()
        tokens.append(token)
        i = match.end()
    if until is not None:
        raise ValueError(f"unterminated interpolation in {source!r}")
    return tokens, i


def template_of(source: str, start: int, *, quoted: bool) -> tuple[Template, int]:
    """The template in `source` from `start`: up to its closing quote when `quoted` (HCL
    source, escapes kept), else to the end (a decoded JSON string, escaped here)."""
    template = Template()
    literal: list[str] = []
    i = start
    while i < len(source):
        char = source[i]
        if quoted and char == '"':
            break
        if quoted and char == "\\":
            literal.append(source[i : i + 2])
            i += 2
            continue
        if source.startswith(("$${", "%%{"), i):
            literal.append(source[i : i + 3])
            i += 3
            continue
        if source.startswith("${", i):
            if literal:
                template.parts.append("".join(literal))
                literal = []
            tokens, end = tokens_of(source, i + 2, until="}")
            template.parts.append(Interpolation(tokens, source[i:end]))
            i = end
            continue
        if source.startswith("%{", i):
            raise ValueError(f"template directives are not written as HCL: {source!r}")
        literal.append(char if quoted else escaped(char))
        i += 1
    if literal:
        template.parts.append("".join(literal))
    return template, i + 1


def escaped(char: str) -> str:
    """One character of literal text as it is written inside an HCL quoted string."""
    if char in '"\\':
        return "\\" + char
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char) or (
        f"\\u{ord(char):04x}" if ord(char) < 0x20 else char
    )


def is_ident(token: Any) -> bool:
    return isinstance(token, str) and IDENT.fullmatch(token) is not None


def is_number(token: Any) -> bool:
    return isinstance(token, str) and NUMBER.fullmatch(token) is not None


def bracket_change(token: Any) -> int:
    if token in OPENERS:
        return 1
    if token in OPENERS.values():
        return -1
    return 0


NEGATION_BEFORE = {
    None, "(", "{", "[", "=", ":", ",", "?", "+", "*", "/", "%", "-",
    "==", "!=", ">", ">=", "<", "<=", "&&", "||", "!",
}  # fmt: skip


def space_between(before: Any, subject: Any, after: Any) -> bool:
    """Whether `terraform fmt` puts a space between `subject` and `after` (hclwrite's
    spaceAfterToken, for the tokens the module's expressions use)."""
    ident = is_ident(subject)
    if ident and after == "(":
        return False
    if subject == "." or after == ".":
        return False
    if after in (",", "..."):
        return False
    if subject == ",":
        return True
    if subject == "in" and is_ident(before):
        return True
    if after == "[" and (ident or is_number(subject) or bracket_change(subject) < 0):
        return False
    if subject == "-":
        return before not in NEGATION_BEFORE
    if subject == "{" or after == "}":
        return not (subject == "{" and after == "}")
    if bracket_change(subject) > 0 or bracket_change(after) < 0:
        return False
    return subject != "!"


def spaced(tokens: list[Any]) -> str:
    """Tokens on one line, spaced as `terraform fmt` spaces them."""
    out: list[str] = []
    for i, token in enumerate(tokens):
        out.append(token.text() if isinstance(token, Template) else token)
        if i + 1 < len(tokens) and space_between(
            tokens[i - 1] if i else None, token, tokens[i + 1]
        ):
            out.append(" ")
    return "".join(out)


# --- Breaking a long expression across lines ---------------------------------


def split_top(tokens: list[Any], separator: str) -> list[list[Any]]:
    """`tokens` split at `separator` where it is outside every bracket."""
    pieces: list[list[Any]] = [[]]
    depth = 0
    for token in tokens:
        if token == separator and depth == 0:
            pieces.append([])
            continue
        depth += bracket_change(token)
        pieces[-1].append(token)
    return pieces if pieces[-1] else pieces[:-1]


def top_level_openers(tokens: list[Any]) -> list[int]:
    """Indexes of the brackets that open outside every other, except an index's `[`."""
    found = []
    depth = 0
    for i, token in enumerate(tokens):
        if depth == 0 and token in OPENERS and not is_index(tokens, i):
            found.append(i)
        depth += bracket_change(token)
    return found


def is_index(tokens: list[Any], i: int) -> bool:
    """Whether the `[` at `i` indexes what precedes it (`a[0]`, `f(x)[0]`)."""
    before = tokens[i - 1] if i else None
    return tokens[i] == "[" and (
        is_ident(before) or is_number(before) or bracket_change(before) < 0
    )


def closing(tokens: list[Any], start: int) -> int:
    """The index of the bracket that closes the one at `start`."""
    depth = 0
    for i in range(start, len(tokens)):
        depth += bracket_change(tokens[i])
        if depth == 0:
            return i
    raise ValueError("unbalanced brackets")


def lines_of(tokens: list[Any], indent: int, lead: str = "", *, free: bool = False) -> list[str]:
    """`lead` and the expression as lines at `indent`: one line if it fits; else the
    widest bracket group outside every other (`f(...)`, `[...]`, `{...}`, never an
    index) is broken open, when it holds at least half of the line; else, where
    newlines are ignored (`free`: inside parentheses, brackets or a for expression),
    a chain of `||` or `&&` is, one operand to a line."""
    line = INDENT * indent + lead + spaced(tokens)
    if len(line) <= WIDTH:
        return [line]
    groups = [
        (len(spaced(tokens[i + 1 : closing(tokens, i)])), i)
        for i in top_level_openers(tokens)
        if closing(tokens, i) > i + 1
    ]
    if not groups or max(groups)[0] * 2 < len(spaced(tokens)):
        return (free and operator_lines(tokens, indent, lead)) or [line]
    group = max(groups)[1]
    end = closing(tokens, group)
    head, body, tail = tokens[: group + 1], tokens[group + 1 : end], tokens[end:]
    opener = tokens[group]
    head_text = INDENT * indent + lead + spaced(head)
    inner: list[str] = []
    if body and body[0] == "for":
        # A for expression: its header on a line, its result broken if need be.
        colon = next(i for i, t in enumerate(body) if t == ":")
        arrow = next((i for i, t in enumerate(body) if t == "=>"), None)
        split = (arrow if arrow is not None else colon) + 1
        inner = lines_of(body[split:], indent + 1, spaced(body[:split]) + " ", free=True)
    elif opener == "{":
        items = object_items(body)
        inner = object_lines(items, indent + 1)
    elif opener == "(" and not (group and is_ident(tokens[group - 1])):
        inner = lines_of(body, indent + 1, free=True)  # parentheses around one expression
    else:
        for piece in split_top(body, ","):
            piece_lines = lines_of(piece, indent + 1, free=True)
            piece_lines[-1] += ","
            inner.extend(piece_lines)
    return [head_text, *inner, INDENT * indent + spaced(tail)]


def operator_lines(tokens: list[Any], indent: int, lead: str) -> list[str] | None:
    """A chain of `||` (else `&&`) outside every bracket, one operand to a line, each
    after the first led by its operator; None for anything else (a conditional)."""
    if len(split_top(tokens, "?")) > 1:  # a conditional outside every bracket
        return None
    for operator in ("||", "&&"):
        operands = split_top(tokens, operator)
        if len(operands) > 1:
            lines = lines_of(operands[0], indent, lead, free=True)
            for operand in operands[1:]:
                lines += lines_of(operand, indent, f"{operator} ", free=True)
            return lines
    return None


def object_items(tokens: list[Any]) -> list[tuple[str, list[Any]]]:
    """The `key = value` items of an object constructor's tokens."""
    items = []
    for piece in split_top(tokens, ","):
        equals = piece.index("=")
        items.append((spaced(piece[:equals]), piece[equals + 1 :]))
    return items


def object_lines(items: list[tuple[str, list[Any]]], indent: int) -> list[str]:
    """Items one to a line, the `=` of consecutive one-line items aligned as `terraform
    fmt` aligns them (an item that spans lines ends a run)."""
    out: list[str] = []
    run: list[tuple[str, str]] = []

    def flush() -> None:
        width = max((len(name) for name, _ in run), default=0)
        out.extend(f"{INDENT * indent}{name.ljust(width)} = {value}" for name, value in run)
        run.clear()

    for name, value in items:
        lines = lines_of(value, indent, f"{name} = ")
        if len(lines) == 1:
            run.append((name, spaced(value)))
        else:
            flush()
            out.extend(lines)
    flush()
    return out


# --- Terraform JSON as blocks and attributes ----------------------------------

KEYWORDS = {"for", "in", "if", "null", "true", "false"}


def literal_text(text: str) -> str:
    """`text` inside an HCL quoted string, taken as it is: escaped, and its template
    sequences doubled."""
    return "".join(escaped(char) for char in literal(text))


def literal_string(text: str) -> Template:
    """Text taken as it is: a template with no interpolation in it."""
    return Template([literal_text(text)] if text else [])


def value_tokens(value: Any, *, verbatim: bool = False) -> list[Any]:
    """A JSON value as HCL expression tokens: a string is a template (taken as it is
    where `verbatim`), unwrapped when it is one interpolation and nothing else."""
    if isinstance(value, str):
        if verbatim:
            return [literal_string(value)]
        template = template_of(value, 0, quoted=False)[0]
        if len(template.parts) == 1 and isinstance(template.parts[0], Interpolation):
            return template.parts[0].tokens
        return [template]
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if value is None:
        return ["null"]
    if isinstance(value, int | float):
        return [json.dumps(value)]
    if isinstance(value, list):
        return tuple_tokens([value_tokens(item, verbatim=verbatim) for item in value])
    tokens: list[Any] = ["{"]
    for i, (key, item) in enumerate(value.items()):
        name = key if IDENT.fullmatch(key) and key not in KEYWORDS else literal_string(key)
        tokens += [","] * bool(i) + [name, "="] + value_tokens(item, verbatim=verbatim)
    return [*tokens, "}"]


def tuple_tokens(items: list[list[Any]]) -> list[Any]:
    """`[a, b, ...]` from each item's tokens."""
    tokens: list[Any] = ["["]
    for i, item in enumerate(items):
        tokens += [","] * bool(i) + item
    return [*tokens, "]"]


@dataclass
class Block:
    """A block: its type and labels, and its body in order (attributes and blocks)."""

    type: str
    labels: tuple[str, ...] = ()
    attributes: list[tuple[str, list[Any]]] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)

    def lines(self, indent: int = 0) -> list[str]:
        labels = "".join(f" {json.dumps(label)}" for label in self.labels)
        head = f"{INDENT * indent}{self.type}{labels} {{"
        if not self.attributes and not self.blocks:
            return [head + "}"]
        body = object_lines(self.attributes, indent + 1)
        for block in self.blocks:
            if body:
                body.append("")
            body.extend(block.lines(indent + 1))
        return [head, *body, INDENT * indent + "}"]


# Where an attribute goes in its block: meta-arguments first, lifecycle last.
FIRST = ("count", "for_each", "provider", "description", "type", "default")
LAST = ("sensitive", "nullable", "depends_on")


def order(name: str) -> tuple[int, int]:
    if name in FIRST:
        return (0, FIRST.index(name))
    if name in LAST:
        return (2, LAST.index(name))
    return (1, 0)


def block(kind: str, labels: tuple[str, ...], body: dict[str, Any], schema: str = "") -> Block:
    """The block `kind` of JSON `body`. `schema`: the resource type (and the path in it)
    whose nested blocks are told from its attributes by NESTED_BLOCKS."""
    result = Block(kind, labels)
    resource, _, path = schema.partition(":")
    nested = NESTED_BLOCKS.get(resource, frozenset())
    for name in sorted(body, key=order):
        value = body[name]
        inner = f"{path}.{name}" if path else name
        if name == "dynamic":
            for label, spec in value.items():
                dynamic = Block("dynamic", (label,))
                for key in ("for_each", "iterator", "labels"):
                    if key in spec:
                        dynamic.attributes.append((key, value_tokens(spec[key])))
                content_path = f"{path}.{label}" if path else label
                dynamic.blocks.append(
                    block("content", (), spec["content"], f"{resource}:{content_path}")
                )
                result.blocks.append(dynamic)
        elif name == "lifecycle" and kind in ("resource", "data"):
            result.blocks.append(block("lifecycle", (), value))
        elif (resource and inner in nested) or name in LANGUAGE_BLOCKS.get(kind, ()):
            child = f"{resource}:{inner}" if resource else ""
            for item in value if isinstance(value, list) else [value]:
                result.blocks.append(block(name, (), item, child))
        elif name in REFERENCES:  # bare references: `[aws_x.y]`, `aws.west`
            if isinstance(value, list):
                references = tuple_tokens([tokens_of(reference)[0] for reference in value])
            else:
                references = tokens_of(value)[0]
            result.attributes.append((name, references))
        elif name == "type" and kind == "variable":
            result.attributes.append((name, tokens_of(value)[0]))
        else:
            verbatim = name in LITERAL.get(kind, ()) or kind == "required_providers"
            result.attributes.append((name, value_tokens(value, verbatim=verbatim)))
    return result
