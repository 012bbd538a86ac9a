"""Logging in and out, setting a new password by email, and slowing down guessers."""

import re

import pytest
from django.core import mail
from django.test import override_settings

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


def log_in(client, username, password, address="192.0.2.1"):
    # As behind the production proxy, which appends the address it saw.
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=f"10.9.9.9, {address}",
    )


def test_logging_in_and_out(client):
    user = UserFactory(username="lizzie")
    response = log_in(client, "lizzie", PASSWORD)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_says_so_without_saying_which_part_was_wrong(client):
    UserFactory(username="lizzie")
    response = log_in(client, "lizzie", "wrong")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


@override_settings(AXES_ENABLED=True)
def test_five_wrong_passwords_pause_that_user_from_that_address_only(client):
    from axes.utils import reset

    reset()
    UserFactory(username="lizzie")
    for _ in range(4):
        assert log_in(client, "lizzie", "guess", address="198.51.100.7").status_code == 200
    assert log_in(client, "lizzie", "guess", address="198.51.100.7").status_code == 429
    locked = log_in(client, "lizzie", PASSWORD, address="198.51.100.7")
    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode()
    # The guesser cannot lock the real user out from the user's own address.
    assert log_in(client, "lizzie", PASSWORD, address="203.0.113.9").status_code == 302
    reset()


@override_settings(AXES_ENABLED=True)
def test_the_pause_ends_by_itself(client, settings):
    import datetime

    from axes.models import AccessAttempt
    from axes.utils import reset

    reset()
    UserFactory(username="mandy")
    for _ in range(5):
        log_in(client, "mandy", "guess")
    assert log_in(client, "mandy", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - datetime.timedelta(minutes=16)
    )
    assert log_in(client, "mandy", PASSWORD).status_code == 302
    reset()


def test_a_new_password_by_email(client):
    user = UserFactory(username="graham", email="graham@example.org")
    response = client.post("/accounts/password_reset/", {"email": "graham@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body)
    assert link
    form = client.get(link.group(1), follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "tea-and-biscuits-42", "new_password2": "tea-and-biscuits-42"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("tea-and-biscuits-42")


def test_asking_for_a_reset_for_an_unknown_address_looks_the_same(client):
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []
