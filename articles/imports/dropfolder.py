"""
The drop folder: ``import_article --watch DIR`` (or ``--watch storage://ALIAS/prefix``
for a Django storage such as an S3-compatible bucket) imports each new file once.

Several app servers may poll the same (shared) folder. A file is taken by
inserting its ``ImportClaim`` row, whose key (folder, name, content hash) is
unique: the database lets exactly one runner insert it, and the others skip
the file. Done files move to ``DIR/done/``, failed ones to ``DIR/failed/``
with a ``.error`` text beside them; the pictures an item used move with it.
A runner that dies mid-file leaves an unfinished claim, taken over once stale.
"""

from __future__ import annotations

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

from .delivery import MAX_FILE_BYTES, Delivery
from .folders import open_folder
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
    address: str,
    options: ImportOptions,
    interval: float,
    once: bool,
    report: Report,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Poll ``address`` (a directory, or ``storage://ALIAS/prefix``) until stopped."""
    folder = open_folder(str(address))
    runner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    while True:
        poll(folder, options, report, runner)
        if once:
            return
        sleep(interval)


def poll(folder, options: ImportOptions, report: Report, runner: str) -> list[str]:
    """One look at the folder: the names of the files this runner imported (or failed)."""
    if isinstance(folder, str | Path):
        folder = open_folder(str(folder))
    handled = []
    cache = ImportCache()
    names = folder.names()
    for number, name in enumerate(names, start=1):
        try:
            data = folder.read(name)
        except FileNotFoundError:
            continue  # another runner moved it meanwhile
        key = claim_key(folder.identity, name, data)
        # A dry run claims nothing: the real run must still find every file new.
        taken = CLAIMED if options.dry_run else claim(key, name, runner)
        if taken == FINISHED:
            # Delivered again, same name and content: it was imported before.
            folder.move(name, DONE)
        if taken != CLAIMED:
            continue
        if len(data) > MAX_FILE_BYTES:
            outcomes = [ExportError(name, None, too_large())]
        else:
            outcomes = import_delivery(Delivery(name, data, folder.siblings()), options, cache)
        ok = report(f"[{number}/{len(names)}]", name, outcomes, options.dry_run)
        if not options.dry_run:
            finish(folder, name, key, outcomes, ok)
        handled.append(name)
    return handled


def too_large() -> str:
    return _("The file is larger than %(max)d MB.") % {"max": MAX_FILE_BYTES >> 20}


def claim_key(identity: str, name: str, data: bytes) -> str:
    content = hashlib.sha256(data).hexdigest()
    return hashlib.sha256(f"{identity}\n{name}\n{content}".encode()).hexdigest()


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


def finish(folder, name: str, key: str, outcomes: list, ok: bool) -> None:
    errors = [str(outcome) for outcome in outcomes if isinstance(outcome, ExportError)]
    target = DONE if ok else FAILED
    moved = folder.move(name, target)
    for result in outcomes:
        if isinstance(result, ImportResult):
            for picture in result.pictures:
                if folder.exists(picture):
                    folder.move(picture, target)
    if errors:
        folder.write_text(moved + ".error", "\n".join(errors) + "\n")
    ImportClaim.objects.filter(key=key).update(
        finished_at=timezone.now(), outcome=("ok" if ok else "; ".join(errors))[:500]
    )
