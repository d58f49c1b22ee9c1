# The hello-world extension from the Imperal docs (shared/seeds/000), verbatim.
from imperal_sdk import Extension, ChatExtension, ActionResult
from pydantic import BaseModel, Field

class GreetParams(BaseModel):
    name: str = Field(description="Person to greet")

ext = Extension(
    "hello-world",
    version="1.0.0",
    display_name="Hello World",
    description="Demo extension that greets people by name with a friendly message.",
    icon="icon.svg",
    actions_explicit=True,
)

chat = ChatExtension(ext, tool_name="hello_world", description="Hello World โ€” friendly greetings.")

@chat.function("greet", action_type="read", description="Greet someone by name with a friendly message.")
async def greet(ctx, params: GreetParams) -> ActionResult:
    return ActionResult.success(
        data={"text": f"Hello, {params.name}! ๐Ÿ"},
        summary=f"Greeted {params.name}",
    )
