import Enforcement
import GeoKit
import Store

/// The cells a hot-spot analysis runs on: the occupied square cells or administrative grids,
/// each with its value, its number of sources, and the spatial weights between them.
struct HotspotCells {
    /// `CX_CY` for square cells, the grid code for administrative grids; in cell order.
    var codes: [String] = []
    /// The square cells' numbers (empty for administrative grids).
    var squares: [(x: Int, y: Int)] = []
    /// Sources of any status per cell, and of the analysed status.
    var totals: [Int] = []
    var matching: [Int] = []
    /// The grids' polygons (empty for square cells).
    var outlines: [MultiPolygon] = []
    var weights = SpatialWeights(neighbourLists: [])
    /// The analysed value per cell: the count, or the rate of the status.
    var values: [Double] = []

    /// - Parameter metricCRS: the system the positions are in; a band is measured on the
    ///   ellipsoid when it measures there.
    init(_ positions: SourcePositions, options: HotspotAnalysis.Options, areas: any AreaStore, metricCRS: MetricCRS) throws {
        let status: SourceStatus = switch options.value {
        case .count(let s), .rate(let s): s
        }
        switch options.grid {
        case .square(let size):
            weights = Self.squareCells(positions, size: size, status: status, neighbours: options.neighbours, metricCRS: metricCRS, into: &self)
        case .admin:
            weights = try Self.administrativeGrids(positions, status: status, areas: areas, into: &self)
        }
        values = switch options.value {
        case .count: matching.map(Double.init)
        case .rate: zip(matching, totals).map { Double($0) / Double($1) }
        }
    }

    /// The occupied cells of the square grid, ordered by column then row, and their weights.
    private static func squareCells(
        _ positions: SourcePositions, size: Double, status: SourceStatus, neighbours: HotspotAnalysis.Neighbours, metricCRS: MetricCRS,
        into cells: inout HotspotCells
    ) -> SpatialWeights {
        var index: [Int64: Int] = [:]
        var keys: [(x: Int, y: Int)] = []
        var cellOf = [Int](repeating: 0, count: positions.count)
        for (k, p) in positions.projected.enumerated() {
            let cx = Int((p.x / size).rounded(.down)), cy = Int((p.y / size).rounded(.down))
            let key = Int64(cx) << 32 | Int64(UInt32(truncatingIfNeeded: cy))
            if let i = index[key] {
                cellOf[k] = i
            } else {
                index[key] = keys.count
                cellOf[k] = keys.count
                keys.append((cx, cy))
            }
        }
        let order = keys.indices.sorted { keys[$0].x != keys[$1].x ? keys[$0].x < keys[$1].x : keys[$0].y < keys[$1].y }
        var rank = [Int](repeating: 0, count: keys.count)
        for (r, i) in order.enumerated() { rank[i] = r }
        cells.squares = order.map { keys[$0] }
        cells.codes = cells.squares.map { "\($0.x)_\($0.y)" }
        cells.totals = [Int](repeating: 0, count: cells.squares.count)
        cells.matching = cells.totals
        for k in 0..<positions.count {
            let r = rank[cellOf[k]]
            cells.totals[r] += 1
            if positions.statuses[k] == status { cells.matching[r] += 1 }
        }
        switch neighbours {
        case .queen: return .queen(cells.squares)
        case .band(let metres):
            guard metricCRS.distances == .geodesic else {
                return .distanceBand(cells.squares, cellSize: size, distance: metres)
            }
            return geodesicBand(cells.squares, size: size, metres: metres, metricCRS: metricCRS)
        }
    }

    /// The band measured on the ellipsoid between the cells' centres, for a store that measures
    /// there: its squares keep their areas, not their sides, so the steps a band reaches differ
    /// across the data.
    private static func geodesicBand(_ squares: [(x: Int, y: Int)], size: Double, metres: Double, metricCRS: MetricCRS) -> SpatialWeights {
        let centres = squares.map { metricCRS.inverse(Coordinate((Double($0.x) + 0.5) * size, (Double($0.y) + 0.5) * size)) }
        let onEllipsoid = centres.map(metricCRS.ellipsoid.geocentric)
        let reach = metricCRS.planarReach(over: MetricCRS.extent(covering: centres) ?? .empty)
        let chord = Ellipsoid.chord(underArc: metres), chordSquared = chord * chord
        return .distanceBand(squares, reach: Int((metres * reach / size).rounded(.down))) { cell, other in
            onEllipsoid[cell].squaredChord(to: onEllipsoid[other]) <= chordSquared
        }
    }

    /// The occupied administrative grids, in code order, and their shared-border weights.
    private static func administrativeGrids(
        _ positions: SourcePositions, status: SourceStatus, areas: any AreaStore, into cells: inout HotspotCells
    ) throws -> SpatialWeights {
        var byGrid: [String: (total: Int, matching: Int)] = [:]
        for k in 0..<positions.count {
            guard let grid = positions.gridCodes[k] else { continue }
            var entry = byGrid[grid] ?? (0, 0)
            entry.total += 1
            if positions.statuses[k] == status { entry.matching += 1 }
            byGrid[grid] = entry
        }
        let grids = try areas.fetchAreas(level: .grid).filter { byGrid[$0.code] != nil }
        cells.codes = grids.map(\.code)
        cells.totals = cells.codes.map { byGrid[$0]!.total }
        cells.matching = cells.codes.map { byGrid[$0]!.matching }
        cells.outlines = grids.map(\.geometry)
        return HotspotAnalysis.sharedBorders(cells.outlines)
    }
}
