import Foundation

/// Where the sources of the province gather: each town's centre and spread, how sources share
/// out among prefectures and their towns, and the industrial parks.
///
/// Built once per dataset and read-only after; `SourceScatter` draws every land position from it.
struct SourceGeography {
    /// An industrial park: a Gaussian blob of sources around (x, y).
    struct Park {
        var x: Double
        var y: Double
        var sigma: Double
    }

    let frame: RasterFrame
    /// A pixel centre near each town's centroid (inside the town), by catalog town index.
    let anchorX: [Double]
    let anchorY: [Double]
    /// How far a town's sources spread around its anchor: grows with the town's size.
    let townSigma: [Double]
    /// Catalog town indices of each prefecture, by prefecture spec index.
    let townsOfPrefecture: [[Int]]
    /// The prefectures with at least one town: the only ones sources can go to.
    let alivePrefectures: [Int]
    /// Draws an index into `alivePrefectures` by source share.
    let prefectureCDF: Cumulative
    /// Per prefecture, draws an index into its `townsOfPrefecture`, favouring large urban towns.
    let townCentreCDF: [Cumulative]
    /// Parks of each prefecture, and a draw among them favouring the larger ones.
    let parks: [[Park]]
    let parkCDF: [Cumulative]
    private let townLabels: [Int32]
    private let townIndexOfLabel: [Int32]

    /// Takes the parks' places and sizes from `rng`, the only draws made here.
    init(raster: ProvinceRaster, catalog: AreaCatalog, parkCount: Int, rng: inout SeededRandom) {
        let frame = raster.frame
        let specs = raster.specs
        let townLevel = raster.levels[2]
        let towns = catalog.levels[2]
        let counties = catalog.levels[1]
        let prefectures = catalog.levels[0]

        // Per town: prefecture, anchor pixel near its centre, spread of its centre.
        var anchorX = [Double](repeating: 0, count: towns.count)
        var anchorY = [Double](repeating: 0, count: towns.count)
        var townSigma = [Double](repeating: 0, count: towns.count)
        var townsOfPrefecture = [[Int]](repeating: [], count: specs.count)
        for (t, town) in towns.enumerated() {
            let p = prefectures[counties[town.parent].parent].label
            townsOfPrefecture[p].append(t)
            let pixel = townLevel.nearestPixel(
                of: town.label, x: townLevel.centroidX[town.label], y: townLevel.centroidY[town.label], frame: frame) ?? 0
            anchorX[t] = frame.centreX(pixel % frame.width)
            anchorY[t] = frame.centreY(pixel / frame.width)
            let area = Double(townLevel.pixelCount(town.label)) * frame.pixelSize * frame.pixelSize
            townSigma[t] = min(3_000, max(300, 0.3 * area.squareRoot()))
        }
        let alivePrefectures = specs.indices.filter { !townsOfPrefecture[$0].isEmpty }

        self.frame = frame
        self.anchorX = anchorX
        self.anchorY = anchorY
        self.townSigma = townSigma
        self.townsOfPrefecture = townsOfPrefecture
        self.alivePrefectures = alivePrefectures
        prefectureCDF = Cumulative(alivePrefectures.map { specs[$0].sourceShare })
        townCentreCDF = townsOfPrefecture.map { members in
            Cumulative(members.map { t in
                pow(1 + towns[t].urban, 1.5) * Double(townLevel.pixelCount(towns[t].label)).squareRoot()
            })
        }
        parks = Self.industrialParks(
            count: parkCount, raster: raster, towns: towns, townsOfPrefecture: townsOfPrefecture,
            alivePrefectures: alivePrefectures, rng: &rng)
        parkCDF = parks.map { list in Cumulative(list.map { pow($0.sigma, 1.2) }) }
        townLabels = townLevel.labels
        townIndexOfLabel = catalog.indexOfLabel[2]
    }

    /// Industrial parks, shared out among prefectures by source share, each centred on a pixel
    /// of a town drawn by size and urbanity.
    private static func industrialParks(
        count: Int, raster: ProvinceRaster, towns: [AreaCatalog.Area], townsOfPrefecture: [[Int]],
        alivePrefectures: [Int], rng: inout SeededRandom
    ) -> [[Park]] {
        let frame = raster.frame
        let specs = raster.specs
        let townLevel = raster.levels[2]
        let parkTownCDF = townsOfPrefecture.map { members in
            Cumulative(members.map { t in Double(townLevel.pixelCount(towns[t].label)) * (1 + towns[t].urban) })
        }
        let parksPer = Apportion.largestRemainder(total: count, weights: alivePrefectures.map { specs[$0].sourceShare })
        var parks = [[Park]](repeating: [], count: specs.count)
        for (n, p) in alivePrefectures.enumerated() {
            for _ in 0..<parksPer[n] {
                let t = townsOfPrefecture[p][parkTownCDF[p].sample(&rng)]
                let range = townLevel.lists.range(of: towns[t].label)
                let pixel = Int(townLevel.lists.pixels[range.lowerBound + rng.below(range.count)])
                parks[p].append(Park(
                    x: frame.centreX(pixel % frame.width), y: frame.centreY(pixel / frame.width),
                    sigma: rng.logUniform(300, 2_000)))
            }
        }
        return parks
    }

    /// The catalog index of the town covering `pixel`, or -1 for a sea pixel.
    func town(atPixel pixel: Int) -> Int32 {
        let label = townLabels[pixel]
        return label >= 0 ? townIndexOfLabel[Int(label)] : -1
    }
}
