import Foundation
import GeoKit

/// The whole province labelled at every level on one pixel raster.
///
/// Labelling top-down on a single raster is what makes the vector output trustworthy: every
/// level is traced from the same pixels, so shared borders coincide vertex for vertex, children
/// tile their parent exactly and nothing overlaps or leaves a gap.
struct ProvinceRaster: Sendable {
    let frame: RasterFrame
    let mask: LandMask
    let specs: [PrefectureSpec]
    /// prefecture, county, town, grid.
    let levels: [LevelRaster]
    let urban: UrbanField
    let seatX: [Double]
    let seatY: [Double]

    // Warps scaled to each level's cell size (counties ~30 km, towns ~8 km, grids ~3 km across):
    // strong enough that no border runs straight, gentle enough that cells rarely fold.
    static let countyWarp = [
        WarpField.Octave(wavelength: 30_000, amplitude: 4_000),
        WarpField.Octave(wavelength: 9_000, amplitude: 1_400),
        WarpField.Octave(wavelength: 3_000, amplitude: 400),
        WarpField.Octave(wavelength: 1_000, amplitude: 90),
    ]
    static let townWarp = [
        WarpField.Octave(wavelength: 12_000, amplitude: 1_800),
        WarpField.Octave(wavelength: 4_000, amplitude: 800),
        WarpField.Octave(wavelength: 1_500, amplitude: 250),
        WarpField.Octave(wavelength: 600, amplitude: 50),
    ]
    static let gridWarp = [
        WarpField.Octave(wavelength: 4_000, amplitude: 600),
        WarpField.Octave(wavelength: 1_500, amplitude: 250),
        WarpField.Octave(wavelength: 600, amplitude: 50),
    ]

    init(seed: UInt64, pixelSize: Double, specs: [PrefectureSpec] = PrefectureTable.all) {
        self.specs = specs
        let outline = Self.outlineInMetres(specs: specs)
        let frame = RasterFrame(covering: outline.box, pixelSize: pixelSize)
        let mask = LandMask(frame: frame, parts: outline.rings)
        self.frame = frame
        self.mask = mask

        // Prefectures.
        let layout = PrefectureLayout(specs: specs, frame: frame, mask: mask, partPrefecture: outline.partPrefecture)
        var prefectureLabels = layout.label(frame: frame, mask: mask, partPrefecture: outline.partPrefecture, seed: seed)
        FragmentCleaner.clean(labels: &prefectureLabels, frame: frame, labelCount: specs.count, parentOf: nil)
        let prefectures = LevelRaster(
            labels: prefectureLabels, labelCount: specs.count,
            parentOf: [Int32](repeating: -1, count: specs.count), frame: frame)
        seatX = layout.seatX
        seatY = layout.seatY

        var urban = UrbanField()
        for (p, spec) in specs.enumerated() {
            urban.add(x: layout.seatX[p], y: layout.seatY[p], peak: spec.urbanPeak, spread: spec.urbanSpreadKm * 1000)
        }

        // Counties.
        let counties = Self.level(
            parentLevel: prefectures, counts: specs.map { $0.countyCount }, frame: frame,
            subdivider: Subdivider(
                frame: frame, urban: urban, urbanExponent: 2.0, warp: Self.countyWarp,
                kMeansIterations: 25, samplesPerChild: 400, minimumSamples: 2_000),
            seed: seed, stream: 0xC0_0417)

        // Secondary urban cores at county centres: county towns are denser than villages.
        for c in 0..<counties.labelCount where counties.pixelCount(c) > 0 {
            urban.add(x: counties.centroidX[c], y: counties.centroidY[c], peak: 1.2, spread: 4_000)
        }

        let towns = Self.level(
            parentLevel: counties, counts: Self.townCounts(counties: counties, urban: urban, specs: specs), frame: frame,
            subdivider: Subdivider(
                frame: frame, urban: urban, urbanExponent: 1.5, warp: Self.townWarp,
                kMeansIterations: 12, samplesPerChild: 60, minimumSamples: 400),
            seed: seed, stream: 0x70_3E)

        let grids = Self.level(
            parentLevel: towns, counts: Self.gridCounts(towns: towns, counties: counties, urban: urban, specs: specs),
            frame: frame,
            subdivider: Subdivider(
                frame: frame, urban: urban, urbanExponent: 1.0, warp: Self.gridWarp,
                kMeansIterations: 8, samplesPerChild: 30, minimumSamples: 60),
            seed: seed, stream: 0x6_12D)

        levels = [prefectures, counties, towns, grids]
        self.urban = urban
    }

    /// The outline's parts in metres (EPSG:4547), their bounding box, and the prefecture each
    /// part belongs to (-1 for the mainland; islands remember their prefecture).
    private static func outlineInMetres(specs: [PrefectureSpec]) -> (rings: [[Coordinate]], partPrefecture: [Int32], box: BoundingBox) {
        var rings: [[Coordinate]] = []
        var partPrefecture: [Int32] = []
        var box = BoundingBox.empty
        for part in ProvinceOutline.parts {
            var ring: [Coordinate] = []
            var k = 0
            while k + 1 < part.lonLat.count {
                let m = TransverseMercator.epsg4547.forward(Coordinate(part.lonLat[k], part.lonLat[k + 1]))
                ring.append(m)
                box.expand(toInclude: m)
                k += 2
            }
            rings.append(ring)
            partPrefecture.append(Int32(specs.firstIndex { $0.code == part.prefecture } ?? -1))
        }
        return (rings, partPrefecture, box)
    }

    /// Towns per county: the prefecture's total spread over its counties by area and urbanity.
    private static func townCounts(counties: LevelRaster, urban: UrbanField, specs: [PrefectureSpec]) -> [Int] {
        var townCounts = [Int](repeating: 0, count: counties.labelCount)
        for (p, spec) in specs.enumerated() {
            let members = (0..<counties.labelCount).filter {
                counties.parentOf[$0] == Int32(p) && counties.pixelCount($0) > 0
            }
            let weights = members.map { c in
                Double(counties.pixelCount(c)) * (1 + urban.value(x: counties.centroidX[c], y: counties.centroidY[c])).squareRoot()
            }
            let shares = Apportion.largestRemainder(total: spec.towns, weights: weights, minimum: 1)
            for (n, c) in members.enumerated() {
                townCounts[c] = max(1, min(shares[n], counties.pixelCount(c) / 6, 299))
            }
        }
        return townCounts
    }

    /// Grids per town: the provincial target split over prefectures by area × density, then
    /// over each prefecture's towns by area and urbanity.
    private static func gridCounts(towns: LevelRaster, counties: LevelRaster, urban: UrbanField, specs: [PrefectureSpec]) -> [Int] {
        let densityWeights = specs.map { $0.areaKm2 * $0.gridDensity }
        let prefectureGrids = Apportion.largestRemainder(total: PrefectureTable.gridTarget, weights: densityWeights, minimum: 1)
        var gridCounts = [Int](repeating: 0, count: towns.labelCount)
        for p in 0..<specs.count {
            let members = (0..<towns.labelCount).filter {
                towns.pixelCount($0) > 0 && counties.parentOf[Int(towns.parentOf[$0])] == Int32(p)
            }
            let weights = members.map { t in
                Double(towns.pixelCount(t)) * pow(1 + urban.value(x: towns.centroidX[t], y: towns.centroidY[t]), 0.6)
            }
            let shares = Apportion.largestRemainder(total: prefectureGrids[p], weights: weights, minimum: 1)
            for (n, t) in members.enumerated() {
                gridCounts[t] = max(1, min(shares[n], towns.pixelCount(t) / 4, 999))
            }
        }
        return gridCounts
    }

    private static func level(
        parentLevel: LevelRaster, counts: [Int], frame: RasterFrame, subdivider: Subdivider, seed: UInt64, stream: UInt64
    ) -> LevelRaster {
        var result = subdivider.subdivide(
            parentLabels: parentLevel.labels, parents: parentLevel.lists, childCounts: counts, seed: seed, stream: stream)
        let count = result.parentOf.count
        FragmentCleaner.clean(labels: &result.labels, frame: frame, labelCount: count, parentOf: result.parentOf)
        return LevelRaster(labels: result.labels, labelCount: count, parentOf: result.parentOf, frame: frame)
    }
}
