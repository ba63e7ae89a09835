import Enforcement
import Foundation
import GeoKit
import Logging
import ParallelWork
import Store

/// `permitwatch ingest areas`: loads one level of boundaries from GeoJSON (GeoKit's reader) or
/// any vector format GDAL reads (Shapefile, GeoPackage, File Geodatabase, KML/KMZ, GeoJSON with a
/// legacy `crs` member), repairing invalid polygons with a warning, and re-assigns the sources.
public struct AreaIngest: Sendable {
    public struct Options: Sendable {
        public var level: AreaLevel
        /// The coordinate system the user declares (`--crs`); nil: the file's own metadata, else
        /// WGS-84 (with coordinates that cannot be degrees rejected).
        public var crs: CoordinateSystem?
        /// The layer of a file with several (`--layer`).
        public var layer: String?
        /// The text encoding of a `.dbf` without `.cpg` (`--encoding GBK`).
        public var encoding: String?
        public var codeField: String?
        public var nameField: String?
        public var parentField: String?
        /// Whether to re-assign every source afterwards (off while `init` loads several levels).
        public var reassign = true
        public var snapDistance: Double = 500
        /// `--metric-crs`: the metric CRS for a store that has none yet (`MetricCRSChoice`).
        public var metricCRS: MetricCRS?

        public init(level: AreaLevel) {
            self.level = level
        }
    }

    public struct Report: Sendable {
        public var file: String
        public var level: AreaLevel
        public var areas: Int
        public var repaired: Int
        public var warnings: [String]
        public var assignment: AssignmentSummary?
    }

    /// Where the areas go and the re-assignment.
    public typealias Storage = AreaStore & Assignment.Storage

    let database: any Storage
    let logger: Logger
    let progress: ProgressReporter

    public init(database: any Storage, logger: Logger, progress: ProgressReporter = .silent) {
        self.database = database
        self.logger = logger
        self.progress = progress
    }

    static let codeAliases = ["code", "adcode", "geoid", "id", "编码", "代码"]
    static let nameAliases = ["name", "名称", "namelsad"]
    static let parentAliases = ["parent", "parent_code", "parentcode", "上级编码"]

    public func run(file path: String, options: Options) throws -> Report {
        let (input, areas, warnings) = try Self.read(path, options: options, logger: logger, progress: progress)
        let metricCRS = try MetricCRSChoice.forIngest(stored: database.metricCRS(), requested: options.metricCRS) {
            areas.flatMap { area in
                let box = area.geometry.boundingBox
                return [Coordinate(box.minX, box.minY), Coordinate(box.maxX, box.maxY)]
            }
        }
        let log = IngestLogEntry(
            kind: "areas:\(options.level.rawValue)", file: path, crs: input.conversion.description, rows: areas.count,
            warnings: warnings.count, metricCRS: metricCRS)
        let finalAreas = areas
        try progress.step("writing \(areas.count) \(options.level.rawValue) areas") {
            try database.replaceAreas(level: options.level, with: finalAreas, log: log)
        }
        var assignment: AssignmentSummary?
        if options.reassign {
            assignment = try Assignment(database: database, logger: logger, progress: progress).run(snapDistance: options.snapDistance)
        }
        return Report(file: path, level: options.level, areas: areas.count, repaired: warnings.count, warnings: warnings, assignment: assignment)
    }

    /// The file's areas, read, checked and repaired, with the repairs' warnings: all that `run`
    /// does before it writes, and all `InputCheck.areas` does (it has no database).
    static func read(
        _ path: String, options: Options, logger: Logger, progress: ProgressReporter
    ) throws -> (input: FeatureInput, areas: [AreaRecord], warnings: [String]) {
        let input = try FeatureInput.read(
            path, options: .init(crs: options.crs, layer: options.layer, encoding: options.encoding, requirement: .polygonal), progress: progress)
        for warning in input.warnings { logger.warning("\(path): \(warning)") }
        if input.hasNoGeometry && !input.features.isEmpty {
            throw RejectedInput(problem: input.problem(
                path, feature: nil, field: nil,
                "the layer has no geometries (read by GDAL's \(input.reader) driver); expected Polygon or MultiPolygon features"))
        }
        guard !input.features.isEmpty else {
            throw RejectedInput(problem: input.problem(path, feature: nil, field: nil, "the file has no features; expected Polygon or MultiPolygon features"))
        }
        let drafts = try areaDrafts(input, file: path, options: options)
        let (areas, warnings) = try repaired(drafts, file: path, level: options.level, input: input, logger: logger, progress: progress)
        return (input, areas, warnings)
    }

    /// One feature's area before its polygon is checked: its code, names and WGS-84 polygon.
    struct Draft {
        var feature: Int
        var code: String
        var name: String
        var parent: String?
        var officer: String?
        var phone: String?
        var geometry: MultiPolygon
    }

    /// Reads each feature's code, name, parent and officer, and converts its polygon to WGS-84;
    /// every problem of the file is collected before it is rejected.
    private static func areaDrafts(_ input: FeatureInput, file path: String, options: Options) throws -> [Draft] {
        var problems = ProblemList()
        var drafts: [Draft] = []
        var firstFeature: [String: Int] = [:]
        for feature in input.features {
            func property(_ explicit: String?, _ aliases: [String]) -> (key: String, value: JSONValue)? {
                if let explicit { return feature.properties.first { $0.key.lowercased() == explicit.lowercased() } }
                for alias in aliases {
                    if let hit = feature.properties.first(where: { $0.key.lowercased() == alias }) { return hit }
                }
                return nil
            }
            func problem(_ field: String?, _ message: String) {
                problems.append(input.problem(path, feature: feature.index, field: field, message))
            }
            guard let codeProperty = property(options.codeField, Self.codeAliases), let code = Self.text(codeProperty.value) else {
                problem(options.codeField ?? "code", "missing; expected the area's code (pass --code-field to name the property)")
                continue
            }
            if let earlier = firstFeature.updateValue(feature.index, forKey: code) {
                firstFeature[code] = earlier
                problem(codeProperty.key, "duplicate code \(code) (first in feature \(earlier)); expected each area once")
                continue
            }
            let name = property(options.nameField, Self.nameAliases).flatMap { Self.text($0.value) } ?? code
            let parent = property(options.parentField, Self.parentAliases).flatMap { Self.text($0.value) }
            if options.parentField != nil && parent == nil {
                problem(options.parentField, "missing; expected the parent area's code")
                continue
            }
            guard let geometry = feature.geometry?.multiPolygon else {
                problem("geometry", "expected a Polygon or MultiPolygon, found \(feature.geometry?.typeName ?? "null")")
                continue
            }
            guard let converted = input.conversion.toWGS84(.multiPolygon(geometry))?.multiPolygon else {
                problem("geometry", "its coordinates cannot be converted from \(input.conversion.description) to WGS-84; expected coordinates in that system")
                continue
            }
            if let message = input.conversion.rangeProblem(converted.boundingBox) {
                problem("geometry", message)
                continue
            }
            drafts.append(Draft(
                feature: feature.index, code: code, name: name, parent: parent,
                officer: property(nil, ["officer", "负责人", "网格员"]).flatMap { Self.text($0.value) },
                phone: property(nil, ["officer_phone", "phone", "电话"]).flatMap { Self.text($0.value) }, geometry: converted))
        }
        try problems.throwIfAny()
        return drafts
    }

    /// Checks every polygon and repairs the invalid ones (GEOS, in parallel: each call makes its
    /// own context), with a warning naming the feature; a polygon that cannot be repaired, or
    /// has no area left, rejects the file.
    private static func repaired(
        _ drafts: [Draft], file path: String, level: AreaLevel, input: FeatureInput, logger: Logger, progress: ProgressReporter
    ) throws -> (areas: [AreaRecord], warnings: [String]) {
        let repairs = ChunkResults<Result<(MultiPolygon, String?), Error>>(count: drafts.count)
        let geometries = drafts.map(\.geometry)
        progress.report("checking \(drafts.count) polygons")
        DispatchQueue.concurrentPerform(iterations: drafts.count) { i in
            repairs.set(i, Result { try PolygonRepair.repair(geometries[i]) })
        }
        var problems = ProblemList()
        var areas: [AreaRecord] = []
        var warnings: [String] = []
        for (draft, outcome) in zip(drafts, repairs.values) {
            switch outcome {
            case .success(let (geometry, reason)):
                if let reason {
                    let location = input.layer.map { "\(path): layer \($0), feature \(draft.feature)" } ?? "\(path): feature \(draft.feature)"
                    let warning = "\(location) (\(draft.code) \(draft.name)): repaired invalid polygon: \(reason)"
                    warnings.append(warning)
                    logger.warning("\(warning)")
                }
                if geometry.polygons.isEmpty {
                    problems.append(input.problem(path, feature: draft.feature, field: "geometry", "the polygon has no area after repair; expected a polygon with an interior"))
                    continue
                }
                areas.append(AreaRecord(
                    level: level, code: draft.code, name: draft.name, parentCode: draft.parent,
                    officer: draft.officer, officerPhone: draft.phone, geometry: geometry.rfc7946Oriented(), repairNote: reason))
            case .failure(let error):
                problems.append(input.problem(path, feature: draft.feature, field: "geometry", "cannot be repaired: \(error)"))
            case .none:
                problems.append(input.problem(path, feature: draft.feature, field: "geometry", "was not checked"))
            }
        }
        try problems.throwIfAny()
        return (areas, warnings)
    }

    /// A property as a code or name: strings as they are, integral numbers without a fraction.
    static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let s): return s.isEmpty ? nil : s
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        case .object(let object): return object["adcode"].flatMap(text) ?? object["code"].flatMap(text)
        default: return nil
        }
    }
}

extension MultiPolygon {
    func rfc7946Oriented() -> MultiPolygon {
        MultiPolygon(polygons: polygons.map { $0.rfc7946Oriented() })
    }
}
