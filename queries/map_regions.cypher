// title_zh: 地图上的地区
// title_en: Regions on the map
// description: 有经纬度的省级、地级地区（概览页地图的底点） / provinces and prefectures with coordinates (the dots of the overview map)
MATCH (r:Region) WHERE r.lat IS NOT NULL AND r.level IN ['province', 'prefecture']
RETURN r.name AS name, r.level AS level, r.lat AS lat, r.lon AS lon
