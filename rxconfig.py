"""Reflex configuration, mapped from the product's own settings (PRODUCT.md §11)."""
import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin
from reflex_components_radix.plugin import RadixThemesPlugin

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
    plugins=[RadixThemesPlugin(theme=rx.theme(accent_color="indigo", gray_color="slate", radius="medium",
                                              scaling="100%", has_background=True))],
)
