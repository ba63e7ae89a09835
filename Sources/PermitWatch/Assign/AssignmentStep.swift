import Enforcement
import GeoKit
import Store

/// Builds the assigner from the stored areas; shared by every ingest and `permitwatch assign`.
enum AssignmentStep {
    static func makeAssigner(
        _ database: any AreaStore, cellSize: Double, snapDistance: Double, metricCRS: MetricCRS
    ) throws -> SourceAssigner {
        // Polygons are decoded only where points are tested: the finest administrative level
        // and the grids. The levels above need only their parent codes.
        let counts = try database.areaCounts()
        let base = [AreaLevel.town, .county, .prefecture].first { counts[$0, default: 0] > 0 }
        var areas: [AreaLevel: [SourceAssigner.Area]] = [:]
        for level in AreaLevel.allCases {
            if level == base || level == .grid {
                areas[level] = try database.fetchAreas(level: level).map {
                    SourceAssigner.Area(code: $0.code, parentCode: $0.parentCode, geometry: $0.geometry)
                }
            } else {
                areas[level] = try database.fetchAreaParents(level: level).map {
                    SourceAssigner.Area(code: $0.code, parentCode: $0.parent, geometry: MultiPolygon(polygons: []))
                }
            }
        }
        return SourceAssigner(areas: areas, cellSize: cellSize, snapDistance: snapDistance, metricCRS: metricCRS)
    }
}

/// Checks each placement against the area its source declares (`DeclaredArea`), after the
/// assigner: shared by the source ingest and `permitwatch assign` (run again after areas change).
enum DeclaredAreaCheck {
    /// Sets the mismatch flag of every source that declares an area; returns how many disagree,
    /// nil when no source declares one. With no administrative area loaded nothing can be
    /// checked: the flags stay empty and nil is returned.
    ///
    /// - Parameter declared: the declared code by index into `assignments`.
    static func apply(_ declared: [Int: String], to assignments: inout [SourceAssignment], areasLoaded: Bool) -> Int? {
        guard !declared.isEmpty, areasLoaded else { return nil }
        var mismatches = 0
        for (index, code) in declared {
            let mismatch = !DeclaredArea.isConsistent(code, with: assignments[index])
            assignments[index].locationMismatch = mismatch
            if mismatch { mismatches += 1 }
        }
        return mismatches
    }
}

/// What an assignment found, for the command's report.
public struct AssignmentSummary: Sendable, Equatable {
    public var sources: Int
    /// The level sources were placed in (town when towns are loaded).
    public var baseLevel: AreaLevel?
    public var inside: Int
    public var snapped: Int
    public var unassigned: Int
    public var inGrid: Int
    public var changed: Int
    public var cellSize: Double
    public var snapDistance: Double
    /// Sources placed outside the area their register declares (`location-mismatches`); nil
    /// when no source declares an area (or no area is loaded to check against).
    public var locationMismatches: Int?
    /// What `assign --metric-crs` re-projected, when it changed the metric CRS.
    public var reprojection: Reprojection?

    init(_ counts: SourceAssigner.Counts, sources: Int, baseLevel: AreaLevel?, changed: Int, cellSize: Double, snapDistance: Double) {
        self.sources = sources
        self.baseLevel = baseLevel
        inside = counts.inside
        snapped = counts.snapped
        unassigned = counts.unassigned
        inGrid = counts.inGrid
        self.changed = changed
        self.cellSize = cellSize
        self.snapDistance = snapDistance
    }

    public var description: String {
        guard let baseLevel else {
            return "\(sources) sources; no areas loaded, so only square-grid cells (\(Int(cellSize)) m) were assigned"
        }
        var text = "\(sources) sources: \(inside) inside a \(baseLevel.rawValue), \(snapped) snapped to the nearest \(baseLevel.rawValue) within \(Int(snapDistance)) m, \(unassigned) unassigned; \(inGrid) in an administrative grid; cells of \(Int(cellSize)) m"
        if let locationMismatches {
            text += "\n\(locationMismatches) sources lie outside the area their register declares (permitwatch query location-mismatches)"
        }
        return text
    }
}
