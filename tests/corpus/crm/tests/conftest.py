import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from imperal_sdk.testing import MockContext  # noqa: E402


@pytest.fixture
def ctx():
    return MockContext(user_id="u_sales", extension_id="crm")
