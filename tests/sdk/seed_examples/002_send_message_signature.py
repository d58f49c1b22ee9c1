# shared/seeds/002_ae107a24ecb6f9a3.txt — Walk-through: a chat turn > Web-kernel dispatches to the worker
async def send_message(ctx, params: SendMessageParams):
# ↑ ↑
# │ └─ already validated by Pydantic
# │
# └─ ctx.user, ctx.tenant, ctx.http, ctx.store, ctx.ai, ctx.skeleton, ctx.cache, ctx.notify, ctx.storage, ctx.tools
