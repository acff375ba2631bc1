"""Every outbox and media state reads at WCAG AA (4.5:1) on the theme's surfaces, light and dark."""

from __future__ import annotations

import pytest

from s200desk.services.outbox import IntentState
from s200desk.ui.outbox.colours import ON_DARK, ON_LIGHT
from s200desk.ui.theme import DARK, LIGHT
from tests.ui.contrast import AA_NORMAL, ratio


def _rgb(hex_colour: str) -> int:
    return int(hex_colour.lstrip("#"), 16)


@pytest.mark.parametrize(("shades", "theme"), [(ON_LIGHT, LIGHT), (ON_DARK, DARK)],
                         ids=["light", "dark"])
def test_each_state_is_readable_on_the_panel(shades: dict, theme: object) -> None:
    assert set(shades) == set(IntentState)
    for surface in (theme.base, theme.alt_base, theme.window):  # type: ignore[attr-defined]
        faint = {s.value: round(ratio(_rgb(c), _rgb(surface)), 2) for s, c in shades.items()
                 if ratio(_rgb(c), _rgb(surface)) < AA_NORMAL}
        assert not faint, f"below 4.5:1 on {surface}: {faint}"


def test_the_light_shades_would_be_faint_on_dark() -> None:
    """Why two sets exist: the light theme's blue for "Sending" falls under AA on the dark base."""
    assert ratio(_rgb(ON_LIGHT[IntentState.SENDING]), _rgb(DARK.base)) < AA_NORMAL
