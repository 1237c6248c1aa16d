"""Whether a customer has a newer authorization letter to read (a banner at sign-in)."""
from sqlmodel import Session, col, select

from partner_portal.models import LetterVersion, Role, User

from .permissions import Actor


def latest_letter_version(session: Session, kind: str = "end_user") -> int:
    row = session.exec(select(LetterVersion.version).where(LetterVersion.kind == kind)
                       .order_by(col(LetterVersion.version).desc())).first()
    return row or 0


def new_letter_for(session: Session, actor: Actor) -> bool:
    if actor.role != Role.CUSTOMER:
        return False
    user = session.get(User, actor.user_id)
    return latest_letter_version(session) > user.seen_letter_version
