"""Compiled operations: a query the database can answer alone is planned once, then only bound and run.

The regular path parses and validates the document, measures its cost, runs graphql-core over every
field, builds the page statement through the filter compiler and has SQLAlchemy compile it: ~2.5 ms of
Python for a page PostgreSQL writes as JSON in ~1 ms. For an operation whose every root field is a list
whose selection PostgreSQL can write (gateway/json_pages.py, with `pageInfo`, `totalCount`, `facets`), a
lookup or the dropdowns (`StatementField`s, gateway/statements.py: plain fields), all of that is done once
per *plan key*:

    (document text, operation name, the variables' shape)   -- plans are dropped when the UTC day changes

The shape is the variables with each `String`/`ID` value of three characters or more replaced by a mark
(and which earlier string it equals); every other value (shorter strings, numbers, booleans, enums,
dates, JSON) is part of the key as it is. A plan is built by running the regular statement builders
twice: once with the request's variables, once with each string replaced by a sentinel (of a second or
third form when a builder refuses the first: a URL with a domain, a LinkedIn URL). Both must give the
same SQL text; a parameter holding a sentinel (as it is, as a 'contains' pattern, or normalised as a domain
or a LinkedIn URL) is bound from that variable on later requests, and one that equals in both builds is a
constant. Anything else (a string the builders transform otherwise, e.g. a cursor; a resolver the plan
does not know; a mutation; a directive; a validation error, a limit exceeded, a role refused) makes the
key *regular*: the request runs the regular way, which gives every error exactly as it always has. So
does a request whose statement fails (e.g. a statement timeout): it runs again the regular way, and the
plan is dropped unless the failure was a timeout or an unavailable database.

Later requests compute the shape, look the plan up, check the caller's role, write the strings into the
statements as literals and run them on the caller's engine; PostgreSQL's JSON text goes into the
response as it is. Plans are bounded (least recently used go first, 32 shapes per document at most) and
belong to one schema: a new schema (a restart, another app) starts with none. They are dropped when the
UTC day changes because list sources such as `newInRole` compute dates from today.
"""

import asyncio
import contextlib
import functools
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any, Protocol

import asyncpg
import orjson
import strawberry
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLEnumType,
    GraphQLError,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    OperationDefinitionNode,
    OperationType,
    get_operation_ast,
    parse,
    type_from_ast,
    validate,
)
from graphql.execution.values import get_argument_values, get_variable_values
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.sql import Select
from strawberry.types.arguments import convert_arguments
from strawberry.types.field import StrawberryField

from gateway.context import Context
from gateway.database import transaction_pooled
from gateway.extensions import translate
from gateway.json_pages import Fragments, build_nodes_plan, read_page, selected_fields
from gateway.leads.types import facet_dimensions_of
from gateway.limits import MAX_COST, MAX_TOKENS, QueryLimits, measure
from gateway.lists.connection import Connection, count_arguments
from gateway.lists.counts import FacetValue, check_cap, read_count, read_facets
from gateway.lists.keyset import MIN_TRIGRAM_TEXT
from gateway.lists.rollup import count_statement_of, facets_statement_of
from gateway.lists.values import like_pattern
from gateway.observability import GRAPHQL_COMPILED, GRAPHQL_LATENCY, GRAPHQL_OPERATIONS, operation_label
from gateway.statements import StatementField
from ingest.normalize import normalize_domain, normalize_linkedin_url

log = logging.getLogger(__name__)

MAX_PLANS = 1024
OUTCOMES = {outcome: GRAPHQL_COMPILED.labels(outcome) for outcome in ("compiled", "regular", "built", "failed")}
# longer documents run the regular way: plans and documents are kept by their text, 1,024 of each at most
MAX_DOCUMENT_CHARS = 20_000
# numbers are part of a plan's key: a document walked through every `offset` would build a plan per page,
# each costing two builds; past this many shapes a document's new shapes run the regular way
MAX_SHAPES_PER_DOCUMENT = 32
STRING_SCALARS = frozenset({"String", "ID"})
PAGE_INFO = frozenset({"hasNextPage", "hasPreviousPage", "startCursor", "endCursor", "__typename"})
FACET_VALUE = frozenset({"value", "count", "__typename"})
_DIALECT = asyncpg_dialect()  # type: ignore[no-untyped-call]


class OperationLike(Protocol):
    """What a plan is looked up by (gateway/graphql_http.py's Operation)."""

    @property
    def query(self) -> str: ...
    @property
    def operation_name(self) -> str | None: ...
    @property
    def variables(self) -> dict[str, Any]: ...


class NotCompilable(Exception):
    """The operation (with variables of this shape) runs the regular way."""


# --- the variables' shape -------------------------------------------------------------------------------------


def _walk(
    of: GraphQLInputType, value: Any, shape: list[Any], strings: list[str], replace: Callable[[str], str] | None
) -> Any:
    """Appends `value`'s shape and its string leaves; returns it with each leaf replaced (when asked)."""
    if value is None:
        shape.append(None)
        return None
    if isinstance(of, GraphQLNonNull):
        of = of.of_type
    if isinstance(of, GraphQLList):
        if not isinstance(value, list):  # one value where a list is expected: coerced as a list of one
            shape.append("1")
            return _walk(of.of_type, value, shape, strings, replace)
        shape.append(len(value))
        return [_walk(of.of_type, item, shape, strings, replace) for item in value]
    if isinstance(of, GraphQLInputObjectType):
        if not isinstance(value, dict):
            raise NotCompilable("not an input object")
        shape.append(tuple(value))
        fields = of.fields
        out: dict[str, Any] = {}
        for key, item in value.items():
            field = fields.get(key)
            if field is None:
                raise NotCompilable(f"unknown input field {key}")
            out[key] = _walk(field.type, item, shape, strings, replace)
        return out
    if type(value) is str and isinstance(of, GraphQLScalarType) and of.name in STRING_SCALARS:
        if "\x00" in value:
            raise NotCompilable("NUL in text")  # refused by the regular path's text checks
        if len(value) < MIN_TRIGRAM_TEXT:  # empty and short texts filter differently: their plans are their own
            shape.append(("short", value))
            return value
        shape.append("s")
        index = len(strings)
        strings.append(value)
        return value if replace is None else replace(str(index))
    if isinstance(value, dict | list):
        shape.append(orjson.dumps(value, option=orjson.OPT_SORT_KEYS))
    else:
        shape.append((type(value), value))
    return value


@dataclass(frozen=True, slots=True)
class VariableTypes:
    """The declared input type of each variable of an operation."""

    types: tuple[tuple[str, GraphQLInputType], ...]

    def shape(
        self, variables: dict[str, Any], replace: Callable[[str], str] | None = None
    ) -> tuple[tuple[Any, ...], list[str], dict[str, Any]]:
        """(hashable shape, string leaves in order, the variables with their leaves replaced)."""
        shape: list[Any] = []
        strings: list[str] = []
        out: dict[str, Any] = {}
        for name, of in self.types:
            if name in variables:
                out[name] = _walk(of, variables[name], shape, strings, replace)
            else:
                shape.append(Ellipsis)
        # variables the operation does not declare are ignored, as graphql-core ignores them
        first_seen: dict[str, int] = {}
        shape.append(tuple(first_seen.setdefault(s, i) for i, s in enumerate(strings)))  # which strings are equal
        for s in strings:
            s.encode()  # a lone surrogate raises: the regular path refuses it with its own message
        return tuple(shape), strings, out


def _sentinel(index: str) -> str:
    # spaces, capitals, LIKE wildcards and a backslash: any transformation of the text shows
    return f" \x1fHQ%_\\{index}\x1f "


# Sentinels for builders that refuse text of another form, tried in turn when the first probe fails:
# a URL with a domain (domain arguments) and a LinkedIn profile URL (`person`); capitals, `www.` and a
# trailing slash show the normalisation.
SENTINELS: tuple[Callable[[str], str], ...] = (
    _sentinel,
    lambda i: f"https://www.HQ-Sentinel-{i}.Example/x/",
    lambda i: f"https://www.linkedin.com/in/HQ-Sentinel-{i}/",
)


# --- plans -----------------------------------------------------------------------------------------------------

Binder = tuple[str, Any]  # ("const", value) | ("var", index) | ("list", tuple[Binder, ...]) | (transform, index)


# what the builders do to a string before binding it, redone at bind time ('contains' filters)
def _domain(value: str) -> str:
    domain = normalize_domain(value)
    if domain is None:
        raise NotCompilable("not a domain")  # the regular path refuses it with its own message
    return domain


def _linkedin_url(value: str) -> str:
    url = normalize_linkedin_url(value)
    if url is None:
        raise NotCompilable("not a LinkedIn URL")
    return url


TRANSFORMS: dict[str, Callable[[str], str]] = {"like": like_pattern, "domain": _domain, "linkedin": _linkedin_url}


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement of a plan: its text split where its parameters were, and how each is bound.

    Values go into the text as typed SQL literals (`'Sales'::VARCHAR`, the cast is the compiler's), so a
    text names one request's values: PostgreSQL plans it once per connection (a statement without
    parameters keeps its first plan, made for exactly these values) and asyncpg keeps it prepared. With
    parameters every execution is planned again (`plan_cache_mode`, gateway/database.py), ~0.4 ms of a
    ~1 ms page at 1M people.
    """

    pieces: tuple[str, ...]  # the text around the parameters: one more than `order`
    order: tuple[int, ...]  # the binder of each parameter, in the order they appear in the text (once or more)
    binders: tuple[Binder, ...]

    def sql(self, strings: Sequence[str]) -> str:
        pieces, out = self.pieces, [self.pieces[0]]
        for i, index in enumerate(self.order):
            out.append(_literal(_bind(self.binders[index], strings)))
            out.append(pieces[i + 1])
        return "".join(out)


PARAMETER = re.compile(r"\$(\d+)")


def _literal(value: Any) -> str:
    """A bound value as an SQL literal; the text around it casts it to the parameter's type."""
    if value is None:
        return "NULL"
    if value is True or value is False:
        return "true" if value else "false"
    if type(value) is int:
        return str(value) if value >= 0 else f"({value})"
    if type(value) is str:  # standard_conforming_strings is on (gateway/database.py): only quotes are special
        return "'" + value.replace("'", "''") + "'"
    if type(value) is date:
        return f"'{value.isoformat()}'"
    if isinstance(value, list | tuple):
        return "ARRAY[" + ",".join(_literal(v) for v in value) + "]"
    raise NotCompilable(f"no literal for {type(value).__name__}")


def _bind(binder: Binder, strings: Sequence[str]) -> Any:
    kind, value = binder
    if kind == "var":
        return strings[value]
    if kind == "list":
        return [_bind(b, strings) for b in value]
    if kind == "const":
        return value
    return TRANSFORMS[kind](strings[value])


Reader = Callable[[Sequence[Any]], Any]  # a statement's rows -> what the selection writes from


@dataclass(frozen=True, slots=True)
class ListField:
    """One root list field: its statements (page, counts, facets) and how its connection is written."""

    key: str
    statements: tuple[Statement, ...]
    readers: tuple[Reader, ...]
    selection: tuple[tuple[str, str, int, Any], ...]  # (response key, what, statement index, detail)
    permissions: tuple[type[Any], ...]

    def write(self, results: Sequence[Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, what, index, detail in self.selection:
            result: Any = results[index] if index >= 0 else None
            if what == "nodes":
                out[key] = result[0]
            elif what == "pageInfo":
                summary, (fields, after_or_offset) = result[1], detail
                values = {
                    "hasNextPage": summary.has_next_page,
                    "hasPreviousPage": after_or_offset,
                    "startCursor": summary.start_cursor,
                    "endCursor": summary.end_cursor,
                    "__typename": "PageInfo",
                }
                out[key] = {k: values[name] for k, name in fields}
            elif what == "totalCount":
                out[key] = result
            elif what == "facets":
                out[key] = _write_facets(result or {}, *detail)
            else:
                out[key] = detail
        return out


def _write_facets(
    counted: dict[str, list[FacetValue]],
    facet_fields: tuple[tuple[str, str], ...],
    value_fields: tuple[tuple[str, str], ...],
    enum_names: dict[str, str],
) -> list[dict[str, Any]]:
    def value(v: FacetValue) -> dict[str, Any]:
        return {k: "FacetValue" if name == "__typename" else getattr(v, name) for k, name in value_fields}

    def facet(name: str, values: list[FacetValue]) -> dict[str, Any]:
        written = {"dimension": enum_names[name], "__typename": "Facet"}
        return {k: [value(v) for v in values] if f == "values" else written[f] for k, f in facet_fields}

    return [facet(name, values) for name, values in counted.items()]


@dataclass(frozen=True, slots=True)
class ValueField:
    """A root field answered by a few statements (gateway/statements.py), its value written by the selection."""

    statements: tuple[Statement, ...]
    readers: tuple[Reader, ...]
    permissions: tuple[type[Any], ...]
    assemble: Callable[[list[Sequence[Any]]], Any]
    writer: Callable[[Any], Any]

    def write(self, results: Sequence[Any]) -> Any:
        return self.writer(self.assemble(list(results)))


@dataclass(frozen=True, slots=True)
class Plan:
    fields: tuple[tuple[str, "ListField | ValueField | str"], ...]  # response key -> field, or __typename's value
    extensions: dict[str, Any]
    succeeded: Any  # the operation's Prometheus children, looked up once (labels() costs ~4 us a call)
    latency: Any

    def permitted(self, context: Context) -> bool:
        info: Any = SimpleNamespace(context=context)
        for _, field in self.fields:
            if not isinstance(field, str):
                for permission in field.permissions:
                    try:
                        if not permission().has_permission(None, info):
                            return False
                    except Exception:  # noqa: BLE001 - the regular path raises it with its own message
                        return False
        return True


REGULAR = object()  # a plan key the regular path answers


class CompiledOperations:
    """The plans of one schema; `run` answers an operation from its plan, or None: run it the regular way."""

    def __init__(
        self,
        schema: strawberry.Schema,
        statement_fields: Mapping[str, StatementField] | None = None,
        max_plans: int = MAX_PLANS,
    ) -> None:
        self.schema = schema
        self.statement_fields = statement_fields or {}
        # called with the text of each statement run on asyncpg directly (SQLAlchemy's events see the others)
        self.listeners: list[Callable[[str], None]] = []
        self.max_plans = max_plans
        self._documents: OrderedDict[
            tuple[str, str | None], tuple[DocumentNode, OperationDefinitionNode, VariableTypes] | None
        ] = OrderedDict()
        self._plans: OrderedDict[tuple[Any, ...], Plan | object] = OrderedDict()
        self._shapes: dict[tuple[str, str | None], int] = {}  # shapes planned per document (and operation)
        self._day = ""
        self.built = 0  # plans built (tests and metrics read it)

    # -- the request path

    async def run(self, operation: OperationLike, context: Context) -> bytes | None:
        started = time.perf_counter()
        document = self._document(operation.query, operation.operation_name)
        try:
            if document is None:
                raise NotCompilable("not a valid query")
            shape, strings, _ = document[2].shape(operation.variables)
        except (NotCompilable, UnicodeEncodeError):
            OUTCOMES["regular"].inc()
            return None
        day = datetime.now(UTC).date().isoformat()
        if day != self._day:  # sources compute dates from today: yesterday's plans may hold stale constants
            self._plans.clear()
            self._shapes.clear()
            self._day = day
        key = (operation.query, operation.operation_name, shape)
        plan = self._plans.get(key)
        if plan is None:
            shapes = self._shapes.get(key[:2], 0)
            if shapes >= MAX_SHAPES_PER_DOCUMENT:
                OUTCOMES["regular"].inc()
                return None
            if len(self._shapes) > self.max_plans:
                self._shapes.clear()
            self._shapes[key[:2]] = shapes + 1
            plan = self._plan(document, operation.variables, context)
            self._remember(self._plans, key, plan)
        else:
            self._plans.move_to_end(key)
        if not isinstance(plan, Plan) or not plan.permitted(context):
            OUTCOMES["regular"].inc()
            return None
        try:
            body = await self._execute(plan, strings, context)
        except NotCompilable:  # these values need the regular path (e.g. not a domain): it says why
            OUTCOMES["regular"].inc()
            return None
        except Exception as exc:  # the regular path answers, and reports the error as it always has
            OUTCOMES["failed"].inc()
            if translate(exc) is None:  # not a timeout or an unavailable database: the plan may be stale
                log.info("compiled plan failed; dropped, answered the regular way", exc_info=True)
                self._plans.pop(key, None)
            return None
        OUTCOMES["compiled"].inc()
        plan.succeeded.inc()
        plan.latency.observe(time.perf_counter() - started)
        return body

    async def _execute(self, plan: Plan, strings: Sequence[str], context: Context) -> bytes:
        data: dict[str, Any] = {}
        # behind a transaction pooler a statement runs in the transaction SQLAlchemy begins (with the role
        # and timeouts: gateway/database.py); asyncpg's own call would run outside it
        direct = not transaction_pooled(context.engine)
        async with context.engine.connect() as conn:
            raw = (await conn.get_raw_connection()).driver_connection
            assert raw is not None
            try:
                for key, field in plan.fields:
                    if isinstance(field, str):
                        data[key] = field
                        continue
                    results = []
                    for statement, read in zip(field.statements, field.readers, strict=True):
                        sql = statement.sql(strings)
                        if isinstance(field, ListField) and direct:
                            for listener in self.listeners:  # SQLAlchemy's events do not see asyncpg's calls
                                listener(sql)
                            # asyncpg's own call: ~170 us less than SQLAlchemy's cursor and result layers
                            results.append(read(await raw.fetch(sql)))
                        else:  # statement fields read SQLAlchemy rows (attributes, `_mapping`)
                            results.append(read((await conn.exec_driver_sql(sql)).all()))
                    data[key] = field.write(results)
            except (asyncpg.PostgresConnectionError, asyncpg.InterfaceError, ConnectionError, OSError):
                await conn.invalidate()  # it broke under the statement: not handed to the next request
                raise
        return orjson.dumps({"data": data, "extensions": plan.extensions})

    def _remember(self, cache: "OrderedDict[Any, Any]", key: Any, value: Any) -> None:
        cache[key] = value
        if len(cache) > self.max_plans:
            cache.popitem(last=False)

    # -- building plans

    def _document(
        self, query: str, operation_name: str | None
    ) -> tuple[DocumentNode, OperationDefinitionNode, VariableTypes] | None:
        if len(query) > MAX_DOCUMENT_CHARS:
            return None
        key = (query, operation_name)
        try:
            found = self._documents[key]
            self._documents.move_to_end(key)
            return found
        except KeyError:
            pass
        found = None
        try:
            document = parse(query, max_tokens=MAX_TOKENS)
            schema = self.schema._schema
            operation = get_operation_ast(document, operation_name)
            if operation is not None and operation.operation is OperationType.QUERY and not validate(schema, document):
                types: list[tuple[str, GraphQLInputType]] = []
                for definition in operation.variable_definitions or ():
                    of = type_from_ast(schema, definition.type)
                    assert of is not None  # validated
                    types.append((definition.variable.name.value, of))  # type: ignore[arg-type]
                found = (document, operation, VariableTypes(tuple(types)))
        except GraphQLError:
            found = None
        self._remember(self._documents, key, found)
        return found

    def _plan(
        self,
        document: tuple[DocumentNode, OperationDefinitionNode, VariableTypes],
        variables: dict[str, Any],
        context: Context,
    ) -> Plan | object:
        try:
            plan = self._build(document, variables, context)
        except NotCompilable as reason:
            log.debug("not compiled: %s", reason)
            return REGULAR
        except Exception:  # noqa: BLE001 - a builder refused the values: the regular path says why
            return REGULAR
        self.built += 1
        OUTCOMES["built"].inc()
        return plan

    def _build(
        self,
        document: tuple[DocumentNode, OperationDefinitionNode, VariableTypes],
        variables: dict[str, Any],
        context: Context,
    ) -> Plan:
        doc, operation, types = document
        if operation.directives or any(d.directives for d in operation.variable_definitions or ()):
            raise NotCompilable("directives")
        shape = measure(doc, operation.name.value if operation.name else None, variables)
        if QueryLimits._violation(shape) is not None:
            raise NotCompilable("over a limit")
        real_fields = list(_Build(self.schema, self.statement_fields, doc, operation, variables, context).fields())
        strings: list[str] = []
        probe_fields: list[tuple[str, Any]] | None = None
        for family in SENTINELS:  # the first kind of sentinel every builder takes
            _, strings, sentinels = types.shape(variables, replace=family)
            try:
                probe = _Build(self.schema, self.statement_fields, doc, operation, sentinels, context)
                probe_fields = list(probe.fields())
                break
            except Exception:  # noqa: BLE001 - a builder refused this kind of text: try the next kind
                continue
        if probe_fields is None:
            raise NotCompilable("no sentinel the builders take")
        fields: list[tuple[str, ListField | ValueField | str]] = []
        for (key, real_field), (_, probe_field) in zip(real_fields, probe_fields, strict=True):
            if isinstance(real_field, str):
                fields.append((key, real_field))
                continue
            statements = tuple(
                _bound(real, probe, strings, family)
                for real, probe in zip(real_field.statements, probe_field.statements, strict=True)
            )
            if real_field.value is not None:
                fields.append(
                    (key, ValueField(statements, tuple(real_field.readers), real_field.permissions, *real_field.value))
                )
            else:
                fields.append(
                    (
                        key,
                        ListField(
                            key,
                            statements,
                            tuple(real_field.readers),
                            tuple(real_field.selection),
                            real_field.permissions,
                        ),
                    )
                )
        name = operation.name.value if operation.name else None
        return Plan(
            tuple(fields),
            {"cost": {"requested": shape.cost, "maximum": MAX_COST}},
            GRAPHQL_OPERATIONS.labels(operation_label(name), "ok"),
            GRAPHQL_LATENCY.labels(operation_label(name)),
        )


def _compile(stmt: Select[Any]) -> tuple[str, list[Any]]:
    compiled = stmt.compile(dialect=_DIALECT, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    processors: dict[str, Any] = dict(compiled._bind_processors)  # type: ignore[arg-type]
    values = []
    for name in compiled.positiontup or ():
        value = params[name]
        processor = processors.get(name)
        values.append(processor(value) if processor is not None else value)
    return compiled.string, values


def _bound(real: Select[Any], probe: Select[Any], strings: Sequence[str], family: Callable[[str], str]) -> Statement:
    """The statement of the request's build with each parameter bound from a variable or kept constant."""
    sql, values = _compile(real)
    probe_sql, probe_values = _compile(probe)
    if sql != probe_sql or len(values) != len(probe_values):
        raise NotCompilable("the statement depends on a string's value")
    candidates: dict[str, list[Binder]] = {}
    for i in range(len(strings)):
        candidates.setdefault(family(str(i)), []).append(("var", i))
        for name, transform in TRANSFORMS.items():
            with contextlib.suppress(NotCompilable):
                candidates.setdefault(transform(family(str(i))), []).append((name, i))
    # a text two (transform, variable) pairs give names neither: such a parameter is no variable's
    sentinels = {text: found[0] for text, found in candidates.items() if len(found) == 1}
    binders = tuple(_binder(v, p, sentinels, strings) for v, p in zip(values, probe_values, strict=True))
    found = list(PARAMETER.finditer(sql))
    order = tuple(int(m.group(1)) - 1 for m in found)
    if set(order) != set(range(len(binders))) or any(not sql.startswith("::", m.end()) for m in found):
        raise NotCompilable("parameters the plan cannot write as literals")
    statement = Statement(tuple(re.split(r"\$\d+", sql)), order, binders)
    statement.sql(strings)  # every value has a literal
    return statement


def _binder(value: Any, probe: Any, sentinels: dict[str, Binder], strings: Sequence[str]) -> Binder:
    """How one parameter is bound: from a string variable (as it is or transformed), or a constant.

    The request's own build must agree: its parameter is what binding its strings gives.
    """
    if isinstance(probe, str) and probe in sentinels:
        binder = sentinels[probe]
        if _bind(binder, strings) != value:
            raise NotCompilable("a string is transformed in a way the plan cannot redo")
        return binder
    listed = isinstance(probe, list | tuple) and isinstance(value, list | tuple) and len(probe) == len(value)
    if listed and any(isinstance(p, str) and p in sentinels for p in probe):
        return ("list", tuple(_binder(v, p, sentinels, strings) for v, p in zip(value, probe, strict=True)))
    if type(value) is not type(probe) or value != probe:
        raise NotCompilable("a parameter depends on a string's value")
    if isinstance(probe, str) and ("\x1fHQ" in probe or "sentinel-" in probe.lower()):
        raise NotCompilable("a string is transformed in a way the plan cannot redo")
    return ("const", value)


def _null(nullable: bool) -> None:
    if not nullable:  # graphql-core would report the field: the regular path answers
        raise NotCompilable("null in a non-null field")
    return None


class _Build:
    """The regular builders run over one operation with one set of variables: statements, not results."""

    def __init__(
        self,
        schema: strawberry.Schema,
        statement_fields: Mapping[str, StatementField],
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variables: dict[str, Any],
        context: Context,
    ) -> None:
        self.schema = schema
        self.statement_fields = statement_fields
        self.graphql = schema._schema
        self.fragments: Fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.operation = operation
        coerced = get_variable_values(self.graphql, operation.variable_definitions or (), variables)
        if isinstance(coerced, list):
            raise NotCompilable("variables refused")
        self.variables = coerced
        self.info: Any = SimpleNamespace(context=context)

    def fields(self) -> Iterator[tuple[str, Any]]:
        root = self.graphql.query_type
        assert root is not None
        fields = selected_fields(self.operation.selection_set, self.fragments, root.name)
        if fields is None:
            raise NotCompilable("root selection")
        for node in fields:
            key = (node.alias or node.name).value
            if node.name.value == "__typename":
                yield key, root.name
                continue
            statement_field = self.statement_fields.get(node.name.value)
            if statement_field is not None:
                yield key, self._statement_field(root, node, statement_field)
            else:
                yield key, self._list_field(root, node)

    def _arguments(self, root: GraphQLObjectType, node: FieldNode) -> tuple[Any, StrawberryField, dict[str, Any]]:
        """The root field's definitions and its arguments as its resolver takes them, its roles checked."""
        field_def = root.fields.get(node.name.value)
        field = field_def.extensions.get("strawberry-definition") if field_def else None
        if field_def is None or not isinstance(field, StrawberryField) or field.base_resolver is None:
            raise NotCompilable("not a resolver field")
        extensions = [e for e in field.extensions if type(e).__name__ != "PermissionExtension"]
        if extensions:
            raise NotCompilable("field extensions")
        for permission in field.permission_classes or ():
            if not permission().has_permission(None, self.info):
                raise NotCompilable("refused")
        arguments = get_argument_values(field_def, node, self.variables)
        kwargs = convert_arguments(
            arguments,
            field.arguments,
            scalar_registry=self.schema.schema_converter.scalar_registry,
            config=self.schema.config,
        )
        return field_def, field, kwargs

    def _statement_field(self, root: GraphQLObjectType, node: FieldNode, statement_field: StatementField) -> "_Field":
        field_def, field, kwargs = self._arguments(root, node)
        statements, assemble = statement_field.build(**kwargs)
        out = _Field(tuple(field.permission_classes or ()))
        for statement in statements:
            out.add(statement, list)
        out.value = (assemble, self._writer(field_def.type, node))
        return out

    def _writer(self, of: Any, node: FieldNode) -> Callable[[Any], Any]:
        """Writes a value of `of` as graphql-core would for this selection: plain fields only."""
        nullable = not isinstance(of, GraphQLNonNull)
        inner = of if nullable else of.of_type
        if isinstance(inner, GraphQLScalarType | GraphQLEnumType):
            serialize = inner.serialize

            def leaf(value: Any) -> Any:
                return _null(nullable) if value is None else serialize(value)

            return leaf
        if isinstance(inner, GraphQLList):
            item = self._writer(inner.of_type, node)
            return lambda value: _null(nullable) if value is None else [item(v) for v in value]
        if not isinstance(inner, GraphQLObjectType) or node.selection_set is None:
            raise NotCompilable("not a plain field")
        selected = selected_fields(node.selection_set, self.fragments, inner.name)
        if selected is None:
            raise NotCompilable("selection")
        entries: list[tuple[str, str | None, Any]] = []
        for sub in selected:
            key, name = (sub.alias or sub.name).value, sub.name.value
            if name == "__typename":
                entries.append((key, None, inner.name))
                continue
            graphql_field = inner.fields[name]
            field = graphql_field.extensions.get("strawberry-definition")
            if not isinstance(field, StrawberryField) or not field.is_basic_field or sub.arguments:
                raise NotCompilable(f"{inner.name}.{name} needs its resolver")
            entries.append((key, field.python_name, self._writer(graphql_field.type, sub)))

        def write(value: Any) -> Any:
            if value is None:
                return _null(nullable)
            return {
                key: part if attribute is None else part(getattr(value, attribute)) for key, attribute, part in entries
            }

        return write

    def _list_field(self, root: GraphQLObjectType, node: FieldNode) -> "_Field":
        field_def, field, kwargs = self._arguments(root, node)
        permissions = tuple(field.permission_classes or ())
        resolver = field.base_resolver
        assert resolver is not None
        args = [None] if resolver.self_parameter else []
        if resolver.info_parameter is not None:
            kwargs[resolver.info_parameter.name] = self.info
        connection = field.get_result(None, None, args, kwargs)
        if asyncio.iscoroutine(connection):
            connection.close()  # a resolver that runs statements itself: never started
        if not isinstance(connection, Connection):
            raise NotCompilable("not a list field")
        connection_type = field_def.type.of_type if isinstance(field_def.type, GraphQLNonNull) else field_def.type
        assert isinstance(connection_type, GraphQLObjectType)
        if node.selection_set is None:
            raise NotCompilable("no selection")
        selected = selected_fields(node.selection_set, self.fragments, connection_type.name)
        if selected is None:
            raise NotCompilable("connection selection")
        out = _Field(permissions)
        list_query = connection.list_query
        compiled = list_query.compiled
        page = -1
        for sub in selected:
            key, name = (sub.alias or sub.name).value, sub.name.value
            graphql_field = connection_type.fields[name] if name != "__typename" else None
            if graphql_field is None:
                out.selection.append((key, "__typename", -1, connection_type.name))
            elif name in ("nodes", "pageInfo"):
                if page < 0:
                    nodes = next((n for n in selected if n.name.value == "nodes"), None)
                    nodes_type = connection_type.fields["nodes"].type  # pageInfo may come first
                    plan = None if nodes is None else build_nodes_plan(nodes_type, nodes, self.fragments)
                    if nodes is None or nodes.arguments or plan is None:
                        raise NotCompilable("nodes need resolvers")
                    page = out.add(plan.statement(list_query), lambda records: read_page(tuple(records[0]), compiled))
                if name == "nodes":
                    out.selection.append((key, "nodes", page, None))
                else:
                    fields = self._leaves(sub, "PageInfo", PAGE_INFO)
                    out.selection.append((key, "pageInfo", page, (fields, compiled.after_or_offset)))
            elif name == "totalCount":
                given = get_argument_values(graphql_field, sub, self.variables)
                mode, cap = count_arguments(given.get("mode"), given.get("cap"))
                check_cap(mode, cap)
                index = out.add(count_statement_of(compiled, mode, cap), functools.partial(read_count, mode=mode))
                out.selection.append((key, "totalCount", index, None))
            elif name == "facets" and sub.selection_set is not None:
                by = get_argument_values(graphql_field, sub, self.variables)["by"]
                dimensions = facet_dimensions_of(by)
                names = list(dimensions)
                index = -1
                if dimensions:
                    statement = facets_statement_of(compiled, dimensions)
                    index = out.add(statement, functools.partial(read_facets, names=names))
                facet_type = graphql_field.type
                while not isinstance(facet_type, GraphQLObjectType):
                    facet_type = facet_type.of_type  # type: ignore[union-attr]
                dimension_type = facet_type.fields["dimension"].type
                while not isinstance(dimension_type, GraphQLEnumType):
                    dimension_type = dimension_type.of_type  # type: ignore[union-attr]
                facet_fields = selected_fields(sub.selection_set, self.fragments, facet_type.name)
                if facet_fields is None or any(f.arguments for f in facet_fields):
                    raise NotCompilable("facets selection")
                value_fields: tuple[tuple[str, str], ...] = ()
                for f in facet_fields:
                    if f.name.value == "values":
                        value_fields = self._leaves(f, "FacetValue", FACET_VALUE)
                    elif f.name.value not in ("dimension", "__typename"):
                        raise NotCompilable("facets selection")
                enum_names = {n: dimension_type.serialize(type(by[0])(n)) for n in names}
                keys = tuple(((f.alias or f.name).value, f.name.value) for f in facet_fields)
                out.selection.append((key, "facets", index, (keys, value_fields, enum_names)))
            else:
                raise NotCompilable(f"connection field {name}")
        return out

    def _leaves(self, node: FieldNode, type_name: str, allowed: frozenset[str]) -> tuple[tuple[str, str], ...]:
        """(response key, field) of a selection of plain fields without arguments."""
        fields = None if node.selection_set is None else selected_fields(node.selection_set, self.fragments, type_name)
        if fields is None or any(f.name.value not in allowed or f.arguments or f.selection_set for f in fields):
            raise NotCompilable(f"{type_name} selection")
        return tuple(((f.alias or f.name).value, f.name.value) for f in fields)


@dataclass
class _Field:
    """What one build of a list field gives: its statements and how the response reads their results."""

    permissions: tuple[type[Any], ...]
    statements: list[Any] = dataclass_field(default_factory=list)
    readers: list[Reader] = dataclass_field(default_factory=list)
    selection: list[tuple[str, str, int, Any]] = dataclass_field(default_factory=list)
    value: tuple[Callable[[list[Sequence[Any]]], Any], Callable[[Any], Any]] | None = None  # a statement field's

    def add(self, statement: Any, reader: Reader) -> int:
        self.statements.append(statement)
        self.readers.append(reader)
        return len(self.statements) - 1
