# shared/seeds/003_a5275bd94ea2b98f.txt — v4.2.13 — Feat: @chat.function(background=True) declarative flag > Added
    @chat.function(
        "refine_output",
        description="Refine the given text via AI completion.",
        action_type="write",
        event="text_refined",
        background=True,        # auto-wrap in ctx.background_task
        long_running=False,     # default cap 180s; True → 1800s
    )
    async def refine_output(ctx, params: RefineParams) -> ActionResult:
        # Body runs detached. No inner _work() wrapper, no manual task_id.
        await ctx.progress(50, "Generating with AI")
        resp = await ctx.http.post(api_url, json={...}, timeout=120)
        return ActionResult.success(
            summary="Refined output ready!",
            data={"text": resp.body["text"]},
        )
