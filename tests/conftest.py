import pytest

from content.services import home_page_ensure
from tests.factories import StaffUserFactory, activate_totp


@pytest.fixture
def home_page(db):
    return home_page_ensure(title="Care after the hospital", intro="Information for you and your family.")


@pytest.fixture
def manager(db):
    user = StaffUserFactory(role="Liaison manager")
    user.totp_secret = activate_totp(user)
    return user


@pytest.fixture
def staff_without_mfa(db):
    return StaffUserFactory(role="Liaison")
