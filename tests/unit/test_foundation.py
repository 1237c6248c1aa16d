"""Schema, layering and masking rules of the foundation."""
import ast
import pathlib

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import partner_portal.models  # noqa: F401  (registers every table)
from partner_portal.domain import masking

DOMAIN = pathlib.Path(__file__).resolve().parents[2] / "partner_portal" / "domain"


def test_models_and_migrations_agree(engine):
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == [], f"models.py and alembic/versions disagree: {diff}"


def test_domain_never_imports_reflex():
    for path in DOMAIN.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n == "reflex" or n.startswith("reflex.") for n in names), f"{path.name} imports reflex"


def test_mobile_keeps_first_three_and_last_four():
    assert masking.mask_mobile("13812345678") == "138****5678"


def test_email_keeps_first_character_and_domain():
    assert masking.mask_email("zhang.san@example.com") == "z***@example.com"


def test_names_keep_first_character_one_star_each_at_most_six():
    assert masking.mask_name("张三丰") == "张**"
    assert masking.mask_name("alibaba-cloud-account") == "a******"
    assert masking.mask_name("李") == "李"


def test_short_and_empty_values_are_fully_hidden():
    assert masking.mask_mobile("12345") == "*****"
    assert masking.mask_mobile("") == ""
    assert masking.mask_email("") == ""
