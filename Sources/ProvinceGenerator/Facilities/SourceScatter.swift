import Foundation

/// Draws the sources' land positions and industries from a `SourceGeography`, appending them to
/// `placed` in draw order: the touched sources status by status, then the unlicensed ones.
///
/// Every draw comes from the one stream it was given, so the order of the calls is part of the
/// dataset: `SourcePlacer.place` makes them.
struct SourceScatter {
    /// The kind of place a source stands in; it sets the spread and the likely industries.
    enum Place { case park, town, rural }

    private let geography: SourceGeography
    private let prefectureLevel: LevelRaster
    private let frame: RasterFrame
    /// How far points stay inside their pixel, so rounding never moves one across a border.
    private let margin: Double
    /// Industry draws by place (park, town, rural) and by whether the source holds a permit.
    private let industryByPlace: [[Cumulative]]
    private var rng: SeededRandom
    private(set) var placed = SourcePlacer.Placed()

    init(raster: ProvinceRaster, geography: SourceGeography, rng: SeededRandom, capacity: Int) {
        self.geography = geography
        prefectureLevel = raster.levels[0]
        frame = raster.frame
        margin = max(1.0, 0.02 * frame.pixelSize)
        industryByPlace = Self.industryChoice()
        self.rng = rng
        placed.x.reserveCapacity(capacity)
        placed.y.reserveCapacity(capacity)
        placed.status.reserveCapacity(capacity)
        placed.town.reserveCapacity(capacity)
        placed.industry.reserveCapacity(capacity)
    }

    /// Industry choice by place and by whether the source holds a permit: `[place][permitted]`,
    /// place in `Place` order.
    private static func industryChoice() -> [[Cumulative]] {
        let industries = IndustryTable.all
        func industryCDF(_ place: Place, permitted: Bool) -> Cumulative {
            Cumulative(industries.map { i in
                let affinity = place == .park ? i.park : (place == .town ? i.town : i.rural)
                return i.weight * affinity * (permitted ? 0.3 + i.keyShare : 1)
            })
        }
        return [Place.park, .town, .rural].map { place in
            [industryCDF(place, permitted: false), industryCDF(place, permitted: true)]
        }
    }

    /// Touched sources by status (`countsByStatus` for statuses 0 to 3), each in a prefecture
    /// drawn by source share and in a park, near a town centre or in the countryside by the
    /// status's mix.
    mutating func placeTouched(countsByStatus: [Int]) {
        let mixes: [[Double]] = [[0.60, 0.25, 0.15], [0.35, 0.40, 0.25], [0.40, 0.30, 0.30], [0.30, 0.40, 0.30]]
        for status in countsByStatus.indices {
            for _ in 0..<countsByStatus[status] {
                let p = geography.alivePrefectures[geography.prefectureCDF.sample(&rng)]
                var place: Place = [Place.park, .town, .rural][rng.weightedIndex(mixes[status])]
                if place == .park && geography.parks[p].isEmpty { place = .town }
                switch place {
                case .park:
                    let park = geography.parks[p][geography.parkCDF[p].sample(&rng)]
                    let fallback = townNearCentre(prefecture: p)
                    emit(point(cx: park.x, cy: park.y, sigma: park.sigma, fallbackTown: fallback), status: status, place: place)
                case .town:
                    let t = townNearCentre(prefecture: p)
                    emit(townPoint(t), status: status, place: place)
                case .rural:
                    emit(ruralPoint(prefecture: p), status: status, place: place)
                }
            }
        }
    }

    /// Unlicensed: ~80% in clusters of 5–200 just outside a park, the rest scattered, half near
    /// town centres and half in the countryside.
    mutating func placeUnlicensed(count: Int) {
        let unlicensed = 4
        let clustered = Int((0.8 * Double(count)).rounded())
        var remaining = clustered
        while remaining > 0 {
            var size = Int((5 * pow(40, pow(rng.unit(), 2.2))).rounded())
            size = min(max(size, 5), 200)
            if remaining - size < 5 { size = remaining }
            remaining -= size
            let p = geography.alivePrefectures[geography.prefectureCDF.sample(&rng)]
            let fallback = townNearCentre(prefecture: p)
            let (cx, cy) = clusterCentre(prefecture: p, fallbackTown: fallback)
            let sigma = rng.uniform(60, 300)
            for _ in 0..<size {
                emit(point(cx: cx, cy: cy, sigma: sigma, fallbackTown: fallback), status: unlicensed, place: .park)
            }
        }
        for _ in 0..<(count - clustered) {
            let p = geography.alivePrefectures[geography.prefectureCDF.sample(&rng)]
            if rng.chance(0.5) {
                emit(townPoint(townNearCentre(prefecture: p)), status: unlicensed, place: .town)
            } else {
                emit(ruralPoint(prefecture: p), status: unlicensed, place: .rural)
            }
        }
    }

    /// A land spot just outside one of the prefecture's parks (the fallback town's anchor when
    /// it has none or twenty tries land at sea).
    private mutating func clusterCentre(prefecture p: Int, fallbackTown: Int) -> (Double, Double) {
        var cx = geography.anchorX[fallbackTown]
        var cy = geography.anchorY[fallbackTown]
        if !geography.parks[p].isEmpty {
            let park = geography.parks[p][geography.parkCDF[p].sample(&rng)]
            for _ in 0..<20 {
                let angle = rng.uniform(0, 2 * Double.pi)
                let distance = 2.5 * park.sigma + rng.uniform(200, 1_000)
                let x = park.x + distance * cos(angle)
                let y = park.y + distance * sin(angle)
                if let pixel = frame.pixel(x: x, y: y), geography.town(atPixel: pixel) >= 0 {
                    cx = x
                    cy = y
                    break
                }
            }
        }
        return (cx, cy)
    }

    /// A town of the prefecture drawn to hold a town-centre source.
    private mutating func townNearCentre(prefecture p: Int) -> Int {
        geography.townsOfPrefecture[p][geography.townCentreCDF[p].sample(&rng)]
    }

    /// A point around town `t`'s centre, spread by the town's size.
    private mutating func townPoint(_ t: Int) -> (Double, Double, Int32) {
        point(cx: geography.anchorX[t], cy: geography.anchorY[t], sigma: geography.townSigma[t], fallbackTown: t)
    }

    /// A land point near (cx, cy) with spread sigma, or the fallback town's anchor.
    private mutating func point(cx: Double, cy: Double, sigma: Double, fallbackTown: Int) -> (Double, Double, Int32) {
        for _ in 0..<12 {
            let (a, b) = rng.normalPair()
            let x = cx + a * sigma
            let y = cy + b * sigma
            if let pixel = frame.pixel(x: x, y: y) {
                let t = geography.town(atPixel: pixel)
                if t >= 0 { return settle(x: x, y: y, pixel: pixel, town: t) }
            }
        }
        let anchorX = geography.anchorX[fallbackTown]
        let anchorY = geography.anchorY[fallbackTown]
        let x = anchorX + rng.uniform(-0.5, 0.5) * frame.pixelSize
        let y = anchorY + rng.uniform(-0.5, 0.5) * frame.pixelSize
        let pixel = frame.pixel(x: anchorX, y: anchorY) ?? 0
        return settle(x: x, y: y, pixel: pixel, town: Int32(fallbackTown))
    }

    /// A uniform point anywhere on the prefecture's land.
    private mutating func ruralPoint(prefecture p: Int) -> (Double, Double, Int32) {
        let range = prefectureLevel.lists.range(of: p)
        let pixel = Int(prefectureLevel.lists.pixels[range.lowerBound + rng.below(range.count)])
        let x = frame.originX + (Double(pixel % frame.width) + rng.unit()) * frame.pixelSize
        let y = frame.originY + (Double(pixel / frame.width) + rng.unit()) * frame.pixelSize
        let t = geography.town(atPixel: pixel)
        return settle(x: x, y: y, pixel: pixel, town: t >= 0 ? t : Int32(geography.townsOfPrefecture[p][0]))
    }

    /// (x, y) moved `margin` inside `pixel` if nearer its edge.
    private func settle(x: Double, y: Double, pixel: Int, town: Int32) -> (Double, Double, Int32) {
        let px = frame.originX + Double(pixel % frame.width) * frame.pixelSize
        let py = frame.originY + Double(pixel / frame.width) * frame.pixelSize
        let sx = min(max(x, px + margin), px + frame.pixelSize - margin)
        let sy = min(max(y, py + margin), py + frame.pixelSize - margin)
        return (sx, sy, town)
    }

    /// Appends one source, drawing its industry by place and status (status 0 holds a permit).
    private mutating func emit(_ location: (Double, Double, Int32), status: Int, place: Place) {
        placed.x.append(location.0)
        placed.y.append(location.1)
        placed.town.append(location.2)
        placed.status.append(UInt8(status))
        let placeIndex = place == .park ? 0 : (place == .town ? 1 : 2)
        placed.industry.append(UInt8(industryByPlace[placeIndex][status == 0 ? 1 : 0].sample(&rng)))
    }
}
