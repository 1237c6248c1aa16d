"""Reflex configuration, mapped from the product's own settings (PRODUCT.md §11)."""
import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

from partner_portal import settings

config = rx.Config(
    app_name="partner_portal",
    db_url=settings.database_url(),
    redis_url=settings.redis_url(),
    cors_allowed_origins=settings.allowed_origins(),
    telemetry_enabled=False,
    show_built_with_reflex=False,
    frontend_compression_formats=["gzip"],
    disable_plugins=[SitemapPlugin],
)
