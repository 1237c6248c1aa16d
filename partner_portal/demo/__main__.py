"""Seed the demo world when the database is empty; ``--reset`` wipes it and seeds again."""
import sys

from partner_portal import db
from partner_portal.demo import is_empty, seed, wipe

if __name__ == "__main__":
    with db.session() as s:
        if "--reset" in sys.argv:
            wipe(s)
        if is_empty(s):
            seed(s)
            print("demo world seeded")
        else:
            print("database has data; demo world left as it is (use --reset to restore it)")
