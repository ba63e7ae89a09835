import Enforcement
import Foundation
import GeoKit
import PermitWatch
import Store
import Testing

/// The use cases on an in-memory store: their rules, their storing and their refusals, with no
/// SQL behind them (the SpatiaLite store is exercised by every other suite).
@Suite("Use cases on an in-memory store")
struct UseCaseTests {
    /// A source at EPSG:4547 metres (x, y), its WGS-84 position derived from them.
    static func source(_ id: String, x: Double, y: Double, status: SourceStatus = .unlicensed, industry: String? = nil) -> SourceRecord {
        let projected = Coordinate(x, y)
        return SourceRecord(
            sourceID: id, name: "source \(id)", industry: industry, status: status, location: MetricCRS.epsg4547.inverse(projected),
            projected: projected)
    }

    /// A square area around the EPSG:4547 point (x, y), `size` metres wide.
    static func square(_ level: AreaLevel, _ code: String, parent: String?, x: Double, y: Double, size: Double) -> AreaRecord {
        let corners = [(x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y)]
            .map { MetricCRS.epsg4547.inverse(Coordinate($0.0, $0.1)) }
        return AreaRecord(level: level, code: code, name: "area \(code)", parentCode: parent, geometry: MultiPolygon(polygons: [Polygon(rings: [corners])]))
    }

    static let origin = (x: 500_000.0, y: 2_550_000.0)

    static func log(_ kind: String) -> IngestLogEntry { IngestLogEntry(kind: kind, file: "test", rows: 0, warnings: 0, metricCRS: .epsg4547) }

    @Test func clustersAreFoundOnTheSelectedStatusesAndTheRunIsStored() throws {
        let store = InMemoryStore()
        var records: [SourceRecord] = []
        // Two tight groups of five unlicensed sources 10 km apart, and one lone source.
        for (group, dx) in [0.0, 10_000].enumerated() {
            for k in 0..<5 {
                records.append(Self.source("G\(group)-\(k)", x: Self.origin.x + dx + Double(k) * 50, y: Self.origin.y, industry: "C\(group)"))
            }
        }
        records.append(Self.source("LONE", x: Self.origin.x + 5_000, y: Self.origin.y))
        // A permitted source in the first group's neighbourhood: licensed next door.
        records.append(Self.source("PERMIT", x: Self.origin.x + 100, y: Self.origin.y + 60, status: .permitted))
        try store.replaceSources(records, events: [], log: Self.log("sources"))

        var options = ClusterAnalysis.Options()
        options.eps = 120
        options.minPoints = 3
        let report = try ClusterAnalysis(store: store).run(options, storing: true)
        #expect(report.clusters.map(\.members) == [5, 5])
        #expect(report.clusters.map(\.firstSourceID) == ["G0-0", "G1-0"])
        #expect(report.noise == 1 && report.selected == 11)
        #expect(report.clusters[0].licensedNearby == 1 && report.clusters[1].licensedNearby == 0)
        #expect(report.clusters[0].byIndustry.map(\.0) == ["C0"])
        let run = try #require(try store.latestRun(kind: "clusters"))
        #expect(report.runID == run.id)
        #expect(try store.fetchClusterMembership(run: run.id)["LONE"] == -1)
        #expect(try store.fetchClusterMembership(run: run.id)["G1-4"] == 1)

        // Not stored: nothing new.
        _ = try ClusterAnalysis(store: store).run(options, storing: false)
        #expect(try store.latestRun(kind: "clusters")?.id == run.id)
    }

    /// An area no area has is refused by every use case that takes one, before anything runs;
    /// an analysis of an empty selection answers, but is not stored (a route plan would
    /// otherwise draw its priorities from it).
    @Test func unknownAreasAreRefusedAndEmptyRunsAreNotStored() throws {
        let store = InMemoryStore()
        try store.replaceAreas(level: .prefecture, with: [Self.square(.prefecture, "44", parent: nil, x: Self.origin.x, y: Self.origin.y, size: 4000)], log: Self.log("areas"))
        let records = (0..<6).map { i in
            var record = Self.source("S\(i)", x: Self.origin.x + Double(i) * 50, y: Self.origin.y + 300)
            record.assignment.prefectureCode = "44"
            return record
        }
        try store.replaceSources(records, events: [], log: Self.log("sources"))
        let unknown = ParameterError(
            "area", "9999", "no prefecture, county, town or grid has this code; expected the code of a prefecture, county, town or grid in this database",
            kind: .rejected)
        var clusters = ClusterAnalysis.Options()
        clusters.area = "9999"
        #expect(throws: unknown) { try ClusterAnalysis(store: store).run(clusters, storing: true) }
        var hotspots = HotspotAnalysis.Options()
        hotspots.area = "9999"
        #expect(throws: unknown) { try HotspotAnalysis(store: store).run(hotspots, storing: true) }
        var route = RoutePlanRequest()
        route.stops = .suspects(area: "9999")
        route.iterations = 5
        #expect(throws: unknown) { try RoutePlanning(store: store, archive: store).plan(route) }
        #expect(store.routePlans.isEmpty)
        #expect(try store.latestRun(kind: "clusters") == nil && store.latestRun(kind: "hotspots") == nil)

        // A known area with none of the statuses: an empty answer, not stored.
        clusters.area = "44"
        clusters.statuses = [.special]
        let empty = try ClusterAnalysis(store: store).run(clusters, storing: true)
        #expect(empty.selected == 0 && empty.clusters.isEmpty && empty.runID == nil)
        #expect(try store.latestRun(kind: "clusters") == nil)
        clusters.statuses = [.unlicensed]
        clusters.minPoints = 3
        let found = try ClusterAnalysis(store: store).run(clusters, storing: true)
        #expect(found.selected == 6 && found.clusters.count == 1 && found.runID != nil)
    }

    /// `iterations` alone runs exactly that many, whatever the machine's speed, and the plan
    /// says which limit ended the search.
    @Test func iterationsAloneRunExactlyThatMany() throws {
        let store = InMemoryStore()
        let records = (0..<12).map { Self.source("S\($0)", x: Self.origin.x + Double($0 % 4) * 900, y: Self.origin.y + Double($0 / 4) * 700) }
        try store.replaceSources(records, events: [], log: Self.log("sources"))
        var request = RoutePlanRequest()
        request.teams = 2
        request.shiftHours = 2
        request.depot = .point(lon: MetricCRS.epsg4547.inverse(Coordinate(Self.origin.x, Self.origin.y)).x, lat: MetricCRS.epsg4547.inverse(Coordinate(Self.origin.x, Self.origin.y)).y)
        request.iterations = 400
        #expect(request.searchLimit.seconds == nil && request.searchLimit.iterations == 400)
        let first = try RoutePlanning(store: store).plan(request)
        let second = try RoutePlanning(store: store).plan(request)
        #expect(first.iterations == 400 && first.stoppedBy == "its 400 iterations")
        #expect(first.teams.map { $0.visits.map(\.stop.id) } == second.teams.map { $0.visits.map(\.stop.id) })
        // Without either limit, the default time limit; with both, whichever comes first.
        #expect(RoutePlanRequest().searchLimit.seconds == RoutePlanRequest.defaultSeconds)
        request.seconds = 0.05
        request.iterations = 1_000_000_000
        let timed = try RoutePlanning(store: store).plan(request)
        #expect(timed.iterations < 1_000_000_000 && timed.stoppedBy == "its 0.05 s time limit")
    }

    @Test func clusterOptionsRefuseWhatCannotBeClustered() throws {
        #expect(throws: ParameterError("eps", "0", "expected metres from 0.01 to 100000")) {
            try ClusterAnalysis.Options(statuses: nil, area: nil, eps: 0, minPoints: nil, concaveHull: false, asOf: nil)
        }
        #expect(throws: ParameterError("min_points", "0", "expected a whole number from 1")) {
            try ClusterAnalysis.Options(statuses: nil, area: nil, eps: nil, minPoints: 0, concaveHull: false, asOf: nil)
        }
        #expect(throws: ParameterError("as_of", "2020-13-01", "expected a date YYYY-MM-DD")) {
            try ClusterAnalysis.Options(statuses: nil, area: nil, eps: nil, minPoints: nil, concaveHull: false, asOf: "2020-13-01")
        }
        let error = try #require(throws: ParameterError.self) {
            try ClusterAnalysis.Options(statuses: "unlicensed,bogus", area: nil, eps: nil, minPoints: nil, concaveHull: false, asOf: nil)
        }
        // The same error, in each front end's words.
        #expect(error.message(for: .commandLine) == "--status unlicensed,bogus: bogus is not a status; " + "expected statuses separated by commas: permitted, registered, rectifying, special or unlicensed")
        #expect(error.message(for: .http).hasPrefix("status=unlicensed,bogus is not valid: bogus is not a status"))
    }

    @Test func hotSpotsFindTheDenseBlockAndTheRunIsStored() throws {
        let store = InMemoryStore()
        // A 7 × 7 block of occupied 1 km cells: one unlicensed source in each, and nine more in
        // each of the centre's 3 × 3 cells.
        var records: [SourceRecord] = []
        for i in 0..<7 {
            for j in 0..<7 {
                let x = Self.origin.x + Double(i) * 1000 + 500, y = Self.origin.y + Double(j) * 1000 + 500
                records.append(Self.source("C\(i)-\(j)", x: x, y: y, status: (i + j) % 2 == 0 ? .unlicensed : .registered))
                if (2...4).contains(i) && (2...4).contains(j) {
                    for k in 0..<9 { records.append(Self.source("H\(i)-\(j)-\(k)", x: x + Double(k) * 10, y: y)) }
                }
            }
        }
        try store.replaceSources(records, events: [], log: Self.log("sources"))
        let report = try HotspotAnalysis(store: store).run(HotspotAnalysis.Options(), storing: true)
        #expect(report.cells.count == 49)
        let centre = try #require(report.cells.first { $0.cx == 503 && $0.cy == 2553 })
        #expect(centre.value == 10 && centre.bin == 3)
        #expect(report.cells.filter { $0.bin > 0 }.allSatisfy { (502...504).contains($0.cx!) && (2552...2554).contains($0.cy!) })
        let run = try #require(try store.latestRun(kind: "hotspots"))
        #expect(try store.fetchHotspotBins(run: run).bins["503_2553"] == 3)

        // Fewer than 30 cells cannot be judged: refused, nothing stored.
        let few = InMemoryStore()
        try few.replaceSources(Array(records.prefix(10)), events: [], log: Self.log("sources"))
        #expect(throws: Refusal.self) { try HotspotAnalysis(store: few).run(HotspotAnalysis.Options(), storing: true) }
        #expect(try few.latestRun(kind: "hotspots") == nil)
    }

    @Test func aRoutePlanIsStoredOnlyWhenThereIsAnArchive() throws {
        let store = InMemoryStore()
        let records = (0..<6).map { Self.source("S\($0)", x: Self.origin.x + Double($0) * 800, y: Self.origin.y + 300) }
        try store.replaceSources(records, events: [], log: Self.log("sources"))
        let depot = MetricCRS.epsg4547.inverse(Coordinate(Self.origin.x, Self.origin.y))
        try store.replaceDepots(
            [DepotRecord(code: "D1", name: "bureau", countyCode: nil, location: depot, projected: Coordinate(Self.origin.x, Self.origin.y))],
            log: Self.log("depots"))
        var request = RoutePlanRequest()
        request.teams = 1
        request.shiftHours = 8
        request.iterations = 10

        let unstored = try RoutePlanning(store: store).plan(request)
        #expect(unstored.planID == nil && store.routePlans.isEmpty)
        #expect(unstored.depotName == "D1")
        #expect(Set(unstored.teams.flatMap(\.visits).map(\.stop.id)) == Set(records.map(\.sourceID)))

        let stored = try RoutePlanning(store: store, archive: store).plan(request)
        #expect(stored.planID == 1 && store.routePlans.count == 1)
        #expect(store.routePlans[0].teams[0].stopIDs == stored.teams[0].visits.map(\.stop.id))

        // No candidate: refused, nothing stored.
        let empty = InMemoryStore()
        #expect(throws: Refusal.self) { try RoutePlanning(store: empty, archive: empty).plan(request) }
        #expect(empty.routePlans.isEmpty)
        // A catalog query needs a store that runs SQL.
        request.stops = .query(name: "overdue-rectifications", parameters: [:], directories: [])
        #expect(throws: Refusal.self) { try RoutePlanning(store: store).plan(request) }
    }

    @Test func routeRequestsAreCheckedTheSameFromEveryFrontEnd() throws {
        var request = RoutePlanRequest()
        request.depot = RoutePlanRequest.Depot(parsing: "200,23")
        #expect(throws: ParameterError("depot", "200,23", "expected LON,LAT in degrees")) { try request.validate() }
        request.depot = RoutePlanRequest.Depot(parsing: "113.3, 23.1")
        #expect(request.depot == .point(lon: 113.3, lat: 23.1))
        #expect(RoutePlanRequest.Depot(parsing: "440106-BUREAU") == .code("440106-BUREAU"))
        request.stops = .list([RouteStop(id: "X", location: Coordinate(113, 95), priority: 1)])
        #expect(throws: ParameterError("stops", "X", "expected lon and lat in degrees")) { try request.validate() }
        #expect(throws: ParameterError("start", "8:3x", "expected a clock time HH:MM")) { try ClockTime.minutes("8:3x", parameter: "start") }
        #expect(try ClockTime.minutes("08:30", parameter: "start") == 510)
        #expect(throws: ParameterError.self) { try RoutePlanRequest.Stops.choosing(area: "4401", cluster: 3, file: nil, list: nil, query: nil) }
    }

    @Test func assignmentPlacesSourcesInTownsAndTheirParents() throws {
        let store = InMemoryStore()
        try store.replaceAreas(level: .prefecture, with: [Self.square(.prefecture, "44", parent: nil, x: Self.origin.x, y: Self.origin.y, size: 4000)], log: Self.log("areas"))
        try store.replaceAreas(level: .county, with: [Self.square(.county, "4401", parent: "44", x: Self.origin.x, y: Self.origin.y, size: 4000)], log: Self.log("areas"))
        try store.replaceAreas(level: .town, with: [
            Self.square(.town, "440101", parent: "4401", x: Self.origin.x, y: Self.origin.y, size: 2000),
            Self.square(.town, "440102", parent: "4401", x: Self.origin.x + 2000, y: Self.origin.y, size: 2000),
        ], log: Self.log("areas"))
        try store.replaceSources([
            Self.source("A", x: Self.origin.x + 500, y: Self.origin.y + 500),
            Self.source("B", x: Self.origin.x + 2500, y: Self.origin.y + 500),
            Self.source("NEAR", x: Self.origin.x + 4200, y: Self.origin.y + 500),
            Self.source("FAR", x: Self.origin.x + 9000, y: Self.origin.y + 500),
        ], events: [], log: Self.log("sources"))
        let summary = try Assignment(database: store, logger: quietLogger).run(cellSize: 1000, snapDistance: 500)
        #expect(summary.inside == 2 && summary.snapped == 1 && summary.unassigned == 1 && summary.changed == 4)
        let placed = Dictionary(uniqueKeysWithValues: try store.fetchSources().map { ($0.sourceID, $0.assignment) })
        #expect(placed["A"]?.townCode == "440101" && placed["A"]?.countyCode == "4401" && placed["A"]?.prefectureCode == "44")
        #expect(placed["B"]?.townCode == "440102")
        #expect(placed["NEAR"]?.placement == .snapped && placed["NEAR"]?.townCode == "440102")
        #expect(placed["FAR"]?.placement == .unassigned)
        #expect(placed["A"]?.cellX == 500 && placed["A"]?.cellY == 2550)
        // The same again changes nothing.
        #expect(try Assignment(database: store, logger: quietLogger).run(cellSize: 1000, snapDistance: 500).changed == 0)

        let rows = try SourceSummary(store: store).run(by: .town)
        #expect(rows.map(\.code) == ["440101", "440102", "unassigned"])
        #expect(rows.map(\.total) == [1, 2, 1])
        #expect(throws: ParameterError("snap", "-1", "expected zero or more metres")) { try Assignment.check(snapDistance: -1, cellSize: nil) }
    }

    @Test func theWeeklyReportReplaysTheHistoryToTheEndOfTheWeek() throws {
        let store = InMemoryStore()
        try store.replaceAreas(level: .grid, with: [Self.square(.grid, "G1", parent: nil, x: Self.origin.x, y: Self.origin.y, size: 2000)], log: Self.log("areas"))
        var a = Self.source("A", x: Self.origin.x + 100, y: Self.origin.y + 100)
        a.assignment.gridCode = "G1"
        var b = Self.source("B", x: Self.origin.x + 900, y: Self.origin.y + 100, status: .permitted)
        b.assignment.gridCode = "G1"
        try store.replaceSources([a, b], events: [
            EventRecord(sourceID: "A", date: "2020-09-29", kind: .discovered, status: .unlicensed),
            EventRecord(sourceID: "B", date: "2020-09-30", kind: .discovered, status: .unlicensed),
            EventRecord(sourceID: "B", date: "2020-10-07", kind: .permitted, status: .permitted),
        ], log: Self.log("sources"))
        let report = WeeklyReport(store: store)
        let w40 = try report.run(try WeeklyReport.Options(week: "2020-W40", grid: nil, area: nil, inspectionWeeks: nil))
        #expect(w40.rows.map(\.code) == ["G1"])
        #expect(w40.total.figures.unlicensed == 2 && w40.total.figures.found == 2)
        let w41 = try report.run(try WeeklyReport.Options(week: "2020-W41", grid: nil, area: nil, inspectionWeeks: nil))
        #expect(w41.total.figures.unlicensed == 1 && w41.total.figures.resolvedPermitted == 1 && w41.total.figures.netChange == -1)
        // The default week is the last complete one of the data: the events end on a Wednesday.
        #expect(try report.defaultWeek()?.description == "2020-W40")
        #expect(throws: ParameterError.self) { try report.run(try WeeklyReport.Options(week: nil, grid: nil, area: "NOPE", inspectionWeeks: nil)) }
        #expect(throws: Refusal.self) { try WeeklyReport(store: InMemoryStore()).run(WeeklyReport.Options()) }
    }
}
