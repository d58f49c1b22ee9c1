# shared/seeds/003_a5275bd94ea2b98f.txt — v4.2.0 — Federal system=True flag > Extension(system: bool = False) kwarg
ext = Extension(
    "billing",
    version="2.0.0",
    display_name="Billing",
    description="Imperal Cloud billing — usage meter, invoices, prepayments.",
    icon="icon.svg",
    system=True,   # ← new
)
