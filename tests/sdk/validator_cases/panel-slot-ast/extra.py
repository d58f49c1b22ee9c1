def reg(ext):
    @ext.panel("x", slot="main")
    async def x(ctx):
        return None
