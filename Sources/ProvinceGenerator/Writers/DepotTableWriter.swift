import Foundation

/// Writes `depots.csv`: one enforcement bureau per county, standing in the county's most urban
/// town near that town's centre (where a real bureau would have its office).
struct DepotTableWriter {
    let raster: ProvinceRaster
    let catalog: AreaCatalog
    let projector: VertexProjector

    static let header = "code,name,county_code,lon,lat\n"

    func write(to url: URL) throws -> (rows: Int, bytes: Int) {
        let frame = raster.frame
        let townLevel = raster.levels[2]
        let towns = catalog.levels[2]
        let counties = catalog.levels[1]
        let prefectures = catalog.levels[0]
        // The most urban town of each county.
        var seat = [Int](repeating: -1, count: counties.count)
        for (t, town) in towns.enumerated() {
            let c = town.parent
            if seat[c] < 0 || town.urban > towns[seat[c]].urban { seat[c] = t }
        }
        var rows = 0
        let bytes = try DatasetFile.write(to: url) { file in
            file.out.text(Self.header)
            for (c, county) in counties.enumerated() where seat[c] >= 0 {
                let town = towns[seat[c]]
                guard let pixel = townLevel.nearestPixel(
                    of: town.label, x: townLevel.centroidX[town.label], y: townLevel.centroidY[town.label], frame: frame)
                else { continue }
                let (lon, lat) = projector.point(x: frame.centreX(pixel % frame.width), y: frame.centreY(pixel / frame.width))
                let name = county.kind == .pseudoCounty
                    ? prefectures[county.parent].name + "生态环境局"
                    : county.name + "生态环境分局"
                file.out.text("D" + county.code)
                file.out.byte(44)
                file.out.csvField(name)
                file.out.byte(44)
                file.out.text(county.code)
                file.out.byte(44)
                file.out.fixed6(lon)
                file.out.byte(44)
                file.out.fixed6(lat)
                file.out.byte(10)
                rows += 1
            }
        }
        return (rows, bytes)
    }
}
