# shared/seeds/003_a5275bd94ea2b98f.txt — v4.2.12 — Feat: long-running operations primitives > Added (ctx.deliver_chat_message)
    @ext.webhook("/callback", method="GET")
    async def oauth_callback(ctx, params):
        # ... exchange code, store refresh token via ctx.secrets ...
        await ctx.deliver_chat_message("Spotify connected! 🎵 You can now ask "
                                       "what's playing or search your library.")
        return ActionResult.success(summary="OAuth complete")
