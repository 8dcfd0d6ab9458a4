"""Editorial acts on articles: status changes, pre-publish checks, permissions, embargo, live edits."""

from .actions import (
    PublishingRefused,
    change_status,
    check_publishable,
    embargo_until,
    override_details,
    plan_status_change,
    publish,
    record_refusal,
    return_to_writer,
    schedule,
    submit_for_review,
    unpublish,
    withdraw,
)
from .gate import Check, publication_checks, publication_problems

__all__ = [
    "Check",
    "PublishingRefused",
    "change_status",
    "check_publishable",
    "embargo_until",
    "override_details",
    "plan_status_change",
    "publication_checks",
    "publication_problems",
    "publish",
    "record_refusal",
    "return_to_writer",
    "schedule",
    "submit_for_review",
    "unpublish",
    "withdraw",
]
