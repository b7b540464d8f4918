"""How Síťař queues background work.

Conventions for every ``tasks.py``:

- A task is thin: it takes ids and plain values (JSON-serialisable: ints, strings, ISO dates), loads the rows by id and
  calls a service; the logic and the transaction live in the service, so a test can call the service without a worker.
- A task is named after the service it calls, plus ``_task``: ``<entity>_<verb>_task`` (``followup_remind`` →
  ``followup_remind_task``, ``snapshot_take`` → ``snapshot_take_task``). The suffix keeps the task apart from the
  service where both are imported, and says that the name is the one Celery registers (``module.function``, as the
  beat schedule names it); no task sets ``name=``.
- Queue a task with :func:`enqueue`, never ``task.delay()`` inside a transaction: the worker has its own database
  connection and must not receive an id whose row is not committed yet (or is rolled back).
- With no ``CELERY_BROKER_URL`` tasks run inline (``CELERY_TASK_ALWAYS_EAGER``), still after the commit.
"""

from django.db import transaction


def enqueue(task, *args, **kwargs) -> None:
    """Queue ``task`` with these arguments once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: task.delay(*args, **kwargs))
