import Enforcement
import Foundation
import PermitWatch
import SpatiaLiteStore
import Store
import Testing
import TestSupport

/// The generated province loaded end to end: the shared small one (3,000 touched sources, 2 km
/// pixels; the suite runs in debug builds), which `SharedProvince` loads with `DatasetInit`.
@Suite("Default dataset, end to end")
struct DefaultDatasetTests {
    @Test func initLoadsEverything() throws {
        let province = try SharedProvince.load()
        #expect(province.steps.map(\.name) == ["areas:prefecture", "areas:county", "areas:town", "areas:grid", "sources", "events", "depots"])

        let counts = try province.store.areaCounts()
        #expect(counts[.prefecture] == 21)
        let summary = try province.store.summary(by: .area(.prefecture))
        #expect(summary.count == 22)  // 21 prefectures and the unassigned row
        let total = summary.reduce(0) { $0 + $1.total }
        #expect(SharedProvince.options.sources == 3_000)
        #expect(total == 3_000 + 90)  // touched sources and 3% unlicensed
        #expect(summary.reduce(0) { $0 + ($1.counts[.unlicensed] ?? 0) } == 90)
        #expect(try province.store.eventCounts()["inspected", default: 0] > 0)
        // The suites that share the province need rectifying sources past their deadline.
        #expect(province.summary.overdueRectifying > 0)
        #expect(try province.store.fetchDepots().count == counts[.county])
    }

    /// Every source's town and grid as the shapely reference places it.
    @Test(.requires(.shapely), arguments: [("towns.geojson", "town_code"), ("grids.geojson", "grid_code")])
    func assignmentAgreesWithShapely(file: String, column: String) throws {
        let province = try SharedProvince.load()
        let reference = try runReferenceScript([
            "--areas", province.dataset.appendingPathComponent(file).path, "--db", province.path, "--column", column,
        ])
        #expect(reference.status == 0, "\(reference.output)")
        #expect(reference.output.contains("mismatches: 0"), "\(reference.output)")
    }
}
