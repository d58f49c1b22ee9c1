import pytest
from imperal_sdk.testing import MockContext
from main import (
    IncidentParams,
    ListParams,
    ResolveParams,
    ServiceParams,
    list_incidents,
    open_incident,
    resolve_incident,
    seed,
    set_service,
)


@pytest.fixture
def ctx():
    ctx = MockContext(extension_id="ops-board")
    return ctx


async def _service(ctx, name="checkout", **kw):
    result = await set_service(ctx, ServiceParams(name=name, owner="payments", **kw))
    assert result.status == "success", result.error
    return result.data.id


async def test_set_service_upserts(ctx):
    first = await _service(ctx)
    second = await _service(ctx, status="degraded")
    assert first == second
    assert ctx.store._data["services"][first]["status"] == "degraded"


async def test_bad_status(ctx):
    result = await set_service(ctx, ServiceParams(name="x", status="on fire"))
    assert result.error_code == "INVALID_STATUS"


async def test_sev1_pages_and_marks_outage(ctx):
    service_id = await _service(ctx)
    result = await open_incident(
        ctx,
        IncidentParams(
            title="Checkout 502s", service_id=service_id, severity="sev1", notify_oncall=True
        ),
    )
    assert result.status == "success"
    assert ctx.store._data["services"][service_id]["status"] == "outage"
    assert ctx.notify.sent[0]["priority"] == "urgent"
    toast = result.to_dict()["ui"]
    assert toast["type"] == "Toast"
    assert toast["props"]["variant"] == "warn"  # the SDK normalises "warning"
    assert toast["props"]["action"]["function"] == "__panel__incident"
    assert result.refresh_panels == ["overview", "status_page"]


async def test_sev3_leaves_service_alone(ctx):
    service_id = await _service(ctx)
    await open_incident(ctx, IncidentParams(title="Slow admin page", service_id=service_id))
    assert ctx.store._data["services"][service_id]["status"] == "operational"
    assert ctx.notify.sent == []


async def test_unknown_service(ctx):
    result = await open_incident(ctx, IncidentParams(title="Boom", service_id="nope"))
    assert result.error_code == "SERVICE_NOT_FOUND"


async def test_resolve_restores_service(ctx):
    service_id = await _service(ctx)
    opened = await open_incident(
        ctx, IncidentParams(title="Errors", service_id=service_id, severity="sev2")
    )
    resolved = await resolve_incident(
        ctx, ResolveParams(incident_id=opened.data.id, note="rolled back")
    )
    assert resolved.status == "success"
    assert resolved.to_dict()["ui"]["props"] == {
        "message": "Incident resolved",
        "variant": "success",
    }
    assert ctx.store._data["services"][service_id]["status"] == "operational"
    again = await resolve_incident(ctx, ResolveParams(incident_id=opened.data.id))
    assert again.error_code == "ALREADY_RESOLVED"
    listed = await list_incidents(ctx, ListParams(status="resolved"))
    assert [i.title for i in listed.data.incidents] == ["Errors"]


async def test_on_install_seeds_a_service(ctx):
    await seed(ctx)
    assert [s["name"] for s in ctx.store._data["services"].values()] == ["api"]
