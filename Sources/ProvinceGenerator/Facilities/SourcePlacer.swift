import Foundation

/// Where every source stands, what it makes and its status at the end of 2020.
///
/// Sources gather the way they do in Guangdong: most in industrial parks (tight Gaussian blobs
/// of a few hundred metres to 2 km), many around town centres, the rest scattered over the
/// countryside, with the Pearl River Delta holding about two thirds. Unlicensed sources sit
/// mostly in small tight clusters just outside parks (the workshops that grow up around them).
/// Every point is on land inside a town pixel, kept a few metres from pixel edges so rounding
/// never moves it across a border, except the planned geocoding errors at sea.
struct SourcePlacer {
    /// Struct-of-arrays, in final (source id) order.
    struct Placed: Sendable {
        var x: [Double] = []
        var y: [Double] = []
        /// Index in `SourceStatus.allCases`.
        var status: [UInt8] = []
        /// Catalog town index; for sea points, the town of the nearest coast.
        var town: [Int32] = []
        var industry: [UInt8] = []
        /// 0 on land, 1 near-shore error, 2 offshore error.
        var sea: [UInt8] = []
    }

    private struct Park {
        var x: Double
        var y: Double
        var sigma: Double
    }

    private enum Place { case park, town, rural }

    let raster: ProvinceRaster
    let catalog: AreaCatalog
    let plan: SourcePlan
    let seed: UInt64

    func place() -> Placed {
        let frame = raster.frame
        let specs = raster.specs
        let townLevel = raster.levels[2]
        let towns = catalog.levels[2]
        let counties = catalog.levels[1]
        let prefectures = catalog.levels[0]
        var rng = SeededRandom(seed: seed, stream: 0x50_4C41_4345)
        let margin = max(1.0, 0.02 * frame.pixelSize)

        // Per town: prefecture, anchor pixel near its centre, spread of its centre.
        var townPrefecture = [Int](repeating: 0, count: towns.count)
        var anchorX = [Double](repeating: 0, count: towns.count)
        var anchorY = [Double](repeating: 0, count: towns.count)
        var townSigma = [Double](repeating: 0, count: towns.count)
        var townsOfPrefecture = [[Int]](repeating: [], count: specs.count)
        for (t, town) in towns.enumerated() {
            let p = prefectures[counties[town.parent].parent].label
            townPrefecture[t] = p
            townsOfPrefecture[p].append(t)
            let pixel = townLevel.nearestPixel(
                of: town.label, x: townLevel.centroidX[town.label], y: townLevel.centroidY[town.label], frame: frame) ?? 0
            anchorX[t] = frame.centreX(pixel % frame.width)
            anchorY[t] = frame.centreY(pixel / frame.width)
            let area = Double(townLevel.pixelCount(town.label)) * frame.pixelSize * frame.pixelSize
            townSigma[t] = min(3_000, max(300, 0.3 * area.squareRoot()))
        }
        let alivePrefectures = specs.indices.filter { !townsOfPrefecture[$0].isEmpty }
        let prefectureCDF = Cumulative(alivePrefectures.map { specs[$0].sourceShare })
        let townCentreCDF = townsOfPrefecture.map { members in
            Cumulative(members.map { t in
                pow(1 + towns[t].urban, 1.5) * Double(townLevel.pixelCount(towns[t].label)).squareRoot()
            })
        }
        let parkTownCDF = townsOfPrefecture.map { members in
            Cumulative(members.map { t in Double(townLevel.pixelCount(towns[t].label)) * (1 + towns[t].urban) })
        }

        // Industrial parks, shared out by source share.
        let parkCount = max(3, Int((Double(plan.touched) / 1_500).rounded()))
        let parksPer = Apportion.largestRemainder(
            total: parkCount, weights: alivePrefectures.map { specs[$0].sourceShare })
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
        let parkCDF = parks.map { list in Cumulative(list.map { pow($0.sigma, 1.2) }) }

        // Industry choice by place and by whether the source holds a permit.
        let industries = IndustryTable.all
        func industryCDF(_ place: Place, permitted: Bool) -> Cumulative {
            Cumulative(industries.map { i in
                let affinity = place == .park ? i.park : (place == .town ? i.town : i.rural)
                return i.weight * affinity * (permitted ? 0.3 + i.keyShare : 1)
            })
        }
        let industryByPlace: [[Cumulative]] = [Place.park, .town, .rural].map { place in
            [industryCDF(place, permitted: false), industryCDF(place, permitted: true)]
        }

        var out = Placed()
        let total = plan.total
        out.x.reserveCapacity(total)
        out.y.reserveCapacity(total)
        out.status.reserveCapacity(total)
        out.town.reserveCapacity(total)
        out.industry.reserveCapacity(total)

        func townOf(pixel: Int) -> Int32 {
            let label = townLevel.labels[pixel]
            return label >= 0 ? catalog.indexOfLabel[2][Int(label)] : -1
        }
        /// A land point near (cx, cy) with spread sigma, or the fallback town's anchor.
        func point(cx: Double, cy: Double, sigma: Double, fallbackTown: Int) -> (Double, Double, Int32) {
            for _ in 0..<12 {
                let (a, b) = rng.normalPair()
                let x = cx + a * sigma
                let y = cy + b * sigma
                if let pixel = frame.pixel(x: x, y: y) {
                    let t = townOf(pixel: pixel)
                    if t >= 0 { return settle(x: x, y: y, pixel: pixel, town: t) }
                }
            }
            let x = anchorX[fallbackTown] + rng.uniform(-0.5, 0.5) * frame.pixelSize
            let y = anchorY[fallbackTown] + rng.uniform(-0.5, 0.5) * frame.pixelSize
            let pixel = frame.pixel(x: anchorX[fallbackTown], y: anchorY[fallbackTown]) ?? 0
            return settle(x: x, y: y, pixel: pixel, town: Int32(fallbackTown))
        }
        func settle(x: Double, y: Double, pixel: Int, town: Int32) -> (Double, Double, Int32) {
            let px = frame.originX + Double(pixel % frame.width) * frame.pixelSize
            let py = frame.originY + Double(pixel / frame.width) * frame.pixelSize
            let sx = min(max(x, px + margin), px + frame.pixelSize - margin)
            let sy = min(max(y, py + margin), py + frame.pixelSize - margin)
            return (sx, sy, town)
        }
        func ruralPoint(prefecture p: Int) -> (Double, Double, Int32) {
            let range = raster.levels[0].lists.range(of: p)
            let pixel = Int(raster.levels[0].lists.pixels[range.lowerBound + rng.below(range.count)])
            let x = frame.originX + (Double(pixel % frame.width) + rng.unit()) * frame.pixelSize
            let y = frame.originY + (Double(pixel / frame.width) + rng.unit()) * frame.pixelSize
            let t = townOf(pixel: pixel)
            return settle(x: x, y: y, pixel: pixel, town: t >= 0 ? t : Int32(townsOfPrefecture[p][0]))
        }
        func emit(_ location: (Double, Double, Int32), status: Int, place: Place) {
            out.x.append(location.0)
            out.y.append(location.1)
            out.town.append(location.2)
            out.status.append(UInt8(status))
            let placeIndex = place == .park ? 0 : (place == .town ? 1 : 2)
            out.industry.append(UInt8(industryByPlace[placeIndex][status == 0 ? 1 : 0].sample(&rng)))
        }

        // Touched sources by status.
        let mixes: [[Double]] = [[0.60, 0.25, 0.15], [0.35, 0.40, 0.25], [0.40, 0.30, 0.30], [0.30, 0.40, 0.30]]
        let statusCounts = [plan.permitted, plan.registered, plan.rectifying, plan.special]
        for status in 0..<4 {
            for _ in 0..<statusCounts[status] {
                let p = alivePrefectures[prefectureCDF.sample(&rng)]
                var place: Place = [Place.park, .town, .rural][rng.weightedIndex(mixes[status])]
                if place == .park && parks[p].isEmpty { place = .town }
                switch place {
                case .park:
                    let park = parks[p][parkCDF[p].sample(&rng)]
                    let fallback = townsOfPrefecture[p][townCentreCDF[p].sample(&rng)]
                    emit(point(cx: park.x, cy: park.y, sigma: park.sigma, fallbackTown: fallback), status: status, place: place)
                case .town:
                    let t = townsOfPrefecture[p][townCentreCDF[p].sample(&rng)]
                    emit(point(cx: anchorX[t], cy: anchorY[t], sigma: townSigma[t], fallbackTown: t), status: status, place: place)
                case .rural:
                    emit(ruralPoint(prefecture: p), status: status, place: place)
                }
            }
        }

        // Unlicensed: ~80% in clusters of 5–200 just outside a park, the rest scattered.
        let unlicensed = 4
        let clustered = Int((0.8 * Double(plan.unlicensed)).rounded())
        var remaining = clustered
        while remaining > 0 {
            var size = Int((5 * pow(40, pow(rng.unit(), 2.2))).rounded())
            size = min(max(size, 5), 200)
            if remaining - size < 5 { size = remaining }
            remaining -= size
            let p = alivePrefectures[prefectureCDF.sample(&rng)]
            let fallback = townsOfPrefecture[p][townCentreCDF[p].sample(&rng)]
            var cx = anchorX[fallback]
            var cy = anchorY[fallback]
            if !parks[p].isEmpty {
                let park = parks[p][parkCDF[p].sample(&rng)]
                for _ in 0..<20 {
                    let angle = rng.uniform(0, 2 * Double.pi)
                    let distance = 2.5 * park.sigma + rng.uniform(200, 1_000)
                    let x = park.x + distance * cos(angle)
                    let y = park.y + distance * sin(angle)
                    if let pixel = frame.pixel(x: x, y: y), townOf(pixel: pixel) >= 0 {
                        cx = x
                        cy = y
                        break
                    }
                }
            }
            let sigma = rng.uniform(60, 300)
            for _ in 0..<size {
                emit(point(cx: cx, cy: cy, sigma: sigma, fallbackTown: fallback), status: unlicensed, place: .park)
            }
        }
        for _ in 0..<(plan.unlicensed - clustered) {
            let p = alivePrefectures[prefectureCDF.sample(&rng)]
            if rng.chance(0.5) {
                let t = townsOfPrefecture[p][townCentreCDF[p].sample(&rng)]
                emit(point(cx: anchorX[t], cy: anchorY[t], sigma: townSigma[t], fallbackTown: t), status: unlicensed, place: .town)
            } else {
                emit(ruralPoint(prefecture: p), status: unlicensed, place: .rural)
            }
        }
        out.sea = [UInt8](repeating: 0, count: out.x.count)

        // Deliberate geocoding errors at sea.
        let seaRNG = SeededRandom(seed: seed, stream: 0x5345_41)
        var seaPlacer = SeaPlacer(raster: raster, rng: seaRNG)
        var pickRNG = SeededRandom(seed: seed, stream: 0x5345_4150)
        let errors = pickRNG.distinctIndices(plan.nearShoreErrors + plan.offshoreErrors, from: out.x.count)
        var shuffledErrors = errors
        pickRNG.shuffle(&shuffledErrors)
        for (n, s) in shuffledErrors.enumerated() {
            let offshore = n >= plan.nearShoreErrors
            guard let spot = offshore ? seaPlacer.offshore() : seaPlacer.nearShore() else { continue }
            out.x[s] = spot.x
            out.y[s] = spot.y
            let t = townOf(pixel: spot.coastPixel)
            if t >= 0 { out.town[s] = t }
            out.sea[s] = offshore ? 2 : 1
        }

        // Ids must not leak how the sources were made: shuffle into final order.
        var order = Array(0..<out.x.count)
        var orderRNG = SeededRandom(seed: seed, stream: 0x4F52_4445_52)
        orderRNG.shuffle(&order)
        var final = Placed()
        final.x = order.map { out.x[$0] }
        final.y = order.map { out.y[$0] }
        final.status = order.map { out.status[$0] }
        final.town = order.map { out.town[$0] }
        final.industry = order.map { out.industry[$0] }
        final.sea = order.map { out.sea[$0] }
        return final
    }
}
