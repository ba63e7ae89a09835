import Enforcement
import Foundation
import GeoKit
import Store

/// Which grid cells are hot spots of non-compliance: Getis-Ord Gi* over the occupied cells of
/// the square grid or of the administrative grids, stored as a run.
///
/// The study area is the occupied cells (at least one current source of any status): empty
/// cells are neither rows nor neighbours. Administrative grids are neighbours when they share
/// a border segment (identical vertices, as in a tiling); grids that touch only at a corner are not.
public struct HotspotAnalysis: Sendable {
    public enum Grid: Sendable, Equatable {
        case square(size: Double)
        case admin
    }

    public enum Value: Sendable, Equatable {
        /// Sources of the status in the cell.
        case count(SourceStatus)
        /// Sources of the status / all sources in the cell.
        case rate(SourceStatus)
    }

    public enum Neighbours: Sendable, Equatable {
        case queen
        case band(metres: Double)
    }

    public struct Report: Sendable {
        public var cells: [HotspotCellRecord]
        public var grid: Grid
        /// The grids' polygons, cell by cell, for administrative grids (empty for square ones).
        var gridOutlines: [MultiPolygon]
        public var cutoffs: [Double]
        public var islands: Int
        public var runID: Int64?
        public var timings: [(part: String, seconds: Double)]
        /// The store's metric CRS, which square cells are squares of.
        public var metricCRS: MetricCRS
        /// Each cell's WGS-84 outline, in cell order; square cells' are built here, on demand,
        /// since only map output needs them.
        public func outlines() -> [MultiPolygon] {
            switch grid {
            case .square(let size):
                SquareGrid(cellSize: size, metricCRS: metricCRS).outlines(ofCells: cells.map { ($0.cx ?? 0, $0.cy ?? 0) }).map { MultiPolygon(polygons: [$0]) }
            case .admin: gridOutlines
            }
        }

        /// Cells by bin, -3…3.
        public var bins: [Int: Int] {
            var counts: [Int: Int] = [:]
            for cell in cells { counts[cell.bin, default: 0] += 1 }
            return counts
        }
    }

    /// What the analysis reads and where it stores its runs.
    public typealias Storage = RegisterAnalytics & AreaStore & AnalysisRunStore & MetricCRSStore

    let store: any Storage

    public init(store: any Storage) { self.store = store }

    /// Runs the analysis; with `storing`, saves it as the latest hot-spot run, unless no source
    /// was selected (the report's bins come from the latest run).
    ///
    /// - Throws: `ParameterError` for an area no area has, before anything is read.
    public func run(_ options: Options, storing: Bool) throws -> Report {
        try options.validate()
        try DataChecks.area(options.area, in: store)
        var timings: [(String, Double)] = []
        var clock = Stopwatch()
        let metricCRS = try store.metricCRSForReading()
        let positions = try store.fetchSourcePositions(statuses: nil, area: options.area, lean: true, grids: options.grid == .admin)
        timings.append(("read", clock.lap()))
        let cells = try HotspotCells(positions, options: options, areas: store, metricCRS: metricCRS)
        timings.append(("cells and weights", clock.lap()))

        let result: GetisOrdGiStar.Result
        do {
            result = try GetisOrdGiStar.compute(values: cells.values, weights: cells.weights, falseDiscoveryRate: options.falseDiscoveryRate)
        } catch let failure as GetisOrdGiStar.Failure {
            throw Refusal(failure.description)
        }
        timings.append(("gi*", clock.lap()))

        let records = cells.codes.indices.map { i in
            HotspotCellRecord(
                cell: cells.codes[i], cx: cells.squares.isEmpty ? nil : cells.squares[i].x, cy: cells.squares.isEmpty ? nil : cells.squares[i].y,
                value: cells.values[i], sources: cells.totals[i], z: result.cells[i].z, p: result.cells[i].p, bin: result.cells[i].bin)
        }
        var runID: Int64?
        if storing && positions.count > 0 {
            runID = try storeRun(records, islands: result.islands, options: options)
            timings.append(("store", clock.lap()))
        }
        return Report(
            cells: records, grid: options.grid, gridOutlines: cells.outlines, cutoffs: result.cutoffs, islands: result.islands, runID: runID,
            timings: timings, metricCRS: metricCRS)
    }

    /// Saves the run: its parameters, the cells by bin, and every cell.
    private func storeRun(_ cells: [HotspotCellRecord], islands: Int, options: Options) throws -> Int64 {
        var writer = GeoJSONWriter()
        var bins: [(String, JSONValue)] = []
        for bin in (-3...3) { bins.append((String(bin), .number(Double(cells.filter { $0.bin == bin }.count)))) }
        writer.writeJSON(.object(JSONObject([
            ("cells", .number(Double(cells.count))), ("islands", .number(Double(islands))), ("bins", .object(JSONObject(bins))),
        ])))
        let cellSize: Double? = if case .square(let size) = options.grid { size } else { nil }
        return try store.storeHotspotRun(parameters: options.json, summary: writer.text, cells: cells, cellSize: cellSize)
    }

    /// Polygons that share a border segment: an edge with the same two vertices (in either
    /// direction, to 1e-7°) in both.
    public static func sharedBorders(_ polygons: [MultiPolygon]) -> SpatialWeights {
        struct Edge: Hashable { let a: Int64, b: Int64, c: Int64, d: Int64 }
        func q(_ v: Double) -> Int64 { Int64((v * 1e7).rounded()) }
        var owners: [Edge: Int32] = [:]
        var neighbours = [Set<Int32>](repeating: [], count: polygons.count)
        for (index, multi) in polygons.enumerated() {
            for polygon in multi.polygons {
                for ring in polygon.rings where ring.count > 1 {
                    for k in 0..<(ring.count - 1) {
                        var p = (q(ring[k].x), q(ring[k].y)), r = (q(ring[k + 1].x), q(ring[k + 1].y))
                        if (r.0, r.1) < (p.0, p.1) { swap(&p, &r) }
                        guard p != r else { continue }
                        let edge = Edge(a: p.0, b: p.1, c: r.0, d: r.1)
                        if let other = owners[edge] {
                            if other != Int32(index) {
                                neighbours[index].insert(other)
                                neighbours[Int(other)].insert(Int32(index))
                            }
                        } else {
                            owners[edge] = Int32(index)
                        }
                    }
                }
            }
        }
        return SpatialWeights(neighbourLists: neighbours.map { Array($0) })
    }
}

