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

    let raster: ProvinceRaster
    let catalog: AreaCatalog
    let plan: SourcePlan
    let seed: UInt64

    func place() -> Placed {
        // One stream for the parks and every land position, drawn in this order.
        var rng = SeededRandom(seed: seed, stream: 0x50_4C41_4345)
        let parkCount = max(3, Int((Double(plan.touched) / 1_500).rounded()))
        let geography = SourceGeography(raster: raster, catalog: catalog, parkCount: parkCount, rng: &rng)
        var scatter = SourceScatter(raster: raster, geography: geography, rng: rng, capacity: plan.total)
        scatter.placeTouched(countsByStatus: [plan.permitted, plan.registered, plan.rectifying, plan.special])
        scatter.placeUnlicensed(count: plan.unlicensed)
        var placed = scatter.placed
        placed.sea = [UInt8](repeating: 0, count: placed.x.count)
        moveGeocodingErrorsToSea(&placed, geography: geography)
        return shuffledIntoFinalOrder(placed)
    }

    /// Deliberate geocoding errors at sea: sources picked at random moved near the shore or
    /// offshore, keeping the town of the nearest coast.
    private func moveGeocodingErrorsToSea(_ placed: inout Placed, geography: SourceGeography) {
        let seaRNG = SeededRandom(seed: seed, stream: 0x5345_41)
        var seaPlacer = SeaPlacer(raster: raster, rng: seaRNG)
        var pickRNG = SeededRandom(seed: seed, stream: 0x5345_4150)
        let errors = pickRNG.distinctIndices(plan.nearShoreErrors + plan.offshoreErrors, from: placed.x.count)
        var shuffledErrors = errors
        pickRNG.shuffle(&shuffledErrors)
        for (n, s) in shuffledErrors.enumerated() {
            let offshore = n >= plan.nearShoreErrors
            guard let spot = offshore ? seaPlacer.offshore() : seaPlacer.nearShore() else { continue }
            placed.x[s] = spot.x
            placed.y[s] = spot.y
            let t = geography.town(atPixel: spot.coastPixel)
            if t >= 0 { placed.town[s] = t }
            placed.sea[s] = offshore ? 2 : 1
        }
    }

    /// Ids must not leak how the sources were made: shuffle into final order.
    private func shuffledIntoFinalOrder(_ placed: Placed) -> Placed {
        var order = Array(0..<placed.x.count)
        var orderRNG = SeededRandom(seed: seed, stream: 0x4F52_4445_52)
        orderRNG.shuffle(&order)
        var final = Placed()
        final.x = order.map { placed.x[$0] }
        final.y = order.map { placed.y[$0] }
        final.status = order.map { placed.status[$0] }
        final.town = order.map { placed.town[$0] }
        final.industry = order.map { placed.industry[$0] }
        final.sea = order.map { placed.sea[$0] }
        return final
    }
}
