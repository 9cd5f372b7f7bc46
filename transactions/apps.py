from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_save


class TransactionsConfig(AppConfig):
    name = "transactions"

    def ready(self) -> None:
        # accounts sits below transactions in the data flow, so it cannot call us: we listen for new people.
        post_save.connect(_give_categories, sender=settings.AUTH_USER_MODEL, dispatch_uid="categories_for_new_user")


def _give_categories(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        from transactions.services import categories_ensure

        categories_ensure(user=instance)
