# shared/seeds/002_ae107a24ecb6f9a3.txt — Walk-through: a chat turn > Your handler runs
async def send_message(ctx, params: SendMessageParams):
body = await render_template(params.body_template)
await ctx.http.post("/mail/send", json={...})
return {"text": "Email sent to sarah@company.com"}
