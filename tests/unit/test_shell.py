"""What the header tells each actor (state/auth.shell_for): menus, notices, banners."""
from partner_portal.models import DistributorStatus, PartnerKind, PartnerStatus, Role
from partner_portal.state.auth import shell_for, safe_next
from tests import factories as f


def test_rejected_partner_sees_the_platforms_reason(session):
    p, u, a = f.partner_admin(session, status=PartnerStatus.REJECTED, review_comment="Business licence is unreadable.")
    shell = shell_for(session, a)
    assert shell["partner_notice"] == "home.rejected_partner"
    assert shell["partner_comment"] == "Business licence is unreadable."
    assert "sales" not in shell["perms"]


def test_reseller_of_a_delisted_distributor_is_told_it_exited(session):
    dist = f.partner(session, kind=PartnerKind.DISTRIBUTOR, distributor_status=DistributorStatus.DELISTED)
    _, _, a = f.partner_admin(session, kind=PartnerKind.CLOUD_RESELLER, distributor=dist)
    assert shell_for(session, a)["partner_notice"] == "home.distributor_exited"


def test_international_banner_until_dismissed(session):
    u = f.user(session, role=Role.MEMBER, international=True)
    assert shell_for(session, f.actor(session, u))["show_intl"] is True
    u.hide_international_notice = True
    session.commit()
    assert shell_for(session, f.actor(session, u))["show_intl"] is False


def test_after_sign_in_only_same_site_paths_are_followed():
    assert safe_next("/sales/leads?x=1") == "/sales/leads?x=1"
    for bad in ("//evil.example", "https://evil.example", "", "/login?next=/x"):
        assert safe_next(bad) == ""
