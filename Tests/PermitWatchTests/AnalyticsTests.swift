import DeterministicRandom
import Enforcement
import Foundation
import GeoKit
import PermitWatch
import SpatiaLiteStore
import Store
import Testing
import TestSupport

/// The clusters and hot-spot use cases and commands on a small generated province, checked
/// against DBSCAN and Gi* run directly on the sources read independently.
@Suite("Clusters and hot spots", .serialized)
struct AnalyticsTests {
    /// The shared province, copied: this suite stores clusters and hot-spot runs.
    final class Province: Sendable {
        static let shared: Result<Province, any Error> = Result { try Province() }
        let path: String
        let database: SpatialDatabase
        /// Current sources, by source id.
        let current: [SourceRecord]
        let directory: URL

        private init() throws {
            (path, directory) = try SharedProvince.load().copy("analytics")
            database = try SpatialDatabase(path: path)
            current = try database.fetchSources().filter { $0.removedOn == nil }.sorted { $0.sourceID < $1.sourceID }
        }
    }

    var province: Province { get throws { try Province.shared.get() } }

    @Test func clustersAreDBSCANOfTheSelectedSourcesByIdAndTheRunIsStored() throws {
        let p = try province
        var options = ClusterAnalysis.Options()
        options.eps = 1500
        options.minPoints = 3
        options.statuses = [.unlicensed, .rectifying]
        let report = try ClusterAnalysis(store: p.database).run(options, storing: true)

        let selected = p.current.filter { $0.status == .unlicensed || $0.status == .rectifying }
        let expected = DBSCAN(eps: 1500, minPoints: 3).run(selected.map(\.projected))
        #expect(report.members.map(\.sourceID) == selected.map(\.sourceID))
        #expect(report.members.map(\.cluster) == expected.labels.map(Int.init))
        #expect(report.clusters.count == expected.clusterCount)
        #expect(report.clusters.count > 0)
        let context = try GEOSContext()
        for cluster in report.clusters {
            let members = selected.indices.filter { expected.labels[$0] == Int32(cluster.cluster) }
            #expect(cluster.members == members.count)
            #expect(cluster.members >= 3)
            #expect(cluster.firstSourceID == selected[members[0]].sourceID)
            #expect(cluster.towns == Array(Set(members.compactMap { selected[$0].assignment.townCode })).sorted())
            #expect(cluster.byStatus.reduce(0) { $0 + $1.1 } == cluster.members)
            #expect((0...100).contains(cluster.risk))
            // The outline (hull buffered by eps/2) holds every member.
            let outline = try GEOSGeometry(cluster.outline, context: context)
            for m in members { #expect(try outline.covers(GEOSGeometry(point: selected[m].location, context: context))) }
        }

        let run = try #require(try p.database.latestRun(kind: "clusters"))
        #expect(run.id == report.runID)
        #expect(run.parameters.contains(#""eps":1500"#) && run.parameters.contains("rectifying"))
        let stored = try p.database.fetchClusterMembership(run: run.id)
        #expect(stored.count == report.members.count)
        for member in report.members { #expect(stored[member.sourceID] == member.cluster) }
    }

    @Test func hotSpotsAreGiStarOfIndependentlyCountedCells() throws {
        let p = try province
        for (value, neighbours) in [(HotspotAnalysis.Value.count(.unlicensed), HotspotAnalysis.Neighbours.queen), (.rate(.unlicensed), .band(metres: 12_000))] {
            var options = HotspotAnalysis.Options()
            options.grid = .square(size: 5000)
            options.value = value
            options.neighbours = neighbours
            let report = try HotspotAnalysis(store: p.database).run(options, storing: true)

            var cells: [String: (x: Int, y: Int, total: Int, unlicensed: Int)] = [:]
            for s in p.current {
                let x = Int((s.projected.x / 5000).rounded(.down)), y = Int((s.projected.y / 5000).rounded(.down))
                var cell = cells["\(x)_\(y)"] ?? (x, y, 0, 0)
                cell.total += 1
                if s.status == .unlicensed { cell.unlicensed += 1 }
                cells["\(x)_\(y)"] = cell
            }
            let ordered = cells.values.sorted { ($0.x, $0.y) < ($1.x, $1.y) }
            #expect(report.cells.map(\.cell) == ordered.map { "\($0.x)_\($0.y)" })
            let values = ordered.map { value == .count(.unlicensed) ? Double($0.unlicensed) : Double($0.unlicensed) / Double($0.total) }
            #expect(report.cells.map(\.value) == values)
            #expect(report.cells.map(\.sources) == ordered.map(\.total))
            let squares = ordered.map { (x: $0.x, y: $0.y) }
            let weights = neighbours == .queen ? SpatialWeights.queen(squares) : SpatialWeights.distanceBand(squares, cellSize: 5000, distance: 12_000)
            let direct = try GetisOrdGiStar.compute(values: values, weights: weights)
            #expect(report.cells.map(\.z) == direct.cells.map(\.z))
            #expect(report.cells.map(\.bin) == direct.cells.map(\.bin))

            let analysis = HotspotAnalysis(store: p.database)
            let table = try analysis.table(report, outlines: true)
            #expect(table.columns == ["cx", "cy", "lon", "lat", "town_code", "town_name", "sources", "value", "z", "p", "bin"])
            #expect(table.rows.count == ordered.count)
            // The bulk outlines are the cells' own, corner for corner.
            let grid = SquareGrid(cellSize: 5000, metricCRS: .epsg4547)
            #expect(table.geometries == ordered.map { .multiPolygon(MultiPolygon(polygons: [grid.outline(ofCell: $0.x, $0.y)])) })
            #expect(try analysis.table(report, outlines: false).hasGeometry == false)
            // Each centre's town is the town polygon that holds it (the store's GEOS test against
            // the assignment's own index), z to 3 decimals, p to 4 significant digits.
            let towns = try p.database.fetchAreas(level: .town)
            let index = AreaIndex(areas: towns.map { ($0.code, $0.geometry) })
            for (row, cell) in zip(table.rows, report.cells) {
                let centre = MetricCRS.epsg4547.inverse(Coordinate((Double(cell.cx!) + 0.5) * 5000, (Double(cell.cy!) + 0.5) * 5000))
                #expect(row[2] == .real((centre.x * 1e6).rounded() / 1e6) && row[3] == .real((centre.y * 1e6).rounded() / 1e6))
                #expect(row[4] == (index.locate(centre).map { .text(index.codes[$0]) } ?? .null), "cell \(cell.cell)")
                #expect(row[8] == (cell.z.map { .real(($0 * 1000).rounded() / 1000) } ?? .null))
                if case .real(let rounded)? = Optional(row[9]), let exact = cell.p, exact > 0 {
                    #expect(abs(rounded - exact) <= exact * 5e-4, "p \(exact) shown as \(rounded)")
                }
            }
            #expect(table.rows.contains { $0[4] != .null })
            // What a person reads: the significant cells only, hottest first.
            let significant = try analysis.table(report, outlines: false, significantOnly: true)
            #expect(significant.rows.count == report.cells.filter { $0.bin != 0 }.count)
            let zs = significant.rows.compactMap { row -> Double? in if case .real(let z) = row[8] { z } else { nil } }
            #expect(zs == zs.sorted(by: >))
            #expect(significant.rows.allSatisfy { $0[10] != .integer(0) })
        }
        let run = try #require(try p.database.latestRun(kind: "hotspots"))
        #expect(run.parameters.contains("band:12000") && run.parameters.contains("rate:unlicensed"))
    }

    /// The store names the town of many points at once with the assignment's index, of a few
    /// with one GEOS test each in SQL: the two agree, point for point.
    @Test func manyPointsAndFewFindTheSameTowns() throws {
        let p = try province
        let box = try #require(try p.database.areaExtent())
        var random = SplitMix64(seed: 11)
        let points = (0..<1200).map { _ in
            Coordinate(box.minX + random.unit() * (box.maxX - box.minX), box.minY + random.unit() * (box.maxY - box.minY))
        }
        let together = try p.database.areas(containing: points, level: .town)
        let oneByOne = try stride(from: 0, to: points.count, by: 100).flatMap { start in
            try p.database.areas(containing: Array(points[start..<min(start + 100, points.count)]), level: .town)
        }
        #expect(together.map { $0?.code } == oneByOne.map { $0?.code })
        #expect(together.compactMap { $0 }.count > 100, "most random points should fall in some town")
    }

    @Test func administrativeGridsAreNeighboursAcrossSharedBordersOnly() throws {
        // A 3×3 tiling of unit squares: the centre shares a border with 4 squares, a corner with 4 more.
        let squares = (0..<9).map { k -> MultiPolygon in
            let x = Double(k % 3), y = Double(k / 3)
            let ring = [Coordinate(x, y), Coordinate(x + 1, y), Coordinate(x + 1, y + 1), Coordinate(x, y + 1), Coordinate(x, y)]
            return MultiPolygon(polygons: [Polygon(rings: [k % 2 == 0 ? ring : ring.reversed()])])
        }
        let weights = HotspotAnalysis.sharedBorders(squares)
        #expect(Array(weights.neighbours(of: 4)) == [1, 3, 5, 7])
        #expect(Array(weights.neighbours(of: 0)) == [1, 3])

        let p = try province
        var options = HotspotAnalysis.Options()
        options.grid = .admin
        options.value = .rate(.unlicensed)
        options.falseDiscoveryRate = true
        let report = try HotspotAnalysis(store: p.database).run(options, storing: false)
        let grids = Set(p.current.compactMap(\.assignment.gridCode))
        #expect(report.cells.map(\.cell) == grids.sorted())
        let table = try HotspotAnalysis(store: p.database).table(report, outlines: false)
        #expect(table.columns == ["grid", "grid_name", "town_code", "town_name", "sources", "value", "z", "p", "bin"])
        let grid = try #require(table.rows.first)
        let directory = Dictionary(uniqueKeysWithValues: try p.database.fetchAreaDirectory().filter { $0.level == .grid }.map { ($0.code, $0) })
        #expect(grid[1] == directory[report.cells[0].cell].map { .text($0.name) } && grid[2] == directory[report.cells[0].cell]?.parentCode.map { .text($0) })
        #expect(report.cutoffs.count == 3 && report.cutoffs[0] <= 0.01)
    }

    @Test func commandsWriteMembershipAndCellsAndRefuseBadOptions() throws {
        let p = try province
        let members = try CLI.run(["clusters", "--db", p.path, "--format", "csv", "--members", "--eps", "1500", "--min-points", "3"])
        #expect(members.status == 0, "\(members.err)")
        let lines = String(decoding: members.out, as: UTF8.self).split(separator: "\r\n")
        #expect(lines.first == "source_id,cluster")
        let ids = lines.dropFirst().map { String($0.split(separator: ",")[0]) }
        #expect(ids == p.current.filter { $0.status == .unlicensed }.map(\.sourceID))
        #expect(members.err.contains("clusters of"))

        let cells = try CLI.run(["hotspots", "--db", p.path, "--grid", "square:5000", "--format", "csv"])
        #expect(cells.status == 0, "\(cells.err)")
        let rows = String(decoding: cells.out, as: UTF8.self).split(separator: "\r\n")
        #expect(rows.first == "cx,cy,lon,lat,town_code,town_name,sources,value,z,p,bin")
        let keys = rows.dropFirst().map { row -> (Int, Int) in
            let f = row.split(separator: ",", omittingEmptySubsequences: false)
            return (Int(f[0])!, Int(f[1])!)
        }
        #expect(keys.map { "\($0.0),\($0.1)" } == keys.sorted { $0 < $1 }.map { "\($0.0),\($0.1)" })

        let bad = try CLI.run(["hotspots", "--db", p.path, "--grid", "hex:100"])
        #expect(bad.status != 0)
        #expect(bad.err.contains("square:METRES"))
        let tooFew = try CLI.run(["hotspots", "--db", p.path, "--grid", "square:300000"])
        #expect(tooFew.status == 2)
        #expect(tooFew.err.contains("at least 30"))
    }
}
