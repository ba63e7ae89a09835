import Enforcement
import Foundation
import GeoKit
import PermitWatch
import SpatiaLiteStore
import Store
import Testing
import TestSupport

/// Every shipped catalog query run against a small generated province and checked against the
/// same answer computed independently in Swift from the stored sources, areas and events.
///
/// One province is generated and initialised for the whole suite (about 10 s in debug builds);
/// the tests only read it.
@Suite("Query catalog: the shipped queries against an independent computation")
struct QueryCatalogTests {
    var province: CatalogProvince {
        get throws { try CatalogProvince.shared.get() }
    }

    // MARK: - Every query

    /// Every shipped query parses, declares an order, and runs with the parameters of its example
    /// and with generated values for its required parameters; geometries decode.
    @Test func everyShippedQueryRunsWithItsExampleAndWithGeneratedParameters() throws {
        let p = try province
        #expect(p.catalog.all.count >= 12)
        for query in p.catalog.all {
            #expect(query.sql.uppercased().contains("ORDER BY"), "\(query.name) has no ORDER BY: its row order is not deterministic")
            if let example = query.example {
                #expect(example.hasPrefix("permitwatch query \(query.name)"), "\(query.name): example '\(example)'")
                let result = try p.run(query.name, Self.exampleParameters(example))
                #expect(!result.columns.isEmpty)
            }
            var generated: [String: String] = [:]
            for parameter in query.parameters where parameter.requirement == .required {
                generated[parameter.name] = try p.sampleValue(for: parameter)
            }
            let result = try p.run(query.name, generated)
            if let column = query.geometryColumn {
                let index = try #require(result.columns.firstIndex(of: column))
                for (row, geometry) in zip(result.rows, result.geometries) where row[index] != .null {
                    #expect(geometry != nil, "\(query.name): a geometry did not decode")
                }
            }
        }
    }

    // MARK: - Aggregates

    /// A value that could only select nothing is refused, naming the parameter and what was
    /// expected; statuses are read as a register writes them.
    @Test func valuesThatCannotMatchAreRefusedNamingTheParameter() throws {
        let p = try province
        func refusal(_ name: String, _ parameters: [String: String]) -> String {
            do {
                _ = try p.run(name, parameters)
                return "ran"
            } catch let error as QueryError {
                guard case .invalidParameter = error else { return "other: \(error)" }
                return error.description
            } catch {
                return "other: \(error)"
            }
        }
        let area = "the code of a prefecture, county, town or grid in this database; no area has this code"
        #expect(refusal("sources", ["area": "9999"]) == "query sources: parameter area: '9999' is not valid; expected \(area)")
        #expect(refusal("unlicensed-by-town", ["county": "nope"]) == "query unlicensed-by-town: parameter county: 'nope' is not valid; expected \(area)")
        #expect(refusal("area-summary", ["area": "nope"]).hasPrefix("query area-summary: parameter area: 'nope' is not valid"))
        #expect(refusal("unlicensed-by-grid", ["grid": "hexagon"]) == "query unlicensed-by-grid: parameter grid: 'hexagon' is not valid; expected one of admin, square")
        #expect(refusal("sources", ["status": "bogus"]).contains("parameter status: 'bogus' is not valid; expected a status: permitted, registered"))
        #expect(refusal("sources-near", ["at": "113.26,23.13", "radius": "-5"]) == "query sources-near: parameter radius: '-5' is not valid; expected a number above 0")
        #expect(refusal("source-density", ["cell_km": "0"]) == "query source-density: parameter cell_km: '0' is not valid; expected an integer from 1")
        #expect(refusal("status-changes", ["from": "2020-05-01", "to": "2020-04-01"])
            == "query status-changes: parameter to: '2020-04-01' is not valid; expected a date YYYY-MM-DD, on or after from: it is before from (2020-05-01)")
        #expect(refusal("status-changes", ["from": "2020-05-01", "to": "2020-05-02", "kind": "fixed"]).contains("parameter kind: 'fixed' is not valid; expected an event kind: listed,"))
        let span = try #require(p.events.map(\.date).min()).prefix(4)
        let before = "\(Int(span)! - 1)-W10"
        #expect(refusal("newly-found", ["week": before]).contains("parameter week: '\(before)' is not valid; expected a week the data's events reach ("))
        // A status in another case or in Chinese is the same status.
        let unlicensed = try p.run("sources", ["status": "unlicensed"]).strings("source_id")
        #expect(!unlicensed.isEmpty)
        #expect(try p.run("sources", ["status": "Unlicensed"]).strings("source_id") == unlicensed)
        #expect(try p.run("sources", ["status": "无证"]).strings("source_id") == unlicensed)
        #expect(try p.run("uninspected-since", ["since": "2020-07-01", "status": "ALL"]).rows.count
            == p.run("uninspected-since", ["since": "2020-07-01", "status": "all"]).rows.count)
    }

    /// `find`: the sources whose name, id or USCC holds the text, the closest matches first.
    @Test func findRanksSourcesByHowWellTheirNameOrCodeMatches() throws {
        let p = try province
        let sample = try #require(p.current.first { ($0.uscc ?? "").count == 18 && $0.name.count >= 4 })
        let texts = [
            "化工", String(sample.name.prefix(3)), sample.name, String(sample.uscc!.dropFirst(2).prefix(8)).lowercased(), sample.sourceID,
            sample.uscc!,
        ]
        for text in texts {
            let lower = text.lowercased(), upper = text.uppercased()
            func rank(_ s: SourceRecord) -> Int? {
                let name = s.name.lowercased(), uscc = (s.uscc ?? "").uppercased()
                guard name.contains(lower) || uscc.contains(upper) || s.sourceID.contains(text) else { return nil }
                if s.sourceID == text || s.uscc == upper { return 0 }
                if name == lower { return 1 }
                if name.hasPrefix(lower) { return 2 }
                if name.contains(lower) { return 3 }
                return 4
            }
            let expected = p.current.compactMap { s in rank(s).map { (s, $0) } }
                .sorted { ($0.1, $0.0.name.count, $0.0.sourceID) < ($1.1, $1.0.name.count, $1.0.sourceID) }
            let result = try p.run("find", ["text": text])
            #expect(result.strings("source_id") == expected.map(\.0.sourceID), "\(text)")
            #expect(result.ints("match") == expected.map(\.1), "\(text)")
            #expect(!expected.isEmpty, "\(text) should find something")
        }
        #expect(try p.run("find", ["text": sample.sourceID]).ints("match").first == 0)
        #expect(throws: QueryError.invalidParameter(query: "find", parameter: "text", value: " x ", expected: "text of at least 2 characters")) {
            try p.run("find", ["text": " x "])
        }
    }

    @Test func unlicensedByTownCountsTheSourcesOfEachTown() throws {
        let p = try province
        let unlicensed = p.current.filter { $0.status == .unlicensed }
        let busiest = try #require(p.busiestUnlicensedSource)
        let filters: [[String: String]] = [
            [:],
            ["prefecture": busiest.assignment.prefectureCode!],
            ["county": busiest.assignment.countyCode!],
            ["prefecture": busiest.assignment.prefectureCode!, "county": busiest.assignment.countyCode!],
        ]
        for filter in filters {
            let selected = unlicensed.filter { s in
                filter["prefecture"].map { s.assignment.prefectureCode == $0 } ?? true
                    && filter["county"].map { s.assignment.countyCode == $0 } ?? true
            }
            let counts = Self.count(selected.compactMap(\.assignment.townCode))
            let result = try p.run("unlicensed-by-town", filter)
            #expect(result.strings("town_code") == counts.map(\.key), "\(filter)")
            #expect(result.ints("unlicensed") == counts.map(\.value), "\(filter)")
            for row in result.rowIndices {
                let town = try #require(p.area(.town, result.string(row, "town_code")))
                let county = try #require(p.area(.county, town.parentCode))
                let prefecture = try #require(p.area(.prefecture, county.parentCode))
                #expect(result.string(row, "town_name") == town.name)
                #expect(result.string(row, "county_code") == county.code && result.string(row, "county_name") == county.name)
                #expect(result.string(row, "prefecture_code") == prefecture.code && result.string(row, "prefecture_name") == prefecture.name)
                let km2 = try #require(p.areaKm2["town/\(town.code)"])
                #expect(abs((result.double(row, "area_km2") ?? -1) - km2) <= 0.0005 + 1e-9)
                let density = Double(result.int(row, "unlicensed") ?? 0) / km2
                #expect(abs((result.double(row, "unlicensed_per_km2") ?? -1) - density) <= 0.00005 + 1e-9)
                try Self.expectCentre(result, row, Self.centroid(town.geometry), "town \(town.code)")
                #expect(result.geometries[row] == .multiPolygon(town.geometry))
            }
        }
        // Over the whole province the towns hold every unlicensed source but the unassigned ones.
        let all = try p.run("unlicensed-by-town")
        #expect(all.ints("unlicensed").compactMap { $0 }.reduce(0, +) == unlicensed.filter { $0.assignment.townCode != nil }.count)
    }

    @Test func unlicensedByAdministrativeGridCountsTheSourcesOfEachGrid() throws {
        let p = try province
        let busiest = try #require(p.busiestUnlicensedSource)
        let filters: [[String: String]] = [
            [:],
            ["grid": "admin", "prefecture": busiest.assignment.prefectureCode!],
            ["grid": "ADMIN", "county": busiest.assignment.countyCode!],
            ["town": busiest.assignment.townCode!],
        ]
        for filter in filters {
            let selected = p.unlicensed(matching: filter)
            let counts = Self.count(selected.compactMap(\.assignment.gridCode))
            let result = try p.run("unlicensed-by-grid", filter)
            #expect(result.strings("grid_code") == counts.map(\.key), "\(filter)")
            #expect(result.ints("unlicensed") == counts.map(\.value), "\(filter)")
            for row in result.rowIndices {
                #expect(result.string(row, "grid") == "admin")
                let grid = try #require(p.area(.grid, result.string(row, "grid_code")))
                let town = try #require(p.area(.town, grid.parentCode))
                let county = try #require(p.area(.county, town.parentCode))
                let prefecture = try #require(p.area(.prefecture, county.parentCode))
                #expect(result.string(row, "grid_name") == grid.name)
                #expect(result.string(row, "officer") == grid.officer && result.string(row, "officer_phone") == grid.officerPhone)
                #expect(result.string(row, "town_code") == town.code && result.string(row, "town_name") == town.name)
                #expect(result.string(row, "county_code") == county.code && result.string(row, "county_name") == county.name)
                #expect(result.string(row, "prefecture_code") == prefecture.code && result.string(row, "prefecture_name") == prefecture.name)
                try Self.expectCentre(result, row, Self.centroid(grid.geometry), "grid \(grid.code)")
                #expect(result.geometries[row] == .multiPolygon(grid.geometry))
            }
        }
    }

    @Test func unlicensedBySquareGridCountsTheSourcesOfEachCell() throws {
        let p = try province
        let busiest = try #require(p.busiestUnlicensedSource)
        let size = p.cellSize
        for filter: [String: String] in [[:], ["county": busiest.assignment.countyCode!], ["town": busiest.assignment.townCode!]] {
            let selected = p.unlicensed(matching: filter).filter { $0.assignment.cellX != nil }
            var byCell: [String: [SourceRecord]] = [:]
            for source in selected { byCell["\(source.assignment.cellX!)_\(source.assignment.cellY!)", default: []].append(source) }
            let expected = byCell.map { (code: $0.key, sources: $0.value) }
                .sorted { $0.sources.count != $1.sources.count ? $0.sources.count > $1.sources.count : $0.code < $1.code }
            let result = try p.run("unlicensed-by-grid", filter.merging(["grid": "square"]) { $1 })
            #expect(result.strings("grid_code") == expected.map(\.code), "\(filter)")
            #expect(result.ints("unlicensed") == expected.map(\.sources.count), "\(filter)")
            for (row, cell) in zip(result.rowIndices, expected) {
                #expect(result.string(row, "grid") == "square")
                #expect(result.values("grid_name")[row] == .null && result.values("officer")[row] == .null)
                // The town holding most of the cell's sources, the lowest code on a tie.
                let towns = Self.count(cell.sources.compactMap(\.assignment.townCode))
                #expect(result.string(row, "town_code") == towns.first?.key, "cell \(cell.code)")
                if let town = p.area(.town, towns.first?.key) {
                    #expect(result.string(row, "town_name") == town.name)
                    let county = p.area(.county, town.parentCode)
                    #expect(result.string(row, "county_code") == county?.code && result.string(row, "county_name") == county?.name)
                    #expect(result.string(row, "prefecture_name") == p.area(.prefecture, county?.parentCode)?.name)
                }
                #expect(abs((result.double(row, "area_km2") ?? 0) - size * size / 1e6) <= 0.0005 + 1e-9)
                // The cell is the square IX*size..(IX+1)*size in EPSG:4547, in WGS-84.
                let ix = Double(cell.sources[0].assignment.cellX!), iy = Double(cell.sources[0].assignment.cellY!)
                let corners = [(ix, iy), (ix + 1, iy), (ix + 1, iy + 1), (ix, iy + 1), (ix, iy)].map {
                    MetricCRS.epsg4547.inverse(Coordinate($0.0 * size, $0.1 * size))
                }
                guard case .polygon(let square) = result.geometries[row] else {
                    Issue.record("cell \(cell.code): geometry is not a polygon: \(String(describing: result.geometries[row]))")
                    continue
                }
                #expect(square.rings.count == 1 && square.rings[0].count == 5)
                for (got, want) in zip(square.rings[0], corners) {
                    #expect(abs(got.x - want.x) < 1e-7 && abs(got.y - want.y) < 1e-7, "cell \(cell.code): corner \(got) != \(want)")
                }
                try Self.expectCentre(result, row, Self.centroid(MultiPolygon(polygons: [Polygon(rings: [corners])])), "cell \(cell.code)")
                for source in cell.sources {
                    #expect(source.projected.x >= ix * size && source.projected.x < (ix + 1) * size)
                    #expect(source.projected.y >= iy * size && source.projected.y < (iy + 1) * size)
                }
            }
        }
    }

    @Test func areaSummaryAgreesWithTheStoreSummary() throws {
        let p = try province
        for level in AreaLevel.allCases {
            let summaries = try p.database.summary(by: .area(level))
            let chosen = level == .prefecture || level == .county ? summaries : Self.spread(summaries.filter { $0.code != "unassigned" }, 40)
            for summary in chosen where summary.code != "unassigned" {
                let result = try p.run("area-summary", ["area": summary.code])
                try #require(result.rows.count == 1, "\(level.rawValue) \(summary.code)")
                let area = try #require(p.area(level, summary.code))
                #expect(result.string(0, "level") == level.rawValue && result.string(0, "name") == area.name)
                #expect(result.string(0, "parent_code") == area.parentCode)
                #expect(result.string(0, "parent_name") == level.parent.flatMap { p.area($0, area.parentCode)?.name })
                #expect(result.string(0, "officer") == area.officer)
                for status in SourceStatus.allCases {
                    #expect(result.int(0, status.rawValue) == summary.counts[status] ?? 0, "\(summary.code) \(status.rawValue)")
                }
                #expect(result.int(0, "total") == summary.total)
                for asOf in ["2020-12-31", "2020-09-01"] {
                    let overdue = p.current.filter {
                        $0.assignment.code(at: level) == summary.code && $0.status == .rectifying && ($0.deadline ?? "9") < asOf
                    }.count
                    let row = try asOf == "2020-12-31" ? result : p.run("area-summary", ["area": summary.code, "as_of": asOf])
                    #expect(row.int(0, "overdue_rectifying") == overdue, "\(summary.code) as of \(asOf)")
                }
                #expect(result.geometries[0] == .multiPolygon(area.geometry))
                try Self.expectCentre(result, 0, Self.centroid(area.geometry), "\(level.rawValue) \(area.code)")
            }
        }
    }

    // MARK: - Lists of sources

    @Test func unlicensedInAreaListsTheSourcesOfAnAreaOfAnyLevel() throws {
        let p = try province
        let busiest = try #require(p.busiestUnlicensedSource)
        let codes = AreaLevel.allCases.compactMap { busiest.assignment.code(at: $0) }
        #expect(codes.count == 4)
        for code in codes {
            let expected = p.current
                .filter { $0.status == .unlicensed && $0.isIn(code) }
                .sorted { ($0.assignment.townCode ?? "", $0.assignment.gridCode ?? "", $0.sourceID) < ($1.assignment.townCode ?? "", $1.assignment.gridCode ?? "", $1.sourceID) }
            let result = try p.run("unlicensed-in-area", ["area": code])
            #expect(result.strings("source_id") == expected.map(\.sourceID), "area \(code)")
            #expect(!expected.isEmpty)
            for (row, source) in zip(result.rowIndices, expected) {
                try p.expectSourceColumns(result, row, source)
                #expect(result.string(row, "status") == "unlicensed" && result.string(row, "status_date") == source.statusDate)
                #expect(result.string(row, "cell") == source.assignment.cellX.map { "\($0)_\(source.assignment.cellY!)" })
                #expect(result.string(row, "officer") == p.area(.grid, source.assignment.gridCode)?.officer)
            }
        }
    }

    @Test func sourcesNearIsTheBruteForceDistanceScan() throws {
        let p = try province
        let busiest = try #require(p.busiestUnlicensedSource)
        let other = p.current[p.current.count / 3]
        let cases: [(at: Coordinate, radius: Double?, status: String?)] = [
            (busiest.location, nil, nil),
            (busiest.location, 5_000, "unlicensed"),
            (Coordinate(busiest.location.x + 0.013, busiest.location.y - 0.007), 800, nil),
            (other.location, 15_000, "registered"),
            (other.location, 0.5, nil),
        ]
        var nonEmpty = 0
        for c in cases {
            let centre = MetricCRS.epsg4547.forward(c.at)
            let radius = c.radius ?? 2_000
            let expected = p.current
                .filter { c.status == nil || $0.status.rawValue == c.status }
                .compactMap { source -> (source: SourceRecord, distance: Double)? in
                    let dx = source.projected.x - centre.x, dy = source.projected.y - centre.y
                    return dx * dx + dy * dy <= radius * radius ? (source, (dx * dx + dy * dy).squareRoot()) : nil
                }
                .sorted { $0.distance != $1.distance ? $0.distance < $1.distance : $0.source.sourceID < $1.source.sourceID }
            var parameters = ["at": "\(c.at.x),\(c.at.y)"]
            if let r = c.radius { parameters["radius"] = "\(r)" }
            if let s = c.status { parameters["status"] = s }
            let result = try p.run("sources-near", parameters)
            #expect(result.strings("source_id") == expected.map(\.source.sourceID), "\(parameters)")
            for (row, e) in zip(result.rowIndices, expected) {
                // To the decimetre: within half of one of the true distance, and a whole number of them.
                let distance = try #require(result.double(row, "distance_m"))
                #expect(abs(distance - e.distance) <= 0.05 + 1e-9 && abs(distance * 10 - (distance * 10).rounded()) < 1e-6, "\(distance) for \(e.distance)")
                try p.expectSourceColumns(result, row, e.source)
            }
            if !expected.isEmpty { nonEmpty += 1 }
        }
        #expect(nonEmpty >= 3)
    }

    @Test func sourcesInBboxIsTheBruteForceFilter() throws {
        let p = try province
        let busiest = try #require(p.busiestUnlicensedSource)
        let a = busiest.location
        let edge = p.current[p.current.count / 2].location
        let boxes: [(box: BoundingBox, status: String?)] = [
            (BoundingBox(minX: a.x - 0.05, minY: a.y - 0.045, maxX: a.x + 0.05, maxY: a.y + 0.045), nil),
            (BoundingBox(minX: a.x - 0.3, minY: a.y - 0.2, maxX: a.x + 0.3, maxY: a.y + 0.2), "unlicensed"),
            // A source exactly on each edge: edges are included.
            (BoundingBox(minX: edge.x, minY: edge.y - 0.01, maxX: edge.x + 0.02, maxY: edge.y + 0.01), nil),
            (BoundingBox(minX: edge.x - 0.02, minY: edge.y - 0.01, maxX: edge.x, maxY: edge.y), nil),
            (BoundingBox(minX: 100, minY: 10, maxX: 101, maxY: 11), nil),
        ]
        for (box, status) in boxes {
            let expected = p.current.filter {
                $0.location.x >= box.minX && $0.location.x <= box.maxX && $0.location.y >= box.minY && $0.location.y <= box.maxY
                    && (status == nil || $0.status.rawValue == status)
            }.sorted { $0.sourceID < $1.sourceID }
            var parameters = ["bbox": "\(box.minX),\(box.minY),\(box.maxX),\(box.maxY)"]
            if let status { parameters["status"] = status }
            let result = try p.run("sources-in-bbox", parameters)
            #expect(result.strings("source_id") == expected.map(\.sourceID), "\(parameters)")
            for (row, source) in zip(result.rowIndices, expected) { try p.expectSourceColumns(result, row, source) }
        }
        let onEdge = try p.run("sources-in-bbox", ["bbox": "\(edge.x),\(edge.y - 0.01),\(edge.x + 0.02),\(edge.y + 0.01)"])
        #expect(onEdge.strings("source_id").contains(p.current[p.current.count / 2].sourceID))
    }

    @Test func sourceDensityCountsTheSourcesOfEachSquare() throws {
        let p = try province
        let prefecture = try #require(p.current.compactMap(\.assignment.prefectureCode).first)
        for (cellKM, status, area) in [(10, nil, nil), (5, "unlicensed", nil), (20, nil, Optional(prefecture))] as [(Int, String?, String?)] {
            let size = Double(cellKM) * 1000
            let selected = p.current.filter { (status == nil || $0.status.rawValue == status) && (area == nil || $0.assignment.prefectureCode == area) }
            let groups = Dictionary(grouping: selected) { "\(Int(($0.projected.x / size).rounded(.down)))_\(Int(($0.projected.y / size).rounded(.down)))" }
            var parameters = ["cell_km": "\(cellKM)"]
            if let status { parameters["status"] = status }
            if let area { parameters["prefecture"] = area }
            let result = try p.run("source-density", parameters)
            #expect(result.strings("cell").compactMap { $0 } == groups.keys.sorted(), "\(parameters)")
            #expect(result.ints("sources").compactMap { $0 } == groups.keys.sorted().map { groups[$0]!.count })
            #expect(result.ints("unlicensed").compactMap { $0 } == groups.keys.sorted().map { key in groups[key]!.filter { $0.status == .unlicensed }.count })
        }
    }

    @Test func overdueRectificationsAreTheRectifyingSourcesPastTheirDeadline() throws {
        let p = try province
        let notices = Dictionary(grouping: p.events.filter { $0.kind == "notice_issued" }, by: \.sourceID).mapValues { $0.map(\.date).max()! }
        let someone = try #require(p.current.first { $0.status == .rectifying && ($0.deadline ?? "9") < "2020-12-31" })
        for parameters: [String: String] in [[:], ["as_of": "2020-09-01"], ["as_of": "2021/3/1", "area": someone.assignment.prefectureCode!]] {
            let asOf = parameters["as_of"].map { $0 == "2021/3/1" ? "2021-03-01" : $0 } ?? "2020-12-31"
            let expected = p.current
                .filter { source in
                    source.status == .rectifying && (source.deadline ?? "9") < asOf
                        && parameters["area"].map { source.isIn($0) } ?? true
                }
                .map { (source: $0, days: Self.days(from: $0.deadline!, to: asOf)) }
                .sorted { $0.days != $1.days ? $0.days > $1.days : $0.source.sourceID < $1.source.sourceID }
            if parameters["as_of"] != "2020-09-01" { #expect(!expected.isEmpty, "\(parameters)") }
            let result = try p.run("overdue-rectifications", parameters)
            #expect(result.strings("source_id") == expected.map(\.source.sourceID), "\(parameters)")
            #expect(result.ints("days_overdue") == expected.map(\.days), "\(parameters)")
            for (row, e) in zip(result.rowIndices, expected) {
                #expect(result.string(row, "deadline") == e.source.deadline)
                #expect(result.string(row, "notice_date") == notices[e.source.sourceID])
                try p.expectSourceColumns(result, row, e.source)
            }
        }
    }

    @Test func uninspectedSinceListsTheSourcesWithNoInspectionSinceTheDate() throws {
        let p = try province
        let inspected = Dictionary(grouping: p.events.filter { $0.kind == "inspected" }, by: \.sourceID).mapValues { $0.map(\.date).max()! }
        let county = try #require(p.busiestUnlicensedSource?.assignment.countyCode)
        let cases: [(since: String, status: String?, area: String?)] = [
            ("2020-07-01", nil, nil),
            ("2020-10-01", "all", nil),
            ("2020-04-01", "registered", county),
            ("2021-01-01", "unlicensed", nil),
        ]
        for c in cases {
            let expected = p.current
                .filter { source in
                    switch c.status {
                    case nil: source.status == .unlicensed || source.status == .rectifying
                    case "all": true
                    case let status?: source.status.rawValue == status
                    }
                }
                .filter { source in c.area.map { source.isIn($0) } ?? true }
                .filter { (inspected[$0.sourceID] ?? "") < c.since }
                .sorted {
                    let a = inspected[$0.sourceID], b = inspected[$1.sourceID]
                    return (a == nil ? 0 : 1, a ?? "", $0.sourceID) < (b == nil ? 0 : 1, b ?? "", $1.sourceID)
                }
            var parameters = ["since": c.since]
            if let s = c.status { parameters["status"] = s }
            if let a = c.area { parameters["area"] = a }
            let result = try p.run("uninspected-since", parameters)
            if c.status == "all" || c.since == "2021-01-01" { #expect(!expected.isEmpty, "\(parameters)") }
            #expect(result.strings("source_id") == expected.map(\.sourceID), "\(parameters)")
            #expect(result.strings("last_inspected") == expected.map { inspected[$0.sourceID] }, "\(parameters)")
            for (row, source) in zip(result.rowIndices, expected).prefix(200) { try p.expectSourceColumns(result, row, source) }
        }
    }

    // MARK: - Events

    @Test func newlyFoundListsTheUnlicensedDiscoveriesOfEachWeek() throws {
        let p = try province
        let byID = p.sourcesByID
        var found = 0
        for week in 1...53 {
            let (monday, sunday) = Self.isoWeek(2020, week)
            let expected = p.events
                .filter { ["discovered", "new"].contains($0.kind) && $0.status == "unlicensed" && $0.date >= monday && $0.date <= sunday && byID[$0.sourceID] != nil }
                .sorted { ($0.date, $0.sourceID, $0.id) < ($1.date, $1.sourceID, $1.id) }
            let result = try p.run("newly-found", ["week": String(format: "2020-W%02d", week)])
            #expect(result.strings("found_on") == expected.map(\.date), "week \(week)")
            #expect(result.strings("source_id") == expected.map(\.sourceID), "week \(week)")
            #expect(result.strings("kind") == expected.map(\.kind), "week \(week)")
            for (row, event) in zip(result.rowIndices, expected) {
                let source = byID[event.sourceID]!
                #expect(result.string(row, "current_status") == source.status.rawValue)
                try p.expectSourceColumns(result, row, source)
            }
            found += expected.count
        }
        #expect(found > 0)
        // With an area: the week with most discoveries, in the prefecture of its first.
        let busiest = try #require((1...53).max { Self.discoveries(p, $0).count < Self.discoveries(p, $1).count })
        let first = try #require(Self.discoveries(p, busiest).first.flatMap { byID[$0.sourceID] })
        let prefecture = try #require(first.assignment.prefectureCode)
        let inArea = try p.run("newly-found", ["week": String(format: "2020-W%02d", busiest), "area": prefecture])
        let expected = Self.discoveries(p, busiest).filter { byID[$0.sourceID]?.assignment.prefectureCode == prefecture }
        #expect(inArea.strings("source_id") == expected.map(\.sourceID))
    }

    @Test func statusChangesListTheEventsOfAPeriodWithTheStatusBefore() throws {
        let p = try province
        let byID = p.sourcesByID
        let previous = p.previousStatuses
        let prefecture = try #require(p.busiestUnlicensedSource?.assignment.prefectureCode)
        let cases: [(from: String, to: String, kind: String?, area: String?)] = [
            ("2020-10-01", "2020-10-31", nil, nil),
            ("2020-03-01", "2020-03-07", "inspected", nil),
            ("2020-01-01", "2020-06-30", "notice_issued", prefecture),
            ("2019-01-01", "2019-12-31", nil, prefecture),
        ]
        for c in cases {
            let expected = p.events
                .filter { event in
                    event.date >= c.from && event.date <= c.to && (c.kind.map { event.kind == $0 } ?? (event.kind != "inspected"))
                }
                .filter { event in
                    guard let source = byID[event.sourceID] else { return false }
                    return c.area.map { source.isIn($0) } ?? true
                }
                .sorted { ($0.date, $0.sourceID, $0.id) < ($1.date, $1.sourceID, $1.id) }
            var parameters = ["from": c.from, "to": c.to]
            if let k = c.kind { parameters["kind"] = k }
            if let a = c.area { parameters["area"] = a }
            let result = try p.run("status-changes", parameters)
            if c.kind == nil && c.area == nil { #expect(!expected.isEmpty) }
            let got = result.rowIndices.map {
                [result.string($0, "date"), result.string($0, "kind"), result.string($0, "source_id"),
                 result.string($0, "previous_status"), result.string($0, "status"), result.string($0, "deadline")]
            }
            let want: [[String?]] = expected.map { [$0.date, $0.kind, $0.sourceID, previous[$0.id] ?? nil, $0.status, $0.deadline] }
            #expect(got == want, "\(parameters)")
            for (row, event) in zip(result.rowIndices, expected).prefix(300) {
                let source = byID[event.sourceID]!
                #expect(result.string(row, "name") == source.name && result.string(row, "current_status") == source.status.rawValue)
                #expect(result.string(row, "grid_name") == p.area(.grid, source.assignment.gridCode)?.name)
            }
        }
    }

    @Test func sourceHistoryIsTheSourcesEventsInDateOrder() throws {
        let p = try province
        let previous = p.previousStatuses
        let bySource = Dictionary(grouping: p.events, by: \.sourceID)
        let busiest = bySource.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key < $1.key }.prefix(5).map(\.key)
        let someUnlicensed = try #require(p.busiestUnlicensedSource?.sourceID)
        for id in busiest + [someUnlicensed, "GD-NOPE"] {
            let expected = (bySource[id] ?? []).sorted { ($0.date, $0.id) < ($1.date, $1.id) }
            let result = try p.run("source-history", ["source_id": id])
            let got = result.rowIndices.map {
                [result.string($0, "date"), result.string($0, "kind"), result.string($0, "previous_status"),
                 result.string($0, "status"), result.string($0, "deadline")]
            }
            let want: [[String?]] = expected.map { [$0.date, $0.kind, previous[$0.id] ?? nil, $0.status, $0.deadline] }
            #expect(got == want, "\(id)")
            #expect(result.strings("source_id").allSatisfy { $0 == id })
            #expect(result.strings("name").allSatisfy { $0 == p.sourcesByID[id]?.name })
            #expect(id == "GD-NOPE" ? expected.isEmpty : !expected.isEmpty)
        }
    }

    // MARK: - Independent computations

    /// Counts by key, most first, then by key.
    static func count(_ keys: [String]) -> [(key: String, value: Int)] {
        var counts: [String: Int] = [:]
        for key in keys { counts[key, default: 0] += 1 }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
    }

    /// The area-weighted centroid of a multipolygon in its own (lon/lat) plane, holes subtracted.
    static func centroid(_ shape: MultiPolygon) -> Coordinate {
        guard let origin = shape.polygons.first?.rings.first?.first else { return Coordinate(.nan, .nan) }
        var area = 0.0, cx = 0.0, cy = 0.0
        for polygon in shape.polygons {
            for (index, ring) in polygon.rings.enumerated() {
                var a = 0.0, x = 0.0, y = 0.0
                for (p, q) in zip(ring, ring.dropFirst()) {
                    let px = p.x - origin.x, py = p.y - origin.y, qx = q.x - origin.x, qy = q.y - origin.y
                    let cross = px * qy - qx * py
                    a += cross
                    x += (px + qx) * cross
                    y += (py + qy) * cross
                }
                guard a != 0 else { continue }
                // Exterior rings add, holes subtract, whatever their orientation.
                let sign = (index == 0 ? 1.0 : -1.0) * (a > 0 ? 1.0 : -1.0)
                area += sign * a / 2
                cx += sign * x / 6
                cy += sign * y / 6
            }
        }
        return Coordinate(origin.x + cx / area, origin.y + cy / area)
    }

    static func expectCentre(_ result: CatalogResult, _ row: Int, _ centre: Coordinate, _ what: String) throws {
        let lon = try #require(result.double(row, "lon")), lat = try #require(result.double(row, "lat"))
        // The query rounds to 6 decimals.
        #expect(abs(lon - centre.x) < 1.5e-6 && abs(lat - centre.y) < 1.5e-6, "\(what): centre \(lon),\(lat) != \(centre)")
    }

    /// Whole days from one ISO date to another.
    static func days(from: String, to: String) -> Int {
        Int(((epochDay(to) - epochDay(from))))
    }

    /// Days since 1970-01-01 of an ISO date (proleptic Gregorian).
    static func epochDay(_ date: String) -> Int {
        let parts = date.split(separator: "-").map { Int($0)! }
        var (y, m) = (parts[0], parts[1])
        let d = parts[2]
        if m <= 2 { y -= 1; m += 12 }
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m - 3) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func isoDate(_ epochDay: Int) -> String {
        let z = epochDay + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    /// The Monday and Sunday of an ISO week: week 1 holds the year's first Thursday (January 4th).
    static func isoWeek(_ year: Int, _ week: Int) -> (String, String) {
        let jan4 = epochDay(String(format: "%04d-01-04", year))
        let weekday = ((jan4 + 3) % 7 + 7) % 7  // 0 = Monday; 1970-01-01 was a Thursday
        let monday = jan4 - weekday + (week - 1) * 7
        return (isoDate(monday), isoDate(monday + 6))
    }

    static func discoveries(_ p: CatalogProvince, _ week: Int) -> [CatalogProvince.Event] {
        let (monday, sunday) = isoWeek(2020, week)
        return p.events
            .filter { ["discovered", "new"].contains($0.kind) && $0.status == "unlicensed" && $0.date >= monday && $0.date <= sunday }
            .sorted { ($0.date, $0.sourceID, $0.id) < ($1.date, $1.sourceID, $1.id) }
    }

    /// About `count` elements spread evenly over `items`.
    static func spread<T>(_ items: [T], _ count: Int) -> [T] {
        guard items.count > count else { return items }
        return (0..<count).map { items[$0 * items.count / count] }
    }

    /// The `--param k=v` pairs of an example command line.
    static func exampleParameters(_ example: String) -> [String: String] {
        let words = example.split(separator: " ").map(String.init)
        var parameters: [String: String] = [:]
        for (word, next) in zip(words, words.dropFirst()) where word == "--param" {
            guard let equals = next.firstIndex(of: "=") else { continue }
            parameters[String(next[..<equals])] = String(next[next.index(after: equals)...])
        }
        return parameters
    }
}

// MARK: - The shared province

/// The shared small generated province (`SharedProvince`), read-only, with everything the
/// independent computations need read back through the store's own API.
final class CatalogProvince: Sendable {
    struct Event: Sendable {
        var id: Int
        var sourceID: String
        var date: String
        var kind: String
        var status: String?
        var deadline: String?
    }

    static let shared: Result<CatalogProvince, any Error> = Result { try CatalogProvince() }

    let database: SpatialDatabase
    let runner: QueryRunner
    let catalog: QueryCatalog
    /// Current (not removed) sources, in source_id order.
    let current: [SourceRecord]
    let sourcesByID: [String: SourceRecord]
    let areas: [AreaLevel: [String: AreaRecord]]
    /// `level/code` → area_km2 as stored.
    let areaKm2: [String: Double]
    let events: [Event]
    /// Event id → the status of the source's latest earlier event that had one.
    let previousStatuses: [Int: String?]
    let cellSize: Double
    /// An unlicensed source of the town with the most unlicensed sources.
    let busiestUnlicensedSource: SourceRecord?

    private init() throws {
        let path = try SharedProvince.load().path
        database = try SpatialDatabase(path: path, readOnly: true)
        runner = QueryRunner(database: database, timeLimit: 120)
        catalog = try QueryCatalog()

        let sources = try database.fetchSources()
        let current = sources.filter { $0.removedOn == nil }.sorted { $0.sourceID < $1.sourceID }
        self.current = current
        sourcesByID = Dictionary(uniqueKeysWithValues: sources.map { ($0.sourceID, $0) })
        var areas: [AreaLevel: [String: AreaRecord]] = [:]
        for level in AreaLevel.allCases {
            areas[level] = Dictionary(uniqueKeysWithValues: try database.fetchAreas(level: level).map { ($0.code, $0) })
        }
        self.areas = areas
        cellSize = try database.storedCellSize()

        let adHoc = { (sql: String) throws -> [[SQLValue]] in
            let query = try QueryDefinition(name: "catalog-tests", text: "-- title: t\n-- description: d\n" + sql, origin: "QueryCatalogTests")
            let writer = CatalogRowCollector()
            try QueryRunner(database: try SpatialDatabase(path: path, readOnly: true)).run(query, parameters: [:], writer: writer)
            return writer.rows
        }
        var km2: [String: Double] = [:]
        for row in try adHoc("SELECT level, code, area_km2 FROM areas") {
            km2["\(row[0].catalogText ?? "")/\(row[1].catalogText ?? "")"] = row[2].catalogDouble
        }
        areaKm2 = km2
        let events = try adHoc("SELECT id, source_id, date, kind, status, deadline FROM events").map {
            Event(id: $0[0].catalogInt ?? 0, sourceID: $0[1].catalogText ?? "", date: $0[2].catalogText ?? "",
                  kind: $0[3].catalogText ?? "", status: $0[4].catalogText, deadline: $0[5].catalogText)
        }
        self.events = events
        var previous: [Int: String?] = [:]
        for (_, history) in Dictionary(grouping: events, by: \.sourceID) {
            var last: String?
            for event in history.sorted(by: { ($0.date, $0.id) < ($1.date, $1.id) }) {
                previous[event.id] = .some(last)
                if let status = event.status { last = status }
            }
        }
        previousStatuses = previous
        let unlicensed = current.filter { $0.status == .unlicensed && $0.assignment.gridCode != nil }
        let town = QueryCatalogTests.count(unlicensed.compactMap(\.assignment.townCode)).first?.key
        busiestUnlicensedSource = unlicensed.first { $0.assignment.townCode == town }
    }

    func area(_ level: AreaLevel, _ code: String?) -> AreaRecord? {
        code.flatMap { areas[level]?[$0] }
    }

    /// Current unlicensed sources matching the `prefecture`, `county` and `town` filters of `filter`.
    func unlicensed(matching filter: [String: String]) -> [SourceRecord] {
        current.filter { s in
            s.status == .unlicensed
                && filter["prefecture"].map { s.assignment.prefectureCode == $0 } ?? true
                && filter["county"].map { s.assignment.countyCode == $0 } ?? true
                && filter["town"].map { s.assignment.townCode == $0 } ?? true
        }
    }

    func run(_ name: String, _ parameters: [String: String] = [:]) throws -> CatalogResult {
        let writer = CatalogRowCollector()
        try runner.run(try catalog.query(named: name), parameters: parameters, writer: writer)
        return CatalogResult(columns: writer.columns, rows: writer.rows, geometries: writer.geometries)
    }

    /// A value for a required parameter, for running a query whose parameters are unknown.
    func sampleValue(for parameter: QueryParameter) throws -> String {
        let source = try #require(busiestUnlicensedSource)
        switch parameter.kind {
        case .code, .area:
            if parameter.name.contains("source") { return source.sourceID }
            if parameter.name.contains("prefecture") { return source.assignment.prefectureCode ?? "" }
            if parameter.name.contains("county") { return source.assignment.countyCode ?? "" }
            if parameter.name.contains("grid") { return source.assignment.gridCode ?? "" }
            return source.assignment.townCode ?? ""
        case .text, .status: return "unlicensed"
        case .event: return "rectified"
        case .choice: return parameter.alsoAccepted[0]
        case .integer: return "10"
        case .real: return "2000"
        case .date: return parameter.name == "to" ? "2020-12-31" : "2020-07-01"
        case .isoweek: return "2020-W40"
        case .point: return "\(source.location.x),\(source.location.y)"
        case .bbox: return "\(source.location.x - 0.05),\(source.location.y - 0.05),\(source.location.x + 0.05),\(source.location.y + 0.05)"
        }
    }

    /// The register, area and position columns a source row carries, whichever of them the result has.
    func expectSourceColumns(_ result: CatalogResult, _ row: Int, _ source: SourceRecord) throws {
        let id = source.sourceID
        #expect(result.string(row, "source_id") == id)
        #expect(result.string(row, "name") == source.name, "\(id)")
        let a = source.assignment
        for (level, code) in [(AreaLevel.prefecture, a.prefectureCode), (.county, a.countyCode), (.town, a.townCode), (.grid, a.gridCode)] {
            if result.columns.contains("\(level.rawValue)_code") {
                #expect(result.string(row, "\(level.rawValue)_code") == code, "\(id) \(level.rawValue)")
            }
            if result.columns.contains("\(level.rawValue)_name") {
                #expect(result.string(row, "\(level.rawValue)_name") == area(level, code)?.name, "\(id) \(level.rawValue)")
            }
        }
        if result.columns.contains("officer") { #expect(result.string(row, "officer") == area(.grid, a.gridCode)?.officer, "\(id)") }
        #expect(result.double(row, "lon") == source.location.x && result.double(row, "lat") == source.location.y, "\(id)")
        #expect(result.geometries[row] == .point(source.location), "\(id)")
    }
}

/// The rows of one query, with the decoded geometry of each.
struct CatalogResult {
    var columns: [String]
    var rows: [[SQLValue]]
    var geometries: [GeoJSONGeometry?]

    var rowIndices: Range<Int> { rows.indices }

    func values(_ column: String) -> [SQLValue] {
        guard let index = columns.firstIndex(of: column) else {
            Issue.record("no column \(column) among \(columns)")
            return rows.map { _ in .null }
        }
        return rows.map { $0[index] }
    }

    func strings(_ column: String) -> [String?] { values(column).map(\.catalogText) }
    func ints(_ column: String) -> [Int?] { values(column).map(\.catalogInt) }
    func string(_ row: Int, _ column: String) -> String? { values(column)[row].catalogText }
    func int(_ row: Int, _ column: String) -> Int? { values(column)[row].catalogInt }
    func double(_ row: Int, _ column: String) -> Double? { values(column)[row].catalogDouble }
}

/// Keeps every row and its decoded geometry.
final class CatalogRowCollector: QueryResultWriter {
    var columns: [String] = []
    var rows: [[SQLValue]] = []
    var geometries: [GeoJSONGeometry?] = []
    var wantsGeometry: Bool { true }
    func begin(columns: [String], geometryColumn: Int?) throws { self.columns = columns }
    func row(_ values: [SQLValue], geometry: GeoJSONGeometry?) throws {
        rows.append(values)
        geometries.append(geometry)
    }
    func end() throws {}
}

extension SQLValue {
    fileprivate var catalogText: String? {
        switch self {
        case .text(let v): v
        case .integer(let v): String(v)
        default: nil
        }
    }

    fileprivate var catalogInt: Int? {
        if case .integer(let v) = self { Int(v) } else { nil }
    }

    fileprivate var catalogDouble: Double? {
        switch self {
        case .real(let v): v
        case .integer(let v): Double(v)
        default: nil
        }
    }
}

extension SourceRecord {
    /// Whether the source is assigned to the area `code` at any level.
    fileprivate func isIn(_ code: String) -> Bool {
        AreaLevel.allCases.contains { assignment.code(at: $0) == code }
    }
}

extension SourceAssignment {
    fileprivate func code(at level: AreaLevel) -> String? {
        switch level {
        case .prefecture: prefectureCode
        case .county: countyCode
        case .town: townCode
        case .grid: gridCode
        }
    }
}
