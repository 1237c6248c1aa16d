"""The product's own configuration (PRODUCT.md §11), read from the environment."""
import os
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA_DIR = pathlib.Path(os.environ.get("PORTAL_DATA_DIR", ROOT / "data"))
DEFAULT_DB = f"sqlite:///{DATA_DIR / 'portal.db'}"


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or DEFAULT_DB


def redis_url() -> str | None:
    return os.environ.get("REDIS_URL") or None


def allowed_origins() -> list[str]:
    raw = os.environ.get("PORTAL_ORIGINS") or "http://localhost:3000,http://127.0.0.1:3000"
    return [o.strip() for o in raw.split(",") if o.strip()]


def files_dir() -> pathlib.Path:
    """Private uploads (certificates, proofs, evidence): never Reflex's public upload folder."""
    return pathlib.Path(os.environ.get("PORTAL_FILES_DIR", DATA_DIR / "files"))


def secret_key() -> bytes:
    """Signs short-lived file links. Generated once per data folder when not given."""
    env = os.environ.get("PORTAL_SECRET")
    if env:
        return env.encode()
    path = DATA_DIR / "secret.key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_bytes(os.urandom(32).hex().encode())
    return path.read_bytes()
