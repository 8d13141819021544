"""Append generated economic releases (indicators of 20 years of monthly releases, each with a
Vietnamese indicator page) with bulk SQL (benchmark data, bench/bulk.py), in the database
DATABASE_URL names:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/infofinance_bench \\
        .venv/bin/python bench/generate_releases.py 200000

A tiny set on SQLite, to check the scripts (the site's tables, then a few articles, which
bench/render.py needs, then the releases):

    export DATABASE_URL=sqlite:////tmp/bench-markets.sqlite3
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/generate_articles.py 200
    .venv/bin/python bench/generate_releases.py 2000
    .venv/bin/python bench/render.py --requests 20
"""

import argparse
import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=2000)
    args = parser.parse_args(argv)

    from bench.bulk import analyze, generate_releases

    def progress(done: int) -> None:
        filled = int(30 * done / args.count)
        bar = "#" * filled + "." * (30 - filled)
        sys.stderr.write(f"\rreleases [{bar}] {done}/{args.count}")
        if done == args.count:
            sys.stderr.write("\n")

    done = generate_releases(args.count, seed=args.seed, batch=args.batch, progress=progress)
    # Bulk rows bypass the services: store the indicators' typical surprises as the services
    # keep them (`Indicator.typical_surprise`), or every render computes them instead.
    from infofinance.markets.models import Indicator
    from infofinance.markets.services import refresh_typical_surprises

    ids = list(Indicator.objects.order_by("pk").values_list("pk", flat=True))
    for offset in range(0, len(ids), 500):
        refresh_typical_surprises(ids[offset : offset + 500])
    analyze()
    print(f"generated {done} releases")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infofinance.settings.local")
    import django

    django.setup()
    main()
