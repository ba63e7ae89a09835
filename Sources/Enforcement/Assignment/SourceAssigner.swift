import Foundation
import GeoKit

/// Places every source in its town (and through it county and prefecture), its administrative
/// grid and its square-grid cell.
///
/// The point-in-polygon work runs on all cores over plain arrays; snapping, which only the few
/// points in no polygon need, runs afterwards on one thread.
public struct SourceAssigner: Sendable {
    /// An area as the assigner needs it.
    public struct Area: Sendable {
        public var code: String
        public var parentCode: String?
        public var geometry: MultiPolygon

        public init(code: String, parentCode: String?, geometry: MultiPolygon) {
            self.code = code
            self.parentCode = parentCode
            self.geometry = geometry
        }
    }

    /// The finest administrative level present: sources are placed in its areas.
    public let baseLevel: AreaLevel?
    private let baseIndex: AreaIndex?
    private let gridIndex: AreaIndex?
    /// Code → parent code, for every administrative level above the base.
    private let parents: [AreaLevel: [String: String]]
    private let baseParents: [String: String]
    public let cellSize: Double
    public let snapDistance: Double
    /// The system of the projected positions, the cells and the snap distance.
    public let metricCRS: MetricCRS

    /// - Parameters:
    ///   - areas: every stored area by level; grids are matched independently of towns. Only
    ///     the finest administrative level present and the grids need their geometry; the levels
    ///     above are used for their parent codes alone.
    ///   - cellSize: square-grid cell edge in metres of `metricCRS`.
    ///   - snapDistance: how far (metres) a point in no polygon may be moved to the nearest area.
    ///   - metricCRS: the dataset's metric system, which `projected` positions are given in.
    public init(areas: [AreaLevel: [Area]], cellSize: Double = 1000, snapDistance: Double = 500, metricCRS: MetricCRS) {
        let base = [AreaLevel.town, .county, .prefecture].first { !(areas[$0] ?? []).isEmpty }
        baseLevel = base
        baseIndex = base.map { level in AreaIndex(areas: areas[level]!.map { ($0.code, $0.geometry) }) }
        let grids = areas[.grid] ?? []
        gridIndex = grids.isEmpty ? nil : AreaIndex(areas: grids.map { ($0.code, $0.geometry) })
        var parents: [AreaLevel: [String: String]] = [:]
        for level in [AreaLevel.prefecture, .county, .town] {
            var map: [String: String] = [:]
            for area in areas[level] ?? [] { if let parent = area.parentCode { map[area.code] = parent } }
            parents[level] = map
        }
        self.parents = parents
        baseParents = base.flatMap { parents[$0] } ?? [:]
        self.cellSize = cellSize
        self.snapDistance = snapDistance
        self.metricCRS = metricCRS
    }

    /// How many sources ended up where.
    public struct Counts: Sendable, Equatable {
        public var inside = 0
        public var snapped = 0
        public var unassigned = 0
        public var inGrid = 0

        public init() {}

        /// Counts another batch's placements too.
        public mutating func add(_ other: Counts) {
            inside += other.inside
            snapped += other.snapped
            unassigned += other.unassigned
            inGrid += other.inGrid
        }

        /// Stops counting one placement (a row left out after it was placed).
        public mutating func remove(_ assignment: SourceAssignment) {
            switch assignment.placement {
            case .inside: inside -= 1
            case .snapped: snapped -= 1
            case .unassigned: unassigned -= 1
            }
            if assignment.gridCode != nil { inGrid -= 1 }
        }
    }

    /// Assigns every point. `locations` are WGS-84, `projected` the same points in `metricCRS`.
    ///
    /// - Parameter concurrently: whether to use every core; a load that assigns one batch on
    ///   one core while another writes the last batch passes false.
    public func assign(locations: [Coordinate], projected: [Coordinate], concurrently: Bool = true) -> (assignments: [SourceAssignment], counts: Counts) {
        precondition(locations.count == projected.count)
        let n = locations.count
        var baseHits = [Int32](repeating: -1, count: n)
        var gridHits = [Int32](repeating: -1, count: n)
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunk = (n + workers * 4 - 1) / max(workers * 4, 1)
        // Visit points in space-filling-curve order: neighbours hit the same polygons, whose
        // edges then stay in cache. This alone halves the time on a province.
        let order = SpatialOrder.indexes(of: locations)
        baseHits.withUnsafeMutableBufferPointer { baseOut in
            gridHits.withUnsafeMutableBufferPointer { gridOut in
                let baseOut = UnsafeSendable(baseOut), gridOut = UnsafeSendable(gridOut)
                let locate: @Sendable (Int) -> Void = { part in
                    let range = (part * chunk)..<min(n, (part + 1) * chunk)
                    for k in range {
                        let i = Int(order[k])
                        let p = locations[i]
                        if let hit = baseIndex?.locate(p) { baseOut.value[i] = Int32(hit) }
                        if let hit = gridIndex?.locate(p) { gridOut.value[i] = Int32(hit) }
                    }
                }
                let parts = n == 0 ? 0 : (n + chunk - 1) / chunk
                if concurrently {
                    DispatchQueue.concurrentPerform(iterations: parts, execute: locate)
                } else {
                    for part in 0..<parts { locate(part) }
                }
            }
        }

        // Snapping indexes are built only if some point fell in no area.
        let misses = baseHits.indices.filter { baseHits[$0] < 0 }.map { locations[$0] }
        let baseNearest = misses.isEmpty ? nil : baseIndex?.nearestIndex(within: snapDistance, metricCRS: metricCRS, near: misses)
        let gridNearest = misses.isEmpty ? nil : gridIndex?.nearestIndex(within: snapDistance, metricCRS: metricCRS, near: misses)

        // Each base area's codes up to the prefecture, worked out once rather than per point.
        let templates: [SourceAssignment] = (baseIndex?.codes ?? []).map { code in
            var template = SourceAssignment(placement: .inside)
            if let baseLevel { setCode(code, level: baseLevel, on: &template) }
            return template
        }
        var counts = Counts()
        var assignments: [SourceAssignment] = []
        assignments.reserveCapacity(n)
        let squareGrid = SquareGrid(cellSize: cellSize, metricCRS: metricCRS)
        for i in 0..<n {
            var placement = Placement.inside
            var snap: Double?
            var base = Int(baseHits[i])
            if base < 0 {
                placement = .unassigned
                if let near = baseNearest?.nearest(to: projected[i]) {
                    base = near.index
                    placement = .snapped
                    snap = (near.distance * 10).rounded() / 10
                }
            }
            var grid = Int(gridHits[i])
            if grid < 0, placement == .snapped, let near = gridNearest?.nearest(to: projected[i]) {
                grid = near.index
            }
            var a = base >= 0 ? templates[base] : SourceAssignment(placement: placement)
            a.placement = placement
            a.snapDistance = snap
            if grid >= 0, let gridIndex {
                a.gridCode = gridIndex.codes[grid]
                counts.inGrid += 1
            }
            let cell = squareGrid.cell(of: projected[i])
            a.cellX = cell?.x
            a.cellY = cell?.y
            switch placement {
            case .inside: counts.inside += 1
            case .snapped: counts.snapped += 1
            case .unassigned: counts.unassigned += 1
            }
            assignments.append(a)
        }
        return (assignments, counts)
    }

    /// Sets the base area's code and walks the parent codes up to the prefecture.
    private func setCode(_ code: String, level: AreaLevel, on a: inout SourceAssignment) {
        var current: (AreaLevel, String)? = (level, code)
        while let (level, code) = current {
            switch level {
            case .town: a.townCode = code
            case .county: a.countyCode = code
            case .prefecture: a.prefectureCode = code
            case .grid: break
            }
            guard let parentLevel = level.parent, let parent = parents[level]?[code] else { break }
            current = (parentLevel, parent)
        }
    }
}

/// Lets a buffer cross into `concurrentPerform`: each iteration writes a disjoint range.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

extension SourceAssigner {
    /// The extent of the areas sources are placed in, or nil with no areas loaded.
    public var extent: BoundingBox? { baseIndex?.extent }
}
