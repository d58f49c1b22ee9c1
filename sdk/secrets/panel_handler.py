"""`imperal_sdk.secrets.panel_handler`: the built-in "Secrets" panel every extension gets.

`builtin_secrets_panel_handler(ctx)` lists the extension's declared secrets (from
`ctx.secrets`: name, description, whether it is set) as a ui tree dict. Values never appear.
"""

from __future__ import annotations

from typing import Any

__all__ = ["builtin_secrets_panel_handler"]


async def builtin_secrets_panel_handler(ctx: Any, **_params: Any) -> dict:
    from sdk import ui

    app_id = str(getattr(ctx, "_extension_id", "") or "")
    client = getattr(ctx, "__dict__", {}).get("secrets") or getattr(ctx, "secrets", None)
    rows: list[Any] = []
    error = ""
    if client is not None:
        try:
            rows = list(await client.list())
        except Exception as exc:  # a closed vault shows as a message, never as a crash
            error = f"The secret store cannot be read now ({type(exc).__name__})."
    children: list[Any] = [
        ui.Header(f"Secrets · {app_id}", level=2),
        ui.Text("What this extension needs to sign in elsewhere. Values are never shown here."),
    ]
    if error:
        children.append(ui.Alert(error, type="warning"))
    elif not rows:
        children.append(ui.Card(title="No secrets declared",
                                content=ui.Text("This extension declares no @ext.secret.")))  # fmt: skip
    else:
        children.append(ui.List([
            ui.ListItem(id=row.name, title=row.name, subtitle=row.description,
                        badge=ui.Badge("set" if row.is_set else "not set",
                                       color="green" if row.is_set else "gray"))
            for row in rows
        ]))  # fmt: skip
    return ui.Stack(children).to_dict()
