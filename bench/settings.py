"""
Settings for benchmark runs only: the production settings plus one reference
page, ``/__bench__/constant/``. Selected by ``DJANGO_SETTINGS_MODULE=bench.settings``
(bench/run.py does it); the site itself never loads this module.
"""

import os
from pathlib import Path

from newsroom.settings import *  # noqa: F403
from newsroom.settings import STATIC_ROOT

ROOT_URLCONF = "bench.urls"
# collectstatic writes to a scratch folder, not to the checkout.
STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT") or STATIC_ROOT)
