"""Which parts of the query string a response was built from, recorded while it renders, so
that a response is never stored under a key that leaves out something it depends on.

The cache key keeps only the registered parameters (registry.register_params). A view that
reads any other (the live site's old `?keyword=`), that walks the whole `request.GET` (a
language switch keeping every parameter, a `copy()` for pagination links) or that reads the
raw query string (a redirect carrying it along: `get_full_path()`, `META["QUERY_STRING"]`)
depends on more than its key says. The middleware gives the view a `request.GET` and a
`request.META` that note such reads; the entry then records them (`Reads.conditions`) and
answers only the requests it was right for (`answers`):

- an unregistered parameter read by name: only requests without it (the bare request's answer
  stays valid for the others, and a request carrying it is never stored);
- the whole `GET` or the raw query string: only the very same query string, and only when it
  holds nothing but registered parameters (so that trackers and cache-busters cannot crowd
  out the bare page's entry).

nginx cannot check those conditions when it serves a copy, so purge.proxy_headers lets it keep
only what its own key fully determines (see `nginx_may_keep`)."""

import copy
from urllib.parse import parse_qsl, unquote_plus

from django.http import QueryDict

from . import nginx, registry

QUERY_STRING = "QUERY_STRING"


class Reads:
    """What one render read of its request's query string."""

    __slots__ = ("names", "whole")

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.whole = False

    def unregistered(self) -> frozenset[str]:
        return frozenset(self.names - registry.PARAMS)

    def conditions(self) -> dict:
        """What the stored entry keeps of these reads (empty: it answers its whole key)."""
        found: dict = {}
        names = self.unregistered()
        if names:
            found["names"] = sorted(names)
        if self.whole:
            found["whole"] = True
        return found


class TrackedQueryDict(QueryDict):
    """`request.GET` that notes the names read and any read of the whole of it."""

    def __init__(self, query_string: str, reads: Reads, encoding=None) -> None:
        self.reads = reads  # QueryDict's own __init__ already reads through the methods below
        super().__init__(query_string, encoding=encoding)

    def _name(self, key) -> None:
        self.reads.names.add(key)

    def _whole(self) -> None:
        self.reads.whole = True

    def __getitem__(self, key):
        self._name(key)
        return super().__getitem__(key)

    def __contains__(self, key) -> bool:
        self._name(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self._name(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self._name(key)
        return super().getlist(key, default)

    def __iter__(self):
        self._whole()
        return super().__iter__()

    def __len__(self) -> int:
        self._whole()
        return super().__len__()

    def keys(self):
        self._whole()
        return super().keys()

    def items(self):
        self._whole()
        return super().items()

    def lists(self):
        self._whole()
        return super().lists()

    def values(self):
        self._whole()
        return super().values()

    def dict(self):
        self._whole()
        return super().dict()

    def urlencode(self, safe=None) -> str:
        self._whole()
        return super().urlencode(safe)

    def __copy__(self):
        self._whole()
        result = QueryDict(mutable=True, encoding=self.encoding)
        for key, values in dict.items(self):
            result.setlist(key, list(values))
        return result

    def __deepcopy__(self, memo):
        self._whole()
        result = QueryDict(mutable=True, encoding=self.encoding)
        memo[id(self)] = result
        for key, values in dict.items(self):
            result.setlist(copy.deepcopy(key, memo), copy.deepcopy(values, memo))
        return result

    def copy(self):
        return self.__deepcopy__({})

    def __reduce__(self):  # pickled (a session, a cache): a plain QueryDict
        self._whole()
        return (QueryDict, (self.urlencode(),))


class TrackedMeta(dict):
    """`request.META` that notes a read of the raw query string."""

    reads: Reads

    def __getitem__(self, key):
        if key == QUERY_STRING:
            self.reads.whole = True
        return super().__getitem__(key)

    def get(self, key, default=None):
        if key == QUERY_STRING:
            self.reads.whole = True
        return super().get(key, default)

    def __reduce__(self):
        return (dict, (dict(self),))


def track(request) -> Reads:
    """Give `request` a GET and a META that record into the returned Reads."""
    reads = Reads()
    meta = TrackedMeta(request.META)
    meta.reads = reads
    query = TrackedQueryDict(
        dict.get(meta, QUERY_STRING, ""), reads, encoding=getattr(request, "encoding", None)
    )
    reads.names.clear()
    reads.whole = False
    request.META = meta
    request.environ = meta
    request.GET = query
    return reads


# -- what an entry answers -----------------------------------------------------------------------


def _names(query_string: str) -> set[str]:
    return {key for key, _value in parse_qsl(query_string, keep_blank_values=True)}


def answers(conditions: dict | None, query_string: str) -> bool:
    """Whether an entry stored with `conditions` is the right answer for `query_string`."""
    if not conditions:
        return True
    if conditions.get("whole") and query_string != conditions.get("query", ""):
        return False
    names = conditions.get("names")
    return not (names and _names(query_string) & set(names))


def storable(conditions: dict, query_string: str) -> dict | None:
    """The conditions to store an entry rendered for `query_string` with, or None when it must
    not be stored: it read an unregistered parameter the request carries, or the whole query
    while it holds anything unregistered."""
    if not conditions:
        return conditions
    present = _names(query_string)
    if present & set(conditions.get("names", ())):
        return None
    if conditions.get("whole"):
        if present - registry.PARAMS:
            return None
        return {**conditions, "query": query_string}
    return conditions


# -- what nginx may keep -------------------------------------------------------------------------


def nginx_args(query_string: str) -> tuple[str, str] | None:
    """The query parts of nginx's key for `query_string` (`$page_key_args`, `$page_key_other`
    in deploy/nginx.conf.template), or None when nginx would read the registered parameters
    differently from the application: nginx takes the first of a repeated name, matches names
    without regard to case, never decodes a name and cannot tell an empty value from a missing
    one; the application takes the last, decoded, exact name."""
    if not query_string:
        return "", ""
    allowed = registry.PARAMS
    raw: dict[str, str] = {}
    foreign = False
    for piece in query_string.split("&"):
        name, _equals, value = piece.partition("=")
        decoded = unquote_plus(name)
        if name in allowed:
            if name in raw or not value:
                return None
            raw[name] = value
        elif name.lower() in allowed or decoded in allowed or decoded.lower() in allowed:
            return None
        else:
            foreign = True
    args = "?" + "&".join(f"{name}={raw.get(name, '')}" for name in sorted(allowed)) if raw else ""
    return args, nginx.OTHER if foreign else ""


def nginx_may_keep(environ, conditions: dict | None) -> bool:
    """Whether nginx's key for this request (`X-PageCache-Key`) determines everything the
    response was built from: its path, the registered parameters as the application read them,
    and, for a response that read more, the whole query string."""
    key = environ.get("HTTP_X_PAGECACHE_KEY", "")
    query_string = environ.get(QUERY_STRING, "")
    parts = nginx_args(query_string)
    if parts is None:
        return False
    args, foreign = parts
    # nginx sends its $page_encoding as Accept-Encoding; read as the application's key does.
    encoding = "gzip" if "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "").lower() else "identity"
    expected = f"{environ.get('PATH_INFO', '')}{args}{foreign}|{encoding}"
    slash = key.find("/")
    if slash < 0 or key[slash:] != expected:
        return False
    conditions = conditions or {}
    if conditions.get("names") and foreign:
        return False
    if conditions.get("whole"):
        # Only a query nginx's key spells out in full: registered names, in its order.
        names = [piece.partition("=")[0] for piece in query_string.split("&")] if args else []
        if foreign or names != sorted(names):
            return False
    return True
