import pytest
from imperal_sdk.testing import MockContext
from main import (
    IncidentParams,
    ServiceParams,
    ext,
    incident_panel,
    open_incident,
    overview_panel,
    report_panel,
    set_service,
    status_panel,
)


def find(node, type_):
    """Every node of a type in a rendered tree."""
    found = []
    if isinstance(node, dict):
        if node.get("type") == type_:
            found.append(node)
        for value in node.values():
            found += find(value, type_)
    elif isinstance(node, list):
        for value in node:
            found += find(value, type_)
    return found


@pytest.fixture
async def ctx():
    ctx = MockContext(extension_id="ops-board")
    await set_service(ctx, ServiceParams(name="checkout", owner="payments", latency_ms=340))
    await set_service(ctx, ServiceParams(name="search", status="degraded", latency_ms=900))
    return ctx


def test_panels_registered():
    assert set(ext.panels) == {"overview", "report", "incident", "status_page"}
    assert ext.panels["incident"]["center_overlay"] is True
    assert ext.panels["overview"]["default_width"] == 900


async def test_overview_warns_about_degraded_services(ctx):
    tree = (await overview_panel(ctx)).to_dict()
    assert tree["type"] == "Page"
    (alert,) = find(tree, "Alert")
    assert alert["props"]["variant"] == "warn"
    assert alert["props"]["dismissible"] is True
    tables = find(tree, "DataTable")
    assert tables[0]["props"]["columns"][2] == {
        "key": "owner",
        "label": "Owner",
        "sortable": False,
        "width": "160px",
    }
    assert [r["name"] for r in tables[0]["props"]["rows"]] == ["checkout", "search"]
    (chart,) = find(tree, "Chart")
    assert chart["props"]["chart_type"] == "bar"


async def test_overview_sev1_banner(ctx):
    service_id = next(iter(ctx.store._data["services"]))
    await open_incident(ctx, IncidentParams(title="Down", service_id=service_id, severity="sev1"))
    tree = (await overview_panel(ctx, tab="incidents")).to_dict()
    (alert,) = find(tree, "Alert")
    assert alert["props"]["variant"] == "error"
    (tabs,) = find(tree, "Tabs")
    assert tabs["props"]["default_tab"] == 1


async def test_all_clear():
    tree = (await overview_panel(MockContext())).to_dict()
    (alert,) = find(tree, "Alert")
    assert alert["props"] == {
        "message": "All systems operational",
        "title": "",
        "variant": "success",
    }


async def test_report_form_has_labelled_inputs(ctx):
    form = (await report_panel(ctx)).to_dict()
    assert form["type"] == "Form"
    assert form["props"]["action"] == "open_incident"
    fields = {c["props"].get("param_name"): c for c in form["props"]["children"]}
    assert fields["title"]["props"]["label"] == "Title"
    assert fields["title"]["props"]["required"] is True
    assert fields["service_id"]["type"] == "Select"
    assert len(fields["service_id"]["props"]["options"]) == 2
    assert fields["severity"]["type"] == "RadioGroup"
    assert fields["severity"]["props"]["orientation"] == "horizontal"
    assert fields["description"]["props"]["description"] == "Symptoms, scope, first seen"
    assert fields["notify_oncall"]["type"] == "Checkbox"


async def test_incident_modal(ctx):
    service_id = next(iter(ctx.store._data["services"]))
    opened = await open_incident(
        ctx, IncidentParams(title="Down", service_id=service_id, severity="sev1")
    )
    modal = (await incident_panel(ctx, id=opened.data.id)).to_dict()
    assert modal["type"] == "Modal"
    props = modal["props"]
    assert props["title"] == "Down"
    assert props["confirm_label"] == "Resolve"
    assert props["destructive"] is True
    assert props["on_confirm"] == {
        "action": "call",
        "function": "resolve_incident",
        "params": {"incident_id": opened.data.id},
    }
    assert props["content"]["type"] == "Stack"
    missing = (await incident_panel(ctx)).to_dict()
    assert missing["props"]["variant"] == "info"


async def test_status_page_badges(ctx):
    tree = (await status_panel(ctx)).to_dict()
    colors = [i["props"]["badge"]["props"]["color"] for i in tree["props"]["items"]]
    assert colors == ["green", "yellow"]


async def test_panel_wrapper(ctx):
    wrapped = await ext.call_tool("__panel__status_page", ctx)
    assert wrapped["panel_id"] == "status_page"
    assert wrapped["ui"]["type"] == "List"
