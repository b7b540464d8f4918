"""Background tasks of the organisations app (thin: the work is in the services)."""
from celery import shared_task
from django.contrib.auth import get_user_model


@shared_task(bind=True)
def import_rpss_task(self, path: str, actor_id: int | None = None, codelists_dir: str | None = None) -> dict:
    """Import the registry JSON at `path` as the given user; reports PROGRESS {done, total} while it runs."""
    from organizations.rpss import rpss_import

    actor = get_user_model().objects.get(pk=actor_id) if actor_id is not None else None

    def progress(done: int, total: int | None) -> None:
        if self.request.called_directly:
            return
        try:
            self.update_state(state="PROGRESS", meta={"done": done, "total": total})
        except NotImplementedError:  # no result backend configured (eager runs without a broker)
            pass

    report = rpss_import(actor=actor, source=path, codelists_dir=codelists_dir, progress=progress)
    return report.as_dict()
