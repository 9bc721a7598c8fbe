-- Lookout's basemap schema for tilemaker (2.x): only what a search needs on the map.
--   roads        kind = highway | major | minor | track | path   (+ highway = the OSM value, name, ref)
--   water        kind = reservoir | lake | water | river          (polygons)
--   waterways    kind = river | stream | canal | ditch            (lines)
--   landcover    kind = wood | farmland | grass
--   water_names  kind, name  (a point inside each named water polygon)
--   places       kind = city | town | village | hamlet | locality | isolated_dwelling, name
--   peaks        name, ele (m)
-- Every named feature keeps name:zh-Hans, name:zh and name, so the style shows Chinese first.

node_keys = { "place", "natural" }

local ROAD_KIND = {
  motorway = "highway", motorway_link = "highway", trunk = "highway", trunk_link = "highway",
  primary = "major", primary_link = "major", secondary = "major", secondary_link = "major",
  tertiary = "minor", tertiary_link = "minor", unclassified = "minor", residential = "minor",
  living_street = "minor", service = "minor", road = "minor",
  track = "track",
  path = "path", footway = "path", bridleway = "path", steps = "path", cycleway = "path", pedestrian = "path",
}
local ROAD_MINZOOM = { highway = 8, major = 9, minor = 11, track = 12, path = 12 }
local PLACE_MINZOOM = { city = 8, town = 9, village = 11, hamlet = 12, locality = 13, isolated_dwelling = 13 }
local WATERWAY = { river = 10, stream = 12, canal = 11, ditch = 13 }
local LANDCOVER = { wood = "wood", forest = "wood", farmland = "farmland", meadow = "grass", grassland = "grass", grass = "grass" }

function init_function() end
function exit_function() end

local function names(obj)
  for _, key in ipairs({ "name", "name:zh", "name:zh-Hans" }) do
    local v = obj:Find(key)
    if v ~= "" then obj:Attribute(key, v) end
  end
end

local function metres(text)
  local n = tonumber((text:gsub("%s*m$", "")))
  return n
end

function node_function(node)
  local place = node:Find("place")
  if PLACE_MINZOOM[place] and node:Find("name") ~= "" then
    node:Layer("places", false)
    node:Attribute("kind", place)
    node:MinZoom(PLACE_MINZOOM[place])
    names(node)
  end
  if node:Find("natural") == "peak" then
    node:Layer("peaks", false)
    names(node)
    local ele = metres(node:Find("ele"))
    if ele then node:AttributeNumeric("ele", ele) end
  end
end

local function waterKind(way)
  local natural, landuse, water = way:Find("natural"), way:Find("landuse"), way:Find("water")
  if landuse == "reservoir" or water == "reservoir" then return "reservoir" end
  if landuse == "basin" then return "water" end
  if natural == "water" then
    if water == "river" or water == "canal" then return "river" end
    if water == "lake" or water == "pond" then return "lake" end
    return "water"
  end
  if way:Find("waterway") == "riverbank" then return "river" end
  return nil
end

function way_function(way)
  local highway = way:Find("highway")
  local closed = way:IsClosed()
  local kind = ROAD_KIND[highway]
  if kind and way:Find("area") ~= "yes" then
    way:Layer("roads", false)
    way:Attribute("kind", kind)
    way:Attribute("highway", highway)
    way:MinZoom(ROAD_MINZOOM[kind])
    names(way)
    local ref = way:Find("ref")
    if ref ~= "" then way:Attribute("ref", ref) end
    return
  end

  local waterway = way:Find("waterway")
  if WATERWAY[waterway] and not closed then
    way:Layer("waterways", false)
    way:Attribute("kind", waterway)
    way:MinZoom(WATERWAY[waterway])
    names(way)
    return
  end

  if not closed then return end
  local water = waterKind(way)
  if water then
    way:Layer("water", true)
    way:Attribute("kind", water)
    names(way)
    if way:Find("name") ~= "" then
      way:LayerAsCentroid("water_names")
      way:Attribute("kind", water)
      names(way)
    end
    return
  end

  local cover = LANDCOVER[way:Find("natural")] or LANDCOVER[way:Find("landuse")]
  if cover then
    way:Layer("landcover", true)
    way:Attribute("kind", cover)
  end
end
