# shared/seeds/004_15e9d05e69f36667.txt — 5-Minute Quickstart > Test it
from imperal_sdk.testing import MockContext

async def test_greet():
    ctx = MockContext(role="user")
    result = await fn_greet(ctx, GreetParams(name="World"))
    assert result.status == "success"
    assert result.data["message"] == "Hello, World!"
