import Enforcement
import Foundation
import PermitWatch
import ProvinceGenerator
import Store
import Testing
import TestSupport

/// The generated province loaded end to end (a small, coarse one: the suite runs in debug builds).
@Suite("Default dataset, end to end", .serialized)
struct DefaultDatasetTests {
    static let options = GeneratorOptions(sources: 6_000, seed: 7, pixelSize: 1_000)

    @Test(.requires(.shapely))
    func initLoadsEverythingAndAssignmentAgreesWithShapely() throws {
        let db = try TemporaryDatabase()
        let dataset = db.directory.appendingPathComponent("dataset")
        try FileManager.default.createDirectory(at: dataset, withIntermediateDirectories: true)
        _ = try ProvinceGenerator(options: Self.options).write(to: dataset)
        let steps = try DatasetInit(database: db.database, logger: quietLogger).run(directory: dataset)
        #expect(steps.map(\.name) == ["areas:prefecture", "areas:county", "areas:town", "areas:grid", "sources", "events", "depots"])

        let counts = try db.database.areaCounts()
        #expect(counts[.prefecture] == 21)
        let summary = try db.database.summary(by: .area(.prefecture))
        #expect(summary.count == 22)  // 21 prefectures and the unassigned row
        let total = summary.reduce(0) { $0 + $1.total }
        #expect(total == 6_000 + 180)  // touched sources and 3% unlicensed
        #expect(summary.reduce(0) { $0 + ($1.counts[.unlicensed] ?? 0) } == 180)
        #expect(try db.database.eventCounts()["inspected", default: 0] > 0)
        #expect(try db.database.fetchDepots().count == counts[.county])

        // Every source's town and grid as the shapely reference places it.
        for (file, column) in [("towns.geojson", "town_code"), ("grids.geojson", "grid_code")] {
            let reference = try runReferenceScript([
                "--areas", dataset.appendingPathComponent(file).path, "--db", db.path, "--column", column,
            ])
            #expect(reference.status == 0, "\(reference.output)")
            #expect(reference.output.contains("mismatches: 0"), "\(reference.output)")
        }
    }
}
