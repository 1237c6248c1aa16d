"""Masking of personal and customer data (PRODUCT.md §3). Pure functions."""


def mask_mobile(mobile: str) -> str:
    """First 3 and last 4 digits: 13812345678 → 138****5678."""
    m = (mobile or "").strip()
    if len(m) <= 7:
        return "*" * len(m)
    return m[:3] + "*" * (len(m) - 7) + m[-4:]


def mask_email(email: str) -> str:
    """First character, three stars, the domain: zhang@example.com → z***@example.com."""
    e = (email or "").strip()
    if "@" not in e:
        return mask_name(e)
    local, domain = e.split("@", 1)
    return (local[:1] + "***@" + domain) if local else "***@" + domain


def mask_name(name: str) -> str:
    """First character, one star per further character, at most six: 张三丰 → 张**."""
    n = (name or "").strip()
    if not n:
        return ""
    return n[0] + "*" * min(len(n) - 1, 6)


MASKERS = {"name": mask_name, "account": mask_name, "mobile": mask_mobile, "email": mask_email}


def mask(kind: str, value: str) -> str:
    return MASKERS[kind](value)
