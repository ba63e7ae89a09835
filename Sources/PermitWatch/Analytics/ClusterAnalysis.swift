import Enforcement
import Foundation
import GeoKit
import Store

/// Where the selected sources cluster: DBSCAN in metres of the store's metric CRS (or on the
/// ellipsoid, when the store measures there), then for each cluster its
/// members, outline, neighbourhood and risk; stored as a run the server, the weekly report
/// and route planning read.
///
/// Risk (0–100) weighs four things a planner sends a team for, each scaled to 0…1:
/// size 35 % (ln members / ln 200, capped), density 25 % (members per km² of outline / 500,
/// capped), licensed neighbours 25 % (the share of the other sources within eps of a member
/// that are permitted or registered: unlicensed work next to legitimate industry), and overdue
/// rectifications nearby 15 % (rectifying sources within eps past their deadline, / 3, capped).
public struct ClusterAnalysis: Sendable {
    public struct Report: Sendable {
        public var clusters: [ClusterRecord]
        /// Every selected source with its cluster (-1 noise), in source-id order.
        public var members: [(sourceID: String, cluster: Int, core: Bool)]
        public var selected: Int
        public var noise: Int
        public var runID: Int64?
        public var timings: [(part: String, seconds: Double)]
    }

    /// What the analysis reads and where it stores its runs.
    public typealias Storage = RegisterAnalytics & SourceRegister & AreaStore & AnalysisRunStore & MetricCRSStore

    let store: any Storage

    public init(store: any Storage) { self.store = store }

    /// Runs the analysis; with `storing`, saves it as the latest clusters run, unless no
    /// source was selected: an empty run would become the priorities a route plan reads.
    ///
    /// - Throws: `ParameterError` for an area no area has, before anything is read.
    public func run(_ options: Options, storing: Bool) throws -> Report {
        try options.validate()
        try DataChecks.area(options.area, in: store)
        var timings: [(String, Double)] = []
        var clock = Stopwatch()
        let metricCRS = try store.metricCRSForReading()
        let selected = try store.fetchSourcePositions(statuses: options.statuses, area: options.area, lean: false, grids: true)
        timings.append(("read", clock.lap()))
        // Data measured on the ellipsoid: the plane finds candidates, the ellipsoid decides.
        var geocentric: [GeocentricPoint]?
        var reach = 1.0
        if metricCRS.distances == .geodesic {
            let geographic = selected.projected.map(metricCRS.inverse)
            geocentric = geographic.map(metricCRS.ellipsoid.geocentric)
            reach = metricCRS.planarReach(over: MetricCRS.extent(covering: geographic) ?? .empty)
        }
        let dbscan = DBSCAN(eps: options.eps, minPoints: options.minPoints)
        let result = geocentric.map { dbscan.run(selected.projected, geocentric: $0, planarReach: reach) } ?? dbscan.run(selected.projected)
        timings.append(("dbscan", clock.lap()))

        var membersOf = [[Int]](repeating: [], count: result.clusterCount)
        for (i, label) in result.labels.enumerated() where label >= 0 { membersOf[Int(label)].append(i) }
        let asOf = try options.asOf ?? store.latestEventDate() ?? DateText.today()
        let boxes = membersOf.map { Self.neighbourhoodBox($0.map { selected.projected[$0] }, eps: options.eps * reach, metricCRS: metricCRS) }
        let nearby = try store.fetchSources(inBoxes: boxes)
        timings.append(("neighbourhoods", clock.lap()))

        let context = try GEOSContext()
        var clusters: [ClusterRecord] = []
        clusters.reserveCapacity(result.clusterCount)
        for (number, members) in membersOf.enumerated() {
            clusters.append(try Self.describe(
                number: number, members: members, selected: selected, isCore: result.isCore, nearby: nearby[number],
                options: options, asOf: asOf, context: context, metricCRS: metricCRS, geocentric: geocentric))
        }
        timings.append(("outlines", clock.lap()))

        let membership = selected.sourceIDs.indices.map { (sourceID: selected.sourceIDs[$0], cluster: Int(result.labels[$0]), core: result.isCore[$0]) }
        let noise = result.labels.filter { $0 < 0 }.count
        var runID: Int64?
        if storing && selected.count > 0 {
            var writer = GeoJSONWriter()
            writer.writeJSON(.object(JSONObject([
                ("selected", .number(Double(selected.count))), ("clusters", .number(Double(clusters.count))), ("noise", .number(Double(noise))),
            ])))
            runID = try store.storeClusterRun(parameters: options.json, summary: writer.text, clusters: clusters, members: membership)
            timings.append(("store", clock.lap()))
        }
        return Report(clusters: clusters, members: membership, selected: selected.count, noise: noise, runID: runID, timings: timings)
    }

    /// The longitude/latitude box around the members, widened by eps (generously).
    static func neighbourhoodBox(_ points: [Coordinate], eps: Double, metricCRS: MetricCRS) -> BoundingBox {
        var box = BoundingBox.empty
        for p in points {
            box.minX = min(box.minX, p.x - eps); box.maxX = max(box.maxX, p.x + eps)
            box.minY = min(box.minY, p.y - eps); box.maxY = max(box.maxY, p.y + eps)
        }
        let corners = [Coordinate(box.minX, box.minY), Coordinate(box.minX, box.maxY), Coordinate(box.maxX, box.minY), Coordinate(box.maxX, box.maxY)]
            .map { metricCRS.inverse($0) }
        let margin = 1e-4
        return BoundingBox(
            minX: corners.map(\.x).min()! - margin, minY: corners.map(\.y).min()! - margin,
            maxX: corners.map(\.x).max()! + margin, maxY: corners.map(\.y).max()! + margin)
    }

    static func describe(
        number: Int, members: [Int], selected: SourcePositions, isCore: [Bool], nearby: [NearbySource], options: Options,
        asOf: String, context: GEOSContext, metricCRS: MetricCRS, geocentric: [GeocentricPoint]?
    ) throws -> ClusterRecord {
        let points = members.map { selected.projected[$0] }
        let memberIDs = Set(members.map { selected.sourceIDs[$0] })
        // Within eps of a member: in the plane, or along the ellipsoid (the chord under eps).
        let isNear: (Coordinate) -> Bool
        if let geocentric {
            let onEllipsoid = members.map { geocentric[$0] }
            let chord = Ellipsoid.chord(underArc: options.eps), chordSquared = chord * chord
            isNear = { projected in
                let point = metricCRS.ellipsoid.geocentric(metricCRS.inverse(projected))
                return onEllipsoid.contains { $0.squaredChord(to: point) <= chordSquared }
            }
        } else {
            let epsSquared = options.eps * options.eps
            isNear = { projected in points.contains { $0.squaredDistance(to: projected) <= epsSquared } }
        }
        var licensed = 0, others = 0, overdue = 0
        for source in nearby where !memberIDs.contains(source.sourceID) {
            guard isNear(source.projected) else { continue }
            others += 1
            if source.status == .permitted || source.status == .registered { licensed += 1 }
            if source.status == .rectifying, let deadline = source.deadline, deadline < asOf { overdue += 1 }
        }
        let outline = try Self.outline(points, buffer: options.eps / 2, context: context, concaveRatio: nil)
        let concave = options.concaveHull ? try Self.outline(points, buffer: options.eps / 2, context: context, concaveRatio: options.concaveRatio) : nil
        let areaKM2 = outline.area / 1e6
        let density = areaKM2 > 0 ? Double(members.count) / areaKM2 : 0
        let size: Double = min(1, log(Double(members.count)) / log(200))
        let crowding: Double = min(1, density / 500)
        let licensedShare: Double = others > 0 ? Double(licensed) / Double(others) : 0
        let overdueShare: Double = min(1, Double(overdue) / 3)
        let risk: Double = 100 * (0.35 * size + 0.25 * crowding + 0.25 * licensedShare + 0.15 * overdueShare)
        var centre = Coordinate(0, 0)
        for p in points { centre.x += p.x / Double(points.count); centre.y += p.y / Double(points.count) }
        let byStatus = Self.counts(members.map { selected.statuses[$0].rawValue })
        let byIndustry = Self.counts(members.map { selected.industries[$0] ?? "unknown" })
        let towns: [String] = Array(Set(members.compactMap { selected.townCodes[$0] })).sorted()
        let grids: [String] = Array(Set(members.compactMap { selected.gridCodes[$0] })).sorted()
        let coreMembers = members.filter { isCore[$0] }.count
        return ClusterRecord(
            cluster: number, members: members.count, coreMembers: coreMembers,
            firstSourceID: selected.sourceIDs[members[0]], centroid: metricCRS.inverse(centre),
            areaKM2: areaKM2, densityPerKM2: density, risk: (risk * 10).rounded() / 10,
            licensedNearby: licensed, sourcesNearby: others, overdueNearby: overdue,
            byStatus: byStatus, byIndustry: byIndustry, towns: towns, grids: grids,
            outline: Self.toWGS84(outline.polygon, from: metricCRS),
            concaveOutline: concave.map { Self.toWGS84($0.polygon, from: metricCRS) })
    }

    /// Value counts, most first, ties by value.
    static func counts(_ values: [String]) -> [(String, Int)] {
        var tally: [String: Int] = [:]
        for value in values { tally[value, default: 0] += 1 }
        return tally.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The hull of the points (convex, or concave at `concaveRatio`) buffered by `buffer` metres.
    static func outline(_ points: [Coordinate], buffer: Double, context: GEOSContext, concaveRatio: Double?) throws -> (polygon: MultiPolygon, area: Double) {
        let base = points.count == 1 ? try GEOSGeometry(point: points[0], context: context) : try GEOSGeometry(lineString: points, context: context)
        let hull = try concaveRatio.map { try base.concaveHull(ratio: $0) } ?? base.convexHull()
        let buffered = try hull.buffer(buffer)
        return (try buffered.toMultiPolygon(), try buffered.area())
    }

    /// The outline in longitude/latitude, every longitude in −180…180 (`MetricCRS.inverse`).
    static func toWGS84(_ projected: MultiPolygon, from metricCRS: MetricCRS) -> MultiPolygon {
        MultiPolygon(polygons: projected.polygons.map { polygon in
            Polygon(rings: polygon.rings.map { ring in ring.map { metricCRS.inverse($0) } })
        })
    }
}
