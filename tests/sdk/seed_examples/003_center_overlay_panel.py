# shared/seeds/003_a5275bd94ea2b98f.txt — v4.1.8 — Declarative center-overlay flag on @ext.panel
@ext.panel(
    "workshop",
    slot="center",
    title="Automation Workshop",
    icon="🔀",
    center_overlay=True,   # ← v4.1.8 — declarative; replaces hardcoded TS allowlist
)
async def workshop_panel(ctx, **kwargs):
    return ui.Stack([...])
