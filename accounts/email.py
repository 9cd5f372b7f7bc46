"""The development email backend: each message is printed and also kept as a file under var/mail/."""

from django.core.mail.backends import console, filebased
from django.core.mail.backends.base import BaseEmailBackend


class ConsoleAndFileBackend(BaseEmailBackend):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.backends = [console.EmailBackend(**kwargs), filebased.EmailBackend(**kwargs)]

    def send_messages(self, email_messages) -> int:
        sent = 0
        for backend in self.backends:
            sent = backend.send_messages(email_messages)
        return sent
