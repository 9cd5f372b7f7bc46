import pytest
from django.db import transaction

from accounts.tests.factories import UserFactory
from banking.providers.plaid import Plaid
from banking.services import connection_create


@pytest.fixture
def linked(plaid_fake):
    """A person with a Plaid login linked through the real client, and the fake's side of that login."""
    item = plaid_fake.add_item()
    with transaction.atomic():
        connection = connection_create(
            user=UserFactory(), provider="plaid", link=Plaid().exchange_public_token(public_token=item.public_token)
        )
    return connection, item
