def reg(ext):
    @ext.panel("x", "weird")
    async def x(ctx):
        return None
