import DeterministicRandom
import Enforcement
import Foundation
import GeoKit
import PermitWatch
import SpatiaLiteStore
import Store
import Testing
import TestSupport

/// Route planning on a small generated province (default priorities from a stored clusters
/// run) and on stops files; every plan's schedule is re-walked here from the stops' positions.
@Suite("Route planning", .serialized)
struct RoutePlanningTests {
    /// The shared province, copied: this suite stores a clusters run and route plans.
    final class Province: Sendable {
        static let shared: Result<Province, any Error> = Result { try Province() }
        let database: SpatialDatabase
        let directory: URL

        private init() throws {
            let copy = try SharedProvince.load().copy("routes")
            directory = copy.directory
            database = try SpatialDatabase(path: copy.path)
            var options = ClusterAnalysis.Options()
            options.eps = 1500
            options.minPoints = 3
            _ = try ClusterAnalysis(store: database).run(options, storing: true)
        }
    }

    /// Re-walks every team from the positions: legs are the straight EPSG:4547 metres × detour,
    /// times follow from the speed and the service, each stop once, every team back in time.
    static func checkSchedule(_ plan: RoutePlan, _ request: RoutePlanRequest) {
        let speed = request.speedKmh / 3.6, service = request.serviceMinutes * 60
        let depot = MetricCRS.epsg4547.forward(plan.depot)
        var seen = Set<String>()
        for team in plan.teams {
            var clock = 0.0, metres = 0.0
            var previous = depot
            for visit in team.visits {
                #expect(seen.insert(visit.stop.id).inserted, "\(visit.stop.id) visited twice")
                let projected = visit.stop.projected ?? MetricCRS.epsg4547.forward(visit.stop.location)
                let leg = hypot(projected.x - previous.x, projected.y - previous.y) * request.detour
                #expect(abs(leg - visit.legMetres) < 1e-6)
                clock += leg / speed
                metres += leg
                #expect(abs(visit.arrivalSeconds - clock) < 1e-6)
                clock += service
                #expect(abs(visit.departureSeconds - clock) < 1e-6)
                previous = projected
            }
            let back = hypot(depot.x - previous.x, depot.y - previous.y) * request.detour
            clock += back / speed
            metres += back
            #expect(abs(team.metres - metres) < 1e-6)
            if !team.visits.isEmpty { #expect(abs(team.returnSeconds - clock) < 1e-6) }
            if request.shiftHours > 0 { #expect(team.returnSeconds <= request.shiftHours * 3600 + 1e-3) }
        }
        let left = Set((plan.unvisited + plan.outOfReach + plan.unreachableByRoad).map(\.id))
        #expect(left.isDisjoint(with: seen))
        #expect(left.count + seen.count == plan.candidates)
    }

    @Test func defaultPrioritiesComeFromTheLatestClustersRun() throws {
        let province = try Province.shared.get()
        var request = RoutePlanRequest()
        request.teams = 2
        request.shiftHours = 6
        request.iterations = 30
        let plan = try RoutePlanning(store: province.database).plan(request)
        Self.checkSchedule(plan, request)
        #expect(plan.prize > 0)
        // Priorities by the rule, recomputed from the stored membership.
        let run = try #require(try province.database.latestRun(kind: "clusters"))
        let membership = try province.database.fetchClusterMembership(run: run.id)
        var size: [Int: Int] = [:]
        for cluster in membership.values where cluster >= 0 { size[cluster, default: 0] += 1 }
        let sources = Dictionary(uniqueKeysWithValues: try province.database.fetchSources().map { ($0.sourceID, $0) })
        for stop in plan.teams.flatMap(\.visits).map(\.stop) + plan.unvisited {
            let source = try #require(sources[stop.id])
            switch source.status {
            case .unlicensed:
                let cluster = membership[stop.id] ?? -1
                #expect(stop.priority == Double(cluster >= 0 ? size[cluster]! : 1), "\(stop.id)")
            case .rectifying: #expect(stop.priority == 5)
            default: Issue.record("\(stop.id) is \(source.status), not a suspect")
            }
        }
        // The same seed and iterations give the same plan.
        let again = try RoutePlanning(store: province.database).plan(request)
        #expect(again.teams.map { $0.visits.map(\.stop.id) } == plan.teams.map { $0.visits.map(\.stop.id) })
    }

    @Test func stopsFileWithDetourAndEveryFormat() throws {
        let province = try Province.shared.get()
        let file = province.directory.appendingPathComponent("stops.csv").path
        var lines = ["source_id,lon,lat,priority"]
        var random = SplitMix64(seed: 3)
        for i in 0..<60 { lines.append("S\(i),\(113.2 + random.unit() * 0.2),\(23.0 + random.unit() * 0.2),\(1 + i % 7)") }
        try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        var request = RoutePlanRequest()
        request.stops = .file(file)
        request.depot = .point(lon: 113.3, lat: 23.1)
        request.teams = 3
        request.shiftHours = 4
        request.detour = 1.3
        request.iterations = 40
        let plan = try RoutePlanning(store: province.database).plan(request)
        Self.checkSchedule(plan, request)
        #expect(plan.candidates == 60 && !plan.unvisited.isEmpty)

        let geojson = try #require(try JSONSerialization.jsonObject(with: Data(plan.geoJSON().utf8)) as? [String: Any])
        let features = try #require(geojson["features"] as? [[String: Any]])
        let routeLines = features.filter { ($0["geometry"] as? [String: Any])?["type"] as? String == "LineString" }
        #expect(routeLines.count == plan.teams.filter { !$0.visits.isEmpty }.count)
        #expect(features.count == routeLines.count + plan.itineraryTable().rows.count)
        #expect(plan.gpx().components(separatedBy: "<rte>").count - 1 == routeLines.count)
        #expect(plan.gpx().components(separatedBy: "<rtept").count - 1 == plan.teams.reduce(0) { $0 + ($1.visits.isEmpty ? 0 : $1.visits.count + 2) })
        #expect(plan.html().contains("<svg") && plan.html().contains("Team 1"))
    }

    /// Every stop tells the team what it needs: name, status, USCC, industry, town and grid by
    /// name, the grid officer and phone, and why it is on the list, in the table, CSV, JSON and
    /// GeoJSON rows, the GPX waypoints and the printable page (one A4 page per team).
    @Test func itinerariesCarryWhatAFieldTeamNeeds() throws {
        let province = try Province.shared.get()
        var request = RoutePlanRequest()
        request.teams = 2
        request.shiftHours = 6
        request.iterations = 30
        request.depot = .point(lon: 113.3, lat: 23.1)
        let plan = try RoutePlanning(store: province.database).plan(request)
        let sources = Dictionary(uniqueKeysWithValues: try province.database.fetchSources().map { ($0.sourceID, $0) })
        let areas = Dictionary(try province.database.fetchAreaDirectory().map { ("\($0.level.rawValue):\($0.code)", $0) }, uniquingKeysWith: { a, _ in a })
        let run = try #require(try province.database.latestRun(kind: "clusters"))
        let risks = try province.database.fetchClusterRisks(run: run.id)
        let membership = try province.database.fetchClusterMembership(run: run.id)
        let table = plan.itineraryTable()
        let column = Dictionary(uniqueKeysWithValues: table.columns.enumerated().map { ($1, $0) })
        var stops = 0, inClusters = 0
        for row in table.rows {
            guard case .text(let kind) = row[column["kind"]!], ["stop", "unvisited", "out_of_reach"].contains(kind),
                case .text(let id) = row[column["source_id"]!]
            else { continue }
            stops += 1
            let source = try #require(sources[id])
            let grid = areas["grid:\(source.assignment.gridCode ?? "")"], town = areas["town:\(source.assignment.townCode ?? "")"]
            #expect(row[column["name"]!] == .text(source.name))
            #expect(row[column["status"]!] == .text(source.status.rawValue))
            #expect(row[column["uscc"]!] == (source.uscc.map { .text($0) } ?? .null))
            #expect(row[column["town_name"]!] == (town.map { .text($0.name) } ?? .null))
            #expect(row[column["grid_name"]!] == (grid.map { .text($0.name) } ?? .null))
            #expect(row[column["officer"]!] == (grid?.officer.map { .text($0) } ?? .null))
            guard case .text(let reason) = row[column["reason"]!] else {
                Issue.record("\(id) has no reason")
                continue
            }
            if source.status == .rectifying {
                #expect(reason == "rectifying, deadline \(source.deadline!) passed")
            } else if let cluster = membership[id], cluster >= 0 {
                inClusters += 1
                let risk = try #require(risks[cluster])
                #expect(reason.hasPrefix("unlicensed, in cluster \(cluster) of clusters run \(run.id) ("), "\(reason)")
                #expect(reason.hasSuffix("risk \(risk == risk.rounded() ? String(Int(risk)) : String(risk)))"), "\(reason)")
            } else {
                #expect(reason == "unlicensed, in no cluster")
            }
        }
        #expect(stops > 0 && inClusters > 0)

        let visit = try #require(plan.teams.first { !$0.visits.isEmpty }?.visits.first)
        let card = try #require(visit.stop.card)
        let gpx = plan.gpx()
        #expect(gpx.contains("<name>1. \(card.name)</name>"))
        #expect(gpx.contains("\(visit.stop.id) · \(card.status.rawValue); USCC \(card.uscc!), industry \(card.industry!); "))
        #expect(gpx.contains("officer \(card.officer!) \(card.officerPhone!)"))
        let html = plan.html()
        let moving = plan.teams.filter { !$0.visits.isEmpty }.count
        #expect(html.components(separatedBy: "<section class=\"team\">").count - 1 == moving)
        #expect(html.contains("@page{size:A4") && html.contains("section.team{break-before:page}"))
        #expect(html.contains("<th class=\"sign\">inspector's signature</th>"))
        #expect(html.contains("<b>\(card.name)</b><br>\(visit.stop.id)<br>\(card.uscc!)<br>industry \(card.industry!)"))
        #expect(html.components(separatedBy: "<svg").count - 1 == moving + 1, "an overview map and one per team")
    }

    /// `--query`: the stops are the sources a catalog query returns, with their default
    /// priorities; a query without a source_id column is refused by name.
    @Test func stopsFromACatalogQuery() throws {
        let province = try Province.shared.get()
        var request = RoutePlanRequest()
        request.stops = .query(name: "overdue-rectifications", parameters: ["as_of": "2020-12-31"], directories: [])
        request.asOf = "2020-12-31"
        // The sample's overdue sources lie far apart: one team, no shift limit, every stop.
        request.teams = 1
        request.shiftHours = 0
        request.iterations = 30
        request.limit = 100_000
        let plan = try RoutePlanning(store: province.database).plan(request)
        Self.checkSchedule(plan, request)
        let overdue = Set(try province.database.fetchSources().filter {
            $0.removedOn == nil && $0.status == .rectifying && ($0.deadline ?? "9999") < "2020-12-31"
        }.map(\.sourceID))
        #expect(!overdue.isEmpty)
        let planned = plan.teams.flatMap(\.visits).map(\.stop) + plan.unvisited + plan.outOfReach
        #expect(Set(planned.map(\.id)) == overdue)
        #expect(planned.allSatisfy { $0.priority == 5 })

        request.stops = .query(name: "unlicensed-by-town", parameters: [:], directories: [])
        #expect {
            try RoutePlanning(store: province.database).plan(request)
        } throws: { "\($0)".contains("unlicensed-by-town: has no source_id column") }
    }

    /// `route plan` stores each plan (served at /collections/routes) unless `--no-store`.
    @Test func theCommandStoresPlansUnlessAskedNotTo() throws {
        let province = try Province.shared.get()
        let file = province.directory.appendingPathComponent("cli-stops.csv").path
        try "source_id,lon,lat,priority\nA,113.31,23.10,2\nB,113.32,23.11,1\nC,113.29,23.12,3\n".write(toFile: file, atomically: true, encoding: .utf8)
        let path = province.directory.appendingPathComponent("routes.sqlite").path
        let arguments = ["route", "plan", "--db", path, "--stops", file, "--depot", "113.3,23.1", "--teams", "1", "--iterations", "5", "--format", "csv"]
        let first = try CLI.run(arguments)
        #expect(first.status == 0, "\(first.err)")
        let stored = try #require(first.err.range(of: "stored as plan \\d+", options: .regularExpression).map { String(first.err[$0]) })
        let second = try CLI.run(arguments)
        let next = "stored as plan \((Int(stored.split(separator: " ").last ?? "") ?? 0) + 1)"
        #expect(second.err.contains(next), "\(second.err)")
        let unstored = try CLI.run(arguments + ["--no-store"])
        #expect(unstored.status == 0 && !unstored.err.contains("stored as plan"), "\(unstored.err)")
        #expect(String(decoding: unstored.out, as: UTF8.self).contains("A") )
    }

    @Test func singleTeamWithoutShiftVisitsEveryStop() throws {
        let province = try Province.shared.get()
        var request = RoutePlanRequest()
        request.teams = 1
        request.shiftHours = 0
        request.iterations = 200
        request.limit = 150
        let plan = try RoutePlanning(store: province.database).plan(request)
        Self.checkSchedule(plan, request)
        #expect(plan.teams[0].visits.count == plan.candidates && plan.unvisited.isEmpty)
    }

    @Test func infeasibleRequestsNameTheirCause() throws {
        let province = try Province.shared.get()
        let file = province.directory.appendingPathComponent("far.csv").path
        try "source_id,lon,lat,priority\nFAR,116.0,25.0,3\n".write(toFile: file, atomically: true, encoding: .utf8)
        var request = RoutePlanRequest()
        request.stops = .file(file)
        request.depot = .point(lon: 113.3, lat: 23.1)
        request.iterations = 5
        #expect {
            try RoutePlanning(store: province.database).plan(request)
        } throws: { error in
            "\(error)".contains("FAR is further than half a shift")
        }
        request.teams = 0
        #expect(throws: ParameterError("teams", "0", "expected at least 1 team: there is nobody to send")) {
            try RoutePlanning(store: province.database).plan(request)
        }
        let bad = province.directory.appendingPathComponent("bad.csv").path
        try "source_id,lon,lat,priority\nA,113.3,23.1,2\nB,abc,23.1,1\n".write(toFile: bad, atomically: true, encoding: .utf8)
        request.teams = 1
        request.stops = .file(bad)
        #expect {
            try RoutePlanning(store: province.database).plan(request)
        } throws: { error in
            "\(error)".contains("bad.csv:3")
        }
    }

    static let hongKongRoads = "roads/hongkong_hku_pedestrian_network_wgs84.geojson"

    @Test(.requires(.realData(hongKongRoads)))
    func roadNetworkDepotInTheSeaAndUnreachableStops() throws {
        let roads = try RealData.require(Self.hongKongRoads)
        let province = try Province.shared.get()
        let file = province.directory.appendingPathComponent("hk.csv").path
        try "source_id,lon,lat,priority\nA,114.1354,22.2857,2\nB,114.1377,22.2852,1\n".write(toFile: file, atomically: true, encoding: .utf8)
        var request = RoutePlanRequest()
        request.stops = .file(file)
        request.roadsFile = roads
        request.teams = 1
        request.iterations = 5
        request.depot = .point(lon: 114.0, lat: 22.0)
        #expect {
            try RoutePlanning(store: province.database).plan(request)
        } throws: { error in
            "\(error)".contains("from the nearest road")
        }
        request.depot = .point(lon: 114.1354, lat: 22.2857)
        let plan = try RoutePlanning(store: province.database).plan(request)
        #expect(plan.teams[0].visits.count + plan.unreachableByRoad.count + plan.unvisited.count == 2)
        #expect(plan.travel.contains("road nodes"))
        if let team = plan.teams.first, !team.visits.isEmpty { #expect(team.path.count > team.visits.count + 2) }
    }

    @Test(.requires(.realData(hongKongRoads)))
    func storedRoadNetworkIsFollowedUnlessStraightLinesAreAsked() throws {
        let roads = try RealData.require(Self.hongKongRoads)
        let temporary = try TemporaryDatabase()
        let loaded = try RoadIngest(database: temporary.database).run(file: roads)
        #expect(loaded.roads == 1725 && loaded.components == 21)
        let stored = try temporary.database.fetchRoads()
        #expect(stored.count == 1725)
        #expect(stored[0].coordinates.first == Coordinate(114.13538002746195, 22.285688487128155))
        #expect(stored.filter { $0.direction != .both }.count == 8)
        let file = temporary.directory.appendingPathComponent("hk.csv").path
        try "source_id,lon,lat,priority\nA,114.1377,22.2852,1\nB,114.1400,22.2840,3\n".write(toFile: file, atomically: true, encoding: .utf8)
        var request = RoutePlanRequest()
        request.stops = .file(file)
        request.depot = .point(lon: 114.1354, lat: 22.2857)
        request.teams = 1
        request.iterations = 20
        let byRoad = try RoutePlanning(store: temporary.database).plan(request)
        #expect(byRoad.travel.contains("the stored network"))
        request.straightLines = true
        let straight = try RoutePlanning(store: temporary.database).plan(request)
        #expect(straight.travel.hasPrefix("straight lines"))
        Self.checkSchedule(straight, request)
        #expect(byRoad.metres >= straight.metres)
    }

    /// Issue 13: the one-team tour over the stored Hong Kong network never returned. The network
    /// has 8 one-way segments, so a path and its way back differ (by up to 40 m between these
    /// stops) and the tour search, whose moves assumed symmetric costs, cycled for ever. The
    /// issue's nine stops, plus three on footpaths of three other pieces of the network
    /// (components of 194, 94 and 86 nodes, each point 340, 230 and 180 m from the nearest node
    /// the depot can reach, so that it snaps into its own piece): planned within its 2 s, every
    /// reachable stop visited, the other three reported unreachable.
    @Test(.requires(.realData(hongKongRoads)))
    func oneTeamTourOverTheHongKongNetworkReturnsWithinItsSeconds() throws {
        let roads = try RealData.require(Self.hongKongRoads)
        let temporary = try TemporaryDatabase()
        _ = try RoadIngest(database: temporary.database).run(file: roads)
        let reachable = [
            "S00,114.136074,22.282905", "S01,114.139024,22.284281", "S02,114.132487,22.282380",
            "S04,114.138169,22.285781", "S05,114.134560,22.284466", "S07,114.135206,22.285656",
            "S09,114.135140,22.286025", "S10,114.136461,22.283420", "S11,114.134177,22.285050",
        ]
        let unreachable = ["U01,114.141799,22.281358", "U02,114.135234,22.279433", "U03,114.140773,22.282511"]
        let file = temporary.directory.appendingPathComponent("issue-13.csv").path
        try (["source_id,lon,lat,priority"] + (reachable + unreachable).map { $0 + ",1" }).joined(separator: "\n")
            .write(toFile: file, atomically: true, encoding: .utf8)
        var request = RoutePlanRequest()
        request.stops = .file(file)
        request.depot = .point(lon: 114.136533, lat: 22.283945)
        request.teams = 1
        request.shiftHours = 0
        request.seconds = 2
        let start = Date()
        let plan = try RoutePlanning(store: temporary.database).plan(request)
        let elapsed = Date().timeIntervalSince(start)

        #expect(plan.travel.contains("the stored network"))
        // The search reads its clock every 16 kicks of a few microseconds each; around it, the
        // plan reads the 1,725 stored roads, builds the graph, runs 11 Dijkstras and draws the
        // route by A*: 0.2 s in a debug build, allowed 1 s.
        #expect(plan.solveSeconds <= 2.1, "the search took \(plan.solveSeconds) s")
        #expect(elapsed <= 3, "the plan took \(elapsed) s")
        let team = try #require(plan.teams.first)
        #expect(Set(team.visits.map(\.stop.id)) == Set(reachable.map { String($0.prefix(3)) }))
        #expect(team.visits.count == reachable.count)
        #expect(plan.unreachableByRoad.map(\.id).sorted() == ["U01", "U02", "U03"])
        #expect(plan.unvisited.isEmpty && plan.outOfReach.isEmpty)
        // Each leg is the directed road cost from the stop before; they add up to the tour.
        #expect(abs(team.visits.reduce(0) { $0 + $1.legMetres } + team.returnLegMetres - team.metres) < 1e-6)
    }
}
