"""The app: theme, pages, and the lifespan task that runs the time-based jobs. Wiring only."""
import asyncio
import logging

import reflex as rx

from partner_portal import db, layout, pages
from partner_portal.api import api
from partner_portal.domain import jobs

log = logging.getLogger(__name__)
JOB_INTERVAL_SECONDS = 60


async def run_jobs_every_minute():
    """Idempotent jobs (expiry, reminders, SLA, outbox delivery), off the event loop."""
    while True:
        await asyncio.sleep(5)
        try:
            await asyncio.to_thread(jobs.run_all, db.session)
        except Exception:  # never let the scheduler die; next minute retries
            log.exception("job run failed")
        await asyncio.sleep(JOB_INTERVAL_SECONDS - 5)


app = rx.App(
    stylesheets=["/styles.css"],
    head_components=[rx.el.meta(name="description", content="Partner Portal: the cloud platform's Partner Center")],
    api_transformer=api,  # /files/<token>: private files through signed links (partner_portal/api.py)
)
app.register_lifespan_task(run_jobs_every_minute)

pages.load_all()
for spec in layout.PAGES:
    app.add_page(spec.component, route=spec.route, title=f"{spec.title} · Partner Portal", on_load=spec.on_load)
