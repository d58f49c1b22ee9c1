async def t(ctx):
    await ctx.skeleton.get('a')
