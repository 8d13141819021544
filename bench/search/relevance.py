"""The judged relevance set (tests/files/relevance/): its articles, brokers and published
complaints created as the site creates them and indexed through the real index path
(`index.rebuild`), then every judged query run as the results page runs it.

Used by tests/test_search_relevance.py (which holds the judgments) and by bench/search/run.py
(`--precision`, which reports precision at 5)."""

import json
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

FILES = Path(__file__).resolve().parents[2] / "tests" / "files" / "relevance"
TOP = 5


def records(name: str) -> list[list[str]]:
    lines = (FILES / name).read_text(encoding="utf-8").splitlines()
    return [line.split("|") for line in lines if line.strip() and not line.startswith("#")]


def judgments() -> list[dict]:
    return json.loads((FILES / "judgments.json").read_text(encoding="utf-8"))["queries"]


def load(structure) -> dict[tuple[str, str], str]:
    """Create the corpus and index it; returns {(kind, shown title): corpus id}."""
    from django.utils import timezone

    from infofinance.brokers.models import Broker, BrokerAlias
    from infofinance.complaints.models import Complaint
    from infofinance.news.models import ArticlePage
    from infofinance.search import index
    from tests.complaints_support import make_complaint, make_user, publish
    from tests.factories import make_article

    now = timezone.now()
    ids: dict[tuple[str, str], str] = {}
    for language in ("vi", "en"):
        for number, (key, days, section, title, lead, body) in enumerate(
            records(f"articles-{language}.txt")
        ):
            page = make_article(
                structure,
                title=title,
                language=language,
                section=section,
                lead=lead,
                body=[{"type": "paragraph", "value": f"<p>{body}</p>"}],
            )
            when = now - timedelta(days=int(days), minutes=number + 1)
            ArticlePage.objects.filter(pk=page.pk).update(
                published_at=when, first_published_at=when, last_published_at=when
            )
            ids[("article", title)] = key
    brokers = {}
    for key, name, abbreviation, aliases, intro_vi, intro_en in records("brokers.txt"):
        broker = Broker(name=name, abbreviation=abbreviation, intro_vi=intro_vi, intro_en=intro_en)
        broker.aliases = [BrokerAlias(name=alias) for alias in aliases.split(";") if alias]
        broker.save()
        brokers[key] = broker
        ids[("broker", name)] = key
    user = make_user("relevance@example.com")
    for key, days, broker, category, title_vi, text_vi, title_en, text_en in records(
        "complaints.txt"
    ):
        complaint = make_complaint(user, brokers[broker], title=title_vi, category=category)
        publish(
            complaint,
            title=title_vi,
            text=text_vi,
            public_title_en=title_en,
            public_text_en=text_en,
            confirm_all=True,
        )
        Complaint.objects.filter(pk=complaint.pk).update(
            published_at=now - timedelta(days=int(days))
        )
        ids[("complaint", title_vi)] = key
        if title_en:
            ids[("complaint", title_en)] = key
    index.rebuild()
    return ids


@dataclass
class Outcome:
    query: str
    language: str
    top: list[str]
    missing: list[str] = field(default_factory=list)  # must be in the top 5, and is not
    intruders: list[str] = field(default_factory=list)  # must stay out, and is in
    precision: float = 0.0


def evaluate(ids: dict[tuple[str, str], str]) -> list[Outcome]:
    from infofinance.search import engine, selectors
    from infofinance.search.text import parse

    outcomes = []
    for judged in judgments():
        query = parse(judged["q"])
        page = selectors.search(
            query, engine.Filters(language=judged["lang"]), page=1, page_size=TOP
        )
        top = [ids.get((r.kind, r.plain_title), f"?{r.kind}:{r.plain_title}") for r in page.results]
        relevant = set(judged["relevant"])
        outcomes.append(
            Outcome(
                judged["q"],
                judged["lang"],
                top,
                [key for key in judged["must"] if key not in top],
                [key for key in judged["not"] if key in top],
                len(relevant.intersection(top)) / min(TOP, len(relevant)),
            )
        )
    return outcomes


def report(outcomes: list[Outcome]) -> str:
    mean = sum(o.precision for o in outcomes) / len(outcomes)
    met = sum(1 for o in outcomes if not o.missing and not o.intruders)
    lines = [
        f"Precision at {TOP} over {len(outcomes)} judged queries: {mean:.3f} "
        f"({met} of {len(outcomes)} meet their judgment).",
        "",
        "| query | page | precision at 5 | top 5 | must, missing | near misses in |",
        "| --- | --- | ---: | --- | --- | --- |",
    ]
    for o in outcomes:
        lines.append(
            f"| {o.query} | {o.language} | {o.precision:.2f} | {' '.join(o.top)} | "
            f"{' '.join(o.missing) or '–'} | {' '.join(o.intruders) or '–'} |"
        )
    return "\n".join(lines) + "\n"
