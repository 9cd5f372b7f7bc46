import factory

from accounts.tests.factories import UserFactory
from banking.models import Connection, Institution
from banking.providers.demo import DemoBank


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution
        django_get_or_create = ["provider", "external_id"]

    provider = "demo"
    external_id = factory.LazyFunction(lambda: DemoBank.INSTITUTIONS[0][0])
    name = factory.LazyFunction(lambda: DemoBank.INSTITUTIONS[0][1])


class ConnectionFactory(factory.django.DjangoModelFactory):
    """A linked Demo Bank login that has not synced yet."""

    class Meta:
        model = Connection

    user = factory.SubFactory(UserFactory)
    provider = "demo"
    institution = factory.SubFactory(InstitutionFactory)
    external_id = factory.Sequence(lambda n: f"demo-login-{n}")
    access_token = factory.LazyAttribute(
        lambda c: DemoBank().link(institution_id=c.institution.external_id).access_token
    )
