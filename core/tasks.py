"""How Síťař queues background work.

Conventions for every ``tasks.py``:

- A task is thin: it takes ids and plain values (JSON-serialisable: ints, strings, ISO dates), loads the rows by id and
  calls a service; the logic and the transaction live in the service, so a test can call the service without a worker.
- Tasks are named after the service they call (``followup_remind`` → ``send_followup_reminders``).
- Queue a task with :func:`enqueue`, never ``task.delay()`` inside a transaction: the worker has its own database
  connection and must not receive an id whose row is not committed yet (or is rolled back).
- With no ``CELERY_BROKER_URL`` tasks run inline (``CELERY_TASK_ALWAYS_EAGER``), still after the commit.
"""

from django.db import transaction


def enqueue(task, *args, **kwargs) -> None:
    """Queue ``task`` with these arguments once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: task.delay(*args, **kwargs))
