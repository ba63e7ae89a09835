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

    public struct Options: Sendable, Equatable {
        public var grid = Grid.square(size: 1000)
        public var value = Value.count(.unlicensed)
        public var neighbours = Neighbours.queen
        public var falseDiscoveryRate = false
        public var area: String?

        public init() {}

        /// Options from their text forms (`square:1000`, `count:unlicensed`, `band:2500`), as
        /// the CLI and the HTTP API take them; errors name the parameter and what was expected.
        public init(grid: String, value: String, neighbours: String, falseDiscoveryRate: Bool, area: String?) throws {
            self.falseDiscoveryRate = falseDiscoveryRate
            self.area = area
            if grid == "admin" {
                self.grid = .admin
            } else if grid.hasPrefix("square:"), let size = Double(grid.dropFirst(7)), size > 0, size.isFinite {
                self.grid = .square(size: size)
            } else {
                throw AnalyticsError.parameter("grid", "grid \(grid): expected square:METRES (e.g. square:1000) or admin")
            }
            let parts = value.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, ["count", "rate"].contains(parts[0]), let status = SourceStatus(parsing: parts[1]) else {
                throw AnalyticsError.parameter("value", "value \(value): expected count:STATUS or rate:STATUS, e.g. count:unlicensed")
            }
            self.value = parts[0] == "count" ? .count(status) : .rate(status)
            if neighbours == "queen" || neighbours == "contiguity" {
                self.neighbours = .queen
            } else if neighbours.hasPrefix("band:"), let metres = Double(neighbours.dropFirst(5)), metres > 0, metres.isFinite {
                self.neighbours = .band(metres: metres)
            } else {
                throw AnalyticsError.parameter("neighbours", "neighbours \(neighbours): expected queen or band:METRES (e.g. band:2500)")
            }
        }

        var json: String {
            var writer = GeoJSONWriter()
            let grid: String = switch self.grid {
            case .square(let size): "square:\(Int(size))"
            case .admin: "admin"
            }
            let value: String = switch self.value {
            case .count(let status): "count:\(status.rawValue)"
            case .rate(let status): "rate:\(status.rawValue)"
            }
            let neighbours: String = switch self.neighbours {
            case .queen: self.grid == .admin ? "contiguity" : "queen"
            case .band(let metres): "band:\(Int(metres))"
            }
            writer.writeJSON(.object(JSONObject([
                ("grid", .string(grid)), ("value", .string(value)), ("neighbours", .string(neighbours)),
                ("fdr", .bool(falseDiscoveryRate)), ("area", area.map { .string($0) } ?? .null),
            ])))
            return writer.text
        }
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
        /// Each cell's WGS-84 outline, in cell order; square cells' are built here, on demand,
        /// since only map output needs them.
        public func outlines() -> [MultiPolygon] {
            switch grid {
            case .square(let size):
                SquareGrid(cellSize: size).outlines(ofCells: cells.map { ($0.cx ?? 0, $0.cy ?? 0) }).map { MultiPolygon(polygons: [$0]) }
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

    let store: any EnforcementStore

    public init(store: any EnforcementStore) { self.store = store }

    public func run(_ options: Options, storing: Bool) throws -> Report {
        if case .square(let size) = options.grid, !(size > 0 && size.isFinite) {
            throw AnalyticsError.invalid("the square grid's cell size must be a positive number of metres, got \(size)")
        }
        if case .band(let metres) = options.neighbours, !(metres > 0 && metres.isFinite) {
            throw AnalyticsError.invalid("the distance band must be a positive number of metres, got \(metres)")
        }
        if options.grid == .admin, case .band = options.neighbours {
            throw AnalyticsError.invalid("administrative grids take their neighbours from shared borders; a distance band is for square grids")
        }
        var timings: [(String, Double)] = []
        var clock = Stopwatch()
        let positions = try store.fetchSourcePositions(statuses: nil, area: options.area, lean: true, grids: options.grid == .admin)
        timings.append(("read", clock.lap()))
        let status: SourceStatus = switch options.value {
        case .count(let s), .rate(let s): s
        }

        var codes: [String] = []
        var squares: [(x: Int, y: Int)] = []
        var totals: [Int] = []
        var matching: [Int] = []
        var outlines: [MultiPolygon] = []
        let weights: SpatialWeights
        switch options.grid {
        case .square(let size):
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
            squares = order.map { keys[$0] }
            codes = squares.map { "\($0.x)_\($0.y)" }
            totals = [Int](repeating: 0, count: squares.count)
            matching = totals
            for k in 0..<positions.count {
                let r = rank[cellOf[k]]
                totals[r] += 1
                if positions.statuses[k] == status { matching[r] += 1 }
            }
            switch options.neighbours {
            case .queen: weights = .queen(squares)
            case .band(let metres): weights = .distanceBand(squares, cellSize: size, distance: metres)
            }
        case .admin:
            var byGrid: [String: (total: Int, matching: Int)] = [:]
            for k in 0..<positions.count {
                guard let grid = positions.gridCodes[k] else { continue }
                var entry = byGrid[grid] ?? (0, 0)
                entry.total += 1
                if positions.statuses[k] == status { entry.matching += 1 }
                byGrid[grid] = entry
            }
            let areas = try store.fetchAreas(level: .grid).filter { byGrid[$0.code] != nil }
            codes = areas.map(\.code)
            totals = codes.map { byGrid[$0]!.total }
            matching = codes.map { byGrid[$0]!.matching }
            outlines = areas.map(\.geometry)
            weights = Self.sharedBorders(outlines)
        }
        timings.append(("cells and weights", clock.lap()))

        let values: [Double] = switch options.value {
        case .count: matching.map(Double.init)
        case .rate: zip(matching, totals).map { Double($0) / Double($1) }
        }
        let result: GetisOrdGiStar.Result
        do {
            result = try GetisOrdGiStar.compute(values: values, weights: weights, falseDiscoveryRate: options.falseDiscoveryRate)
        } catch let failure as GetisOrdGiStar.Failure {
            throw AnalyticsError.invalid(failure.description)
        }
        timings.append(("gi*", clock.lap()))

        let cells = codes.indices.map { i in
            HotspotCellRecord(
                cell: codes[i], cx: squares.isEmpty ? nil : squares[i].x, cy: squares.isEmpty ? nil : squares[i].y,
                value: values[i], sources: totals[i], z: result.cells[i].z, p: result.cells[i].p, bin: result.cells[i].bin)
        }
        var runID: Int64?
        if storing {
            var writer = GeoJSONWriter()
            var bins: [(String, JSONValue)] = []
            for bin in (-3...3) { bins.append((String(bin), .number(Double(cells.filter { $0.bin == bin }.count)))) }
            writer.writeJSON(.object(JSONObject([
                ("cells", .number(Double(cells.count))), ("islands", .number(Double(result.islands))), ("bins", .object(JSONObject(bins))),
            ])))
            let cellSize: Double? = if case .square(let size) = options.grid { size } else { nil }
            runID = try store.storeHotspotRun(parameters: options.json, summary: writer.text, cells: cells, cellSize: cellSize)
            timings.append(("store", clock.lap()))
        }
        return Report(
            cells: cells, grid: options.grid, gridOutlines: outlines, cutoffs: result.cutoffs, islands: result.islands, runID: runID,
            timings: timings)
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

