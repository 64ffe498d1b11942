"""The colour tokens of static/css/app.css keep WCAG 2.1 AA contrast: 4.5:1 for text (1.4.3) and 3:1 for
the borders of form controls and the focus ring (1.4.11). Change a token and this test says whether the
pairs that use it still read."""

import re
from pathlib import Path

import pytest
from django.conf import settings

TOKEN = re.compile(r"--(jc-color-[\w-]+):\s*(#[0-9a-fA-F]{6})\b")

TEXT_PAIRS = [
    ("jc-color-text", "jc-color-page"),
    ("jc-color-text", "jc-color-surface"),
    ("jc-color-text-muted", "jc-color-page"),
    ("jc-color-text-muted", "jc-color-surface"),
    ("jc-color-primary", "jc-color-page"),  # links
    ("jc-color-primary", "jc-color-surface"),
    ("jc-color-primary", "jc-color-primary-subtle"),
    ("jc-color-on-primary", "jc-color-primary"),  # header, primary buttons
    ("jc-color-on-primary", "jc-color-primary-strong"),
    ("jc-color-accent", "jc-color-surface"),
    ("jc-color-danger", "jc-color-surface"),
    ("jc-color-danger", "jc-color-danger-subtle"),
    ("jc-color-surface", "jc-color-danger"),  # white on danger badges and buttons
    ("jc-color-success", "jc-color-surface"),
    ("jc-color-surface", "jc-color-success"),
    ("jc-color-text", "jc-color-warning"),
    ("jc-color-warning-text", "jc-color-surface"),
    ("jc-color-warning-text", "jc-color-warning-subtle"),
]
NON_TEXT_PAIRS = [
    ("jc-color-border-control", "jc-color-surface"),
    ("jc-color-border-control", "jc-color-page"),
    ("jc-color-focus", "jc-color-surface"),
    ("jc-color-focus", "jc-color-page"),
    ("jc-color-focus-on-primary", "jc-color-primary"),
]


def tokens() -> dict[str, str]:
    css = (Path(settings.BASE_DIR) / "static" / "css" / "app.css").read_text()
    return dict(TOKEN.findall(css))


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    light, dark = sorted([luminance(foreground), luminance(background)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula_matches_wcag():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(("foreground", "background"), TEXT_PAIRS)
def test_text_tokens_have_at_least_4_5_to_1(foreground, background):
    colours = tokens()
    assert contrast(colours[foreground], colours[background]) >= 4.5


@pytest.mark.parametrize(("foreground", "background"), NON_TEXT_PAIRS)
def test_control_borders_and_focus_have_at_least_3_to_1(foreground, background):
    colours = tokens()
    assert contrast(colours[foreground], colours[background]) >= 3
