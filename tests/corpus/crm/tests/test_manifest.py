from imperal_sdk import generate_manifest, validate_extension
from main import chat, ext


def test_functions_registered():
    assert set(chat.functions) == {
        "create_contact",
        "list_contacts",
        "delete_contact",
        "create_deal",
        "move_deal",
        "pipeline_summary",
    }
    assert chat.functions["delete_contact"].action_type == "destructive"


def test_manifest_has_sdl_schemas():
    manifest = generate_manifest(ext)
    tools = {t["name"]: t for t in manifest["tools"]}
    schema = tools["create_deal"]["return_schema"]
    assert schema["properties"]["amount"]["x-sdl-role"] == "money.amount"
    assert tools["move_deal"]["id_projection"] == "deal_id"


def test_validates_without_errors():
    report = validate_extension(ext)
    assert report.is_valid, [i.message for i in report.errors]
