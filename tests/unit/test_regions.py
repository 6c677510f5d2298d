"""Tests for targets.regions against the shipped data/regions files."""

from __future__ import annotations

from collections import Counter
from types import ModuleType

import pytest

from targets.plans import regions


@pytest.fixture
def geo() -> ModuleType:
    """shapely.geometry, a build-time dependency: geometry tests skip where it is missing."""
    return pytest.importorskip("shapely.geometry")


CHANGCHUN_COUNTIES = set(
    "220102 220103 220104 220105 220106 220112 220113 220122 220182 220183 220184".split()
)
JILIN_PREFECTURES = set("220100 220200 220300 220400 220500 220600 220700 220800 222400".split())


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("220100", "220100"),
        ("JL-CBS", "JL-CBS"),
        ("jl-cbs", "JL-CBS"),
        ("长春市", "220100"),
        ("长春", "220100"),
        (" 长春市 ", "220100"),
        ("\u3000长春\u3000", "220100"),
        ("２２０１００", "220100"),
        ("延边朝鲜族自治州", "222400"),
        ("延边", "222400"),
        ("延边州", "222400"),
        ("梅河口市", "220581"),
        ("梅河口", "220581"),
        ("长白山", "JL-CBS"),
        ("长白山管委会", "JL-CBS"),
        ("长白山保护开发区", "JL-CBS"),
        ("吉林省", "220000"),
        ("吉林", "220000"),
        ("吉林市", "220200"),
        ("内蒙古自治区", "150000"),
        ("内蒙古", "150000"),
        ("广西", "450000"),
        ("河南", "410000"),
        ("海南", "460000"),
        ("海南州", "632500"),
        ("喀喇沁左翼", "211324"),
        ("喀左", "211324"),
        ("朝阳", "211300"),
        ("全国", "100000"),
        ("台湾", "710000"),
    ],
)
def test_lookup_nationally(text: str, code: str) -> None:
    region = regions.lookup(text)
    assert region is not None, text
    assert region.code == code


@pytest.mark.parametrize(
    "text",
    ["朝阳区", "市中区", "兴安", "", "   ", "不存在市", "999999", "境界线"],
)
def test_lookup_ambiguous_or_unknown_is_none(text: str) -> None:
    assert regions.lookup(text) is None


@pytest.mark.parametrize(
    ("text", "within", "code"),
    [
        ("朝阳区", "220100", "220104"),
        ("朝阳区", "220000", "220104"),
        ("朝阳区", "110000", "110105"),
        ("朝阳县", "211300", "211321"),
        ("朝阳县", None, "211321"),
        ("长春", "220000", "220100"),
        ("梅河口", "220500", "220581"),
        ("长白山", "220000", "JL-CBS"),
        ("220104", "220100", "220104"),
        ("吉林", "100000", "220000"),
        ("吉林", "220000", "220000"),
        ("兴安", "150000", "152200"),
    ],
)
def test_lookup_within_scope(text: str, within: str | None, code: str) -> None:
    region = regions.lookup(text, within=within)
    assert region is not None, (text, within)
    assert region.code == code


@pytest.mark.parametrize(
    ("text", "within"),
    [
        ("朝阳", "220100"),  # districts keep their suffix: no short name 'chaoyang' under Changchun
        ("长春", "210000"),
        ("220104", "110000"),
        ("吉林市", "220100"),
    ],
)
def test_lookup_within_scope_misses(text: str, within: str) -> None:
    assert regions.lookup(text, within=within) is None


@pytest.mark.parametrize(
    ("code", "short"),
    [
        ("220100", "长春"),
        ("222400", "延边"),
        ("150000", "内蒙古"),
        ("450000", "广西"),
        ("211324", "喀喇沁左翼"),
        ("211321", "朝阳县"),
        ("220200", "吉林市"),
        ("220104", "朝阳区"),
        ("370402", "市中区"),
        ("632324", "河南蒙古族自治县"),
    ],
)
def test_short_names(code: str, short: str) -> None:
    region = regions.get(code)
    assert region is not None
    assert region.short == short


def test_no_short_name_equals_a_parent_or_child_name() -> None:
    for region in regions.all_regions():
        parent = regions.get(region.parent)
        if parent is not None and region.short != region.name:
            assert region.short not in {parent.name, parent.short}, region.code
        for child in regions.children(region.code):
            assert region.short not in {child.name, child.short}, region.code


@pytest.mark.parametrize(
    ("code", "ancestor", "expected"),
    [
        ("220104", "220100", True),
        ("220104", "220000", True),
        ("220104", "100000", True),
        ("220100", "220100", True),
        ("JL-CBS", "220000", True),
        ("JL-CBS", "220500", False),
        ("220581", "220500", True),
        ("220581", "220000", True),
        ("429004", "420000", True),
        ("110105", "110000", True),
        ("220104", "110000", False),
        ("220000", "220100", False),
        ("unknown", "220000", False),
    ],
)
def test_is_within(code: str, ancestor: str, expected: bool) -> None:
    assert regions.is_within(code, ancestor) is expected


def test_every_region_is_within_the_country() -> None:
    assert all(regions.is_within(r.code, "100000") for r in regions.all_regions())


def test_children_of_jilin() -> None:
    codes = [r.code for r in regions.children("220000")]
    assert set(codes) == JILIN_PREFECTURES | {"JL-CBS"}
    assert len(codes) == len(set(codes))


def test_children_of_changchun() -> None:
    assert {r.code for r in regions.children("220100")} == CHANGCHUN_COUNTIES


def test_get() -> None:
    region = regions.get("JL-CBS")
    assert region is not None
    assert (region.level, region.parent) == ("prefecture", "220000")
    assert (region.lon, region.lat) == (128.11, 42.41)
    assert regions.get("629700") is None
    assert regions.get("nope") is None


def test_counts_by_level() -> None:
    counts = Counter(r.level for r in regions.all_regions())
    assert counts["country"] == 1
    assert counts["province"] == 34
    assert 330 <= counts["prefecture"] <= 340
    assert 2800 <= counts["county"] <= 2900
    assert {r.code for r in regions.children("100000")} == {
        r.code for r in regions.all_regions() if r.level == "province"
    }


def test_codes_unique_and_parents_exist() -> None:
    codes = [r.code for r in regions.all_regions()]
    assert len(codes) == len(set(codes))
    assert all(r.parent == "" or regions.get(r.parent) for r in regions.all_regions())


def test_all_regions_is_cached() -> None:
    assert regions.all_regions() is regions.all_regions()


def test_tonghua_is_carved(geo: ModuleType) -> None:
    meihekou = regions.get("220581")
    assert meihekou is not None
    label = geo.Point(meihekou.label_lon, meihekou.label_lat)
    [tonghua] = regions.features(["220500"])
    [own] = regions.features(["220581"])
    assert not geo.shape(tonghua["geometry"]).contains(label)
    assert geo.shape(own["geometry"]).contains(label)
    assert geo.shape(tonghua["geometry"]).intersection(geo.shape(own["geometry"])).area < 1e-6


def test_jilin_map_features() -> None:
    codes = [*sorted(JILIN_PREFECTURES), "220581", "JL-CBS"]
    found = regions.features(codes)
    assert [f["properties"]["code"] for f in found] == codes[:-1]
    assert all(set(f["properties"]) == {"code", "name"} for f in found)


def test_labels_lie_inside_their_outlines(geo: ModuleType) -> None:
    for feature in regions.features([*JILIN_PREFECTURES, *CHANGCHUN_COUNTIES, "429004"]):
        region = regions.get(feature["properties"]["code"])
        assert region is not None
        label = geo.Point(region.label_lon, region.label_lat)
        assert geo.shape(feature["geometry"]).contains(label), region.code


def test_changchun_county_features() -> None:
    found = regions.features(sorted(CHANGCHUN_COUNTIES))
    assert {f["properties"]["code"] for f in found} == CHANGCHUN_COUNTIES


def test_features_of_other_levels() -> None:
    codes = ["220000", "441900", "429004", "110105", "100000", "nope"]
    found = [f["properties"]["code"] for f in regions.features(codes)]
    assert found == ["220000", "441900", "429004", "110105"]


def test_features_return_fresh_properties() -> None:
    regions.features(["220100"])[0]["properties"]["fill"] = [1, 2, 3]
    assert "fill" not in regions.features(["220100"])[0]["properties"]


def test_boundary_lines_have_the_ten_dash_line(geo: ModuleType) -> None:
    lines = regions.boundary_lines()
    assert lines["type"] == "FeatureCollection"
    dashes = [
        geo.shape(f["geometry"])
        for f in lines["features"]
        if f["geometry"]["type"] == "MultiLineString" and len(f["geometry"]["coordinates"]) == 10
    ]
    assert len(dashes) == 1
    west, south, east, north = dashes[0].bounds
    assert 107 < west < 109 and 122 < east < 124
    assert 3 < south < 4 and 24 < north < 26


def test_extra_national_features_include_taiwan(geo: ModuleType) -> None:
    found = {
        f["properties"]["code"]: geo.shape(f["geometry"]) for f in regions.extra_national_features()
    }
    assert set(found) == {"710000", "810000", "820000"}
    assert found["710000"].contains(geo.Point(121.56, 25.04))  # Taipei


def test_a_map_of_the_whole_countrys_counties_takes_the_coarse_outlines() -> None:
    counties = [r.code for r in regions.all_regions() if r.level == "county" and r.code[2:4] != "90"]
    assert len(counties) > regions.OVERVIEW_ABOVE

    def points(features: list[dict]) -> int:
        def walk(c: list) -> int:
            return 1 if isinstance(c[0], (int, float)) else sum(walk(x) for x in c)
        return sum(walk(f["geometry"]["coordinates"]) for f in features)

    everywhere = regions.features(counties)
    some = counties[: regions.OVERVIEW_ABOVE]
    detailed_some = regions.features(some)
    coarse_some = [f for f in everywhere if f["properties"]["code"] in set(some)]
    assert len(everywhere) == len(counties)  # no county lost its outline
    assert {f["properties"]["code"] for f in coarse_some} == {f["properties"]["code"] for f in detailed_some}
    assert points(coarse_some) < 0.5 * points(detailed_some)


def test_coarse_outlines_cover_the_same_ground(geo: ModuleType) -> None:
    counties = [r.code for r in regions.all_regions() if r.level == "county" and r.code[2:4] != "90"]
    coarse = {f["properties"]["code"]: geo.shape(f["geometry"]) for f in regions.features(counties)}
    for code in CHANGCHUN_COUNTIES:
        [detailed] = regions.features([code])
        shape = geo.shape(detailed["geometry"])
        assert coarse[code].intersection(shape).area > 0.8 * shape.area


def test_a_short_name_that_reads_as_one_of_its_own_units_gives_way_to_the_full_name() -> None:
    assert regions.label("220000") == "吉林省"  # 吉林 beside 吉林市 in one list would read as the city
    assert regions.label("220200") == "吉林市"
    assert (regions.label("220100"), regions.label("222400")) == ("长春", "延边")
    assert regions.label("nowhere") == "nowhere"
    assert regions.label("220500") == "通化"  # a city beside its namesake county (通化县) keeps its short name
