"""The body diagram's colourings, read back with a real XML parser.

`recolour` cuts the SVG with regular expressions instead of an XML tree (the tree's modules
cost the first paint 1-4 ms), so these tests check its output as an SVG reader sees it: every
element and attribute kept, and the fill and stroke of each shape the colouring names.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from backtracker.ui.coach.heatmap import REGION_SHAPES, REGIONS, _hit_svg, colour_back
from backtracker.ui.library.diagram import body_svg, colour_diagram, recolour
from backtracker.ui.theme import DARK, LIGHT

SVG_NS = "{http://www.w3.org/2000/svg}"


def _elements(svg: bytes) -> list[ET.Element]:
    return list(ET.fromstring(svg).iter())


def _without_colours(element: ET.Element) -> dict[str, str]:
    return {name: value for name, value in element.attrib.items() if name not in {"fill", "stroke"}}


def _muscles(svg: bytes) -> dict[str, list[ET.Element]]:
    found: dict[str, list[ET.Element]] = {}
    for element in _elements(svg):
        if "data-muscle" in element.attrib:
            found.setdefault(element.attrib["data-muscle"], []).append(element)
    return found


@pytest.mark.parametrize("colors", [LIGHT, DARK], ids=["light", "dark"])
def test_colour_diagram_fills_each_muscle_by_its_role_and_keeps_everything_else(colors):
    original = body_svg()
    coloured = colour_diagram(original, colors, ["lats", "erector_spinae"], ["rhomboids"])

    before, after = _elements(original), _elements(coloured)
    assert [element.tag for element in after] == [element.tag for element in before]
    assert [_without_colours(element) for element in after] == [
        _without_colours(element) for element in before
    ]
    muscles = _muscles(coloured)
    assert {"lats", "erector_spinae", "rhomboids", "trapezius"} <= muscles.keys()
    for muscle, elements in muscles.items():
        expected = (
            colors.muscle_primary
            if muscle in {"lats", "erector_spinae"}
            else colors.muscle_secondary
            if muscle == "rhomboids"
            else colors.muscle_idle
        )
        for element in elements:
            assert (element.get("fill"), element.get("stroke")) == (expected, colors.outline)
    bodies = [element for element in after if element.get("data-part") == "body"]
    assert bodies
    assert {(element.get("fill"), element.get("stroke")) for element in bodies} == {
        (colors.body, colors.outline)
    }
    # What the colouring does not name keeps its own attributes byte for byte.
    assert coloured.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')


def test_recolour_adds_colours_a_tag_lacked_and_leaves_other_tags_alone():
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg"><!-- a > in a comment -->\n'
        b'<g id="a"><path id="p" d="M0 0 L1 1"/><rect id="r" x="1" fill="red" stroke="blue" />'
        b"</g></svg>"
    )

    def paint(attributes):
        return ("#123456", "none") if attributes.get("id") in {"p", "r"} else None

    out = recolour(svg, paint)

    root = ET.fromstring(out)
    path, rect = root.find(f".//{SVG_NS}path"), root.find(f".//{SVG_NS}rect")
    assert (path.get("fill"), path.get("stroke"), path.get("d")) == ("#123456", "none", "M0 0 L1 1")
    assert (rect.get("fill"), rect.get("stroke"), rect.get("x")) == ("#123456", "none", "1")
    assert root.find(f"{SVG_NS}g").attrib == {"id": "a"}
    assert b"<!-- a > in a comment -->" in out
    assert recolour(svg, lambda _attributes: None) == svg


def test_back_colouring_fills_the_five_regions_and_greys_the_rest():
    fills = {region: f"#0000{index:02x}" for index, region in enumerate(REGIONS, start=1)}
    coloured = colour_back(body_svg(), LIGHT, fills)

    seen: dict[str, set[str]] = {}
    for element in _elements(coloured):
        element_id = element.get("id", "")
        region = next(
            (
                region
                for region, prefix in REGION_SHAPES.items()
                if element_id in {f"{prefix}-left", f"{prefix}-right"}
            ),
            None,
        )
        if region is not None:
            seen.setdefault(region, set()).add(element.get("fill"))
            assert element.get("stroke") == LIGHT.outline
        elif "data-muscle" in element.attrib or element.get("data-part") == "body":
            assert (element.get("fill"), element.get("stroke")) == (LIGHT.body, LIGHT.outline)
    assert seen == {region: {fills[region]} for region in REGIONS}


def test_hit_map_draws_only_the_regions_each_in_its_own_red():
    hit = _hit_svg(body_svg())

    drawn = {
        element.get("fill")
        for element in _elements(hit)
        if "data-muscle" in element.attrib or element.get("data-part") == "body"
    }
    assert drawn == {"none"} | {f"#{index:02x}0000" for index in range(1, len(REGIONS) + 1)}
    for element in _elements(hit):
        if "data-muscle" in element.attrib or element.get("data-part") == "body":
            assert element.get("stroke") == "none"
