"""Scoring queries under Qdrant Edge's names: ``Query.Nearest(v, using)``,
``Query.RecommendBestScore(RecommendQuery(...))``, ``Fusion.Rrf(k)``,
``Mmr(...)``, ``Formula(Expression...)``; each becomes the REST query JSON
(Qdrant's ``QueryInterface``) plus, where it has one, the ``using`` name.

:func:`scoring_json` is what the request classes call: it also accepts what
a qdrant-client user passes as a query (a vector, a numpy array, a
``SparseVector``, a point id, ``models.NearestQuery`` and the other registry
query models, a dict), unchanged.
"""

from typing import Any, Dict, List, Optional, Tuple

from . import models
from ._edge_value import EdgeValue

__all__ = [
    "Query",
    "RecommendQuery",
    "DiscoverQuery",
    "ContextQuery",
    "ContextPair",
    "FeedbackItem",
    "NaiveFeedbackStrategy",
    "FeedbackNaiveQuery",
    "Fusion",
    "Mmr",
    "Formula",
    "Expression",
    "DecayKind",
    "OrderBy",
    "Direction",
    "Sample",
    "scoring_json",
]

OrderBy = models.OrderBy
Direction = models.Direction
Sample = models.Sample
ContextPair = models.ContextPair

_UNSET: Any = object()


class RecommendQuery(models.RecommendQuery):
    """``RecommendQuery(positives, negatives)``: example vectors (or point
    ids) for :meth:`Query.RecommendBestScore` and
    :meth:`Query.RecommendSumScores`. Used directly as a query it is
    Qdrant's average-vector recommendation."""

    __slots__ = ()

    def __init__(self, positives: Any = _UNSET, negatives: Any = None, *, recommend: Any = None):
        if positives is not _UNSET:
            recommend = {"positive": list(positives or []), "negative": list(negatives or [])}
        super().__init__(recommend=recommend)

    @property
    def positives(self) -> List[Any]:
        return self.recommend.positive or []

    @property
    def negatives(self) -> List[Any]:
        return self.recommend.negative or []


class DiscoverQuery(models.DiscoverQuery):
    """``DiscoverQuery(target, pairs)`` with :class:`ContextPair` pairs."""

    __slots__ = ()

    def __init__(self, target: Any = _UNSET, pairs: Any = None, *, discover: Any = None):
        if target is not _UNSET:
            discover = {"target": target, "context": list(pairs or [])}
        super().__init__(discover=discover)

    @property
    def target(self) -> Any:
        return self.discover.target

    @property
    def pairs(self) -> Any:
        return self.discover.context


class ContextQuery(models.ContextQuery):
    """``ContextQuery(pairs)`` with :class:`ContextPair` pairs."""

    __slots__ = ()

    def __init__(self, pairs: Any = _UNSET, *, context: Any = None):
        if pairs is not _UNSET:
            context = list(pairs)
        super().__init__(context=context)

    @property
    def pairs(self) -> Any:
        return self.context


class FeedbackItem(models.FeedbackItem):
    """``FeedbackItem(vector, score)``: an example and how relevant it is."""

    __slots__ = ()

    def __init__(self, vector: Any = _UNSET, score: Any = None, *, example: Any = None):
        if vector is not _UNSET:
            example = vector
        super().__init__(example=example, score=score)

    @property
    def vector(self) -> Any:
        return self.example


class NaiveFeedbackStrategy(models.NaiveFeedbackStrategy):
    """``NaiveFeedbackStrategy(a, b, c)``: the coefficients of the naive
    relevance-feedback formula."""

    __slots__ = ()

    def __init__(self, a: Any = _UNSET, b: Any = None, c: Any = None, *, naive: Any = None):
        if a is not _UNSET:
            naive = {"a": a, "b": b, "c": c}
        super().__init__(naive=naive)


class FeedbackNaiveQuery(EdgeValue):
    """``FeedbackNaiveQuery(target, feedback, strategy)`` for
    :meth:`Query.FeedbackNaive`."""

    __slots__ = ("target", "feedback", "strategy")

    def __init__(self, target: Any, feedback: List[Any], strategy: Any) -> None:
        self.target = target
        self.feedback = list(feedback)
        self.strategy = strategy

    def _json(self) -> Dict[str, Any]:
        return {
            "relevance_feedback": {
                "target": self.target,
                "feedback": self.feedback,
                "strategy": self.strategy,
            }
        }


class Query(EdgeValue):
    """A query over one vector; build it with the static methods
    (``Query.Nearest(vector, using=None)`` and the others). ``variant`` is
    the constructor's name, ``using`` the vector name (None: the unnamed)."""

    __slots__ = ("variant", "query", "using")
    __qe_vectors__ = ("nearest",)

    def __init__(self, variant: str, query: Any, using: Optional[str] = None) -> None:
        self.variant = variant
        self.query = query
        self.using = using

    def _json(self) -> Any:
        return self.query

    def __repr__(self) -> str:
        return f"Query.{self.variant}(query={self.query!r}, using={self.using!r})"

    @staticmethod
    def Nearest(query: Any, using: Optional[str] = None) -> "Query":
        """Nearest neighbours of a dense vector, a sparse vector, a
        multivector or a point id."""
        return Query("Nearest", {"nearest": query}, using)

    @staticmethod
    def _recommend(variant: str, query: Any, strategy: str, using: Optional[str]) -> "Query":
        data = models.RecommendQuery.from_dict(query).to_dict()["recommend"]
        data["strategy"] = strategy
        return Query(variant, {"recommend": data}, using)

    @staticmethod
    def RecommendBestScore(query: Any, using: Optional[str] = None) -> "Query":
        """Recommendation scored by the best positive and negative matches."""
        return Query._recommend("RecommendBestScore", query, "best_score", using)

    @staticmethod
    def RecommendSumScores(query: Any, using: Optional[str] = None) -> "Query":
        """Recommendation scored by the sum of the example similarities."""
        return Query._recommend("RecommendSumScores", query, "sum_scores", using)

    @staticmethod
    def Discover(query: Any, using: Optional[str] = None) -> "Query":
        """Discovery: close to the target within the context pairs."""
        return Query("Discover", query, using)

    @staticmethod
    def Context(query: Any, using: Optional[str] = None) -> "Query":
        """Context search over positive/negative pairs."""
        return Query("Context", query, using)

    @staticmethod
    def FeedbackNaive(query: Any, using: Optional[str] = None) -> "Query":
        """Relevance feedback with the naive strategy."""
        return Query("FeedbackNaive", query, using)


class _Rrf(EdgeValue):
    """Reciprocal rank fusion of the prefetches: ``Fusion.Rrf(k, weights=None)``."""

    __slots__ = ("k", "weights")

    def __init__(self, k: int, weights: Optional[List[float]] = None) -> None:
        self.k = k
        self.weights = weights

    def _json(self) -> Dict[str, Any]:
        rrf: Dict[str, Any] = {"k": self.k}
        if self.weights is not None:
            rrf["weights"] = list(self.weights)
        return {"rrf": rrf}

    def __repr__(self) -> str:
        return f"Fusion.Rrf(k={self.k!r}, weights={self.weights!r})"


class _Dbsf(EdgeValue):
    """Distribution-based score fusion of the prefetches: ``Fusion.Dbsf()``."""

    __slots__ = ()

    def _json(self) -> Dict[str, Any]:
        return {"fusion": "dbsf"}

    def __repr__(self) -> str:
        return "Fusion.Dbsf()"


class Fusion:
    """Fusion of prefetch results: ``Fusion.Rrf(k, weights)`` or ``Fusion.Dbsf()``."""

    Rrf = _Rrf
    Dbsf = _Dbsf


class Mmr(EdgeValue):
    """``Mmr(vector, lambda_, candidates_limit, using=None)``: nearest
    neighbours re-ranked for diversity; ``lambda_`` in [0, 1] weighs
    relevance (1) against diversity (0)."""

    __slots__ = ("vector", "lambda_", "candidates_limit", "using")
    __qe_vectors__ = ("nearest",)

    def __init__(
        self, vector: Any, lambda_: float, candidates_limit: int, using: Optional[str] = None
    ) -> None:
        self.vector = vector
        self.lambda_ = lambda_
        self.candidates_limit = candidates_limit
        self.using = using

    def _json(self) -> Dict[str, Any]:
        mmr = {"diversity": 1.0 - float(self.lambda_), "candidates_limit": self.candidates_limit}
        return {"nearest": self.vector, "mmr": mmr}


class Formula(EdgeValue):
    """``Formula(formula, defaults=None)``: rescoring of the prefetches by an
    :class:`Expression`; ``defaults`` gives values to missing variables."""

    __slots__ = ("formula", "defaults")

    def __init__(self, formula: Any, defaults: Optional[Dict[str, Any]] = None) -> None:
        self.formula = formula
        self.defaults = defaults

    def _json(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"formula": self.formula}
        if self.defaults is not None:
            out["defaults"] = self.defaults
        return out


class DecayKind:
    """Shapes of :meth:`Expression.Decay`."""

    Lin = "lin"
    Gauss = "gauss"
    Exp = "exp"


def _opt(d: Dict[str, Any], **kw: Any) -> Dict[str, Any]:
    d.update({k: v for k, v in kw.items() if v is not None})
    return d


class Expression(EdgeValue):
    """A formula expression, built by the static methods; it is the REST
    expression JSON (``Expression.Sum([...])`` → ``{"sum": [...]}``)."""

    __slots__ = ("expr",)

    def __init__(self, expr: Any) -> None:
        self.expr = expr

    def _json(self) -> Any:
        return self.expr

    def __repr__(self) -> str:
        return f"Expression({self.expr!r})"

    @staticmethod
    def Constant(val: float) -> "Expression":
        return Expression(float(val))

    @staticmethod
    def Variable(var: str) -> "Expression":
        return Expression(var)

    @staticmethod
    def Condition(cond: Any) -> "Expression":
        return Expression(cond)

    @staticmethod
    def GeoDistance(origin: Any, to: str) -> "Expression":
        return Expression({"geo_distance": {"origin": origin, "to": to}})

    @staticmethod
    def Datetime(date_time: str) -> "Expression":
        return Expression({"datetime": date_time})

    @staticmethod
    def DatetimeKey(path: str) -> "Expression":
        return Expression({"datetime_key": path})

    @staticmethod
    def Mult(exprs: List[Any]) -> "Expression":
        return Expression({"mult": list(exprs)})

    @staticmethod
    def Sum(exprs: List[Any]) -> "Expression":
        return Expression({"sum": list(exprs)})

    @staticmethod
    def Max(exprs: List[Any]) -> "Expression":
        return Expression({"max": list(exprs)})

    @staticmethod
    def Min(exprs: List[Any]) -> "Expression":
        return Expression({"min": list(exprs)})

    @staticmethod
    def Neg(expr: Any) -> "Expression":
        return Expression({"neg": expr})

    @staticmethod
    def Div(left: Any, right: Any, by_zero_default: Optional[float] = None) -> "Expression":
        return Expression({"div": _opt({"left": left, "right": right}, by_zero_default=by_zero_default)})

    @staticmethod
    def Sqrt(expr: Any) -> "Expression":
        return Expression({"sqrt": expr})

    @staticmethod
    def Pow(base: Any, exponent: Any) -> "Expression":
        return Expression({"pow": {"base": base, "exponent": exponent}})

    @staticmethod
    def Exp(expr: Any) -> "Expression":
        return Expression({"exp": expr})

    @staticmethod
    def Log10(expr: Any) -> "Expression":
        return Expression({"log10": expr})

    @staticmethod
    def Ln(expr: Any) -> "Expression":
        return Expression({"ln": expr})

    @staticmethod
    def Acosh(expr: Any) -> "Expression":
        return Expression({"acosh": expr})

    @staticmethod
    def Abs(expr: Any) -> "Expression":
        return Expression({"abs": expr})

    @staticmethod
    def Decay(
        kind: Any, x: Any, target: Any = None,
        midpoint: Optional[float] = None, scale: Optional[float] = None,
    ) -> "Expression":
        name = getattr(kind, "value", kind)
        body = _opt({"x": x}, target=target, midpoint=midpoint, scale=scale)
        return Expression({f"{str(name).lower()}_decay": body})


def scoring_json(query: Any) -> Tuple[Any, Optional[str], Optional[str]]:
    """(REST query JSON, ``using`` name or None, Qdrant Edge variant name or
    None) of anything accepted as a query; None gives (None, None, None)."""
    if query is None:
        return None, None, None
    if isinstance(query, Query):
        return query, query.using, f"Query.{query.variant}"
    if isinstance(query, Mmr):
        return query, query.using, "Mmr"
    if isinstance(query, _Rrf):
        return query, None, "Fusion.Rrf"
    if isinstance(query, _Dbsf):
        return query, None, "Fusion.Dbsf"
    if isinstance(query, Formula):
        return query, None, "Formula"
    if isinstance(query, models.OrderBy):
        return {"order_by": query}, None, "OrderBy"
    if isinstance(query, models.Sample):
        return {"sample": query.value}, None, "Sample"
    return query, None, None
