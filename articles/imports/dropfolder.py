"""
The drop folder: ``import_article --watch DIR`` imports each new file once.

Several app servers may poll the same (shared) folder. A file is taken by
inserting its ``ImportClaim`` row, whose key (folder, name, content hash) is
unique: the database lets exactly one runner insert it, and the others skip
the file. Done files move to ``DIR/done/``, failed ones to ``DIR/failed/``
with a ``.error`` text beside them; the pictures an item used move with it.
A runner that dies mid-file leaves an unfinished claim, taken over once stale.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import ImportClaim

from .delivery import is_item_file, read_delivery
from .items import ExportError
from .options import ImportOptions
from .results import ImportCache, ImportResult
from .service import import_delivery

DEFAULT_INTERVAL_SECONDS = 10.0
# A claim unfinished after this long belongs to a runner that died.
STALE_CLAIM = timedelta(minutes=30)
# The runner that finished a file moves it itself within this time.
FINISH_GRACE = timedelta(minutes=1)
DONE, FAILED = "done", "failed"
CLAIMED, TAKEN, FINISHED = "claimed", "taken", "finished"

Report = Callable[[str, str, list, bool], bool]


def watch(
    folder: str | Path,
    options: ImportOptions,
    interval: float,
    once: bool,
    report: Report,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    folder = Path(folder)
    if not folder.is_dir() or folder.is_symlink():
        raise ExportError(str(folder), None, _("This is not a folder."))
    runner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    while True:
        poll(folder, options, report, runner)
        if once:
            return
        sleep(interval)


def poll(folder: Path, options: ImportOptions, report: Report, runner: str) -> list[str]:
    """One look at the folder: the names of the files this runner imported (or failed)."""
    for sub in (DONE, FAILED):
        (folder / sub).mkdir(exist_ok=True)
    handled = []
    cache = ImportCache()
    for path in sorted(folder.iterdir()):
        if not is_item_file(path) or path.is_symlink() or not path.is_file():
            continue
        try:
            delivery = read_delivery(path, name=path.name)
        except ExportError as error:
            if not path.exists():
                continue  # another runner moved it meanwhile
            data, outcomes = str(error).encode(), [error]
        else:
            data, outcomes = delivery.data, None
        key = claim_key(folder, path.name, data)
        taken = claim(key, path.name, runner)
        if taken == FINISHED and not options.dry_run:
            # Delivered again, same name and content: it was imported before.
            move(path, folder / DONE)
        if taken != CLAIMED:
            continue
        if outcomes is None:
            outcomes = import_delivery(delivery, options, cache)
        ok = report("[drop]", path.name, outcomes, options.dry_run)
        if not options.dry_run:
            finish(folder, path, key, outcomes, ok)
        handled.append(path.name)
    return handled


def claim_key(folder: Path, name: str, data: bytes) -> str:
    content = hashlib.sha256(data).hexdigest()
    return hashlib.sha256(f"{folder.resolve()}\n{name}\n{content}".encode()).hexdigest()


def claim(key: str, name: str, runner: str) -> str:
    """
    Take the file for this runner: CLAIMED; or TAKEN when another runner has
    it; or FINISHED when a runner imported this very file before.
    """
    now = timezone.now()
    try:
        with transaction.atomic():
            ImportClaim.objects.create(key=key, name=name[:255], runner=runner, claimed_at=now)
        return CLAIMED
    except IntegrityError:
        pass
    # One UPDATE decides between runners racing for a stale claim.
    stale = ImportClaim.objects.filter(
        key=key, finished_at__isnull=True, claimed_at__lt=now - STALE_CLAIM
    ).update(runner=runner, claimed_at=now)
    if stale == 1:
        return CLAIMED
    finished = ImportClaim.objects.filter(key=key, finished_at__lt=now - FINISH_GRACE).exists()
    return FINISHED if finished else TAKEN


def finish(folder: Path, path: Path, key: str, outcomes: list, ok: bool) -> None:
    errors = [str(outcome) for outcome in outcomes if isinstance(outcome, ExportError)]
    target = folder / (DONE if ok else FAILED)
    moved = move(path, target)
    for result in outcomes:
        if isinstance(result, ImportResult):
            for picture in result.pictures:
                if (folder / picture).is_file():
                    move(folder / picture, target)
    if errors:
        moved.with_name(moved.name + ".error").write_text("\n".join(errors) + "\n", "utf-8")
    ImportClaim.objects.filter(key=key).update(
        finished_at=timezone.now(), outcome=("ok" if ok else "; ".join(errors))[:500]
    )


def move(path: Path, folder: Path) -> Path:
    """Into ``folder`` under the same name, or a dated one if it is taken."""
    target = folder / path.name
    if target.exists():
        stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
        target = folder / f"{path.stem}.{stamp}{path.suffix}"
    with contextlib.suppress(FileNotFoundError):  # another runner moved it first
        os.replace(path, target)
    return target
