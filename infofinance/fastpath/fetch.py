"""Model instances by primary key with some foreign keys joined, from a statement written once
per process: what `Model.objects.select_related(*related).defer(*defer).filter(pk__in=ids)`
returns, without the ORM compiling the same statement again on every request. On a page
rendered cold the ORM took longer to compile such a query than the database to answer it.

Values go through the same converters as the ORM's (database and field), so instances are
the ORM's own: fields left out load on access, joined objects are cached on their foreign key
(None when the key is null), and `prefetch_related_objects` works on the result."""

from collections.abc import Callable, Iterable, Sequence
from typing import Any, cast

from django.db import connection
from django.db.models import DEFERRED, Field, ForeignKey, Model
from modelcluster.models import ClusterableModel
from wagtail.models import AbstractPage
from wagtail.models.pages import ShowInMenusMixin

from .db import hot_cursor

# A database or field converter: (value, expression, connection) -> value.
Converter = Callable[[Any, Any, Any], Any]
# One model's share of the statement: the foreign key it is joined on (None for the model
# itself), the model, its columns' attnames, its primary key's position among them, and each
# column's expression with its converters.
Part = tuple[
    "ForeignKey[Any, Any] | None", type[Model], list[str], int, list[tuple[Any, list[Converter]]]
]
# The statement, the primary key's column, the ORDER BY, the parts and the aliases by table.
Compiled = tuple[str, str, str, list[Part], dict[str, str]]


def _field(model: type[Model], name: str) -> "Field[Any, Any]":
    """`model._meta.get_field(name)`: a concrete field here (stubs: any field or relation)."""
    return cast("Field[Any, Any]", model._meta.get_field(name))


class Joined:
    def __init__(
        self,
        model: type[Model],
        related: tuple[str, ...] = (),
        defer: Iterable[str] = (),
        order: Sequence[tuple[str, bool]] = (),
    ):
        self.model = model
        self.related = related
        self.defer = set(defer)
        self.order = order  # (field name, descending) pairs, e.g. (("published_at", True),)
        self._compiled: Compiled | None = None

    def _compile(self) -> Compiled:
        ops, meta = connection.ops, self.model._meta

        def quote(name: str | None) -> str:
            # A concrete field always has a column (the stubs allow None).
            return ops.quote_name(cast(str, name))

        aliases: dict[str, str] = {}  # table → alias

        def alias_for(table: str) -> str:
            return aliases.setdefault(table, f"t{len(aliases)}")

        base = alias_for(meta.db_table)
        joins: list[str] = []
        # Parent tables of multi-table inheritance, joined on their one-to-one link.
        for parent, link in meta.parents.items():
            joins.append(
                f" INNER JOIN {quote(parent._meta.db_table)} {alias_for(parent._meta.db_table)}"
                f" ON {alias_for(parent._meta.db_table)}.{quote(parent._meta.pk.column)}"
                f" = {base}.{quote(cast('Field[Any, Any]', link).column)}"  # a parent's link
            )

        def columns(
            model: type[Model], owner_alias: str | None = None, skip: Iterable[str] = ()
        ) -> list[tuple["Field[Any, Any]", Any, str, list[Converter]]]:
            chosen = []
            for field in model._meta.concrete_fields:
                if field.attname in skip or field.name in skip:
                    continue
                table_alias = owner_alias or alias_for(field.model._meta.db_table)
                expression = field.get_col(table_alias)
                converters = ops.get_db_converters(expression) + field.get_db_converters(connection)
                chosen.append(
                    (field, expression, f"{table_alias}.{quote(field.column)}", converters)
                )
            return chosen

        joined: list[tuple[ForeignKey[Any, Any] | None, type[Model], list[Any]]] = [
            (None, self.model, columns(self.model, skip=self.defer))
        ]
        for name in self.related:
            # A foreign key (`related` names them only).
            field = cast("ForeignKey[Any, Any]", meta.get_field(name))
            target = field.related_model
            owner = alias_for(field.model._meta.db_table)
            alias = f"r{len(joined)}"
            joins.append(
                f" LEFT OUTER JOIN {quote(target._meta.db_table)} {alias}"
                f" ON {alias}.{quote(target._meta.pk.column)} = {owner}.{quote(field.column)}"
            )
            joined.append((field, target, columns(target, owner_alias=alias)))
        select = ", ".join(column for _f, _m, cols in joined for _x, _e, column, _c in cols)
        pk_column = f"{base}.{quote(self.model._meta.pk.column)}"

        def ordering(name: str, descending: bool) -> str:
            field = self.model._meta.pk if name == "pk" else _field(self.model, name)
            table = alias_for(field.model._meta.db_table)
            return f"{table}.{quote(field.column)}{' DESC' if descending else ''}"

        order = ", ".join(ordering(name, descending) for name, descending in self.order)
        parts: list[Part] = [
            (
                field,
                model,
                [f.attname for f, _e, _c, _v in cols],
                [f for f, _e, _c, _v in cols].index(model._meta.pk),
                [(e, v) for _f, e, _c, v in cols],
            )
            for field, model, cols in joined
        ]
        sql = f"SELECT {select} FROM {quote(meta.db_table)} {base}{''.join(joins)}"  # noqa: S608 - names only
        self._compiled = (sql, pk_column, order, parts, aliases)
        return self._compiled

    def alias(self, model: type[Model]) -> str:
        """The statement's alias for `model`'s table (for `where`)."""
        compiled = self._compiled or self._compile()
        return compiled[4][model._meta.db_table]

    def where(self, where: str, params: Iterable[Any] = ()) -> list[Model]:
        """Instances matching `where` (SQL over the aliases), in the statement's order (or the
        database's, without one)."""
        sql, _pk_column, order, parts, _aliases = self._compiled or self._compile()
        sql = f"{sql} WHERE {where}"
        if order:
            sql += f" ORDER BY {order}"
        with hot_cursor() as cursor:
            cursor.execute(sql, list(params))
            rows = cursor.fetchall()
        return [self._instance(row, parts) for row in rows]

    def by_ids(
        self, ids: Iterable[Any], where: str = "", params: Iterable[Any] = ()
    ) -> list[Model]:
        """Instances with these primary keys (and `where`), as `where` returns them."""
        ids = list(ids)
        if not ids:
            return []
        pk_column = (self._compiled or self._compile())[1]
        marks = ", ".join(["%s"] * len(ids))
        condition = f"{pk_column} IN ({marks}){f' AND {where}' if where else ''}"
        return self.where(condition, [*ids, *params])

    def _instance(self, row: Sequence[Any], parts: list[Part]) -> Model:
        position, alias = 0, connection.alias
        instance: Model | None = None
        for field, model, attnames, pk_index, columns in parts:
            values = []
            for expression, converters in columns:
                value = row[position]
                position += 1
                for converter in converters:
                    value = converter(value, expression, connection)
                values.append(value)
            if field is None:
                instance = from_db(model, alias, attnames, values)
            else:
                related = None
                if values[pk_index] is not None:
                    related = from_db(model, alias, attnames, values)
                # The model's own part comes first: `instance` is set by now.
                field.set_cached_value(cast(Model, instance), related)
        return cast(Model, instance)  # the first part is the model's own (field None)


# Constructors that add nothing to Model.__init__ for a row read from the database (positional
# values, the primary key set): modelcluster's takes child objects as keyword arguments (and
# lists the model's child relations to find them, on every call), Wagtail's page ones fill in
# defaults for a page not saved yet.
_NOTHING_MORE_FOR_A_ROW = {
    Model.__init__,
    ClusterableModel.__init__,
    AbstractPage.__init__,
    ShowInMenusMixin.__init__,
}
_plain: dict[type[Model], int | None] = {}  # model → its primary key's position, None: not plain


def _plain_position(model: type[Model]) -> int | None:
    if model not in _plain:
        # from_db is a classmethod: compare the functions under the bound methods.
        from_db_of = cast(Any, model.from_db).__func__
        plain = from_db_of is cast(Any, Model.from_db).__func__ and all(
            cls.__dict__["__init__"] in _NOTHING_MORE_FOR_A_ROW
            for cls in model.__mro__
            if "__init__" in cls.__dict__ and cls is not object
        )
        attnames = [f.attname for f in model._meta.concrete_fields]
        _plain[model] = attnames.index(model._meta.pk.attname) if plain else None
    return _plain[model]


def from_db(model: type[Model], db: str, attnames: list[str], values: list[Any]) -> Model:
    """`model.from_db(db, attnames, values)`, building a page model's instance with
    Model.__init__ alone when no constructor in its hierarchy does more for a database row
    (a model that defines one of its own, or overrides from_db, goes the usual way)."""
    position = _plain_position(model)
    fields = model._meta.concrete_fields
    if position is not None and len(values) != len(fields):
        given = iter(values)
        values = [next(given) if f.attname in attnames else DEFERRED for f in fields]
    if position is None or values[position] is None or values[position] is DEFERRED:
        return model.from_db(db, attnames, values)
    instance = model.__new__(model)
    Model.__init__(instance, *values)
    instance._state.adding = False
    instance._state.db = db
    return instance
