# shared/seeds/003_a5275bd94ea2b98f.txt — v4.2.12 — Feat: long-running operations primitives > Added (ctx.background_task)
    @chat.function(action_type="write")
    async def start_refinement(ctx, params: StartParams) -> ActionResult:
        async def _work():
            await ctx.progress(20, "Fetching context")
            ctx_data = await ctx.http.post(retrieval_url, json={...}, timeout=15)
            await ctx.progress(50, "Generating with AI")
            out = await ctx.http.post(openai_url, json={...}, timeout=120)
            await ctx.progress(90, "Saving")
            return ActionResult.success(
                summary="Refined output ready! 🎉",
                data={"text": out.body["text"]},
            )
    
        task_id = await ctx.background_task(_work(), long_running=False,
                                            name="AI refinement")
        return ActionResult.success(
            summary="Got it — refining (≈90s). I'll send the result here.",
            data={"task_id": task_id},
        )
