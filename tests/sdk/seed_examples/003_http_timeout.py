# shared/seeds/003_a5275bd94ea2b98f.txt — v4.2.12 — Feat: long-running operations primitives > Added (ctx.http timeout=)
    resp = await ctx.http.post("https://api.example.com/v1/...",
                               json={...}, timeout=120)
