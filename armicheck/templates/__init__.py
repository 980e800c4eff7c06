"""Starting files shipped with armicheck (`armicheck new incident`)."""

from __future__ import annotations

from importlib import resources

TEMPLATE_NAMES = ("incident",)


def template_text(name: str) -> str:
    """The template's text, exactly as shipped (comments included)."""
    if name not in TEMPLATE_NAMES:
        raise ValueError(f"no template {name!r} (known: {', '.join(TEMPLATE_NAMES)})")
    return resources.files(__name__).joinpath(f"{name}.yaml").read_text("utf-8")
